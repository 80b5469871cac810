/**
 * Floating IPs: the former name of reserved IPs; the `/v2/floating_ips` paths are still live.
 *
 * DigitalOcean renamed floating IPs to reserved IPs in June 2022 and kept both path families, with the same shapes
 * under the keys `floating_ip(s)`: this module is `ReservedIP` on the old paths, for code written against them. The
 * two see the same IPs.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Action from "./ActionModel.js"
import type { Droplet } from "./Droplet.js"
import * as E from "./generated/internal/endpoints.js"
import * as Ip from "./internal/ip.js"
import * as ReservedIP from "./ReservedIP.js"

/**
 * A floating IP (the old name of a reserved IP). `toString()` gives the address.
 *
 * @since 0.1.0
 * @category models
 */
export class FloatingIP extends Schema.Class<FloatingIP>("@doapi/core/FloatingIP")(ReservedIP.ReservedIP.fields) {
  /**
   * The address.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.ip
  }
}

/**
 * What `create` takes, as for `ReservedIP.create`: `{ droplet_id }` or `{ region, project_id? }`, never both.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = ReservedIP.CreateOptions

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = ReservedIP.CreateOptions

const floatingIPs = Ip.operations<FloatingIP, CreateOptions, Action.Action, Droplet>({
  name: "FloatingIP",
  key: "floating_ip",
  schema: FloatingIP,
  createOptions: CreateOptions,
  actions: { schema: Action.Action, waitAll: Action.waitAll },
  endpoints: {
    get: E.FloatingIPsGet,
    list: E.FloatingIPsList,
    create: E.FloatingIPsCreate,
    delete: E.FloatingIPsDelete,
    actionsPost: E.FloatingIPActionsPost,
    actionsList: E.FloatingIPActionsList
  }
})

/**
 * `GET /v2/floating_ips/{floating_ip}`: an IP's current state, by address (or by the 32-bit integer an action reports).
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = floatingIPs.fetch

/**
 * `GET /v2/floating_ips`: the account's IPs, under the old name.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream = floatingIPs.stream

/**
 * `GET /v2/floating_ips`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll = floatingIPs.fetchAll

/**
 * `POST /v2/floating_ips`: a new IP, for a droplet or a region; the response's `links` are dropped (see
 * `ReservedIP.create`).
 *
 * @since 0.1.0
 * @category operations
 */
export const create = floatingIPs.create

/**
 * `DELETE /v2/floating_ips/{floating_ip}`.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = floatingIPs.remove

export {
  /**
   * `DELETE /v2/floating_ips/{floating_ip}` (`FloatingIP.delete`: `delete` is a reserved word).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}

/**
 * `POST /v2/floating_ips/{floating_ip}/actions`, with any body.
 *
 * @since 0.1.0
 * @category actions
 */
export const act = floatingIPs.act

/**
 * `assign`: points the IP at a droplet (given as an object or an id).
 *
 * @since 0.1.0
 * @category actions
 */
export const assign = floatingIPs.assign

/**
 * `unassign`: detaches the IP from its droplet, keeping it.
 *
 * @since 0.1.0
 * @category actions
 */
export const unassign = floatingIPs.unassign

/**
 * `GET /v2/floating_ips/{floating_ip}/actions`, newest first.
 *
 * @since 0.1.0
 * @category actions
 */
export const streamActions = floatingIPs.streamActions

/**
 * `GET /v2/floating_ips/{floating_ip}/actions`, collected.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchAllActions = floatingIPs.fetchAllActions

/**
 * The newest action on the IP, if any.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchLastAction = floatingIPs.fetchLastAction

/**
 * The IP's action in progress, if any, by doapi's rule (see `ReservedIP.fetchCurrentAction`).
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchCurrentAction = floatingIPs.fetchCurrentAction

/**
 * Waits until the IP's last action is done; gives the IP as it is then, `None` when it has been released.
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitForAction = floatingIPs.waitForAction
