/**
 * App Platform apps and deployments.
 *
 * @internal
 */
import type { Route } from "../router.js"

export const routes: ReadonlyArray<Route> = []
