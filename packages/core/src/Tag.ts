/**
 * Tags: labels on droplets, images, volumes, volume snapshots and databases; tagging and untagging resources; and
 * acting on every droplet with a tag at once.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Action from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import { Droplet } from "./Droplet.js"
import * as E from "./generated/internal/endpoints.js"
import { Image } from "./Image.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"

/**
 * How many resources of a kind carry the tag, and the URI of the last one tagged (absent when there is none).
 *
 * @since 0.1.0
 * @category models
 */
export class TaggedResources extends Class<TaggedResources>("@doapi/core/Tag/TaggedResources")({
  count: Schema.optional(Schema.NonNegativeInt),
  last_tagged_uri: Schema.optional(Schema.String)
}) {}

/**
 * The tag's resources: the totals, and the same per kind.
 *
 * @since 0.1.0
 * @category models
 */
export class TagResources extends Class<TagResources>("@doapi/core/Tag/TagResources")({
  count: Schema.optional(Schema.NonNegativeInt),
  last_tagged_uri: Schema.optional(Schema.String),
  droplets: Schema.optional(TaggedResources),
  // The spec's schema spells this `imgages` (a typo, digest §13.3); its examples and the API say `images`.
  images: Schema.optional(TaggedResources),
  volumes: Schema.optional(TaggedResources),
  volume_snapshots: Schema.optional(TaggedResources),
  databases: Schema.optional(TaggedResources)
}) {}

/**
 * A tag, identified by its name. `toString()` gives the name.
 *
 * @since 0.1.0
 * @category models
 */
