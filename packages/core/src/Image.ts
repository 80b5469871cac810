/**
 * Images: distributions, applications, snapshots, backups and custom images.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Action from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Actionable from "./internal/actionable.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, orNull } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import type { Region } from "./Region.js"

/**
 * The distributions DigitalOcean knows (the spec's `distribution` enum); it takes any other value for a custom
 * image, and stores `Unknown` instead.
 *
 * @since 0.1.0
 * @category constants
 */
export const DISTRIBUTIONS = [
  "Arch Linux",
  "CentOS",
  "CoreOS",
  "Debian",
  "Fedora",
  "Fedora Atomic",
  "FreeBSD",
  "Gentoo",
  "openSUSE",
  "RancherOS",
  "Rocky Linux",
  "Ubuntu",
  "Unknown"
] as const

const Distribution = openEnum(...DISTRIBUTIONS)

/**
 * An image. Its fields are the spec's `image` object; all but `id` may be absent, as the spec allows.
 *
 * @since 0.1.0
 * @category models
 */
export class Image extends Class<Image>("@doapi/core/Image")({
  id: Schema.Int,
  name: Schema.optional(Schema.String),
  /** `base`, `snapshot`, `backup`, `custom` or `admin`. */
  type: Schema.optional(openEnum("base", "snapshot", "backup", "custom", "admin")),
  /** e.g. `Ubuntu`, `Debian`, `Unknown`. */
  distribution: Schema.optional(Distribution),
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
  /**
   * The slug, or the id when there is none (doapi's `str(image)` failed there).
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.slug ?? String(this.id)
  }
}

/**
 * The options of `update`: its encoded form is the API's body. Every field is optional.
 *
 * @since 0.1.0
 * @category models
 */
export const UpdateOptions = Schema.Struct({
  name: Schema.optional(Schema.String),
  /** Any other value is accepted, and stored as `Unknown`. */
  distribution: Schema.optional(Distribution),
  description: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type UpdateOptions = typeof UpdateOptions.Type

/**
 * The options of `create` (a custom image imported from a URL): its encoded form is the API's body.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  name: Schema.String,
  /** Where to fetch the image: raw, qcow2, vhdx, vdi or vmdk, maybe gzip or bzip2 compressed, under 100 GB. */
  url: Schema.String,
  /**
   * The slug of the region to import it into. A plain string: the spec's `region_slug` enum is stale (it lacks
   * newer regions such as `atl1`, digest §13.9).
   */
  region: Schema.String,
  distribution: UpdateOptions.fields.distribution,
  description: UpdateOptions.fields.description,
  tags: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * Filters of `stream` and `fetchAll`.
 *
 * @since 0.1.0
 * @category models
 */
export type ListOptions = {
  /** `distribution` (public OS images) or `application` (1-Click applications). */
  readonly type?: "distribution" | "application" | undefined
  /** `true`: the account's own images only (snapshots, backups, custom images). */
  readonly private?: boolean | undefined
  /** Images with this tag. */
  readonly tag_name?: string | undefined
}

type R = HttpClient.HttpClient | DoConfig
const segment = (image: Image | number) => Segment.id("image_id", image)
const decodeImage = Http.envelope("image", Image)
const decodeImages = Pagination.page("images", Image)

/**
 * `GET /v2/images/{image_id}`: an image by id (or, for public images, by slug).
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (image: Image | number | string): Effect.Effect<Image, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ImagesGet, { operation: "Image.fetch", path: { image_id: Segment.idOrString("image_id", image) } }),
    decodeImage
  )

// Image actions: the spec's schemas for `POST /v2/images/{image_id}/actions` and `GET .../actions/{action_id}` are
// the bare Action, but its prose and examples, and the real API, wrap it as `{"action": {...}}` (digest §13.2): the
// shared mechanism decodes the wrapped form.
const actions = Actionable.make<Image, number, Action.Action>({
  name: "Image",
  endpoints: { post: E.ImageActionsPost, list: E.ImageActionsList },
  segment,
  fetch,
  actions: { schema: Action.Action, waitAll: Action.waitAll }
})

/**
 * `GET /v2/images`: every image (public and the account's), or those of a type, the account's own, or a tag's.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream = (options?: ListOptions | undefined): Stream.Stream<Image, DOAPIError, R> =>
  Op.listing(E.ImagesList, {
    operation: "Image.stream",
    params: options,
    decode: decodeImages
  })

/**
 * `GET /v2/images`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll = (options?: ListOptions | undefined): Effect.Effect<ReadonlyArray<Image>, DOAPIError, R> =>
  Pagination.collect(stream(options))

/**
 * `POST /v2/images`: imports a custom image from a URL (status `NEW` until DigitalOcean has fetched it).
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<Image, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ImagesCreateCustom, { operation: "Image.create", body: options, bodySchema: CreateOptions }),
    decodeImage
  )

/**
 * `PUT /v2/images/{image_id}`: renames or redescribes one of the account's images.
 *
 * @since 0.1.0
 * @category operations
 */
export const update = (image: Image | number, options: UpdateOptions): Effect.Effect<Image, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ImagesUpdate, {
      operation: "Image.update",
      path: { image_id: segment(image) },
      body: options,
      bodySchema: UpdateOptions
    }),
    decodeImage
  )

/**
 * `DELETE /v2/images/{image_id}`: deletes a snapshot, backup or custom image.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (image: Image | number): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.ImagesDelete, { operation: "Image.delete", path: { image_id: segment(image) } }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/images/{image_id}` (`delete` is a reserved word: `Image.delete` works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}

// ---------------------------------------------------------------------------------------------------------------
// Actions: POST /v2/images/{image_id}/actions
// ---------------------------------------------------------------------------------------------------------------

/**
 * `POST /v2/images/{image_id}/actions`: any action, by its body (for action types without a function here).
 *
 * @since 0.1.0
 * @category actions
 */
export const act = (
  image: Image | number,
  body: { readonly type: string; readonly [key: string]: unknown }
): Effect.Effect<Action.Action, DOAPIError, R> => actions.act(image, body)

/**
 * `transfer`: copies the image to another region (by slug; a plain string, as the spec's region enum is stale).
 *
 * @since 0.1.0
 * @category actions
 */
export const transfer = (image: Image | number, region: Region | string): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(image, { type: "transfer", region: Segment.slug("region", region) }, {
    operation: "Image.transfer"
  })

/**
 * `convert`: turns a backup into a snapshot.
 *
 * @since 0.1.0
 * @category actions
 */
export const convert = (image: Image | number): Effect.Effect<Action.Action, DOAPIError, R> =>
  actions.act(image, { type: "convert" }, { operation: "Image.convert" })

/**
 * `GET /v2/images/{image_id}/actions`: the image's actions, newest first.
 *
 * @since 0.1.0
 * @category actions
 */
export const streamActions: (image: Image | number) => Stream.Stream<Action.Action, DOAPIError, R> =
  actions.streamActions

/**
 * The image's actions, collected.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchAllActions: (image: Image | number) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =
  actions.fetchAllActions

/**
 * The image's most recent action, `None` when it has none.
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchLastAction: (image: Image | number) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R> =
  actions.fetchLastAction

/**
 * The image's action in progress, if any (among those that started with the newest: doapi's rule).
 *
 * @since 0.1.0
 * @category actions
 */
export const fetchCurrentAction: (
  image: Image | number
) => Effect.Effect<Option.Option<Action.Action>, DOAPIError, R> = actions.fetchCurrentAction

/**
 * Waits for the image's last action to finish, then returns the image's fresh state (`None` if it is gone).
 *
 * @since 0.1.0
 * @category waiting
 */
export const waitForAction: (
  image: Image | number,
  options?: Action.WaitOptions | undefined
) => Effect.Effect<Option.Option<Image>, DOAPIError | WaitTimeoutError, R> = actions.waitForAction
