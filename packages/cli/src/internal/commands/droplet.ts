/**
 * `doapi droplet ...`: doapi-droplet's subcommands, on today's API.
 *
 * @internal
 */
import { Action, Droplet, Tag } from "@doapi/core"
import type { DoConfig, DoError } from "@doapi/core"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Files from "../files.js"
import * as Output from "../output.js"
import * as Resolve from "../resolve.js"
import * as SshKeys from "../sshkeys.js"
import * as Waits from "../waits.js"
import * as Actionable from "./actionable.js"

const droplets = Common.many("droplet", "Droplets, by ID or name.")
const someDroplets = Common.some("droplet", "Droplets, by ID or name.")
const oneDroplet = Common.one("droplet", "A droplet, by ID or name.")

/** A droplet whose create action is done, fresh; an errored create reported instead (exit code 1). */
const createdDroplet = (
  action: Action.Action
): Effect.Effect<
  Option.Option<Droplet.Droplet>,
  DoError.DOAPIError,
  HttpClient.HttpClient | DoConfig.DoConfig | Output.Output
> =>
  action.errored || action.resource_id === null
    ? Effect.as(Waits.reportErrored(action), Option.none())
    : Effect.asSome(Droplet.fetch(action.resource_id))

const tagFilter = (what: string) =>
  Options.text("tag").pipe(
    Options.withPseudoName("TAG"),
    Options.withDescription(what),
    Options.optional
  )

const resolver = Resolve.make(Resolve.droplets)

/** The droplets the labels name (at least one label). */
const resolveAll = (labels: ReadonlyArray<string>, multiple: boolean) =>
  Effect.flatMap(resolver, (r) => r.resolve(labels, { multiple }))

/** Either `--tag` or droplets, not both, and not neither. */
const tagOrDroplets = (tag: Option.Option<string>, labels: ReadonlyArray<string>) =>
  Option.isSome(tag) && labels.length > 0
    ? Effect.fail(usage("give --tag or droplets, not both"))
    : Option.isNone(tag) && labels.length === 0
    ? Effect.fail(usage("give droplets, or --tag"))
    : Effect.void

// ---------------------------------------------------------------------------------------------------------------
// show, new, delete
// ---------------------------------------------------------------------------------------------------------------

const show = Command.make("show", {
  ...Common.common,
  multiple: Common.multiple,
  tag: tagFilter("Only the droplets with this tag."),
  droplets
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      if (Option.isSome(o.tag) && o.droplets.length > 0) return yield* usage("give --tag or droplets, not both")
      if (Option.isSome(o.tag)) return yield* Common.emitAll(Droplet.stream({ tag_name: o.tag.value }))
      if (o.droplets.length === 0) return yield* Common.emitAll(Droplet.stream())
      yield* Effect.forEach(yield* resolveAll(o.droplets, o.multiple), Output.emit, { discard: true })
    })
  )).pipe(Common.describe(
    "Prints droplets: those named, those with a tag, or all of them.",
    ["doapi droplet show | jq -r .name", "every droplet's name"],
    ["doapi droplet show --tag web --format table", "the droplets tagged web, as a table"]
  ))

