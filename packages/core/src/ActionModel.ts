/**
 * The Action resource on its own: the model, fetching, listing and waiting. The resource modules (Droplet, Image,
 * the IPs, Volume, Tag) build on it; `Action` re-exports all of it and adds what needs those modules
 * (`fetchResource`, `waitActionsOnObjects`). Import from `Action`.
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Ipv4 from "./internal/ipv4.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { openEnum, orNull } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import * as Wait from "./internal/wait.js"
import { Region } from "./Region.js"

/**
 * The status of an action still in progress.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_IN_PROGRESS = "in-progress"

/**
 * The status of an action that completed successfully.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_COMPLETED = "completed"

/**
 * The status of an action that failed.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_ERRORED = "errored"

/**
 * An action. `resource_id` is the id of the droplet or image acted on, or, for an IP, the address as a 32-bit
 * integer.
 *
 * @since 0.1.0
 * @category models
 */
export class Action extends Schema.Class<Action>("@doapi/core/Action")({
  id: Schema.Int,
  /** `in-progress`, `completed` or `errored` (see the `STATUS_*` constants). */
  status: openEnum(STATUS_IN_PROGRESS, STATUS_COMPLETED, STATUS_ERRORED),
  /** The kind of action, e.g. `create`, `reboot`, `snapshot`, `assign_ip`, `attach_volume`. */
  type: Schema.String,
  started_at: Schema.DateTimeUtc,
  /** `null` while the action is in progress. */
  completed_at: orNull(Schema.DateTimeUtc),
  resource_id: orNull(Schema.Int),
  /** `droplet`, `image`, `volume`, `reserved_ip`, `floating_ip`, ... */
  resource_type: openEnum("droplet", "image", "volume", "reserved_ip", "floating_ip"),
  region: orNull(Region),
  region_slug: orNull(Schema.String),
  /** Present on reserved and floating IP actions. */
  project_id: Schema.optional(Schema.String)
}) {
  /** `status` is `completed`. */
  get completed(): boolean {
    return this.status === STATUS_COMPLETED
  }
  /** `status` is `in-progress`. */
  get inProgress(): boolean {
    return this.status === STATUS_IN_PROGRESS
  }
  /** `status` is anything but `in-progress`: an errored action is done too. */
  get done(): boolean {
    return this.status !== STATUS_IN_PROGRESS
  }
  /** `status` is `errored`. */
  get errored(): boolean {
    return this.status === STATUS_ERRORED
  }
}

/**
 * An action that errored (doapi's `ActionError`), raised by `raiseForError`; its message is
 * `{type} action on {resource_type} {resource_id}: errored` (an IP's id shown as its address).
 *
 * @since 0.1.0
 * @category errors
 */
export class ActionError extends Schema.TaggedError<ActionError>("@doapi/core/ActionError")("ActionError", {
  action: Action
}) {
  override get message(): string {
    const { resource_id, resource_type, status, type } = this.action
    const id = resource_id !== null && (resource_type === "floating_ip" || resource_type === "reserved_ip")
      ? Ipv4.fromInt(resource_id)
      : resource_id === null
      ? "(no id)"
      : String(resource_id)
    return `${type} action on ${resource_type} ${id}: ${status}`
  }
}

const decodeAction = Http.envelope("action", Action)

const decodePage = Pagination.page("actions", Action)

/**
 * `GET /v2/actions/{action_id}`: an action's current state.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (action: Action | number): Effect.Effect<Action, DOAPIError, HttpClient.HttpClient | DoConfig> =>
  Http.execute(
    Op.request(E.ActionsGet, { operation: "Action.fetch", path: { action_id: Segment.id("action_id", action) } }),
    decodeAction
  )

/**
 * Options of the waits: `interval` between polls (default `DoConfig.waitInterval`, 2 seconds) and `timeout` for
 * the whole wait (default `DoConfig.waitTime`, none; a negative number or an infinite duration waits forever).
 *
 * @since 0.1.0
 * @category models
 */
export type WaitOptions = Wait.Options

// An id the listing can show: a positive integer (anything else is polled with `fetch`, which rejects it).
const actionKey = (action: Action | number): number | undefined => {
  const id: unknown = action instanceof Action ? action.id : action
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/**
 * Waits for each action to be done (completed or errored), polling all unfinished ones together each round; emits
 * each, in its final state, as soon as a round sees it done (doapi's `wait_actions`). At the deadline it fails with
 * one `WaitTimeoutError` listing the latest states of all that had not finished. Interrupting it stops all polling.
 * It never fails for an errored action: pipe the results through `raiseForError` for that.
 *
 * A round polls many actions with the account's action listing (`GET /v2/actions`, newest first, 200 a page) when
 * that costs fewer requests than one `GET /v2/actions/{id}` each: it reads pages only down to the oldest unfinished
 * action, and `GET`s any action the pages read did not show. One action alone is polled with its `GET`.
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitAll = (
  actions: Iterable<Action | number>,
  options?: WaitOptions | undefined
): Stream.Stream<Action, DOAPIError | WaitTimeoutError, HttpClient.HttpClient | DoConfig> =>
  Wait.untilListed(actions, {
    listing: Op.listing(E.ActionsList, { operation: "Action.waitAll", decode: decodePage }),
    key: actionKey,
    refresh: fetch,
    isDone: (action) => action.done,
    attr: "done",
    value: true
  }, options)

/**
 * Polls an action until it is done (completed or errored) and returns its final state; at the deadline it fails with
 * a `WaitTimeoutError` carrying the last fetched state.
 *
 * @since 0.1.0
 * @category waiting
 */
export const wait = (
  action: Action | number,
  options?: WaitOptions | undefined
): Effect.Effect<Action, DOAPIError | WaitTimeoutError, HttpClient.HttpClient | DoConfig> =>
  Wait.one(waitAll([action], options))

/**
 * Fails with an `ActionError` when the action errored; otherwise succeeds with it.
 *
 * @since 0.1.0
 * @category waiting
 */
export const raiseForError = (action: Action): Effect.Effect<Action, ActionError> =>
  action.errored ? Effect.fail(new ActionError({ action })) : Effect.succeed(action)

/**
 * `GET /v2/actions`: every action of the account, newest first.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream: Stream.Stream<Action, DOAPIError, HttpClient.HttpClient | DoConfig> = Op.listing(E.ActionsList, {
  operation: "Action.stream",
  decode: decodePage
})

/**
 * `GET /v2/actions`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Action>, DOAPIError, HttpClient.HttpClient | DoConfig> = Pagination
  .collect(stream)

/**
 * `GET /v2/actions?per_page=1`: the account's most recent action, `None` when there is none.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetchLast: Effect.Effect<Option.Option<Action>, DOAPIError, HttpClient.HttpClient | DoConfig> = Effect
  .map(
    Http.execute(
      Op.request(E.ActionsList, { operation: "Action.fetchLast", params: { page: 1, per_page: 1 } }),
      decodePage
    ),
    (page) => Option.fromNullable(page.items[0])
  )
