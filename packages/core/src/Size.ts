/**
 * Sizes: the amounts of memory, CPU and disk a droplet can have, and their prices.
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
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum } from "./internal/schema.js"

/**
 * An amount with its unit, e.g. `{ amount: 25, unit: "gib" }`.
 *
 * @since 0.1.0
 * @category models
 */
export class Amount extends Class<Amount>("@doapi/core/Size/Amount")({
  amount: Schema.Int,
  unit: Schema.String
}) {}

/**
 * One disk of a size or droplet.
 *
 * @since 0.1.0
 * @category models
 */
export class DiskInfo extends Class<DiskInfo>("@doapi/core/Size/DiskInfo")({
  /** `local`, `boot` or `scratch`. */
  type: openEnum("local", "boot", "scratch"),
  size: Amount
}) {}

/**
 * The GPUs of a GPU size or droplet.
 *
 * @since 0.1.0
 * @category models
 */
export class GpuInfo extends Class<GpuInfo>("@doapi/core/Size/GpuInfo")({
  count: Schema.Int,
  /** e.g. `nvidia_h100`. */
  model: Schema.String,
  vram: Amount
}) {}

/**
 * A size. `toString()` gives its slug (doapi's `str(size)`).
 *
 * @since 0.1.0
 * @category models
 */
export class Size extends Class<Size>("@doapi/core/Size")({
  /** Whether new droplets can be created with this size. */
  available: Schema.Boolean,
  /** Disk size in gigabytes. */
  disk: Schema.Int,
  /** RAM in megabytes. */
  memory: Schema.Int,
  /** Hourly price in USD. */
  price_hourly: Schema.Number,
  /** Monthly price in USD. */
  price_monthly: Schema.Number,
  /** The slugs of the regions in which this size is available. */
  regions: Schema.Array(Schema.String),
  /** The unique slug, e.g. `s-1vcpu-1gb`. */
  slug: Schema.String,
  /** Outbound transfer allowance in terabytes. */
  transfer: Schema.Number,
  /** The number of virtual CPUs. */
  vcpus: Schema.Int,
  /** The kind of size: `Basic`, `General Purpose`, `CPU-Optimized`, ... */
  description: Schema.String,
  disk_info: Schema.optional(Schema.Array(DiskInfo)),
  /** Present for GPU sizes only. */
  gpu_info: Schema.optional(GpuInfo)
}) {
  /**
   * The slug (doapi's `str(size)`).
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.slug
  }
}

/**
 * `GET /v2/sizes`: every size.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream: Stream.Stream<Size, DOAPIError, HttpClient.HttpClient | DoConfig> = Op.listing(E.SizesList, {
  operation: "Size.stream",
  decode: Pagination.page("sizes", Size),
  key: (size) => size.slug
})

/**
 * `GET /v2/sizes`, collected.
 *
 * @example
 * ```ts
 * import { Size } from "@doapi/core"
 * import { Array, Effect, Order } from "effect"
 *
 * const byMonthlyPrice = Order.mapInput(Order.number, (size: Size.Size) => size.price_monthly)
 *
 * // The cheapest available size with at least 2 GB of memory in fra1, if any (an Option<Size>)
 * const cheapest = Size.fetchAll.pipe(
 *   Effect.map((sizes) =>
 *     sizes.filter((size) => size.available && size.memory >= 2048 && size.regions.includes("fra1"))
 *   ),
 *   Effect.map((sizes) => Array.head(Array.sort(sizes, byMonthlyPrice)))
 * )
 * ```
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Size>, DOAPIError, HttpClient.HttpClient | DoConfig> = Pagination
  .collect(stream)
