/**
 * Actions: the changes made to droplets, images, IPs and volumes, and waiting for them to finish.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import * as Droplet from "./Droplet.js"
import * as FloatingIP from "./FloatingIP.js"
import * as Image from "./Image.js"
import * as internal from "./internal/action.js"
import * as Http from "./internal/http.js"
import * as Pagination from "./internal/pagination.js"
import * as ReservedIP from "./ReservedIP.js"
import * as Volume from "./Volume.js"

export {
  /**
   * An action. `resource_id` is the id of the droplet or image acted on, or, for an IP, the address as a 32-bit
   * integer.
   *
   * @since 0.1.0
   * @category models
   */
  Action,
  /**
   * An action that errored (doapi's `ActionError`), raised by `raiseForError`.
   *
   * @since 0.1.0
   * @category errors
   */
  ActionError,
  /**
   * `GET /v2/actions/{action_id}`: an action's current state.
   *
   * @since 0.1.0
   * @category operations
   */
  fetch,
  /**
   * Fails with an `ActionError` when the action errored; otherwise succeeds with it.
   *
   * @since 0.1.0
   * @category waiting
   */
  raiseForError,
  /**
   * The status of an action that completed successfully.
   *
   * @since 0.1.0
   * @category constants
   */
  STATUS_COMPLETED,
  /**
   * The status of an action that failed.
   *
   * @since 0.1.0
   * @category constants
   */
  STATUS_ERRORED,
  /**
   * The status of an action still in progress.
   *
   * @since 0.1.0
   * @category constants
   */
  STATUS_IN_PROGRESS,
  /**
   * Polls an action until it is done (completed or errored) and returns its final state; at the deadline it fails
   * with a `WaitTimeoutError` carrying the last fetched state.
   *
   * @since 0.1.0
   * @category waiting
   */
  wait,
  /**
   * Waits for each action to be done, polling all unfinished ones together each round, and emits each as soon as a
   * round sees it done (doapi's `wait_actions`); one `WaitTimeoutError` at the deadline lists all unfinished.
   *
   * @since 0.1.0
   * @category waiting
   */
  waitAll
} from "./internal/action.js"

/**
 * Options of the waits: `interval` between polls (default `DoConfig.waitInterval`, 2 seconds) and `timeout` for
 * the whole wait (default `DoConfig.waitTime`, none; a negative number or an infinite duration waits forever).
 *
 * @since 0.1.0
 * @category models
 */
export type WaitOptions = internal.WaitOptions

type Action = internal.Action

/**
 * The resource of an unknown `resource_type`, asked for by `fetchResource`.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownResourceTypeError
  extends Schema.TaggedError<UnknownResourceTypeError>("@doapi/core/UnknownResourceTypeError")(
    "UnknownResourceTypeError",
    { action: internal.Action }
  )
{
  override get message(): string {
    return `${this.action.type} action ${this.action.id}: unknown resource_type ${this.action.resource_type}`
  }
}

/**
 * `GET /v2/actions`: every action of the account, newest first.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream: Stream.Stream<Action, DOAPIError, HttpClient.HttpClient | DoConfig> = Pagination.stream({
  operation: "Action.stream",
  route: Http.route`/v2/actions`,
  decode: internal.decodePage
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
    Http.execute({
      operation: "Action.fetchLast",
      method: "GET",
      route: Http.route`/v2/actions`,
      params: { page: 1, per_page: 1 }
    }, internal.decodePage),
    (page) => Option.fromNullable(page.items[0])
  )

/**
 * What an action can act on.
 *
 * @since 0.1.0
 * @category models
 */
export type Resource = Droplet.Droplet | Image.Image | ReservedIP.ReservedIP | FloatingIP.FloatingIP

const notFound = (error: DOAPIError) => error.status === 404

/**
 * Fetches the resource the action acted on (a droplet, image, reserved IP or floating IP): `None` when it no longer
 * exists (the API says 404), or when the action cannot name it (no `resource_id`; volumes, whose actions do not
 * carry the volume's id). An unknown `resource_type` is an `UnknownResourceTypeError`.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetchResource = (
  action: Action
): Effect.Effect<Option.Option<Resource>, DOAPIError | UnknownResourceTypeError, HttpClient.HttpClient | DoConfig> => {
  const id = action.resource_id
  if (id === null) return Effect.succeedNone
  let fetched: Effect.Effect<Resource, DOAPIError, HttpClient.HttpClient | DoConfig>
  switch (action.resource_type) {
    case "droplet":
      fetched = Droplet.fetch(id)
      break
    case "image":
      fetched = Image.fetch(id)
      break
    case "reserved_ip":
      fetched = ReservedIP.fetch(id)
      break
    case "floating_ip":
      fetched = FloatingIP.fetch(id)
      break
    // A volume action's resource_id is not the volume's id (volumes have UUIDs; the API reports null or a number,
    // and the detach example even says `backend`): there is nothing to fetch it by. Use `Volume.waitForAction`.
    case "volume":
    case "backend":
      return Effect.succeedNone
    default:
      return Effect.fail(new UnknownResourceTypeError({ action }))
  }
  return fetched.pipe(
    Effect.asSome,
    Effect.catchIf(notFound, () => Effect.succeedNone)
  )
}

/**
 * Anything with actions: what `waitActionsOnObjects` takes.
 *
 * @since 0.1.0
 * @category models
 */
export type Actionable = Resource | Volume.Volume

/**
 * One object of `waitActionsOnObjects`, once its actions are done: the object as it was given, and its fresh state
 * (`None` when it is gone).
 *
 * @since 0.1.0
 * @category models
 */
export interface Waited<T extends Actionable = Actionable> {
  readonly object: T
  readonly current: Option.Option<T>
}

const waitForActionOf = (
  object: Actionable,
  options?: internal.WaitOptions | undefined
): Effect.Effect<Option.Option<Actionable>, DOAPIError | WaitTimeoutError, HttpClient.HttpClient | DoConfig> =>
  object instanceof Droplet.Droplet
    ? Droplet.waitForAction(object, options)
    : object instanceof Image.Image
    ? Image.waitForAction(object, options)
    : object instanceof ReservedIP.ReservedIP
    ? ReservedIP.waitForAction(object, options)
    : object instanceof FloatingIP.FloatingIP
    ? FloatingIP.waitForAction(object, options)
    : Volume.waitForAction(object, options)

/**
 * Waits for the current actions of each object (droplets, images, reserved and floating IPs, volumes) and emits
 * each object with its fresh state as soon as its actions are done (doapi's `wait_actions_on_objects`). An object
 * without actions is emitted at once, refetched. The objects are waited on concurrently, each polled once per
 * interval; the deadline and interruption rules are those of `waitAll`.
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitActionsOnObjects = <T extends Actionable>(
  objects: Iterable<T>,
  options?: internal.WaitOptions | undefined
): Stream.Stream<Waited<T>, DOAPIError | WaitTimeoutError, HttpClient.HttpClient | DoConfig> =>
  Stream.fromIterable(objects).pipe(
    Stream.mapEffect(
      (object) =>
        Effect.map(waitForActionOf(object, options), (current) => ({ object, current: current as Option.Option<T> })),
      { concurrency: "unbounded", unordered: true }
    )
  )
