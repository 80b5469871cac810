/**
 * Regions: the datacenters droplets can live in.
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
import { Class } from "./internal/schema.js"

/**
 * A region. `toString()` gives its slug (doapi's `str(region)`).
 *
 * @since 0.1.0
 * @category models
 */
export class Region extends Class<Region>("@doapi/core/Region")({
  /** Whether new droplets can be created in the region. */
  available: Schema.Boolean,
  /** The features available in the region, e.g. `backups`, `ipv6`, `metadata`, `storage`. */
  features: Schema.Array(Schema.String),
  /** A human-readable name, e.g. `New York 3`. */
  name: Schema.String,
  /** The slugs of the sizes available in the region. */
  sizes: Schema.Array(Schema.String),
  /** The unique slug, e.g. `nyc3`. */
  slug: Schema.String
}) {
  /**
   * The slug (doapi's `str(region)`).
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.slug
  }
}

/**
 * `GET /v2/regions`: every region.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream: Stream.Stream<Region, DOAPIError, HttpClient.HttpClient | DoConfig> = Op.listing(E.RegionsList, {
  operation: "Region.stream",
  decode: Pagination.page("regions", Region),
  key: (region) => region.slug
})

/**
 * `GET /v2/regions`, collected.
 *
 * @example
 * ```ts
 * import { Region } from "@doapi/core"
 * import { Effect } from "effect"
 *
 * // The slugs of the regions a droplet of size s-1vcpu-1gb can be created in
 * const slugs = Region.fetchAll.pipe(
 *   Effect.map((regions) =>
 *     regions.filter((region) => region.available && region.sizes.includes("s-1vcpu-1gb")).map((region) => region.slug)
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Region>, DOAPIError, HttpClient.HttpClient | DoConfig> = Pagination
  .collect(
    stream
  )
