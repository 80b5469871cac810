/**
 * Images: the seeded public distribution images, droplet snapshots and backups (made by droplets.ts) and custom
 * images imported from a URL. List (by type, private, tag), fetch (by id, or by slug for public images), import,
 * update, delete, and the image actions `transfer` (the region is added when it completes) and `convert` (a backup
 * becomes a snapshot when it completes).
 *
 * An import is modelled as an `import` action on the image (the real API shows no action for it, only the status
 * going `NEW` → `available`): the image is `NEW`, without regions, until the action completes after the configured
 * duration (`actionDuration: { import: ... }`), then `available` in its region; if the action errors (fault
 * injection), the image is `deleted` with an `error_message`.
 *
 * @internal
 */
import { Image } from "@doapi/core"
import type { Context, Route } from "../router.js"
import {
  actionRoutes,
  busy,
  found,
  intParam,
  json,
  noContent,
  optional,
  page,
  Reject,
  require,
  route,
  startAction,
  str,
  unprocessable
} from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp } from "../store.js"
import { regionOf, tagResource, tagsOf, untagEverywhere } from "./shared.js"

/** The spec's `distribution` enum: DigitalOcean stores any other value as `Unknown`. */
const DISTRIBUTIONS: ReadonlySet<string> = new Set(Image.DISTRIBUTIONS)

const key = (id: number) => `image:${id}`

/** An image as the API shows it: its tags are read from the tag index. */
export const show = (state: State, image: Json): Json => ({ ...image, tags: tagsOf(state, key(image.id)) })

const distributionOf = (body: Json): string | undefined => {
  const distribution = optional<string>(body, "distribution", "string")
  return distribution === undefined ? undefined : DISTRIBUTIONS.has(distribution) ? distribution : "Unknown"
}

/** The image of the path: an integer id, or (public images only) a slug; 404 otherwise. */
const imageParam = (context: Context): Json => {
  const param = context.params.image_id
  if (/^\d+$/.test(param)) return found(context.state.images.get(intParam(context, "image_id")))
  return found([...context.state.images.values()].find((i) => i.public && i.slug === param))
}

/** One of the account's images (by integer id): public images cannot be changed (422). */
const ownImage = (context: Context): Json => {
  const image = found(context.state.images.get(intParam(context, "image_id")))
  require(!image.public, "public images cannot be modified or deleted")
  return image
}

const listed = (context: Context): Array<Json> => {
  const { query } = context.request
  const type = query.get("type")
  const isPrivate = query.get("private")
  const tag = query.get("tag_name")
  require(
    type === null || type === "distribution" || type === "application",
    "type must be distribution or application"
  )
  require(isPrivate === null || isPrivate === "true" || isPrivate === "false", "private must be true or false")
  return [...context.state.images.values()]
    // Distributions are the public base images; 1-Click applications are public snapshots (none are seeded).
    .filter((i) => type === null || (i.public && (i.type === "base") === (type === "distribution")))
    .filter((i) => isPrivate !== "true" || !i.public)
    .filter((i) => tag === null || tagsOf(context.state, key(i.id)).includes(tag))
    .sort((a, b) => a.id - b.id)
    .map((i) => show(context.state, i))
}

/** POST /v2/images: a custom image, `NEW` until its import completes. */
const create = (context: Context): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  const url = str(body, "url")
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  require(
    parsed !== undefined && (parsed.protocol === "http:" || parsed.protocol === "https:"),
    "url must be an http or https URL"
  )
  const region = regionOf(state, str(body, "region"))
  const distribution = distributionOf(body) ?? "Unknown"
  const description = optional<string>(body, "description", "string") ?? ""
  const tags = optional<Array<string>>(body, "tags", "array") ?? []
  for (const tag of tags) require(typeof tag === "string", "tags must be strings")
  const id = state.counters.image++
  const image: Json = {
    id,
    name,
    type: "custom",
    distribution,
    slug: null,
    public: false,
    regions: [],
    created_at: timestamp(now),
    min_disk_size: null,
    size_gigabytes: null,
    description,
    tags: [],
    status: "NEW",
    error_message: ""
  }
  state.images.set(id, image)
  for (const tag of tags) tagResource(state, tag, key(id), now)
  startAction(context, {
    type: "import",
    target: key(id),
    resource_id: id,
    resource_type: "image",
    region,
    onComplete: (s) => {
      const i = s.images.get(id)
      if (i === undefined) return
      const gigabytes = 1 + Math.round(s.random() * 400) / 100
      Object.assign(i, {
        status: "available",
        regions: [region.slug],
        min_disk_size: Math.max(10, Math.ceil(gigabytes * 2)),
        size_gigabytes: gigabytes
      })
    },
    onError: (s) => {
      const i = s.images.get(id)
      if (i !== undefined) Object.assign(i, { status: "deleted", error_message: `could not fetch ${url}` })
    }
  })
  return show(state, image)
}

