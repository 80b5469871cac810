/**
 * Kubernetes clusters and node pools.
 *
 * @internal
 */
import type { Route } from "../router.js"

export const routes: ReadonlyArray<Route> = []
