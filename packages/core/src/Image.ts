/**
 * Images: distributions, applications, snapshots, backups and custom images.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import * as Http from "./internal/http.js"
import { openEnum, orNull } from "./internal/schema.js"

/**
 * An image. Its fields are the spec's `image` object; all but `id` may be absent, as the spec allows.
 *
 * @since 0.1.0
 * @category models
 */
export class Image extends Schema.Class<Image>("@doapi/core/Image")({
  id: Schema.Int,
  name: Schema.optional(Schema.String),
  /** `base`, `snapshot`, `backup`, `custom` or `admin`. */
  type: Schema.optional(openEnum("base", "snapshot", "backup", "custom", "admin")),
  /** e.g. `Ubuntu`, `Debian`, `Unknown`. */
  distribution: Schema.optional(Schema.String),
  /** The slug of a public image, `null` for snapshots, backups and custom images. */
  slug: orNull(Schema.String),
  public: Schema.optional(Schema.Boolean),
  /** The slugs of the regions the image is available in. */
  regions: Schema.optional(Schema.Array(Schema.String)),
  created_at: Schema.optional(Schema.DateTimeUtc),
  /** The minimum disk size, in gigabytes, for a droplet built from it. */
  min_disk_size: Schema.optional(Schema.NullOr(Schema.Int)),
  /** The size of the image, in gigabytes. */
  size_gigabytes: Schema.optional(Schema.NullOr(Schema.Number)),
  description: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.NullOr(Schema.Array(Schema.String))),
  /** `NEW`, `available`, `pending`, `deleted` or `retired`. */
  status: Schema.optional(openEnum("NEW", "available", "pending", "deleted", "retired")),
  /** Why a custom image could not be imported. */
  error_message: Schema.optional(Schema.String)
}) {
  /** The slug, or the id when there is none (doapi's `str(image)` failed there). */
  override toString(): string {
    return this.slug ?? String(this.id)
  }
}

/**
 * `GET /v2/images/{image_id}`: an image by id (or, for public images, by slug).
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (
  image: Image | number | string
): Effect.Effect<Image, DOAPIError, HttpClient.HttpClient | DoConfig> =>
  Http.execute({
    operation: "Image.fetch",
    method: "GET",
    route: Http.route`/v2/images/${typeof image === "object" ? image.id : image}`
  }, decodeImage)

const decodeImage = Http.envelope("image", Image)
