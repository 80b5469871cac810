/**
 * `doapi action ...`: doapi-action's subcommands.
 *
 * @internal
 */
import { Action, Droplet, Image, ReservedIP, Volume } from "@doapi/core"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Output from "../output.js"
import * as Waits from "../waits.js"

const ids = Args.integer({ name: "action-id" }).pipe(Args.withDescription("Action IDs."), Args.repeated)
const last = Options.boolean("last").pipe(Options.withDescription("The account's most recent action."))
const inProgress = Options.boolean("in-progress").pipe(
  Options.withDescription("The actions in progress on droplets, private images, reserved IPs and volumes.")
)

/** The actions in progress: the current action of every droplet, private image, reserved IP and volume. */
const current = Effect.gen(function*() {
  const objects = [
    ...(yield* Effect.map(Droplet.fetchAll(), (all) => all.map((d) => Droplet.fetchCurrentAction(d)))),
    ...(yield* Effect.map(Image.fetchAll({ private: true }), (all) => all.map((i) => Image.fetchCurrentAction(i)))),
    ...(yield* Effect.map(ReservedIP.fetchAll, (all) => all.map((ip) => ReservedIP.fetchCurrentAction(ip)))),
    ...(yield* Effect.map(Volume.fetchAll(), (all) => all.map((v) => Volume.fetchCurrentAction(v))))
  ]
  const found = yield* Effect.all(objects, { concurrency: 4 })
  const seen = new Set<number>()
  return found.flatMap(Option.toArray).filter((action) => !seen.has(action.id) && seen.add(action.id) !== undefined)
})

/** The actions the options and IDs select; `none` when nothing was given. */
const selected = (o: { readonly last: boolean; readonly inProgress: boolean; readonly ids: ReadonlyArray<number> }) =>
  Effect.gen(function*() {
    if ([o.last, o.inProgress, o.ids.length > 0].filter((x) => x).length > 1) {
      return yield* usage("give --last, --in-progress or action IDs, only one of them")
    }
    if (o.last) return Option.some(Option.toArray(yield* Action.fetchLast))
    if (o.inProgress) return Option.some(yield* current)
    if (o.ids.length > 0) return Option.some(yield* Effect.forEach(o.ids, (id) => Action.fetch(id)))
    return Option.none()
  })

const show = Command.make("show", { ...Common.common, last, inProgress, ids }, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(selected(o), (found) =>
      Option.isSome(found)
        ? Effect.forEach(found.value, Output.emit, { discard: true })
        : Common.emitAll(Action.stream))
  )).pipe(Common.describe(
    "Prints actions: those given, the last one, those in progress, or every action of the account.",
    ["doapi action show --last", "the most recent action"],
    ["doapi action show | jq -r 'select(.status == \"errored\") | .id'", "the IDs of every errored action"]
  ))

const wait = Command.make("wait", { ...Common.common, ...Common.waitLimits, ids }, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const actions = o.ids.length > 0 ? yield* Effect.forEach(o.ids, (id) => Action.fetch(id)) : yield* current
      yield* Waits.actions(actions)
    })
  )).pipe(Common.describe(
    "Waits for actions (by default, every action in progress), printing each as it finishes.",
    ["doapi action wait --wait-time 600 36804745", "waits up to 10 minutes for action 36804745"]
  ))

const resource = Command.make("resource", { ...Common.common, last, inProgress, ids }, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const found = yield* selected(o)
      if (Option.isNone(found)) return yield* usage("give --last, --in-progress or action IDs")
      yield* Stream.fromIterable(found.value).pipe(
        Stream.mapEffect((action) => Action.fetchResource(action)),
        Stream.runForEach(Output.emit)
      )
    })
  )).pipe(Common.describe(
    "Prints the object each action acted on (null when it is gone).",
    ["doapi action resource --last | jq .name", "the name of what the last action acted on"]
  ))

/** @internal */
export const command = Command.make("action").pipe(
  Command.withDescription("Actions: what the API is doing, or did, to droplets, images, IPs and volumes."),
  Command.withSubcommands([show, wait, resource])
)
