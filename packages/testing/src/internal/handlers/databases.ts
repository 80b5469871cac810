/**
 * Managed database clusters.
 *
 * @internal
 */
import type { Route } from "../router.js"

export const routes: ReadonlyArray<Route> = []