export class Tag extends Class<Tag>("@doapi/core/Tag")({
  /**
   * Letters, digits, `:`, `-` and `_`, at most 255 characters. Its capitalization at creation is canonical: paths
   * must use it.
   */
  name: Schema.String,
  /** Only the resources the token may see are counted. */
  resources: Schema.optional(TagResources)
}) {
  /**
   * The name.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.name
  }
}

/**
 * The kinds of resources `tagResources` and `untagResources` take.
 *
 * @since 0.1.0
 * @category models
 */
export type ResourceType = "droplet" | "image" | "volume" | "volume_snapshot"

/**
 * A resource to tag or untag, by its id and kind, as the API's body says it (a droplet's or image's integer id may
 * be given as a number: it is sent as a string).
 *
 * @since 0.1.0
 * @category models
 */
export interface ResourceRef {
  readonly resource_id: string | number
  readonly resource_type: ResourceType | (string & {})
}

/**
 * The body of `tagResources` and `untagResources`.
 *
 * @since 0.1.0
 * @category models
 */
export const ResourcesBody = Schema.Struct({
  resources: Schema.Array(Schema.Struct({
    resource_id: Schema.String,
    resource_type: openEnum("droplet", "image", "volume", "volume_snapshot")
  }))
})

type R = HttpClient.HttpClient | DoConfig

/**
 * A tag's name (its identifier), from the object or the name.
 *
 * @since 0.1.0
 * @category utils
 */
export const tagName = (tag: Tag | string): string => typeof tag === "string" ? tag : tag.name

const segment = (tag: Tag | string) => Segment.name("tag_id", tag)
const path = (tag: Tag | string) => ({ tag_id: segment(tag) })
const decodeTag = Http.envelope("tag", Tag)
const decodeTags = Pagination.page("tags", Tag)

/**
 * `GET /v2/tags/{tag_id}`: a tag by its (canonically capitalized) name.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (tag: Tag | string): Effect.Effect<Tag, DOAPIError, R> =>
  Http.execute(Op.request(E.TagsGet, { operation: "Tag.fetch", path: path(tag) }), decodeTag)

/**
 * `GET /v2/tags`: every tag of the account.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream: Stream.Stream<Tag, DOAPIError, R> = Op.listing(E.TagsList, {
  operation: "Tag.stream",
  decode: decodeTags,
  key: tagName
})

/**
 * `GET /v2/tags`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Tag>, DOAPIError, R> = Pagination.collect(stream)

const CreateBody = Schema.Struct({ name: Schema.String })

/**
 * `POST /v2/tags`: creates a tag. A name the API refuses is a 400 whose body is not the usual error shape
 * (`{error, messages, root_causes}`): the `DOAPIError`'s `api_message` is its `error`.
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (name: string): Effect.Effect<Tag, DOAPIError, R> =>
  Http.execute(
    Op.request(E.TagsCreate, { operation: "Tag.create", body: { name }, bodySchema: CreateBody }),
    decodeTag
  )

/**
 * `DELETE /v2/tags/{tag_id}`: deletes the tag (and removes it from every resource).
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (tag: Tag | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(Op.request(E.TagsDelete, { operation: "Tag.delete", path: path(tag) }), Http.noContent)

export {
  /**
   * `DELETE /v2/tags/{tag_id}` (`delete` is a reserved word: `Tag.delete` works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}

/**
 * What `tagResources` and `untagResources` take: a `Droplet`, an `Image`, or any resource by id and kind.
 *
 * @since 0.1.0
 * @category models
 */
export type Taggable = Droplet | Image | ResourceRef

const reference = (resource: Taggable): typeof ResourcesBody.Type["resources"][number] =>
  resource instanceof Droplet
    ? { resource_id: String(resource.id), resource_type: "droplet" }
    : resource instanceof Image
    ? { resource_id: String(resource.id), resource_type: "image" }
    : { resource_id: String(resource.resource_id), resource_type: resource.resource_type }

const tagging = (endpoint: typeof E.TagsAssignResources | typeof E.TagsUnassignResources, operation: string) =>
(
  tag: Tag | string,
  taggables: Iterable<Taggable>
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(endpoint, {
      operation: `Tag.${operation}`,
      path: path(tag),
      body: { resources: Array.from(taggables, reference) },
      bodySchema: ResourcesBody
    }),
    Http.noContent
  )

/**
 * `POST /v2/tags/{tag_id}/resources`: tags the resources (droplets, images, volumes, volume snapshots).
 *
 * @since 0.1.0
 * @category operations
 */
export const tagResources: (tag: Tag | string, resources: Iterable<Taggable>) => Effect.Effect<void, DOAPIError, R> =
  tagging(E.TagsAssignResources, "tagResources")

/**
 * `DELETE /v2/tags/{tag_id}/resources`: removes the tag from the resources.
 *
 * @since 0.1.0
 * @category operations
 */
export const untagResources: (tag: Tag | string, resources: Iterable<Taggable>) => Effect.Effect<void, DOAPIError, R> =
  tagging(E.TagsUnassignResources, "untagResources")

// ---------------------------------------------------------------------------------------------------------------
// Actions on every droplet with the tag: POST /v2/droplets/actions?tag_name=
// ---------------------------------------------------------------------------------------------------------------

const decodeActions = Http.envelope("actions", Schema.Array(Action.Action))

/**
 * The body of an action on the droplets with a tag: `type` (`power_cycle`, `power_on`, `power_off`, `shutdown`,
 * `enable_ipv6`, `enable_backups`, `disable_backups`, `snapshot`) and, for `snapshot`, an optional `name`.
 *
 * @since 0.1.0
 * @category models
 */
export const DropletActionBody = Schema.Struct({
  type: openEnum(
    "power_cycle",
    "power_on",
    "power_off",
    "shutdown",
    "enable_ipv6",
    "enable_backups",
    "disable_backups",
    "snapshot"
  ),
  name: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type DropletActionBody = typeof DropletActionBody.Type

const onTagged = (operation: string) =>
(
  tag: Tag | string,
  body: DropletActionBody
): Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DropletActionsPostByTag, {
      operation: `Tag.${operation}`,
      params: { tag_name: Segment.name("tag_name", tag) },
      body,
      bodySchema: DropletActionBody
    }),
    decodeActions
  )

/**
 * `POST /v2/droplets/actions?tag_name=`: any action on every droplet with the tag, by its body; one `Action` per
 * droplet.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const actOnDroplets: (
  tag: Tag | string,
  body: DropletActionBody
) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> = onTagged("actOnDroplets")

const onDroplets = (type: DropletActionBody["type"], operation: string) => {
  const act = onTagged(operation)
  return (tag: Tag | string) => act(tag, { type })
}

/**
 * `power_cycle` on every droplet with the tag.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const powerCycleDroplets: (tag: Tag | string) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =
  onDroplets("power_cycle", "powerCycleDroplets")

/**
 * `power_on` on every droplet with the tag.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const powerOnDroplets: (tag: Tag | string) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =
  onDroplets("power_on", "powerOnDroplets")

/**
 * `power_off` (hard) on every droplet with the tag.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const powerOffDroplets: (tag: Tag | string) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =
  onDroplets("power_off", "powerOffDroplets")

/**
 * `shutdown` (graceful) on every droplet with the tag.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const shutdownDroplets: (tag: Tag | string) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =
  onDroplets("shutdown", "shutdownDroplets")

/**
 * `enable_ipv6` on every droplet with the tag.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const enableIpv6Droplets: (tag: Tag | string) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =
  onDroplets("enable_ipv6", "enableIpv6Droplets")

/**
 * `enable_backups` on every droplet with the tag.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const enableBackupsDroplets: (
  tag: Tag | string
) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> = onDroplets("enable_backups", "enableBackupsDroplets")

/**
 * `disable_backups` on every droplet with the tag.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const disableBackupsDroplets: (
  tag: Tag | string
) => Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> = onDroplets(
  "disable_backups",
  "disableBackupsDroplets"
)

const snapshot = onTagged("snapshotDroplets")

/**
 * `snapshot` of every droplet with the tag, with an optional snapshot name.
 *
 * @since 0.1.0
 * @category droplet actions
 */
export const snapshotDroplets = (
  tag: Tag | string,
  name?: string | undefined
): Effect.Effect<ReadonlyArray<Action.Action>, DOAPIError, R> =>
  snapshot(tag, name === undefined ? { type: "snapshot" } : { type: "snapshot", name })