const newDroplet = Command.make("new", {
  ...Common.common,
  ...Common.waitOptions,
  image: Options.text("image").pipe(
    Options.withAlias("I"),
    Options.withPseudoName("IMAGE"),
    Options.withDescription("The image: an ID, a slug or a name.")
  ),
  size: Options.text("size").pipe(
    Options.withAlias("S"),
    Options.withPseudoName("SLUG"),
    Options.withDescription("The size's slug.")
  ),
  region: Options.text("region").pipe(
    Options.withAlias("R"),
    Options.withPseudoName("SLUG"),
    Options.withDescription("The region's slug.")
  ),
  backups: Options.boolean("backups").pipe(Options.withAlias("B"), Options.withDescription("Enables backups.")),
  ipv6: Options.boolean("ipv6").pipe(Options.withAlias("6"), Options.withDescription("Enables IPv6.")),
  privateNetworking: Options.boolean("private-networking").pipe(
    Options.withAlias("P"),
    Options.withDescription("Enables private networking (deprecated by DigitalOcean: droplets join a VPC).")
  ),
  monitoring: Options.boolean("monitoring").pipe(Options.withDescription("Installs the monitoring agent.")),
  vpcUuid: Options.text("vpc-uuid").pipe(
    Options.withPseudoName("UUID"),
    Options.withDescription("The VPC to join."),
    Options.optional
  ),
  userData: Options.text("user-data").pipe(
    Options.withAlias("U"),
    Options.withPseudoName("TEXT"),
    Options.withDescription("Cloud-init user data; @FILE reads it from FILE, @- from standard input."),
    Options.optional
  ),
  sshKey: Options.text("ssh-key").pipe(
    Options.withAlias("K"),
    Options.withPseudoName("KEY"),
    Options.withDescription(
      "An SSH key (ID, fingerprint or name), or a public key file, registered if it is new. Repeatable."
    ),
    Options.repeated
  ),
  tag: Options.text("tag").pipe(
    Options.withPseudoName("TAG"),
    Options.withDescription("A tag for the new droplets. Repeatable."),
    Options.repeated
  ),
  unique: Common.unique,
  names: Common.some("name", "The new droplets' names (created 10 at a time).")
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const images = yield* Resolve.make(Resolve.images)
      const keys = yield* Resolve.make(Resolve.sshKeys)
      const existing = yield* resolver
      const image = yield* images.one(o.image)
      for (const name of o.names) yield* existing.checkName(name, o.unique)
      const sshKeys: Array<number> = []
      for (const label of o.sshKey) sshKeys.push(yield* SshKeys.keyId(keys, label, o.unique))
      const userData = Option.isSome(o.userData)
        ? yield* Files.stringOrFile(o.userData.value, "--user-data")
        : undefined
      const created: Array<number> = [] // the ids of the create actions
      for (let i = 0; i < o.names.length; i += 10) {
        const batch = yield* Droplet.createMultiple({
          names: o.names.slice(i, i + 10),
          image: image.id,
          size: o.size,
          region: o.region,
          backups: o.backups,
          ipv6: o.ipv6,
          private_networking: o.privateNetworking,
          monitoring: o.monitoring,
          ...(sshKeys.length > 0 ? { ssh_keys: sshKeys } : {}),
          ...(o.tag.length > 0 ? { tags: o.tag } : {}),
          ...(userData === undefined ? {} : { user_data: userData }),
          ...(Option.isSome(o.vpcUuid) ? { vpc_uuid: o.vpcUuid.value } : {})
        })
        created.push(...batch.links.actions.map((link) => link.id))
        if (!o.wait) yield* Effect.forEach(batch.droplets, Output.emit, { discard: true })
      }
      if (o.wait) {
        // The create actions, not the droplets' status: a create that errors is reported (exit 1) when it does,
        // instead of waiting for an `active` that never comes. A droplet is printed, fresh, once its create is done.
        const started = yield* Effect.forEach(created, (id) => Action.fetch(id))
        const results = Action.waitAll(started).pipe(
          Stream.mapEffect(createdDroplet)
        )
        yield* Waits.track(
          "waiting for droplets to be active",
          started.length,
          results,
          Option.match({ onNone: () => Effect.void, onSome: Output.emit }),
          false
        )
      }
    })
  )).pipe(Common.describe(
    "Creates droplets; with --wait, prints each once it is active.",
    [
      "doapi droplet new -I ubuntu-24-04-x64 -S s-1vcpu-1gb -R nyc3 -K ~/.ssh/id_ed25519.pub --wait web-1 web-2",
      "two droplets with your key (registered if new), printed as each becomes active"
    ]
  ))

