/**
 * Volumes: block storage that attaches to droplets.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Action from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import type { Droplet } from "./Droplet.js"
import * as E from "./generated/internal/endpoints.js"
import * as Actionable from "./internal/actionable.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, orNull } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import { Region } from "./Region.js"
import { Snapshot } from "./Snapshot.js"

/**
 * A volume, with every field of the spec's `volume_full` object; `region` decodes to a `Region`. The spec marks no
 * field required: all but `id` may be absent.
 *
 * @since 0.1.0
 * @category models
 */
export class Volume extends Class<Volume>("@doapi/core/Volume")({
  /** A uuid. */
  id: Schema.String,
  /** The droplets the volume is attached to (at most one today); `null` or `[]` when it is detached. */
  droplet_ids: orNull(Schema.Array(Schema.Int)),
  /** Lowercase letters, digits and `-`, at most 64 characters, starting with a letter; unique per region. */
  name: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  /** The size in GiB. */
  size_gigabytes: Schema.optional(Schema.Int),
  /** ISO 8601. (The spec gives this field no `format: date-time`, but its examples are date-times.) */
  created_at: Schema.optional(Schema.DateTimeUtc),
  tags: orNull(Schema.Array(Schema.String)),
  region: Schema.optional(Region),
  /** The filesystem in use, e.g. `ext4` or `xfs`. */
  filesystem_type: Schema.optional(openEnum("ext4", "xfs")),
  filesystem_label: Schema.optional(Schema.String)
}) {
  /** The slug of the volume's region, if the response gave it. */
  get regionSlug(): string | undefined {
    return this.region?.slug
  }
  /** Whether the volume is attached to a droplet. */
  get attached(): boolean {
    return this.droplet_ids !== null && this.droplet_ids.length > 0
  }
}

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  /** Lowercase letters, digits and `-`, at most 64 characters, starting with a letter. */
  name: Schema.String,
  /** The size in GiB (the spec requires it even when creating from a snapshot). */
  size_gigabytes: Schema.Int,
  /**
   * A region's slug. A plain string: the spec's `region_slug` enum is stale (it lacks newer regions such as `atl1`).
   */
  region: Schema.String,
  description: Schema.optional(Schema.String),
  /** The volume snapshot (a uuid) to create the volume from. */
  snapshot_id: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  /** Formats the volume: `ext4` or `xfs`. */
  filesystem_type: Schema.optional(openEnum("ext4", "xfs")),
  /** The filesystem's label: at most 16 characters for ext4, 12 for xfs; only with `filesystem_type`. */
  filesystem_label: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `createSnapshot`: its encoded form is the API's body.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateSnapshotOptions = Schema.Struct({
  name: Schema.String,
  tags: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateSnapshotOptions = typeof CreateSnapshotOptions.Type

/**
 * Filters of `stream` and `fetchAll`: by name, by region, or both (which names at most one volume).
 *
 * @since 0.1.0
 * @category models
 */
export type ListOptions = {
  readonly name?: string | undefined
  /** A region's slug. */
  readonly region?: string | undefined
}

/**
 * `resizeByName` found no volume of that name in that region (the API has no by-name resize: it is a lookup, then
 * a resize by id).
 *
 * @since 0.1.0
 * @category errors
 */
export class VolumeNotFoundError extends Schema.TaggedError<VolumeNotFoundError>("@doapi/core/VolumeNotFoundError")(
  "VolumeNotFoundError",
  { name: Schema.String, region: Schema.String }
) {
  override get message(): string {
    return `no volume named ${this.name} in region ${this.region}`
  }
}

type R = HttpClient.HttpClient | DoConfig
const segment = (volume: Volume | string) => Segment.stringId("volume_id", volume)
const snapshotSegment = (snapshot: Snapshot | string) => Segment.stringId("snapshot_id", snapshot)
const decodeVolume = Http.envelope("volume", Volume)
const decodeVolumes = Pagination.page("volumes", Volume)
const decodeSnapshot = Http.envelope("snapshot", Snapshot)
const decodeSnapshots = Pagination.page("snapshots", Snapshot)

