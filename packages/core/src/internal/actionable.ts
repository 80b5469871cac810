/**
 * What everything that can be acted on shares (droplets, images, reserved and floating IPs, volumes): one
 * mechanism for acting, listing actions, finding the current one and waiting for it. It knows no resource, not even
 * the action: each resource module passes its own description and the action model (`Actions`).
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { DoConfig } from "../DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "../DoError.js"
import * as Http from "./http.js"
import * as Op from "./operation.js"
import * as Pagination from "./pagination.js"
import type * as Segment from "./segment.js"
import type * as Wait from "./wait.js"

type R = HttpClient.HttpClient | DoConfig

/**
 * What the mechanism needs of an action: whether it is still running and when it started.
 *
 * @internal
 */
export interface ActionLike {
  readonly inProgress: boolean
  readonly started_at: DateTime.Utc
}

/**
 * The action model, as the resource modules pass it (`Action.Action` and `Action.waitAll`).
 *
 * @internal
 */
export interface Actions<A extends ActionLike> {
  /** The action's class: the responses of `act` and of the listings are decoded with it. */
  readonly schema: Schema.Schema<A, any>
  /** Waits for the actions to be done. */
  readonly waitAll: (
    actions: Iterable<A>,
    options?: Wait.Options | undefined
  ) => Stream.Stream<A, DOAPIError | WaitTimeoutError, R>
}

/** @internal */
export interface Target<T, Id extends string | number, A extends ActionLike> {
  /** The module's name, for span names: `Droplet` gives `Droplet.reboot`. */
  readonly name: string
  /** The endpoints of the object's actions (`generated/internal/endpoints.ts`), with one path parameter. */
  readonly endpoints: {
    readonly post: Op.Endpoint<"POST", string>
    readonly list: Op.Endpoint<"GET", string>
  }
  /** The object or its id as the path parameter, e.g. `Segment.id("droplet_id", self)`. */
  readonly segment: (self: T | Id) => Segment.Segment
  readonly fetch: (self: T | Id) => Effect.Effect<T, DOAPIError, R>
  readonly actions: Actions<A>
}

/**
 * A body whose fields may also be checked parameters (`Segment.id("droplet_id", droplet)`), replaced by their values
 * before it is encoded.
 *
 * @internal
 */
export type Checked<B> = { readonly [K in keyof B]: B[K] | Segment.Segment }

/** @internal */
export interface Actionable<T, Id extends string | number, A extends ActionLike> {
  /** `POST {collection}/{id}/actions`: any action, by its body (`type` and its parameters). */
  readonly act: <B extends { readonly type: string }>(
    self: T | Id,
    body: Checked<B>,
    options?: { readonly operation?: string | undefined; readonly schema?: Schema.Schema<B, any> | undefined }
  ) => Effect.Effect<A, DOAPIError, R>
  /** `GET {collection}/{id}/actions`, newest first. */
  readonly streamActions: (self: T | Id) => Stream.Stream<A, DOAPIError, R>
  readonly fetchAllActions: (self: T | Id) => Effect.Effect<ReadonlyArray<A>, DOAPIError, R>
  readonly fetchLastAction: (self: T | Id) => Effect.Effect<Option.Option<A>, DOAPIError, R>
  readonly fetchCurrentAction: (self: T | Id) => Effect.Effect<Option.Option<A>, DOAPIError, R>
  readonly waitForAction: (
    self: T | Id,
    options?: Wait.Options | undefined
  ) => Effect.Effect<Option.Option<T>, DOAPIError | WaitTimeoutError, R>
}

/**
 * Whether the error says the resource is gone.
 *
 * @internal
 */
export const isNotFound = (error: DOAPIError): boolean => error.status === 404

/**
 * The resource's fresh state, `None` when it is gone (404).
 *
 * @internal
 */
export const refetch = <T, E extends DOAPIError, RR>(fetched: Effect.Effect<T, E, RR>) =>
  fetched.pipe(Effect.asSome, Effect.catchIf(isNotFound, () => Effect.succeedNone))

/**
 * The object's current actions, from its action listing (newest first): doapi's rule is that actions that start
 * together (creating an IP assigned to a droplet starts "reserve_ip" and "assign_ip" at once) may be listed in either
 * order, so the current actions are those that started when the newest did. Only the first page is read unless they
 * run past it.
 *
 * @internal
 */
export const newestGroup = <A extends ActionLike, E, RR>(actions: Stream.Stream<A, E, RR>): Stream.Stream<A, E, RR> =>
  actions.pipe(
    Stream.mapAccum(Option.none<DateTime.Utc>(), (newest, action) => {
      const start = Option.getOrElse(newest, () => action.started_at)
      return [Option.some(start), { action, sameStart: !DateTime.lessThan(action.started_at, start) }] as const
    }),
    Stream.takeWhile(({ sameStart }) => sameStart),
    Stream.map(({ action }) => action)
  )

/**
 * The current actions still in progress (`newestGroup`): what `waitForAction` waits on.
 *
 * @internal
 */
export const running = <A extends ActionLike, E, RR>(
  actions: Stream.Stream<A, E, RR>
): Effect.Effect<ReadonlyArray<A>, E, RR> =>
  Effect.map(Pagination.collect(newestGroup(actions)), (group) => group.filter((action) => action.inProgress))

/** @internal */
export const make = <T, Id extends string | number, A extends ActionLike>(
  target: Target<T, Id, A>
): Actionable<T, Id, A> => {
  const decodeAction = Http.envelope("action", target.actions.schema)
  const decodePage = Pagination.page("actions", target.actions.schema)

  // The one path parameter of the action endpoints (`droplet_id`, `reserved_ip`, ...), as the object's Segment.
  const path = (endpoint: Op.Endpoint<any, string>, self: T | Id) => ({
    [Object.keys(endpoint.pathParams ?? {})[0] ?? ""]: target.segment(self)
  })

  const act: Actionable<T, Id, A>["act"] = (self, body, options) =>
    Http.execute(
      Op.request(target.endpoints.post, {
        operation: options?.operation ?? `${target.name}.act`,
        path: path(target.endpoints.post, self),
        body,
        bodySchema: options?.schema
      }),
      decodeAction
    )

  const streamActions = (self: T | Id) =>
    Op.listing(target.endpoints.list, {
      operation: `${target.name}.fetchAllActions`,
      path: path(target.endpoints.list, self),
      decode: decodePage
    })

  const fetchLastAction = (self: T | Id) =>
    Effect.map(
      Http.execute(
        Op.request(target.endpoints.list, {
          operation: `${target.name}.fetchLastAction`,
          path: path(target.endpoints.list, self),
          params: { page: 1, per_page: 1 }
        }),
        decodePage
      ),
      (page) => Option.fromNullable(page.items[0])
    )

  const fetchCurrentAction = (self: T | Id) =>
    newestGroup(streamActions(self)).pipe(Stream.filter((action) => action.inProgress), Stream.runHead)

  // Waits on every action that started with the newest (not just the one listed first), then refetches.
  const waitForAction: Actionable<T, Id, A>["waitForAction"] = (self, options) =>
    running(streamActions(self)).pipe(
      Effect.flatMap((actions) =>
        actions.length === 0 ? Effect.void : Stream.runDrain(target.actions.waitAll(actions, options))
      ),
      Effect.zipRight(refetch(target.fetch(self)))
    )

  return {
    act,
    streamActions,
    fetchAllActions: (self) => Pagination.collect(streamActions(self)),
    fetchLastAction,
    fetchCurrentAction,
    waitForAction
  }
}