const deleteDroplets = Command.make("delete", {
  ...Common.common,
  multiple: Common.multiple,
  tag: tagFilter("Deletes every droplet with this tag."),
  droplets
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      yield* tagOrDroplets(o.tag, o.droplets)
      if (Option.isSome(o.tag)) return yield* Droplet.deleteByTag(o.tag.value)
      const found = yield* resolveAll(o.droplets, o.multiple)
      yield* Effect.forEach(found, Droplet.delete, { discard: true })
    })
  )).pipe(Common.describe(
    "Deletes droplets (every one is resolved before any is deleted). Prints nothing.",
    ["doapi droplet delete web-1 web-2", "deletes two droplets by name"],
    ["doapi droplet delete --tag staging", "deletes every droplet tagged staging"]
  ))

// ---------------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------------

/** An action on droplets given by name (each in turn) or, when `tagged` is given, on the droplets with `--tag`. */
const simple = (
  name: string,
  description: string,
  each: (droplet: Droplet.Droplet) => Effect.Effect<Action.Action, any, any>,
  tagged?: ((tag: string) => Effect.Effect<ReadonlyArray<Action.Action>, any, any>) | undefined
) =>
  Command.make(name, {
    ...Common.common,
    ...Common.waitOptions,
    multiple: Common.multiple,
    tag: tagged === undefined ? Options.none.pipe(Options.map(() => Option.none<string>())) : tagFilter(
      "Acts on every droplet with this tag, in one request."
    ),
    droplets
  }, (o) =>
    Common.run(
      o,
      o,
      Effect.gen(function*() {
        yield* tagged === undefined && o.droplets.length === 0
          ? Effect.fail(usage("give droplets"))
          : tagOrDroplets(o.tag, o.droplets)
        const actions = Option.isSome(o.tag) && tagged !== undefined
          ? yield* tagged(o.tag.value)
          : yield* Effect.forEach(yield* resolveAll(o.droplets, o.multiple), each)
        yield* Waits.started(actions, o.wait)
      })
    )).pipe(Common.describe(
      `${description} Prints the actions; with --wait, each once it is done.`,
      [`doapi droplet ${name} --wait web-1`, `${description.replace(/\.$/, "")}, and waits`],
      ...(tagged === undefined
        ? []
        : [[`doapi droplet ${name} --tag web`, "the same for every droplet tagged web"] as const])
    ))

const byType = (type: string) => (droplet: Droplet.Droplet) => Droplet.act(droplet, { type })

const simpleActions = [
  simple("enable-backups", "Enables backups.", (d) => Droplet.enableBackups(d), Tag.enableBackupsDroplets),
  simple("disable-backups", "Disables backups.", Droplet.disableBackups, Tag.disableBackupsDroplets),
  simple("enable-ipv6", "Enables IPv6.", Droplet.enableIpv6, Tag.enableIpv6Droplets),
  simple(
    "enable-private-networking",
    "Enables private networking (deprecated by DigitalOcean).",
    byType("enable_private_networking"),
    (tag) => Tag.actOnDroplets(tag, { type: "enable_private_networking" })
  ),
  simple("power-cycle", "Power-cycles (hard reset).", Droplet.powerCycle, Tag.powerCycleDroplets),
  simple("power-off", "Powers off (hard).", Droplet.powerOff, Tag.powerOffDroplets),
  simple("power-on", "Powers on.", Droplet.powerOn, Tag.powerOnDroplets),
  simple("shutdown", "Shuts down gracefully.", Droplet.shutdown, Tag.shutdownDroplets),
  simple("reboot", "Reboots gracefully.", Droplet.reboot),
  simple("password-reset", "Resets the root password (mailed to you).", Droplet.passwordReset)
]

