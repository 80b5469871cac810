/**
 * Actions: the changes made to droplets, images, IPs and volumes, and waiting for them to finish.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { Action, waitAll, type WaitOptions } from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import * as Droplet from "./Droplet.js"
import * as FloatingIP from "./FloatingIP.js"
import * as Image from "./Image.js"
import * as ActionableOf from "./internal/actionable.js"
import * as Wait from "./internal/wait.js"
import * as ReservedIP from "./ReservedIP.js"
import * as Volume from "./Volume.js"

/**
 * The model, fetching, listing and waiting (see `ActionModel`).
 *
 * @since 0.1.0
 */
export * from "./ActionModel.js"

/**
 * The resource of an unknown `resource_type`, asked for by `fetchResource`.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownResourceTypeError
  extends Schema.TaggedError<UnknownResourceTypeError>("@doapi/core/UnknownResourceTypeError")(
    "UnknownResourceTypeError",
    { action: Action }
  )
{
  override get message(): string {
    return `${this.action.type} action ${this.action.id}: unknown resource_type ${this.action.resource_type}`
  }
}

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

type R = HttpClient.HttpClient | DoConfig

const actionsOf = (object: Actionable): Stream.Stream<Action, DOAPIError, R> =>
  object instanceof Droplet.Droplet
    ? Droplet.streamActions(object)
    : object instanceof Image.Image
    ? Image.streamActions(object)
    : object instanceof ReservedIP.ReservedIP
    ? ReservedIP.streamActions(object)
    : object instanceof FloatingIP.FloatingIP
    ? FloatingIP.streamActions(object)
    : Volume.streamActions(object)

const refetchOf = <T extends Actionable>(object: T): Effect.Effect<Option.Option<T>, DOAPIError, R> =>
  ActionableOf.refetch(
    (object instanceof Droplet.Droplet
      ? Droplet.fetch(object)
      : object instanceof Image.Image
      ? Image.fetch(object)
      : object instanceof ReservedIP.ReservedIP
      ? ReservedIP.fetch(object)
      : object instanceof FloatingIP.FloatingIP
      ? FloatingIP.fetch(object)
      : Volume.fetch(object)) as Effect.Effect<T, DOAPIError, R>
  )

/**
 * Waits for the current actions of each object (droplets, images, reserved and floating IPs, volumes) and emits
 * each object with its fresh state as soon as its actions are done (doapi's `wait_actions_on_objects`). An object
 * without actions is emitted at once, refetched. The current actions of all the objects are waited on together with
 * `waitAll` (which polls them with the account's action listing when that costs fewer requests than one `GET`
 * each); the deadline and interruption rules are those of `waitAll`, and its `WaitTimeoutError` lists the actions
 * of every object still waiting.
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitActionsOnObjects = <T extends Actionable>(
  objects: Iterable<T>,
  options?: WaitOptions | undefined
): Stream.Stream<Waited<T>, DOAPIError | WaitTimeoutError, R> =>
  Stream.unwrap(Effect.gen(function*() {
    const list = Wait.items(objects)
    const running = yield* Effect.forEach(list, (object) => ActionableOf.running(actionsOf(object)), {
      concurrency: "unbounded"
    })
    // Each object's unfinished actions, and for each action the objects it holds back.
    const left = running.map((actions) => new Set(actions.map((action) => action.id)))
    const owners = new Map<number, Array<number>>()
    const actions = new Map<number, Action>()
    running.forEach((objectActions, i) =>
      objectActions.forEach((action) => {
        actions.set(action.id, action)
        owners.set(action.id, [...(owners.get(action.id) ?? []), i])
      })
    )
    const idle = list.flatMap((_, i) => left[i].size === 0 ? [i] : [])
    const finished = (action: Action): ReadonlyArray<number> =>
      (owners.get(action.id) ?? []).filter((i) => {
        left[i].delete(action.id)
        return left[i].size === 0
      })
    const ready = Stream.merge(
      Stream.fromIterable(idle),
      actions.size === 0 ? Stream.empty : waitAll(actions.values(), options).pipe(Stream.mapConcat(finished))
    )
    return ready.pipe(
      Stream.mapEffect(
        (i) => Effect.map(refetchOf(list[i]), (current) => ({ object: list[i], current })),
        { concurrency: "unbounded", unordered: true }
      )
    )
  }))
