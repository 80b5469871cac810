/**
 * Droplets: DigitalOcean's virtual machines.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import { Image } from "./Image.js"
import * as Http from "./internal/http.js"
import { openEnum, orNull } from "./internal/schema.js"
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
export class Kernel extends Schema.Class<Kernel>("@doapi/core/Droplet/Kernel")({
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
export class BackupWindow extends Schema.Class<BackupWindow>("@doapi/core/Droplet/BackupWindow")({
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc
}) {}

/**
 * An IPv4 interface. `toString()` gives its address.
 *
 * @since 0.1.0
 * @category models
 */
export class NetworkV4 extends Schema.Class<NetworkV4>("@doapi/core/Droplet/NetworkV4")({
  ip_address: Schema.String,
  netmask: Schema.String,
  gateway: Schema.String,
  /** `public` or `private`. */
  type: openEnum("public", "private")
}) {
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
export class NetworkV6 extends Schema.Class<NetworkV6>("@doapi/core/Droplet/NetworkV6")({
  ip_address: Schema.String,
  /** The prefix length, e.g. 64. */
  netmask: Schema.Int,
  gateway: Schema.String,
  type: openEnum("public")
}) {
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
export class Networks extends Schema.Class<Networks>("@doapi/core/Droplet/Networks")({
  v4: Schema.optionalWith(Schema.Array(NetworkV4), { default: () => [] }),
  v6: Schema.optionalWith(Schema.Array(NetworkV6), { default: () => [] })
}) {}

/**
 * A droplet, with every field of the spec's `droplet` object; `image`, `size`, `region`, `networks`, `kernel` and
 * `next_backup_window` decode to their classes.
 *
 * @since 0.1.0
 * @category models
 */
export class Droplet extends Schema.Class<Droplet>("@doapi/core/Droplet")({
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
 * `GET /v2/droplets/{droplet_id}`: a droplet's current state.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (
  droplet: Droplet | number
): Effect.Effect<Droplet, DOAPIError, HttpClient.HttpClient | DoConfig> =>
  Http.execute({
    operation: "Droplet.fetch",
    method: "GET",
    route: Http.route`/v2/droplets/${typeof droplet === "number" ? droplet : droplet.id}`
  }, decodeDroplet)

const decodeDroplet = Http.envelope("droplet", Droplet)
