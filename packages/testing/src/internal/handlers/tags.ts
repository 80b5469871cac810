/**
 * Tags: list, create (an existing name, in any capitalization, answers the existing tag), fetch, delete (which
 * untags everything), and tagging or untagging droplets, images, volumes and volume snapshots. A tag's `resources`
 * (these, and database clusters, tagged through their own `tags`) are counted when it is read, from the tag index (only resources that still exist count), with the URI of the
 * resource tagged last. Paths use the tag's canonical capitalization.
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import { found, json, noContent, page, Reject, require, route } from "../router.js"
import type { Json, State } from "../store.js"
import { ensureTag, TAG_NAME, tagResource } from "./shared.js"

type Entry = State["tags"] extends Map<string, infer A> ? A : never

/**
 * The kinds of tagged resources: the index key's prefix (and the body's `resource_type` where `POST .../resources`
 * takes it), the `resources` field, the URI path, and existence.
 */
const KINDS: ReadonlyArray<{
  readonly type: string
  readonly field: string
  readonly path: string
  readonly exists: (state: State, id: string) => boolean
  /** Tagged with `POST /v2/tags/{tag_id}/resources` (databases are tagged through their cluster's `tags`). */
  readonly byTagging: boolean
}> = [
  {
    type: "droplet",
    field: "droplets",
    path: "droplets",
    exists: (state, id) => state.droplets.has(Number(id)),
    byTagging: true
  },
  {
    type: "image",
    field: "images",
    path: "images",
    exists: (state, id) => state.images.has(Number(id)),
    byTagging: true
  },
  { type: "volume", field: "volumes", path: "volumes", exists: (state, id) => state.volumes.has(id), byTagging: true },
  {
    type: "volume_snapshot",
    field: "volume_snapshots",
    path: "snapshots",
    exists: (state, id) => state.snapshots.get(id)?.resource_type === "volume",
    byTagging: true
  },
  // The databases handler records a cluster's tags under `database:<id>`.
  {
    type: "database",
    field: "databases",
    path: "databases",
    exists: (state, id) => state.databases.has(id),
    byTagging: false
  }
]

const TAGGABLE = KINDS.filter((kind) => kind.byTagging)

/** Counts of one kind, or all: `last_tagged_uri` only when something is tagged. */
const stats = (count: number, uri: string | undefined): Json =>
  uri === undefined ? { count } : { count, last_tagged_uri: uri }

/** A tag as the API shows it, its resources counted now. */
const show = (context: Context, entry: Entry): Json => {
  const kinds = KINDS.map((kind) => ({ kind, count: 0, last: -Infinity, uri: undefined as string | undefined }))
  let total = 0
  let last = -Infinity
  let lastUri: string | undefined
  for (const [key, at] of entry.resources) {
    const colon = key.indexOf(":")
    const tally = kinds.find((k) => k.kind.type === key.slice(0, colon))
    const id = key.slice(colon + 1)
    if (tally === undefined || !tally.kind.exists(context.state, id)) continue
    const uri = `${context.request.origin}/v2/${tally.kind.path}/${id}`
    tally.count++
    total++
    if (at >= tally.last) [tally.last, tally.uri] = [at, uri]
    if (at >= last) [last, lastUri] = [at, uri]
  }
  return {
    name: entry.json.name,
    resources: {
      ...stats(total, lastUri),
      ...Object.fromEntries(kinds.map((k) => [k.kind.field, stats(k.count, k.uri)]))
    }
  }
}

/** A tag by its canonical name, or 404. */
const tagParam = (context: Context): Entry => found(context.state.tags.get(context.params.tag_id))

/** `POST /v2/tags` refuses a name with a 400 in its own shape (`error`, `messages`, `root_causes`). */
const invalidName = (name: unknown): Reject => {
  const reason = typeof name !== "string" || name === ""
    ? "tag name is required"
    : name.length > 255
    ? `tag-name \\"${name}\\" is too long`
    : `tag-name \\"${name}\\" contains invalid characters`
  const error = `Error validating resource tag: "${reason}"`
  return new Reject({
    status: 400,
    body: { error, messages: null, root_causes: [`rpc error: code = InvalidArgument desc = ${error}`] }
  })
}

/** The index keys of the body's resources (`droplet:5`), each checked to exist (else 422). */
const resourceKeys = (context: Context): Array<string> => {
  const { body, state } = context
  require(Array.isArray(body.resources) && body.resources.length > 0, "resources must be a non-empty array")
  return (body.resources as Array<unknown>).map((item) => {
    require(typeof item === "object" && item !== null, "each resource must be an object")
    const { resource_id, resource_type } = item as Json
    const kind = TAGGABLE.find((k) => k.type === resource_type)
    require(kind !== undefined, `resource_type must be one of ${TAGGABLE.map((k) => k.type).join(", ")}`)
    require(
      (typeof resource_id === "string" && resource_id !== "") || Number.isInteger(resource_id),
      "resource_id is required and must be a string"
    )
    const numeric = kind!.type === "droplet" || kind!.type === "image"
    const id = numeric && /^\d+$/.test(String(resource_id)) ? String(Number(resource_id)) : String(resource_id)
    require(kind!.exists(state, id), `${kind!.type} ${String(resource_id)} does not exist`)
    return `${kind!.type}:${id}`
  })
}

export const routes: ReadonlyArray<Route> = [
  route(
    "GET",
    "/v2/tags",
    (context) => page(context, "tags", [...context.state.tags.values()].map((entry) => show(context, entry)))
  ),
  route("POST", "/v2/tags", (context) => {
    const name = context.body.name
    if (typeof name !== "string" || !TAG_NAME.test(name)) throw invalidName(name)
    // An existing tag (in any capitalization) is answered as it is, with its canonical name.
    return json(201, { tag: show(context, ensureTag(context.state, name)) })
  }),
  route("GET", "/v2/tags/:tag_id", (context) => json(200, { tag: show(context, tagParam(context)) })),
  route("DELETE", "/v2/tags/:tag_id", (context) => {
    // The index lives in the tag: deleting it untags every resource.
    context.state.tags.delete(tagParam(context).json.name)
    return noContent
  }),
  route("POST", "/v2/tags/:tag_id/resources", (context) => {
    const entry = tagParam(context)
    for (const key of resourceKeys(context)) tagResource(context.state, entry.json.name, key, context.now)
    return noContent
  }),
  route("DELETE", "/v2/tags/:tag_id/resources", (context) => {
    const entry = tagParam(context)
    for (const key of resourceKeys(context)) entry.resources.delete(key)
    return noContent
  })
]
