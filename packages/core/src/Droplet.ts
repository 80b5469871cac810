/**
 * Droplets: DigitalOcean's virtual machines.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Action from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import { Image } from "./Image.js"
import * as Actionable from "./internal/actionable.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, orNull, withDefault } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import * as Wait from "./internal/wait.js"
import { Region } from "./Region.js"
import { DiskInfo, GpuInfo, Size } from "./Size.js"

/**
 * The status of a droplet being created.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_NEW = "new"

/**
 * The status of a running droplet.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_ACTIVE = "active"

/**
 * The status of a powered-off droplet.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_OFF = "off"

/**
 * The status of an archived droplet.
 *
 * @since 0.1.0
 * @category constants
 */
export const STATUS_ARCHIVE = "archive"

/**
 * The kernel a droplet boots (deprecated by DigitalOcean: `null` on droplets since 2017).
 *
 * @since 0.1.0
 * @category models
 */
export class Kernel extends Class<Kernel>("@doapi/core/Droplet/Kernel")({
  id: Schema.Int,
  name: Schema.String,
  version: Schema.String
}) {}

/**
 * The window in which a droplet's next backup will start.
 *
 * @since 0.1.0
 * @category models
 */
export class BackupWindow extends Class<BackupWindow>("@doapi/core/Droplet/BackupWindow")({
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc
}) {}

/**
 * An IPv4 interface. `toString()` gives its address.
 *
 * @since 0.1.0
 * @category models
 */
