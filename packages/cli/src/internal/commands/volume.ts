/**
 * `doapi volume ...`: block storage (doapi's unreleased `doapi-volume`), by ID or name.
 *
 * @internal
 */
import { Volume } from "@doapi/core"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Common from "../common.js"
import * as Output from "../output.js"
import * as Resolve from "../resolve.js"
import * as Waits from "../waits.js"
import * as Actionable from "./actionable.js"

const resolveAll = (labels: ReadonlyArray<string>, multiple: boolean) =>
  Effect.flatMap(Resolve.make(Resolve.volumes), (r) => r.resolve(labels, { multiple }))
const resolveOne = (label: string) => Effect.flatMap(Resolve.make(Resolve.volumes), (r) => r.one(label))
const resolveDroplet = (label: string) => Effect.flatMap(Resolve.make(Resolve.droplets), (r) => r.one(label))

const volumeArg = Common.one("volume", "The volume, by ID or name.")
const gigabytes = Args.integer({ name: "size-gb" }).pipe(Args.withDescription("The size, in gigabytes."))

const show = Command.make("show", {
  ...Common.common,
  multiple: Common.multiple,
  region: Options.text("region").pipe(Options.withDescription("Only the volumes in this region."), Options.optional),
  volumes: Common.many("volume", "Volumes, by ID or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    o.volumes.length > 0
      ? Effect.flatMap(resolveAll(o.volumes, o.multiple), (found) =>
        Effect.forEach(found, Output.emit, { discard: true }))
      : Common.emitAll(Volume.stream(Option.isSome(o.region) ? { region: o.region.value } : undefined))
  )).pipe(Common.describe(
    "Prints volumes: those named, those in a region, or all of them.",
    ["doapi volume show --region nyc3 --format table", "the volumes in nyc3"]
  ))

const create = Command.make("new", {
  ...Common.common,
  description: Options.text("description").pipe(Options.withDescription("A description."), Options.optional),
  filesystem: Options.choice("filesystem-type", ["ext4", "xfs"]).pipe(
    Options.withDescription("Formats the volume."),
    Options.optional
  ),
  snapshot: Options.text("snapshot-id").pipe(
    Options.withDescription("Creates the volume from this snapshot."),
    Options.optional
  ),
  tag: Options.text("tag").pipe(Options.withDescription("A tag. Repeatable."), Options.repeated),
  name: Common.one("name", "The volume's name."),
  size: gigabytes,
  region: Common.one("region", "The region's slug.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(
      Volume.create({
        name: o.name,
        size_gigabytes: o.size,
        region: o.region,
        ...(Option.isSome(o.description) ? { description: o.description.value } : {}),
        ...(Option.isSome(o.filesystem) ? { filesystem_type: o.filesystem.value } : {}),
        ...(Option.isSome(o.snapshot) ? { snapshot_id: o.snapshot.value } : {}),
        ...(o.tag.length > 0 ? { tags: o.tag } : {})
      }),
      Output.emit
    )
  )).pipe(Common.describe("Creates a volume.", ["doapi volume new data 100 nyc3", "100 GB in nyc3"]))

const remove = Command.make("delete", {
  ...Common.common,
  multiple: Common.multiple,
  volumes: Common.some("volume", "Volumes, by ID or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(
      resolveAll(o.volumes, o.multiple),
      (found) => Effect.forEach(found, Volume.delete, { discard: true })
    )
  )).pipe(Common.describe("Deletes volumes (detach them first). Prints nothing.", ["doapi volume delete data", "gone"]))

const attachment = (name: "attach" | "detach") =>
  Command.make(name, {
    ...Common.common,
    ...Common.waitOptions,
    volume: volumeArg,
    droplet: Common.one("droplet", "The droplet, by ID or name.")
  }, (o) =>
    Common.run(
      o,
      o,
      Effect.gen(function*() {
        const volume = yield* resolveOne(o.volume)
        const droplet = yield* resolveDroplet(o.droplet)
        const region = volume.region?.slug
        const options = region === undefined ? undefined : { region }
        const action = name === "attach"
          ? yield* Volume.attach(volume, droplet, options)
          : yield* Volume.detach(volume, droplet, options)
        yield* Waits.started([action], o.wait)
      })
    )).pipe(Common.describe(
      name === "attach" ? "Attaches a volume to a droplet." : "Detaches a volume from a droplet.",
      [`doapi volume ${name} --wait data web-1`, "and waits"]
    ))

const resize = Command.make("resize", {
  ...Common.common,
  ...Common.waitOptions,
  volume: volumeArg,
  size: gigabytes
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const volume = yield* resolveOne(o.volume)
      yield* Waits.started([yield* Volume.resize(volume, o.size, volume.region?.slug)], o.wait)
    })
  )).pipe(Common.describe("Grows a volume.", ["doapi volume resize --wait data 200", "to 200 GB, and waits"]))

const snapshot = Command.make("snapshot", {
  ...Common.common,
  tag: Options.text("tag").pipe(Options.withDescription("A tag. Repeatable."), Options.repeated),
  volume: volumeArg,
  name: Common.one("name", "The snapshot's name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const volume = yield* resolveOne(o.volume)
      yield* Output.emit(
        yield* Volume.createSnapshot(volume, { name: o.name, ...(o.tag.length > 0 ? { tags: o.tag } : {}) })
      )
    })
  )).pipe(Common.describe("Takes a snapshot of a volume.", ["doapi volume snapshot data data-before", "prints it"]))

const snapshots = Command.make("snapshots", {
  ...Common.common,
  multiple: Common.multiple,
  volumes: Common.some("volume", "Volumes, by ID or name.")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(resolveAll(o.volumes, o.multiple), (found) =>
      Effect.forEach(found, (v) => Common.emitAll(Volume.snapshots(v)), { discard: true }))
  )).pipe(Common.describe("Lists volumes' snapshots.", ["doapi volume snapshots data", "data's snapshots"]))

/** @internal */
export const command = Command.make("volume").pipe(
  Command.withDescription("Block storage volumes."),
  Command.withSubcommands([
    show,
    create,
    remove,
    attachment("attach"),
    attachment("detach"),
    resize,
    snapshot,
    snapshots,
    ...Actionable.commands<Volume.Volume>({
      command: "volume",
      arg: "volume",
      argDescription: "Volumes, by ID or name.",
      example: "data",
      multiple: true,
      resolve: resolveAll,
      act: Volume.act,
      streamActions: Volume.streamActions,
      fetchLastAction: Volume.fetchLastAction,
      fetchCurrentAction: Volume.fetchCurrentAction
    })
  ])
)
