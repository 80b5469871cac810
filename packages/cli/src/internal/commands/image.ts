/**
 * `doapi image ...`: doapi-image's subcommands.
 *
 * @internal
 */
import { Image } from "@doapi/core"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Output from "../output.js"
import * as Resolve from "../resolve.js"
import * as Waits from "../waits.js"
import * as Actionable from "./actionable.js"

const resolveAll = (labels: ReadonlyArray<string>, multiple: boolean) =>
  Effect.flatMap(Resolve.make(Resolve.images), (r) => r.resolve(labels, { multiple }))

const images = Common.some("image", "Images, by ID, slug or name.")

const show = Command.make("show", {
  ...Common.common,
  multiple: Common.multiple,
  distribution: Options.boolean("distribution").pipe(Options.withDescription("Only distribution images.")),
  application: Options.boolean("application").pipe(Options.withDescription("Only application (1-click) images.")),
  type: Options.choice("type", ["distribution", "application"]).pipe(
    Options.withDescription("Only images of this type."),
    Options.optional
  ),
  private: Options.boolean("private").pipe(Options.withDescription("Only your own images (snapshots, backups).")),
  images: Common.many("image", "Images, by ID, slug or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const filters = [o.distribution, o.application, Option.isSome(o.type), o.private].filter((x) => x).length
      if (filters > 1) return yield* usage("give one of --distribution, --application, --type and --private")
      if (filters > 0 && o.images.length > 0) return yield* usage("give a filter or images, not both")
      if (o.images.length > 0) {
        return yield* Effect.forEach(yield* resolveAll(o.images, o.multiple), Output.emit, { discard: true })
      }
      const type = o.distribution ? "distribution" : o.application ? "application" : Option.getOrUndefined(o.type)
      yield* Common.emitAll(
        Image.stream({ ...(type === undefined ? {} : { type }), ...(o.private ? { private: true } : {}) })
      )
    })
  )).pipe(Common.describe(
    "Prints images: those named, those of a kind, or all of them.",
    ["doapi image show --distribution | jq -r .slug", "the slugs of the distribution images"],
    ["doapi image show --private", "your snapshots and backups"]
  ))

const update = Command.make("update", {
  ...Common.common,
  unique: Common.unique,
  image: Common.one("image", "The image, by ID, slug or name."),
  name: Common.one("name", "The new name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const resolver = yield* Resolve.make(Resolve.images)
      const image = yield* resolver.one(o.image)
      yield* resolver.checkName(o.name, o.unique)
      yield* Output.emit(yield* Image.update(image, { name: o.name }))
    })
  )).pipe(Common.describe("Renames an image.", ["doapi image update web-1-snap web-1-golden", "renames a snapshot"]))

const remove = Command.make("delete", { ...Common.common, multiple: Common.multiple, images }, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(resolveAll(o.images, o.multiple), (found) => Effect.forEach(found, Image.delete, { discard: true }))
  )).pipe(Common.describe(
    "Deletes images (every one is resolved before any is deleted). Prints nothing.",
    ["doapi image delete web-1-snap", "deletes a snapshot"]
  ))

const transfer = Command.make("transfer", {
  ...Common.common,
  ...Common.waitOptions,
  multiple: Common.multiple,
  region: Common.one("region", "The region's slug."),
  images
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const found = yield* resolveAll(o.images, o.multiple)
      yield* Waits.started(yield* Effect.forEach(found, (i) => Image.transfer(i, o.region)), o.wait)
    })
  )).pipe(Common.describe(
    "Copies images to another region.",
    ["doapi image transfer --wait ams3 web-1-snap", "copies a snapshot to ams3, and waits"]
  ))

const convert = Command.make("convert", {
  ...Common.common,
  ...Common.waitOptions,
  multiple: Common.multiple,
  images
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const found = yield* resolveAll(o.images, o.multiple)
      yield* Waits.started(yield* Effect.forEach(found, Image.convert), o.wait)
    })
  )).pipe(Common.describe("Converts backups to snapshots.", ["doapi image convert --wait 12345678", "and waits"]))

/** @internal */
export const command = Command.make("image").pipe(
  Command.withDescription("Images: distributions, applications, your snapshots and backups."),
  Command.withSubcommands([
    show,
    update,
    remove,
    transfer,
    convert,
    ...Actionable.commands<Image.Image>({
      command: "image",
      arg: "image",
      argDescription: "Images, by ID, slug or name.",
      example: "web-1-snap",
      multiple: true,
      resolve: resolveAll,
      act: Image.act,
      streamActions: Image.streamActions,
      fetchLastAction: Image.fetchLastAction,
      fetchCurrentAction: Image.fetchCurrentAction
    })
  ])
)