const restore = Command.make("restore", {
  ...Common.common,
  ...Common.waitOptions,
  droplet: oneDroplet,
  backup: Common.one("backup", "The backup image: an ID or a name.")
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const droplet = yield* Effect.flatMap(resolver, (r) => r.one(o.droplet))
      const backup = yield* Effect.flatMap(Resolve.make(Resolve.images), (r) => r.one(o.backup))
      yield* Waits.started([yield* Droplet.restore(droplet, backup)], o.wait)
    })
  )).pipe(Common.describe(
    "Restores a droplet from one of its backups.",
    ["doapi droplet restore --wait web-1 12345678", "restores web-1 from backup image 12345678, and waits"]
  ))

const resize = Command.make("resize", {
  ...Common.common,
  ...Common.waitOptions,
  multiple: Common.multiple,
  disk: Options.boolean("disk").pipe(
    Options.withDescription("Resizes the disk too (permanent: it cannot be shrunk back).")
  ),
  size: Common.one("size", "The new size's slug."),
  droplets: someDroplets
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const found = yield* resolveAll(o.droplets, o.multiple)
      const actions = yield* Effect.forEach(found, (d) => Droplet.resize(d, o.size, { disk: o.disk }))
      yield* Waits.started(actions, o.wait)
    })
  )).pipe(Common.describe(
    "Resizes droplets (they must be off).",
    ["doapi droplet resize --wait s-2vcpu-4gb web-1", "resizes web-1, and waits"]
  ))

const rebuild = Command.make("rebuild", {
  ...Common.common,
  ...Common.waitOptions,
  multiple: Common.multiple,
  image: Options.text("image").pipe(
    Options.withAlias("I"),
    Options.withPseudoName("IMAGE"),
    Options.withDescription("The image (ID, slug or name). Default: each droplet's current image."),
    Options.optional
  ),
  droplets: someDroplets
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const found = yield* resolveAll(o.droplets, o.multiple)
      const image = Option.isSome(o.image)
        ? (yield* Effect.flatMap(Resolve.make(Resolve.images), (r) => r.one(o.image.pipe(Option.getOrThrow)))).id
        : undefined
      const actions = yield* Effect.forEach(found, (d) => Droplet.rebuild(d, image ?? d.image.slug ?? d.image.id))
      yield* Waits.started(actions, o.wait)
    })
  )).pipe(Common.describe(
    "Rebuilds droplets from an image (their data is lost).",
    ["doapi droplet rebuild -I ubuntu-24-04-x64 --wait web-1", "reinstalls web-1, and waits"]
  ))

const rename = Command.make("rename", {
  ...Common.common,
  ...Common.waitOptions,
  unique: Common.unique,
  droplet: oneDroplet,
  name: Common.one("name", "The new name.")
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const droplets = yield* resolver
      const droplet = yield* droplets.one(o.droplet)
      yield* droplets.checkName(o.name, o.unique)
      yield* Waits.started([yield* Droplet.rename(droplet, o.name)], o.wait)
    })
  )).pipe(Common.describe("Renames a droplet.", ["doapi droplet rename web-1 web-01", "renames web-1 to web-01"]))

const snapshot = Command.make("snapshot", {
  ...Common.common,
  ...Common.waitOptions,
  multiple: Common.multiple,
  unique: Common.unique,
  tag: tagFilter("Snapshots every droplet with this tag."),
  name: Common.one("name", "The snapshot's name."),
  droplets
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      yield* tagOrDroplets(o.tag, o.droplets)
      yield* Effect.flatMap(Resolve.make(Resolve.images), (r) => r.checkName(o.name, o.unique))
      const actions = Option.isSome(o.tag)
        ? yield* Tag.snapshotDroplets(o.tag.value, o.name)
        : yield* Effect.forEach(yield* resolveAll(o.droplets, o.multiple), (d) => Droplet.snapshot(d, o.name))
      yield* Waits.started(actions, o.wait)
    })
  )).pipe(Common.describe(
    "Takes snapshots (images) of droplets; the name comes first.",
    ["doapi droplet snapshot --wait web-1-before-upgrade web-1", "snapshots web-1, and waits"]
  ))