/**
 * `GET /v2/volumes/{volume_id}`: a volume's current state.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (volume: Volume | string): Effect.Effect<Volume, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageGet, { operation: "Volume.fetch", path: { volume_id: segment(volume) } }),
    decodeVolume
  )

const actions = Actionable.make<Volume, string, Action.Action>({
  name: "Volume",
  endpoints: { post: E.BlockStorageActionsPostById, list: E.BlockStorageActionsList },
  segment,
  fetch,
  actions: { schema: Action.Action, waitAll: Action.waitAll }
})

const listing = (operation: string, options?: ListOptions | undefined) =>
  Op.listing(E.BlockStorageVolumesList, {
    operation,
    params: options,
    decode: decodeVolumes
  })

/**
 * `GET /v2/volumes`: every volume, or those with a name, in a region, or both.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream = (options?: ListOptions | undefined): Stream.Stream<Volume, DOAPIError, R> =>
  listing("Volume.stream", options)

/**
 * `GET /v2/volumes`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll = (options?: ListOptions | undefined): Effect.Effect<ReadonlyArray<Volume>, DOAPIError, R> =>
  Pagination.collect(stream(options))

/**
 * `GET /v2/volumes?name=&region=`: the volume with that name in that region, `None` when there is none.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetchByName = (name: string, region: string): Effect.Effect<Option.Option<Volume>, DOAPIError, R> =>
  Stream.runHead(listing("Volume.fetchByName", { name, region }))

/**
 * `POST /v2/volumes`: creates a volume (201).
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<Volume, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageVolumesCreate, { operation: "Volume.create", body: options, bodySchema: CreateOptions }),
    decodeVolume
  )

/**
 * `DELETE /v2/volumes/{volume_id}`.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (volume: Volume | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageDelete, { operation: "Volume.delete", path: { volume_id: segment(volume) } }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/volumes/{volume_id}` (`delete` is a reserved word: `Volume.delete` works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}

/**
 * `DELETE /v2/volumes?name=&region=`: deletes the volume with that name in that region.
 *
 * @since 0.1.0
 * @category operations
 */
export const removeByName = (name: string, region: string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageDeleteByName, { operation: "Volume.removeByName", params: { name, region } }),
    Http.noContent
  )

// ---------------------------------------------------------------------------------------------------------------
// Snapshots: GET and POST /v2/volumes/{volume_id}/snapshots, GET and DELETE /v2/volumes/snapshots/{snapshot_id}
// ---------------------------------------------------------------------------------------------------------------

/**
 * `GET /v2/volumes/{volume_id}/snapshots`.
 *
 * @since 0.1.0
 * @category listings
 */
export const snapshots = (volume: Volume | string): Stream.Stream<Snapshot, DOAPIError, R> =>
  Op.listing(E.BlockStorageVolumeSnapshotsList, {
    operation: "Volume.snapshots",
    path: { volume_id: segment(volume) },
    decode: decodeSnapshots
  })

/**
 * `POST /v2/volumes/{volume_id}/snapshots`: takes a snapshot of the volume (201).
 *
 * @since 0.1.0
 * @category operations
 */
export const createSnapshot = (
  volume: Volume | string,
  options: CreateSnapshotOptions
): Effect.Effect<Snapshot, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageVolumeSnapshotsCreate, {
      operation: "Volume.createSnapshot",
      path: { volume_id: segment(volume) },
      body: options,
      bodySchema: CreateSnapshotOptions
    }),
    decodeSnapshot
  )

/**
 * `GET /v2/volumes/snapshots/{snapshot_id}`: a volume snapshot (the same object `Snapshot.fetch` gives).
 *
 * @since 0.1.0
 * @category operations
 */
export const fetchSnapshot = (snapshot: Snapshot | string): Effect.Effect<Snapshot, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageGetById, {
      operation: "Volume.fetchSnapshot",
      path: { snapshot_id: snapshotSegment(snapshot) }
    }),
    decodeSnapshot
  )

/**
 * `DELETE /v2/volumes/snapshots/{snapshot_id}`: deletes a volume snapshot.
 *
 * @since 0.1.0
 * @category operations
 */
export const removeSnapshot = (snapshot: Snapshot | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageDeleteById, {
      operation: "Volume.removeSnapshot",
      path: { snapshot_id: snapshotSegment(snapshot) }
    }),
    Http.noContent
  )

// ---------------------------------------------------------------------------------------------------------------
// Actions: POST /v2/volumes/{volume_id}/actions and, by name, POST /v2/volumes/actions (202)
// ---------------------------------------------------------------------------------------------------------------

const attachFields = {
  type: Schema.Literal("attach"),
  droplet_id: Schema.Int,
  /** The volume's region's slug. */
  region: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String))
}
const detachFields = {
  type: Schema.Literal("detach"),
  droplet_id: Schema.Int,
  region: Schema.optional(Schema.String)
}
const AttachBody = Schema.Struct(attachFields)
const DetachBody = Schema.Struct(detachFields)
const ResizeBody = Schema.Struct({
  type: Schema.Literal("resize"),
  size_gigabytes: Schema.Int,
  region: Schema.optional(Schema.String)
})
// Spec quirk (digest §13.6): the by-name action's body needs `volume_name`, which the description's tables and the
// request examples give but the request schema (`volume_action_post_attach` | `_detach`) does not declare. It is
// sent all the same, with the region, which the by-name form needs to tell same-named volumes apart.
const byName = { volume_name: Schema.String, region: Schema.String }
const ByNameBody = Schema.Union(
  Schema.Struct({ ...attachFields, ...byName }),
  Schema.Struct({ ...detachFields, ...byName })
)

const decodeAction = Http.envelope("action", Action.Action)