export class NetworkV4 extends Class<NetworkV4>("@doapi/core/Droplet/NetworkV4")({
  ip_address: Schema.String,
  netmask: Schema.String,
  /** Absent on private interfaces. */
  gateway: Schema.optional(Schema.String),
  /** `public` or `private`. */
  type: openEnum("public", "private")
}) {
  /**
   * The address.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.ip_address
  }
}

/**
 * An IPv6 interface. `toString()` gives its address.
 *
 * @since 0.1.0
 * @category models
 */
export class NetworkV6 extends Class<NetworkV6>("@doapi/core/Droplet/NetworkV6")({
  ip_address: Schema.String,
  /** The prefix length, e.g. 64. */
  netmask: Schema.Int,
  gateway: Schema.String,
  type: openEnum("public")
}) {
  /**
   * The address.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.ip_address
  }
}

/**
 * A droplet's network interfaces.
 *
 * @since 0.1.0
 * @category models
 */
export class Networks extends Class<Networks>("@doapi/core/Droplet/Networks")({
  v4: withDefault(Schema.Array(NetworkV4), () => []),
  v6: withDefault(Schema.Array(NetworkV6), () => [])
}) {}

/**
 * A droplet, with every field of the spec's `droplet` object; `image`, `size`, `region`, `networks`, `kernel` and
 * `next_backup_window` decode to their classes.
 *
 * @since 0.1.0
 * @category models
 */
export class Droplet extends Class<Droplet>("@doapi/core/Droplet")({
  id: Schema.Int,
  name: Schema.String,
  /** RAM in megabytes. */
  memory: Schema.Int,
  vcpus: Schema.Int,
  /** Disk size in gigabytes. */
  disk: Schema.Int,
  disk_info: Schema.optional(Schema.Array(DiskInfo)),
  /** Whether the droplet is locked against actions (one is in progress). */
  locked: Schema.Boolean,
  /** `new`, `active`, `off` or `archive` (see the `STATUS_*` constants). */
  status: openEnum(STATUS_NEW, STATUS_ACTIVE, STATUS_OFF, STATUS_ARCHIVE),
  kernel: orNull(Kernel),
  created_at: Schema.DateTimeUtc,
  /** e.g. `backups`, `private_networking`, `ipv6`. */
  features: Schema.Array(Schema.String),
  backup_ids: Schema.Array(Schema.Int),
  next_backup_window: orNull(BackupWindow),
  snapshot_ids: Schema.Array(Schema.Int),
  image: Image,
  volume_ids: Schema.Array(Schema.String),
  size: Size,
  size_slug: Schema.String,
  networks: Networks,
  region: Region,
  tags: Schema.Array(Schema.String),
  vpc_uuid: Schema.optional(Schema.String),
  gpu_info: Schema.optional(GpuInfo)
}) {
  /** `status` is `active`. */
  get active(): boolean {
    return this.status === STATUS_ACTIVE
  }
  /** `status` is `new`. */
  get new(): boolean {
    return this.status === STATUS_NEW
  }
  /** `status` is `off`. */
  get off(): boolean {
    return this.status === STATUS_OFF
  }
  /** `status` is `archive`. */
  get archive(): boolean {
    return this.status === STATUS_ARCHIVE
  }
  /** The public IPv4 address, if any. */
  get ipv4Address(): string | undefined {
    return this.networks.v4.find((network) => network.type === "public")?.ip_address
  }
  /** The private IPv4 address, if any. */
  get privateIpv4Address(): string | undefined {
    return this.networks.v4.find((network) => network.type === "private")?.ip_address
  }
  /** The public IPv6 address, if any. */
  get ipv6Address(): string | undefined {
    return this.networks.v6.find((network) => network.type === "public")?.ip_address
  }
  /** The slug of the droplet's region. */
  get regionSlug(): string {
    return this.region.slug
  }
  /** The slug of the droplet's image, if it has one. */
  get imageSlug(): string | null {
    return this.image.slug
  }
}

/**
 * A backup policy: when backups run and how long they are kept.
 *
 * @since 0.1.0
 * @category models
 */
export class BackupPolicy extends Class<BackupPolicy>("@doapi/core/Droplet/BackupPolicy")({
  /** `daily` or `weekly`. */
  plan: Schema.optional(openEnum("daily", "weekly")),
  /** For weekly backups: `SUN`, `MON`, ... `SAT`. */
  weekday: Schema.optional(openEnum("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
  /** The hour (UTC) the backup window starts: 0, 4, 8, 12, 16 or 20. */
  hour: Schema.optional(Schema.Int),
  window_length_hours: Schema.optional(Schema.Int),
  retention_period_days: Schema.optional(Schema.Int)
}) {}

/**
 * A snapshot or backup of a droplet, as the droplet's own listings give them.
 *
 * @since 0.1.0
 * @category models
 */
export class DropletSnapshot extends Class<DropletSnapshot>("@doapi/core/Droplet/DropletSnapshot")({
  id: Schema.Int,
  name: Schema.String,
  created_at: Schema.DateTimeUtc,
  regions: Schema.Array(Schema.String),
  min_disk_size: Schema.Int,
  size_gigabytes: Schema.Number,
  /** `snapshot` or `backup`. */
  type: openEnum("snapshot", "backup")
}) {}

/**
 * A link to an action started by a create (`links.actions` of the response).
 *
 * @since 0.1.0
 * @category models
 */
export class ActionLink extends Class<ActionLink>("@doapi/core/Droplet/ActionLink")({
  id: Schema.Int,
  rel: Schema.String,
  href: Schema.String
}) {}

const commonCreateFields = {
  /** The size's slug, e.g. `s-1vcpu-1gb`. */
  size: Schema.String,
  /** An image's slug or id. */
  image: Schema.Union(Schema.String, Schema.Int),
  /** A region's slug (omit it to let DigitalOcean choose). */
  region: Schema.optional(Schema.String),
  /** SSH key ids or fingerprints. */
  ssh_keys: Schema.optional(Schema.Array(Schema.Union(Schema.Int, Schema.String))),
  backups: Schema.optional(Schema.Boolean),
  backup_policy: Schema.optional(BackupPolicy),
  ipv6: Schema.optional(Schema.Boolean),
  monitoring: Schema.optional(Schema.Boolean),
  tags: Schema.optional(Schema.Array(Schema.String)),
  /** Cloud-init user data, at most 64 KiB. */
  user_data: Schema.optional(Schema.String),
  /** Deprecated by DigitalOcean: use `vpc_uuid`. */
  private_networking: Schema.optional(Schema.Boolean),
  /** Volume ids to attach. */
  volumes: Schema.optional(Schema.Array(Schema.String)),
  vpc_uuid: Schema.optional(Schema.String),
  with_droplet_agent: Schema.optional(Schema.Boolean),
  public_networking: Schema.optional(Schema.Boolean)
}

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Struct({ name: Schema.String, ...commonCreateFields })

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `createMultiple`: up to 10 `names`.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateMultipleOptions = Schema.Struct({
  names: Schema.Array(Schema.String).pipe(Schema.minItems(1), Schema.maxItems(10)),
  ...commonCreateFields
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateMultipleOptions = typeof CreateMultipleOptions.Type

/**
 * What `createMultiple` returns: the new droplets and the links to their `create` actions.
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedDroplets extends Class<CreatedDroplets>("@doapi/core/Droplet/CreatedDroplets")({
  droplets: Schema.Array(Droplet),
  links: Schema.Struct({ actions: Schema.Array(ActionLink) })
}) {}

/**
 * Filters of `stream` and `fetchAll`. DigitalOcean allows `tag_name` alone, or `name` and `type`.
 *
 * @since 0.1.0
 * @category models
 */
export type ListOptions =
  | { readonly tag_name: string }
  | {
    /** An exact name (case-insensitive). */
    readonly name?: string | undefined
    /** `droplets` (the default: non-GPU droplets only) or `gpus`. */
    readonly type?: "droplets" | "gpus" | undefined
  }

type R = HttpClient.HttpClient | DoConfig
const segment = (droplet: Droplet | number) => Segment.id("droplet_id", droplet)
const decodeDroplet = Http.envelope("droplet", Droplet)
const decodeDroplets = Pagination.page("droplets", Droplet)

/**
 * `GET /v2/droplets/{droplet_id}`: a droplet's current state.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (droplet: Droplet | number): Effect.Effect<Droplet, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DropletsGet, { operation: "Droplet.fetch", path: { droplet_id: segment(droplet) } }),
    decodeDroplet
  )

const actions = Actionable.make<Droplet, number, Action.Action>({
  name: "Droplet",
  endpoints: { post: E.DropletActionsPost, list: E.DropletActionsList },
  segment,
  fetch,
  actions: { schema: Action.Action, waitAll: Action.waitAll }
})

/**
 * `GET /v2/droplets`: every droplet, or those with a tag, a name or a type.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream = (options?: ListOptions | undefined): Stream.Stream<Droplet, DOAPIError, R> =>
  Op.listing(E.DropletsList, {
    operation: "Droplet.stream",
    params: options,
    decode: decodeDroplets
  })

/**
 * `GET /v2/droplets`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll = (options?: ListOptions | undefined): Effect.Effect<ReadonlyArray<Droplet>, DOAPIError, R> =>
  Pagination.collect(stream(options))

/**
 * `POST /v2/droplets`: creates a droplet (status `new`; wait for `active` with `wait`).
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<Droplet, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DropletsCreate, { operation: "Droplet.create", body: options, bodySchema: CreateOptions }),
    decodeDroplet
  )

const decodeCreated = Http.decodeWith(CreatedDroplets)

/**
 * `POST /v2/droplets` with `names`: creates up to 10 droplets at once; the response's `links.actions` are kept.
 *
 * @since 0.1.0
 * @category operations
 */
export const createMultiple = (options: CreateMultipleOptions): Effect.Effect<CreatedDroplets, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DropletsCreate, {
      operation: "Droplet.createMultiple",
      body: options,
      bodySchema: CreateMultipleOptions
    }),
    decodeCreated
  )

/**
 * `DELETE /v2/droplets/{droplet_id}`.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (droplet: Droplet | number): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DropletsDestroy, { operation: "Droplet.delete", path: { droplet_id: segment(droplet) } }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/droplets/{droplet_id}` (`delete` is a reserved word: `Droplet.delete` works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}

/**
 * `DELETE /v2/droplets?tag_name=`: deletes every droplet with the tag.
 *
 * @since 0.1.0
 * @category operations
 */
export const deleteByTag = (tag: string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DropletsDestroyByTag, {
      operation: "Droplet.deleteByTag",
      params: { tag_name: Segment.name("tag_name", tag) }
    }),
    Http.noContent
  )

const decodeNeighbors = Http.envelope("droplets", Schema.Array(Droplet))

/**
 * `GET /v2/droplets/{droplet_id}/neighbors`: the droplets on the same physical server.
 *
 * @since 0.1.0
 * @category operations
 */
export const neighbors = (droplet: Droplet | number): Effect.Effect<ReadonlyArray<Droplet>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DropletsListNeighbors, { operation: "Droplet.neighbors", path: { droplet_id: segment(droplet) } }),
    decodeNeighbors
  )

const decodeNeighborIds = Http.envelope("neighbor_ids", Schema.Array(Schema.Array(Schema.Int)))

/**
 * `GET /v2/reports/droplet_neighbors_ids`: the account-wide report, as groups of ids of droplets that share a
 * physical server.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetchAllNeighbors: Effect.Effect<ReadonlyArray<ReadonlyArray<number>>, DOAPIError, R> = Http.execute(
  Op.request(E.DropletsListNeighborsIds, { operation: "Droplet.fetchAllNeighbors" }),
  decodeNeighborIds
)

const decodeSnapshots = Pagination.page("snapshots", DropletSnapshot)
const decodeBackups = Pagination.page("backups", DropletSnapshot)
const decodeKernels = Pagination.page("kernels", Kernel)

/**
 * `GET /v2/droplets/{droplet_id}/snapshots`.
 *
 * @since 0.1.0
 * @category listings
 */
export const snapshots = (droplet: Droplet | number): Stream.Stream<DropletSnapshot, DOAPIError, R> =>
  Op.listing(E.DropletsListSnapshots, {
    operation: "Droplet.snapshots",
    path: { droplet_id: segment(droplet) },
    decode: decodeSnapshots
  })

/**
 * `GET /v2/droplets/{droplet_id}/backups`.
 *
 * @since 0.1.0
 * @category listings
 */
export const backups = (droplet: Droplet | number): Stream.Stream<DropletSnapshot, DOAPIError, R> =>
  Op.listing(E.DropletsListBackups, {
    operation: "Droplet.backups",
    path: { droplet_id: segment(droplet) },
    decode: decodeBackups
  })

/**
 * `GET /v2/droplets/{droplet_id}/kernels`: the kernels the droplet can boot.
 *
 * @since 0.1.0
 * @category listings
 */
export const kernels = (droplet: Droplet | number): Stream.Stream<Kernel, DOAPIError, R> =>
  Op.listing(E.DropletsListKernels, {
    operation: "Droplet.kernels",
    path: { droplet_id: segment(droplet) },
    decode: decodeKernels
  })

// ---------------------------------------------------------------------------------------------------------------
// Actions: POST /v2/droplets/{droplet_id}/actions
// ---------------------------------------------------------------------------------------------------------------

/**
 * `POST /v2/droplets/{droplet_id}/actions`: any action, by its body (for action types without a function here).
 *
 * @since 0.1.0
 * @category actions
 */
export const act = (
  droplet: Droplet | number,
  body: { readonly type: string; readonly [key: string]: unknown }
): Effect.Effect<Action.Action, DOAPIError, R> => actions.act(droplet, body)

/**
 * An action on one droplet that takes no parameters.
 *
 * @since 0.1.0
 * @category models
 */
export type SimpleAction = (droplet: Droplet | number) => Effect.Effect<Action.Action, DOAPIError, R>

const simple = (type: string, operation: string): SimpleAction => (droplet) =>
  actions.act(droplet, { type }, { operation: `Droplet.${operation}` })

/**
 * `enable_backups`, with an optional backup policy (daily by default).
 *
 * @since 0.1.0
 * @category actions
 */
export const enableBackups = (
  droplet: Droplet | number,
  backup_policy?: BackupPolicy | undefined
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(droplet, { type: "enable_backups", backup_policy }, {
    operation: "Droplet.enableBackups",
    schema: Schema.Struct({ type: Schema.String, backup_policy: Schema.optional(BackupPolicy) })
  })

/**
 * `change_backup_policy`. (The spec's action-type enum lacks it, though its table documents it.)
 *
 * @since 0.1.0
 * @category actions
 */
export const changeBackupPolicy = (
  droplet: Droplet | number,
  backup_policy: BackupPolicy
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(droplet, { type: "change_backup_policy", backup_policy }, {
    operation: "Droplet.changeBackupPolicy",
    schema: Schema.Struct({ type: Schema.String, backup_policy: BackupPolicy })
  })

/**
 * `disable_backups`.
 *
 * @since 0.1.0
 * @category actions
 */
export const disableBackups = simple("disable_backups", "disableBackups")

/**
 * `reboot`: a graceful reboot.
 *
 * @since 0.1.0
 * @category actions
 */
export const reboot = simple("reboot", "reboot")

/**
 * `power_cycle`: a hard reset.
 *
 * @since 0.1.0
 * @category actions
 */
export const powerCycle = simple("power_cycle", "powerCycle")

/**
 * `shutdown`: a graceful shutdown (which the droplet may ignore; see `ensureOff`).
 *
 * @since 0.1.0
 * @category actions
 */
export const shutdown = simple("shutdown", "shutdown")

/**
 * `power_off`: a hard power-off.
 *
 * @since 0.1.0
 * @category actions
 */
export const powerOff = simple("power_off", "powerOff")

/**
 * `power_on`.
 *
 * @since 0.1.0
 * @category actions
 */
export const powerOn = simple("power_on", "powerOn")

/**
 * `password_reset`: mails a new root password.
 *
 * @since 0.1.0
 * @category actions
 */
export const passwordReset = simple("password_reset", "passwordReset")

/**
 * `enable_ipv6`.
 *
 * @since 0.1.0
 * @category actions
 */
export const enableIpv6 = simple("enable_ipv6", "enableIpv6")

/**
 * `restore`: restores the droplet from one of its backups (an image id).
 *
 * @since 0.1.0
 * @category actions
 */
export const restore = (
  droplet: Droplet | number,
  image: DropletSnapshot | Image | number
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(droplet, { type: "restore", image: Segment.id("image", image) }, {
    operation: "Droplet.restore"
  })

/**
 * `resize`: to another size; `disk: true` resizes the disk too (permanently: it cannot be shrunk back).
 *
 * @since 0.1.0
 * @category actions
 */
export const resize = (
  droplet: Droplet | number,
  size: Size | string,
  options?: { readonly disk?: boolean | undefined } | undefined
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(droplet, {
    type: "resize",
    size: Segment.slug("size", size),
    ...(options?.disk === undefined ? {} : { disk: options.disk })
  }, { operation: "Droplet.resize" })

/**
 * `rebuild`: reinstalls the droplet from an image (by id or slug).
 *
 * @since 0.1.0
 * @category actions
 */
export const rebuild = (
  droplet: Droplet | number,
  image: Image | number | string
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(droplet, { type: "rebuild", image: Segment.idOrString("image", image) }, {
    operation: "Droplet.rebuild"
  })

/**
 * `rename`.
 *
 * @since 0.1.0
 * @category actions
 */
export const rename = (droplet: Droplet | number, name: string): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(droplet, { type: "rename", name }, { operation: "Droplet.rename" })

/**
 * `change_kernel`.
 *
 * @since 0.1.0
 * @category actions
 */
export const changeKernel = (
  droplet: Droplet | number,
  kernel: Kernel | number
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(droplet, { type: "change_kernel", kernel: Segment.id("kernel", kernel) }, {
    operation: "Droplet.changeKernel"
  })

/**
 * `snapshot`: takes a snapshot (an image) of the droplet, best powered off.
 *
 * @since 0.1.0
 * @category actions
 */
export const snapshot = (
  droplet: Droplet | number,
  name?: string | undefined
): Effect.Effect<Action.Action, DOAPIError, R> =>
  // An undefined `name` is left out of the JSON.
  actions.act(droplet, { type: "snapshot", name }, { operation: "Droplet.snapshot" })

/**
 * `GET /v2/droplets/{droplet_id}/actions`: the droplet's actions, newest first.
 *
 * @since 0.1.0
 * @category actions
 */
export const streamActions: (droplet: Droplet | number) => Stream.Stream<Action.Action, DOAPIError, R> =
  actions.streamActions

/**
 * The droplet's actions, collected.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchAllActions: (
  droplet: Droplet | number
) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> = actions.fetchAllActions

/**
 * The droplet's most recent action, `None` when it has none.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchLastAction: (
  droplet: Droplet | number
) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R> = actions.fetchLastAction

/**
 * The droplet's action in progress, if any (among those that started with the newest: doapi's rule).
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchCurrentAction: (
  droplet: Droplet | number
) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R> = actions.fetchCurrentAction

/**
 * Waits for the droplet's last action to finish, then returns the droplet's fresh state (`None` if it is gone).
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitForAction: (
  droplet: Droplet | number,
  options?: Action.WaitOptions | undefined
) => Effect.Effect<Option.Option<Droplet>, DOAPIError | WaitTimeoutError, R> = actions.waitForAction

// ---------------------------------------------------------------------------------------------------------------
// Waiting on droplets
// ---------------------------------------------------------------------------------------------------------------

/**
 * What to wait for: a status (`active`, `off`, ...) or a lock state.
 *
 * @since 0.1.0
 * @category models
 */
export type Condition = { readonly status: string } | { readonly locked: boolean }

// An id the listing can show: a positive integer (anything else is polled with `fetch`, which rejects it).
const dropletKey = (droplet: Droplet | number): number | undefined => {
  const id: unknown = droplet instanceof Droplet ? droplet.id : droplet
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : undefined
}

// The tag all the droplets share, when they are all given as droplets and share one.
const sharedTag = (droplets: ReadonlyArray<Droplet | number>): string | undefined => {
  let shared: ReadonlyArray<string> | undefined
  for (const droplet of droplets) {
    if (!(droplet instanceof Droplet)) return undefined
    shared = shared === undefined ? droplet.tags : shared.filter((tag) => droplet.tags.includes(tag))
  }
  return shared?.[0]
}

/**
 * Polls the droplets together until each reaches the state, emitting each as it does (doapi's `wait_droplets`),
 * with the same interval, deadline, `WaitTimeoutError` and interruption rules as `Action.waitAll`.
 *
 * A round polls many droplets with the droplet listing (`GET /v2/droplets`, by `tag_name` when all are given as
 * droplets sharing a tag) when that costs fewer requests than one `GET /v2/droplets/{id}` each, and `GET`s any
 * droplet the pages read did not show. One droplet alone is polled with its `GET`.
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitAll = (
  droplets: Iterable<Droplet | number>,
  target: Condition,
  options?: Action.WaitOptions | undefined
): Stream.Stream<Droplet, DOAPIError | WaitTimeoutError, R> =>
  Stream.suspend(() => {
    const items = Wait.items(droplets)
    const tag = sharedTag(items)
    return Wait.untilListed(items, {
      listing: Op.listing(E.DropletsList, {
        operation: "Droplet.waitAll",
        params: tag === undefined ? undefined : { tag_name: tag },
        decode: decodeDroplets
      }),
      key: dropletKey,
      refresh: fetch,
      ...("status" in target
        ? { isDone: (d: Droplet) => d.status === target.status, attr: "status", value: target.status }
        : { isDone: (d: Droplet) => d.locked === target.locked, attr: "locked", value: target.locked })
    }, options)
  })

/**
 * Polls a droplet until it reaches the state (`{ status: "active" }`, `{ locked: false }`) and returns it.
 *
 * @since 0.1.0
 * @category waiting
 */
export const wait = (
  droplet: Droplet | number,
  target: Condition,
  options?: Action.WaitOptions | undefined
): Effect.Effect<Droplet, DOAPIError | WaitTimeoutError, R> => Wait.one(waitAll([droplet], target, options))

/**
 * Makes sure the droplet is on: nothing if it is active, waits for a new one to become active, and otherwise powers
 * it on and waits for the action. Returns the droplet's fresh state.
 *
 * @since 0.1.0
 * @category waiting
 */
export const ensureOn = (
  droplet: Droplet | number,
  options?: Action.WaitOptions | undefined
): Effect.Effect<Droplet, DOAPIError | WaitTimeoutError | Action.ActionError, R> =>
  Effect.gen(function*() {
    const current = yield* fetch(droplet)
    if (current.active) return current
    if (current.new) return yield* wait(current, { status: STATUS_ACTIVE }, options)
    yield* powerOn(current).pipe(
      Effect.flatMap((action) => Action.wait(action, options)),
      Effect.flatMap(Action.raiseForError)
    )
    return yield* fetch(current)
  })

/**
 * Makes sure the droplet is off: nothing if it is off or archived; otherwise a graceful shutdown, and if the droplet
 * is not off within `shutdownWait` (default 30 seconds), a hard power-off. Returns the droplet's fresh state.
 *
 * @since 0.1.0
 * @category waiting
 */
export const ensureOff = (
  droplet: Droplet | number,
  options?: (Action.WaitOptions & { readonly shutdownWait?: Duration.DurationInput | undefined }) | undefined
): Effect.Effect<Droplet, DOAPIError | WaitTimeoutError | Action.ActionError, R> =>
  Effect.gen(function*() {
    const current = yield* fetch(droplet)
    if (current.off || current.archive) return current
    const waitFor = (action: Action.Action) => Action.wait(action, options).pipe(Effect.flatMap(Action.raiseForError))
    yield* shutdown(current).pipe(Effect.flatMap(waitFor))
    const off = yield* wait(current, { status: STATUS_OFF }, {
      interval: options?.interval,
      timeout: options?.shutdownWait ?? Duration.seconds(30)
    }).pipe(Effect.catchTag("WaitTimeoutError", () => Effect.succeed(undefined)))
    if (off !== undefined) return off
    yield* powerOff(current).pipe(Effect.flatMap(waitFor))
    return yield* fetch(current)
  })
