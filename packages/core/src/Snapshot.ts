/**
 * Snapshots: the saved copies of droplets and volumes, both managed through `/v2/snapshots`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, orNull } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"

/**
 * The `resource_type` of a droplet's snapshot.
 *
 * @since 0.1.0
 * @category constants
 */
export const RESOURCE_DROPLET = "droplet"

/**
 * The `resource_type` of a volume's snapshot.
 *
 * @since 0.1.0
 * @category constants
 */
export const RESOURCE_VOLUME = "volume"

/**
 * A snapshot, with every field of the spec's `snapshots` object. Its `id` is a string: a droplet snapshot's integer
 * id as a string (e.g. `"6372321"`), or a volume snapshot's uuid. `toString()` gives its id.
 *
 * @since 0.1.0
 * @category models
 */
export class Snapshot extends Class<Snapshot>("@doapi/core/Snapshot")({
  id: Schema.String,
  name: Schema.String,
  created_at: Schema.DateTimeUtc,
  /** The slugs of the regions the snapshot is available in. */
  regions: Schema.Array(Schema.String),
  /** The minimum size, in gigabytes, of a droplet or volume made from it. */
  min_disk_size: Schema.Int,
  /** The billable size, in gigabytes (a float). */
  size_gigabytes: Schema.Number,
  /** The id of the droplet (as a string) or volume it was taken of. */
  resource_id: Schema.String,
  /** `droplet` or `volume` (see the `RESOURCE_*` constants). */
  resource_type: openEnum(RESOURCE_DROPLET, RESOURCE_VOLUME),
  /** Required and nullable in the spec (reading it needs the `tag:read` scope): `null` when absent. */
  tags: orNull(Schema.Array(Schema.String))
}) {
  /** `resource_type` is `droplet`. */
  get isDropletSnapshot(): boolean {
    return this.resource_type === RESOURCE_DROPLET
  }
  /** `resource_type` is `volume`. */
  get isVolumeSnapshot(): boolean {
    return this.resource_type === RESOURCE_VOLUME
  }
  /**
   * The id.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.id
  }
}

/**
 * Filters of `stream` and `fetchAll`.
 *
 * @since 0.1.0
 * @category models
 */
export type ListOptions = {
  /** Only the snapshots of droplets, or only those of volumes. */
  readonly resource_type?: "droplet" | "volume" | undefined
}

type R = HttpClient.HttpClient | DoConfig

/**
 * The path id of a snapshot: the spec's `snapshot_id` is an integer (a droplet snapshot) or a string (a volume
 * snapshot); a `Snapshot` object's id is always its string.
 */
const path = (snapshot: Snapshot | string | number) => ({ snapshot_id: Segment.idOrString("snapshot_id", snapshot) })

const decodeSnapshot = Http.envelope("snapshot", Snapshot)
const decodeSnapshots = Pagination.page("snapshots", Snapshot)

/**
 * `GET /v2/snapshots/{snapshot_id}`: a droplet or volume snapshot, by the object, its string id, or a droplet
 * snapshot's integer id.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (snapshot: Snapshot | string | number): Effect.Effect<Snapshot, DOAPIError, R> =>
  Http.execute(Op.request(E.SnapshotsGet, { operation: "Snapshot.fetch", path: path(snapshot) }), decodeSnapshot)

/**
 * `GET /v2/snapshots`: every snapshot, or only those of droplets or of volumes.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream = (options?: ListOptions | undefined): Stream.Stream<Snapshot, DOAPIError, R> =>
  Op.listing(E.SnapshotsList, {
    operation: "Snapshot.stream",
    params: options,
    decode: decodeSnapshots
  })

/**
 * `GET /v2/snapshots`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll = (options?: ListOptions | undefined): Effect.Effect<ReadonlyArray<Snapshot>, DOAPIError, R> =>
  Pagination.collect(stream(options))

/**
 * `DELETE /v2/snapshots/{snapshot_id}`: deletes a droplet or volume snapshot.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (snapshot: Snapshot | string | number): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.SnapshotsDelete, { operation: "Snapshot.delete", path: path(snapshot) }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/snapshots/{snapshot_id}` (`delete` is a reserved word: `Snapshot.delete` works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}