const changeKernel = Command.make("change-kernel", {
  ...Common.common,
  ...Common.waitOptions,
  multiple: Common.multiple,
  kernel: Args.integer({ name: "kernel-id" }).pipe(Args.withDescription("The kernel's ID.")),
  droplets: someDroplets
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      const found = yield* resolveAll(o.droplets, o.multiple)
      yield* Waits.started(yield* Effect.forEach(found, (d) => Droplet.changeKernel(d, o.kernel)), o.wait)
    })
  )).pipe(Common.describe(
    "Changes droplets' kernel (see `doapi droplet kernels`).",
    ["doapi droplet change-kernel 7515 web-1", "switches web-1 to kernel 7515"]
  ))

const act = Command.make("act", {
  ...Common.common,
  ...Common.waitOptions,
  multiple: Common.multiple,
  params: Actionable.params,
  tag: tagFilter("Acts on every droplet with this tag."),
  type: Common.one("type", "The action type, e.g. power_on or snapshot."),
  droplets
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      yield* tagOrDroplets(o.tag, o.droplets)
      const body = { ...(yield* Actionable.readParams(o.params)), type: o.type }
      const actions = Option.isSome(o.tag)
        ? yield* Tag.actOnDroplets(o.tag.value, body as Tag.DropletActionBody)
        : yield* Effect.forEach(yield* resolveAll(o.droplets, o.multiple), (d) => Droplet.act(d, body))
      yield* Waits.started(actions, o.wait)
    })
  )).pipe(Common.describe(
    "Starts any action on droplets, with parameters.",
    ["doapi droplet act -p '{\"name\":\"nightly\"}' --wait snapshot web-1", "a snapshot named nightly"]
  ))

// ---------------------------------------------------------------------------------------------------------------
// Listings and waits
// ---------------------------------------------------------------------------------------------------------------

const listing = <A>(
  name: string,
  description: string,
  list: (droplet: Droplet.Droplet) => Stream.Stream<A, any, any>
) =>
  Command.make(name, { ...Common.common, multiple: Common.multiple, droplets: someDroplets }, (o) =>
    Common.run(
      o,
      undefined,
      Effect.flatMap(
        resolveAll(o.droplets, o.multiple),
        (found) => Effect.forEach(found, (d) => Common.emitAll(list(d)), { discard: true })
      )
    )).pipe(Common.describe(description, [`doapi droplet ${name} web-1`, `web-1's ${name}`]))

const backups = listing("backups", "Lists droplets' backups.", Droplet.backups)
const snapshots = listing("snapshots", "Lists droplets' snapshots.", Droplet.snapshots)
const kernels = listing("kernels", "Lists the kernels droplets can use.", Droplet.kernels)

const neighbors = Command.make(
  "neighbors",
  { ...Common.common, multiple: Common.multiple, droplets },
  (o) =>
    Common.run(
      o,
      undefined,
      o.droplets.length === 0
        ? Effect.flatMap(Droplet.fetchAllNeighbors, (groups) => Effect.forEach(groups, Output.emit, { discard: true }))
        : Effect.flatMap(
          resolveAll(o.droplets, o.multiple),
          (found) => Effect.forEach(found, (d) => Effect.flatMap(Droplet.neighbors(d), Output.emit), { discard: true })
        )
    )
).pipe(Common.describe(
  "Prints, for each droplet, the droplets on the same server as a JSON array; without droplets, every group " +
    "of neighbours as an array of IDs.",
  ["doapi droplet neighbors web-1 | jq -r '.[].name'", "the names of web-1's neighbours"]
))