const actByName = (
  operation: string,
  body: Actionable.Checked<typeof ByNameBody.Type>
): Effect.Effect<Action.Action, DOAPIError, R> =>
  Http.execute(
    Op.request(E.BlockStorageActionsPost, { operation: `Volume.${operation}`, body, bodySchema: ByNameBody }),
    decodeAction
  )

/**
 * `POST /v2/volumes/{volume_id}/actions`: any action, by its body (for action types without a function here).
 *
 * @since 0.1.0
 * @category actions
 */
export const act = (
  volume: Volume | string,
  body: { readonly type: string; readonly [key: string]: unknown }
): Effect.Effect<Action.Action, DOAPIError, R> => actions.act(volume, body)

/**
 * `attach`: attaches the volume to a droplet (a volume attaches to one droplet; a droplet takes up to 15 volumes).
 * The action's `resource_id` may be `null` and its `resource_type` something other than `volume`.
 *
 * @since 0.1.0
 * @category actions
 */
export const attach = (
  volume: Volume | string,
  droplet: Droplet | number,
  options?: {
    /** The volume's region's slug. */
    readonly region?: string | undefined
    readonly tags?: ReadonlyArray<string> | undefined
  } | undefined
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(
    volume,
    { type: "attach", droplet_id: Segment.id("droplet_id", droplet), region: options?.region, tags: options?.tags },
    { operation: "Volume.attach", schema: AttachBody }
  )

/**
 * `detach`: detaches the volume from a droplet. (The spec's example of its action has `resource_type: "backend"`
 * and `resource_id: null`.)
 *
 * @since 0.1.0
 * @category actions
 */
export const detach = (
  volume: Volume | string,
  droplet: Droplet | number,
  options?: {
    /** The volume's region's slug. */
    readonly region?: string | undefined
  } | undefined
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(
    volume,
    { type: "detach", droplet_id: Segment.id("droplet_id", droplet), region: options?.region },
    { operation: "Volume.detach", schema: DetachBody }
  )

/**
 * `POST /v2/volumes/actions` `attach`: attaches the volume with that name in that region to a droplet.
 *
 * @since 0.1.0
 * @category actions
 */
export const attachByName = (
  name: string,
  droplet: Droplet | number,
  region: string,
  options?: { readonly tags?: ReadonlyArray<string> | undefined } | undefined
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actByName("attachByName", {
    type: "attach",
    volume_name: name,
    droplet_id: Segment.id("droplet_id", droplet),
    region,
    tags: options?.tags
  })

/**
 * `POST /v2/volumes/actions` `detach`: detaches the volume with that name in that region from a droplet.
 *
 * @since 0.1.0
 * @category actions
 */
export const detachByName = (
  name: string,
  droplet: Droplet | number,
  region: string
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actByName("detachByName", {
    type: "detach",
    volume_name: name,
    droplet_id: Segment.id("droplet_id", droplet),
    region
  })

/**
 * `resize`: grows the volume to `size_gigabytes` GiB (upward only; at most 16 TiB).
 *
 * @since 0.1.0
 * @category actions
 */
export const resize = (
  volume: Volume | string,
  size_gigabytes: number,
  region?: string | undefined
): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(volume, { type: "resize", size_gigabytes, region }, { operation: "Volume.resize", schema: ResizeBody })

/**
 * Resizes the volume with that name in that region. The API has no by-name resize, so this looks the volume up
 * (`GET /v2/volumes?name=&region=`) and resizes it by id; it fails with a `VolumeNotFoundError` when there is no
 * such volume (nothing is resized).
 *
 * @since 0.1.0
 * @category actions
 */
export const resizeByName = (
  name: string,
  region: string,
  size_gigabytes: number
): Effect.Effect<Action.Action, DOAPIError | VolumeNotFoundError, R> =>
  Effect.gen(function*() {
    const found = yield* fetchByName(name, region)
    if (Option.isNone(found)) return yield* new VolumeNotFoundError({ name, region })
    return yield* resize(found.value, size_gigabytes, region)
  }).pipe(Effect.withSpan("Volume.resizeByName"))

/**
 * `GET /v2/volumes/{volume_id}/actions`: the volume's actions, newest first.
 *
 * @since 0.1.0
 * @category actions
 */
export const streamActions: (volume: Volume | string) => Stream.Stream<Action.Action, DOAPIError, R> =
  actions.streamActions

/**
 * The volume's actions, collected.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchAllActions: (
  volume: Volume | string
) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> = actions.fetchAllActions

/**
 * The volume's most recent action, `None` when it has none.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchLastAction: (
  volume: Volume | string
) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R> = actions.fetchLastAction

/**
 * The volume's action in progress, if any (among those that started with the newest: doapi's rule).
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchCurrentAction: (
  volume: Volume | string
) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R> = actions.fetchCurrentAction

/**
 * Waits for the volume's last action to finish, then returns the volume's fresh state (`None` if it is gone).
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitForAction: (
  volume: Volume | string,
  options?: Action.WaitOptions | undefined
) => Effect.Effect<Option.Option<Volume>, DOAPIError | WaitTimeoutError, R> = actions.waitForAction
