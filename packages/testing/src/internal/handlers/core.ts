/**
 * Account, actions, regions and sizes.
 *
 * @internal
 */
import type { Route } from "../router.js"
import { found, intParam, json, page, route } from "../router.js"

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/account", ({ state }) => json(200, { account: state.account })),
  route(
    "GET",
    "/v2/actions",
    (context) => page(context, "actions", [...context.state.actions.values()].map((a) => a.json).reverse())
  ),
  route(
    "GET",
    "/v2/actions/:action_id",
    (context) => json(200, { action: found(context.state.actions.get(intParam(context, "action_id"))).json })
  ),
  route("GET", "/v2/regions", (context) => page(context, "regions", context.state.regions)),
  route("GET", "/v2/sizes", (context) => page(context, "sizes", context.state.sizes))
]
