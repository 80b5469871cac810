/**
 * The path families of reserved IPs and floating IPs (their old name, still live): every operation, built once by
 * `operations` for each family from its description (paths, keys, classes). The model itself (the fields, the
 * options of `create`) lives in `ReservedIP`; nothing here knows a resource.
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "../DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "../DoError.js"
import * as Actionable from "./actionable.js"
import * as Http from "./http.js"
import * as Op from "./operation.js"
import * as Pagination from "./pagination.js"
import * as Segment from "./segment.js"
import type * as Wait from "./wait.js"

type R = HttpClient.HttpClient | DoConfig

/**
 * An IP as the operations accept it: the object, its address, or the 32-bit integer an action's `resource_id` gives.
 *
 * @internal
 */
export type Address<T> = T | string | number

/** @internal */
export interface Family<T extends { readonly ip: string }, C, A extends Actionable.ActionLike> {
  /** The module's name, for span names: `ReservedIP` gives `ReservedIP.assign`. */
  readonly name: string
  /** The envelope's key: `reserved_ip` or `floating_ip` (the listing's is the plural). */
  readonly key: string
  /** The module's class. */
  readonly schema: Schema.Schema<T, any>
  /** The options of `create`: their encoded form is the body. */
  readonly createOptions: Schema.Schema<C, any>
  /** The action model. */
  readonly actions: Actionable.Actions<A>
  /** The family's endpoints (`generated/internal/endpoints.ts`), whose path parameter is named `key`. */
  readonly endpoints: {
    readonly get: Op.Endpoint<"GET", string>
    readonly list: Op.Endpoint<"GET", never>
    readonly create: Op.Endpoint<"POST", never>
    readonly delete: Op.Endpoint<"DELETE", string>
    readonly actionsPost: Op.Endpoint<"POST", string>
    readonly actionsList: Op.Endpoint<"GET", string>
  }
}

/**
 * Everything one path family offers: `T` is its class, `C` the options of `create`, `A` the action and `D` the
 * droplet an IP is assigned to.
 *
 * @internal
 */
export interface Operations<T, C, A, D> {
  readonly fetch: (ip: Address<T>) => Effect.Effect<T, DOAPIError, R>
  readonly stream: Stream.Stream<T, DOAPIError, R>
  readonly fetchAll: Effect.Effect<ReadonlyArray<T>, DOAPIError, R>
  readonly create: (options: C) => Effect.Effect<T, DOAPIError, R>
  readonly remove: (ip: Address<T>) => Effect.Effect<void, DOAPIError, R>
  readonly assign: (ip: Address<T>, droplet: D | number) => Effect.Effect<A, DOAPIError, R>
  readonly unassign: (ip: Address<T>) => Effect.Effect<A, DOAPIError, R>
  readonly act: (
    ip: Address<T>,
    body: { readonly type: string; readonly [key: string]: unknown }
  ) => Effect.Effect<A, DOAPIError, R>
  readonly streamActions: (ip: Address<T>) => Stream.Stream<A, DOAPIError, R>
  readonly fetchAllActions: (ip: Address<T>) => Effect.Effect<ReadonlyArray<A>, DOAPIError, R>
  readonly fetchLastAction: (ip: Address<T>) => Effect.Effect<Option.Option<A>, DOAPIError, R>
  readonly fetchCurrentAction: (ip: Address<T>) => Effect.Effect<Option.Option<A>, DOAPIError, R>
  readonly waitForAction: (
    ip: Address<T>,
    options?: Wait.Options | undefined
  ) => Effect.Effect<Option.Option<T>, DOAPIError | WaitTimeoutError, R>
}

/**
 * The operations of one path family, every request built from its endpoints, key and class.
 *
 * @internal
 */
export const operations = <T extends { readonly ip: string }, C, A extends Actionable.ActionLike, D>(
  family: Family<T, C, A>
): Operations<T, C, A, D> => {
  const { endpoints, key, name } = family
  const segment = (ip: Address<T>) => Segment.ip(key, ip)
  const decodeOne = Http.envelope(key, family.schema)
  const decodePage = Pagination.page(`${key}s`, family.schema)

  const actions = Actionable.make<T, string | number, A>({
    name,
    endpoints: { post: endpoints.actionsPost, list: endpoints.actionsList },
    segment,
    fetch: (ip) => fetch(ip),
    actions: family.actions
  })

  const fetch: Operations<T, C, A, D>["fetch"] = (ip) =>
    Http.execute(Op.request(endpoints.get, { operation: `${name}.fetch`, path: { [key]: segment(ip) } }), decodeOne)

  const stream = Op.listing(endpoints.list, {
    operation: `${name}.stream`,
    decode: decodePage,
    key: (item) => item.ip
  })

  // The 202 response is `{ [key]: ip, links: { droplets, actions } }` (`links` is `{}` when reserving in a region).
  // Only the IP is kept. The `links.actions` entry is the `assign_ip` started with the create; `fetchCurrentAction`
  // finds it on the IP (doapi's rule exists for this case: `reserve_ip` and `assign_ip` start at the same moment and
  // may be listed in either order). `waitForAction` waits on the last listed action, which may be the `reserve_ip`.
  const create = (options: C) =>
    Http.execute(
      Op.request(endpoints.create, { operation: `${name}.create`, body: options, bodySchema: family.createOptions }),
      decodeOne
    )

  const remove = (ip: Address<T>) =>
    Http.execute(
      Op.request(endpoints.delete, { operation: `${name}.delete`, path: { [key]: segment(ip) } }),
      Http.noContent
    )

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
