/**
 * What reserved IPs and floating IPs (their old name, still a live path family) share: the fields of their object,
 * the options of `create`, and every operation, built once by `operations` for each path family.
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "../DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "../DoError.js"
import { Droplet } from "../Droplet.js"
import { Region } from "../Region.js"
import type * as Action from "./action.js"
import * as Actionable from "./actionable.js"
import * as Http from "./http.js"
import * as Pagination from "./pagination.js"
import { orNull } from "./schema.js"
import * as Segment from "./segment.js"

/**
 * The fields of the spec's `reserved_ip` / `floating_ip` object.
 *
 * @internal
 */
export const fields = {
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
 * The options of `create`: `{ droplet_id }` assigns the new IP to a droplet (in the droplet's region);
 * `{ region, project_id? }` reserves it in a region, unassigned. Its encoded form is the API's body.
 *
 * The spec's body is a `oneOf` of the two without exclusivity (digest §13.8): a body with both `droplet_id` and
 * `region` matches both branches and is rejected. Each branch here forbids the other's fields (`Schema.Never`), so
 * such options fail to encode (a `DOAPIError` with reason `Encode`, nothing sent) instead of one field being
 * silently dropped.
 *
 * @internal
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

/** @internal */
export type CreateOptions = typeof CreateOptions.Type

type R = HttpClient.HttpClient | DoConfig

/**
 * An IP as the operations accept it: the object, its address, or the 32-bit integer an action's `resource_id` gives.
 *
 * @internal
 */
export type Address<T> = T | string | number

/** @internal */
export interface Family<T extends { readonly ip: string }> {
  /** The module's name, for span names: `ReservedIP` gives `ReservedIP.assign`. */
  readonly name: string
  /** The collection's path: `/v2/reserved_ips` or `/v2/floating_ips`. */
  readonly collection: string
  /** The envelope's key: `reserved_ip` or `floating_ip` (the listing's is the plural). */
  readonly key: string
  /** The module's class. */
  readonly schema: Schema.Schema<T, any>
}

/**
 * Everything one path family offers.
 *
 * @internal
 */
export interface Operations<T> {
  readonly fetch: (ip: Address<T>) => Effect.Effect<T, DOAPIError, R>
  readonly stream: Stream.Stream<T, DOAPIError, R>
  readonly fetchAll: Effect.Effect<ReadonlyArray<T>, DOAPIError, R>
  readonly create: (options: CreateOptions) => Effect.Effect<T, DOAPIError, R>
  readonly remove: (ip: Address<T>) => Effect.Effect<void, DOAPIError, R>
  readonly assign: (ip: Address<T>, droplet: Droplet | number) => Effect.Effect<Action.Action, DOAPIError, R>
  readonly unassign: (ip: Address<T>) => Effect.Effect<Action.Action, DOAPIError, R>
  readonly act: (
    ip: Address<T>,
    body: { readonly type: string; readonly [key: string]: unknown }
  ) => Effect.Effect<Action.Action, DOAPIError, R>
  readonly streamActions: (ip: Address<T>) => Stream.Stream<Action.Action, DOAPIError, R>
  readonly fetchAllActions: (ip: Address<T>) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R>
  readonly fetchLastAction: (ip: Address<T>) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R>
  readonly fetchCurrentAction: (ip: Address<T>) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R>
  readonly waitForAction: (
    ip: Address<T>,
    options?: Action.WaitOptions | undefined
  ) => Effect.Effect<Option.Option<T>, DOAPIError | WaitTimeoutError, R>
}

/**
 * The operations of one path family, every request built from its collection, key and class.
 *
 * @internal
 */
export const operations = <T extends { readonly ip: string }>(family: Family<T>): Operations<T> => {
  const { collection, key, name } = family
  const segment = (ip: Address<T>) => Segment.ip(key, ip)
  const decodeOne = Http.envelope(key, family.schema)
  const decodePage = Pagination.page(`${key}s`, family.schema)
  const root: Http.Route = { path: collection, template: collection }

  const actions = Actionable.make<T, string | number>({ name, collection, segment, fetch: (ip) => fetch(ip) })

  const fetch: Operations<T>["fetch"] = (ip) =>
    Http.execute({ operation: `${name}.fetch`, method: "GET", route: actions.route(ip) }, decodeOne)

  const stream = Pagination.stream({
    operation: `${name}.stream`,
    route: root,
    decode: decodePage,
    key: (item) => item.ip
  })

  // The 202 response is `{ [key]: ip, links: { droplets, actions } }` (`links` is `{}` when reserving in a region).
  // Only the IP is kept. The `links.actions` entry is the `assign_ip` started with the create; `fetchCurrentAction`
  // finds it on the IP (doapi's rule exists for this case: `reserve_ip` and `assign_ip` start at the same moment and
  // may be listed in either order). `waitForAction` waits on the last listed action, which may be the `reserve_ip`.
  const create = (options: CreateOptions) =>
    Http.execute({
      operation: `${name}.create`,
      method: "POST",
      route: root,
      body: options,
      bodySchema: CreateOptions
    }, decodeOne)

  const remove = (ip: Address<T>) =>
    Http.execute({ operation: `${name}.delete`, method: "DELETE", route: actions.route(ip) }, Http.noContent)

  return {
    fetch,
    stream,
    fetchAll: Pagination.collect(stream),
    create,
    remove,
    assign: (ip, droplet) =>
      actions.act(ip, { type: "assign", droplet_id: Segment.id("droplet_id", droplet) }, {
        operation: `${name}.assign`
      }),
    unassign: (ip) => actions.act(ip, { type: "unassign" }, { operation: `${name}.unassign` }),
    act: (ip, body) => actions.act(ip, body),
    streamActions: actions.streamActions,
    fetchAllActions: actions.fetchAllActions,
    fetchLastAction: actions.fetchLastAction,
    fetchCurrentAction: actions.fetchCurrentAction,
    waitForAction: actions.waitForAction
  }
}
