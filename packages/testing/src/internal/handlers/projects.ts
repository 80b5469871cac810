/**
 * Projects and their resources.
 *
 * @internal
 */
import type { Route } from "../router.js"

export const routes: ReadonlyArray<Route> = []