/** Removes an image and every reference to it: its snapshot entry, the droplets' lists, its tags. */
const destroy = (state: State, id: number): void => {
  state.images.delete(id)
  untagEverywhere(state, key(id))
  const snapshot = state.snapshots.get(String(id))
  if (snapshot?.resource_type === "droplet") state.snapshots.delete(String(id))
  for (const droplet of state.droplets.values()) {
    if (droplet.snapshot_ids?.includes(id)) droplet.snapshot_ids = droplet.snapshot_ids.filter((i: number) => i !== id)
    if (droplet.backup_ids?.includes(id)) droplet.backup_ids = droplet.backup_ids.filter((i: number) => i !== id)
  }
}

/** What an image action does when it completes, after validating its body; a 422 for an impossible one. */
const effectOf = (
  context: Context,
  image: Json
): { region: Json | undefined; onComplete: (s: State, at: number) => void } => {
  const { body, state } = context
  const id = image.id
  switch (body.type) {
    case "transfer": {
      const region = regionOf(state, str(body, "region"))
      require(image.status === "available", "only an available image can be transferred")
      require(!image.regions.includes(region.slug), `the image is already available in ${region.slug}`)
      return {
        region,
        onComplete: (s) => {
          const i = s.images.get(id)
          if (i !== undefined && !i.regions.includes(region.slug)) i.regions = [...i.regions, region.slug]
        }
      }
    }
    case "convert": {
      require(image.type === "backup", "only a backup can be converted to a snapshot")
      return {
        region: state.regions.find((r) => r.slug === image.regions[0]),
        onComplete: (s, at) => {
          const i = s.images.get(id)
          if (i === undefined || i.type !== "backup") return
          i.type = "snapshot"
          const droplet = [...s.droplets.values()].find((d) => d.backup_ids?.includes(id))
          if (droplet !== undefined) {
            droplet.backup_ids = droplet.backup_ids.filter((b: number) => b !== id)
            droplet.snapshot_ids = [...droplet.snapshot_ids, id]
          }
          // A droplet snapshot is listed by /v2/snapshots too (in droplets.ts's shape).
          s.snapshots.set(String(id), {
            id: String(id),
            name: i.name,
            created_at: i.created_at ?? timestamp(at),
            regions: [...i.regions],
            resource_id: String(droplet?.id ?? 0),
            resource_type: "droplet",
            min_disk_size: i.min_disk_size ?? 0,
            size_gigabytes: i.size_gigabytes ?? 0,
            tags: []
          })
        }
      }
    }
    default:
      throw new Reject(unprocessable(`${String(body.type)} is not a valid image action type`))
  }
}

/** Starts an image action: 422 when one is already in progress or the body is invalid. */
const act = (context: Context, image: Json): Json => {
  str(context.body, "type")
  require(!busy(context.state, key(image.id)), "Image already has a pending event.")
  const { onComplete, region } = effectOf(context, image)
  return startAction(context, {
    type: context.body.type,
    target: key(image.id),
    resource_id: image.id,
    resource_type: "image",
    region,
    onComplete
  })
}

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/images", (context) => page(context, "images", listed(context))),
  route("POST", "/v2/images", (context) => json(202, { image: create(context) })),
  route("GET", "/v2/images/:image_id", (context) => json(200, { image: show(context.state, imageParam(context)) })),
  route("PUT", "/v2/images/:image_id", (context) => {
    const image = ownImage(context)
    const { body } = context
    const name = optional<string>(body, "name", "string")
    require(name === undefined || name !== "", "name must not be empty")
    const distribution = distributionOf(body)
    const description = optional<string>(body, "description", "string")
    if (name !== undefined) image.name = name
    if (distribution !== undefined) image.distribution = distribution
    if (description !== undefined) image.description = description
    return json(200, { image: show(context.state, image) })
  }),
  route("DELETE", "/v2/images/:image_id", (context) => {
    destroy(context.state, ownImage(context).id)
    return noContent
  }),
  // The spec's schema for this 201 (and for GET .../actions/{action_id}) is the bare Action, but its prose and
  // examples, and the real API, wrap it as `{"action": {...}}` (digest §13.2): the fake wraps it, as the client expects.
  ...actionRoutes({
    path: "/v2/images/:image_id",
    target: (context) => key(imageParam(context).id),
    act: (context) => act(context, imageParam(context)),
    status: 201
  })
]
