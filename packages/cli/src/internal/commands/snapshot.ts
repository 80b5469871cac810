/**
 * `doapi snapshot ...`: the snapshots of droplets and volumes (doapi had none; its TODO listed them).
 *
 * @internal
 */
import { Snapshot } from "@doapi/core"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Output from "../output.js"
import * as Resolve from "../resolve.js"

const resolveAll = (labels: ReadonlyArray<string>, multiple: boolean) =>
  Effect.flatMap(Resolve.make(Resolve.snapshots), (r) => r.resolve(labels, { multiple }))

const show = Command.make("show", {
  ...Common.common,
  multiple: Common.multiple,
  resourceType: Options.choice("resource-type", ["droplet", "volume"]).pipe(
    Options.withDescription("Only the snapshots of droplets, or of volumes."),
    Options.optional
  ),
  snapshots: Common.many("snapshot", "Snapshots, by ID or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      if (Option.isSome(o.resourceType) && o.snapshots.length > 0) {
        return yield* usage("give --resource-type or snapshots, not both")
      }
      if (o.snapshots.length > 0) {
        return yield* Effect.forEach(yield* resolveAll(o.snapshots, o.multiple), Output.emit, { discard: true })
      }
      yield* Common.emitAll(
        Snapshot.stream(
          Option.match(o.resourceType, { onNone: () => undefined, onSome: (t) => ({ resource_type: t }) })
        )
      )
    })
  )).pipe(Common.describe(
    "Prints snapshots: those named, those of droplets or volumes, or all of them.",
    ["doapi snapshot show --resource-type volume --format table", "the volume snapshots, as a table"]
  ))

const remove = Command.make("delete", {
  ...Common.common,
  multiple: Common.multiple,
  snapshots: Common.some("snapshot", "Snapshots, by ID or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(
      resolveAll(o.snapshots, o.multiple),
      (found) => Effect.forEach(found, Snapshot.delete, { discard: true })
    )
  )).pipe(Common.describe("Deletes snapshots. Prints nothing.", ["doapi snapshot delete web-1-before", "deletes it"]))

/** @internal */
export const command = Command.make("snapshot").pipe(
  Command.withDescription("Snapshots of droplets and volumes."),
  Command.withSubcommands([show, remove])
)
