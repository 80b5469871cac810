/**
 * Reserved IPs: static IPv4 addresses that can be moved between droplets.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Action from "./ActionModel.js"
import { Droplet } from "./Droplet.js"
import * as E from "./generated/internal/endpoints.js"
import * as Ip from "./internal/ip.js"
import { orNull } from "./internal/schema.js"
import { Region } from "./Region.js"

// The fields of the spec's `reserved_ip` / `floating_ip` object (`FloatingIP` takes them from `ReservedIP.fields`).
const fields = {
  /** The IPv4 address. */
  ip: Schema.String,
  region: Region,
  /** The droplet the IP is assigned to, or `null`. */
  droplet: orNull(Droplet),
  /** Whether the IP is locked against actions (one is in progress). */
  locked: Schema.optional(Schema.Boolean),
  project_id: Schema.optional(Schema.String)
}

/**
 * A reserved IP (formerly floating IPs). `toString()` gives the address.
 *
 * @since 0.1.0
 * @category models
 */
export class ReservedIP extends Schema.Class<ReservedIP>("@doapi/core/ReservedIP")(fields) {
  /**
   * The address.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.ip
  }
}

// The spec's body is a `oneOf` of the two without exclusivity (digest §13.8): a body with both `droplet_id` and
// `region` matches both branches and is rejected. Each branch here forbids the other's fields (`Schema.Never`), so
// such options fail to encode (a `DOAPIError` with reason `Encode`, nothing sent) instead of one field being silently
// dropped. `FloatingIP.CreateOptions` is this schema.

/**
 * The options of `create`: `{ droplet_id }` to assign the new IP to a droplet, or `{ region, project_id? }` to
 * reserve it in a region. Giving both kinds fails (the API rejects such a body): nothing is sent.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Union(
  Schema.Struct({
    /** The droplet to assign the new IP to. */
    droplet_id: Schema.Int,
    region: Schema.optional(Schema.Never),
    project_id: Schema.optional(Schema.Never)
  }),
  Schema.Struct({
    /** The slug of the region to reserve the IP in. */
    region: Schema.String,
    /** The project to put the IP in (default: the account's default project). */
    project_id: Schema.optional(Schema.String),
    droplet_id: Schema.optional(Schema.Never)
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

const reservedIPs = Ip.operations<ReservedIP, CreateOptions, Action.Action, Droplet>({
  name: "ReservedIP",
  key: "reserved_ip",
  schema: ReservedIP,
  createOptions: CreateOptions,
  actions: { schema: Action.Action, waitAll: Action.waitAll },
  endpoints: {
    get: E.ReservedIPsGet,
    list: E.ReservedIPsList,
    create: E.ReservedIPsCreate,
    delete: E.ReservedIPsDelete,
    actionsPost: E.ReservedIPActionsPost,
    actionsList: E.ReservedIPActionsList
  }
})

/**
 * `GET /v2/reserved_ips/{reserved_ip}`: an IP's current state, by address (or by the 32-bit integer an action reports).
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = reservedIPs.fetch

/**
 * `GET /v2/reserved_ips`: every reserved IP of the account.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream = reservedIPs.stream

/**
 * `GET /v2/reserved_ips`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll = reservedIPs.fetchAll

/**
 * `POST /v2/reserved_ips`: reserves a new IP, assigned to a droplet or in a region. Returns the IP; the response's
 * `links` are not kept: the `assign_ip` action they link to is the one `fetchCurrentAction` finds (wait for it with
 * `Action.wait`: `waitForAction` waits on the last listed action, which may be the `reserve_ip` started with it).
 *
 * @since 0.1.0
 * @category operations
 */
export const create = reservedIPs.create

/**
 * `DELETE /v2/reserved_ips/{reserved_ip}`: releases the IP (unassigning it first if need be).
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = reservedIPs.remove

export {
  /**
   * `DELETE /v2/reserved_ips/{reserved_ip}` (`delete` is a reserved word: `ReservedIP.delete` works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}

/**
 * `POST /v2/reserved_ips/{reserved_ip}/actions`: any action, by its body (for action types without a function here).
 *
 * @since 0.1.0
 * @category actions
 */
export const act = reservedIPs.act

/**
 * `assign`: assigns the IP to a droplet (moving it from the droplet it is assigned to, if any).
 *
 * @since 0.1.0
 * @category actions
 */
export const assign = reservedIPs.assign

/**
 * `unassign`: unassigns the IP from its droplet; it stays reserved.
 *
 * @since 0.1.0
 * @category actions
 */
export const unassign = reservedIPs.unassign

/**
 * `GET /v2/reserved_ips/{reserved_ip}/actions`: the IP's actions, newest first.
 *
 * @since 0.1.0
 * @category actions
 */
export const streamActions = reservedIPs.streamActions

/**
 * The reserved IP's actions, collected.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchAllActions = reservedIPs.fetchAllActions

/**
 * The reserved IP's most recent action, `None` when it has none.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchLastAction = reservedIPs.fetchLastAction

/**
 * The reserved IP's action in progress, if any (among those that started with the newest: doapi's rule; a create
 * assigned to a droplet starts `reserve_ip` and `assign_ip` at once).
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchCurrentAction = reservedIPs.fetchCurrentAction

/**
 * Waits for the reserved IP's last action to finish, then returns the IP's fresh state (`None` if it is gone).
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitForAction = reservedIPs.waitForAction