const actionsOf = Command.make("actions", {
  ...Common.common,
  multiple: Common.multiple,
  last: Options.boolean("last").pipe(Options.withDescription("Only each droplet's last action (null if none).")),
  inProgress: Options.boolean("in-progress").pipe(
    Options.withDescription("Only each droplet's action in progress (null if none).")
  ),
  droplets: someDroplets
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      if (o.last && o.inProgress) return yield* usage("give --last or --in-progress, not both")
      const found = yield* resolveAll(o.droplets, o.multiple)
      yield* Effect.forEach(found, (d) =>
        o.last
          ? Effect.flatMap(Droplet.fetchLastAction(d), Output.emit)
          : o.inProgress
          ? Effect.flatMap(Droplet.fetchCurrentAction(d), Output.emit)
          : Common.emitAll(Droplet.streamActions(d)), { discard: true })
    })
  )).pipe(Common.describe(
    "Lists droplets' actions, newest first.",
    ["doapi droplet actions --last web-1", "web-1's last action"]
  ))

const wait = Command.make("wait", {
  ...Common.common,
  ...Common.waitLimits,
  multiple: Common.multiple,
  status: Options.choice("status", ["active", "new", "off", "archive"]).pipe(
    Options.withAlias("S"),
    Options.withDescription("Waits until the droplets have this status."),
    Options.optional
  ),
  locked: Options.boolean("locked").pipe(Options.withDescription("Waits until the droplets are locked.")),
  unlocked: Options.boolean("unlocked").pipe(Options.withDescription("Waits until the droplets are unlocked.")),
  droplets: someDroplets
}, (o) =>
  Common.run(
    o,
    o,
    Effect.gen(function*() {
      if ([Option.isSome(o.status), o.locked, o.unlocked].filter((x) => x).length > 1) {
        return yield* usage("give one of --status, --locked and --unlocked")
      }
      const found = yield* resolveAll(o.droplets, o.multiple)
      if (Option.isSome(o.status) || o.locked || o.unlocked) {
        const target: Droplet.Condition = Option.isSome(o.status) ? { status: o.status.value } : { locked: o.locked }
        return yield* Waits.track("waiting for droplets", found.length, Droplet.waitAll(found, target))
      }
      const current = yield* Effect.forEach(found, Droplet.fetchCurrentAction)
      yield* Waits.actions(current.flatMap(Option.toArray))
    })
  )).pipe(Common.describe(
    "Waits for droplets' actions in progress (those with none are skipped) and prints them as they finish; or, " +
      "with --status, --locked or --unlocked, waits for that state and prints the droplets.",
    ["doapi droplet wait --status active web-1 web-2", "prints each droplet once it is active"]
  ))

const tagDroplets = (name: "tag" | "untag") =>
  Command.make(name, {
    ...Common.common,
    multiple: Common.multiple,
    tag: Common.one("tag", "The tag's name."),
    droplets: someDroplets
  }, (o) =>
    Common.run(
      o,
      undefined,
      Effect.flatMap(
        resolveAll(o.droplets, o.multiple),
        (found) => name === "tag" ? Tag.tagResources(o.tag, found) : Tag.untagResources(o.tag, found)
      )
    )).pipe(Common.describe(
      name === "tag" ? "Tags droplets (the tag must exist). Prints nothing." : "Untags droplets. Prints nothing.",
      [`doapi droplet ${name} web web-1 web-2`, `${name}s web-1 and web-2 ${name === "tag" ? "with" : "from"} web`]
    ))

/** @internal */
export const command = Command.make("droplet").pipe(
  Command.withDescription("Droplets: show, create, act on, wait for and delete them."),
  Command.withSubcommands([
    show,
    newDroplet,
    deleteDroplets,
    ...simpleActions,
    restore,
    resize,
    rebuild,
    rename,
    snapshot,
    changeKernel,
    act,
    actionsOf,
    wait,
    backups,
    snapshots,
    kernels,
    neighbors,
    tagDroplets("tag"),
    tagDroplets("untag")
  ])
)
