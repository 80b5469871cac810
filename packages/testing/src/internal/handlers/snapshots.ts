/**
 * Snapshots (`/v2/snapshots`): the droplet snapshots (made by a droplet's `snapshot` action; their ids are the
 * images' integer ids as strings) and the volume snapshots (made by `POST /v2/volumes/{id}/snapshots`; uuids), listed
 * together or by `resource_type`, fetched and deleted. Deleting a droplet snapshot deletes its image and takes it out
 * of the droplet's `snapshot_ids`.
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import { found, json, noContent, page, require, route } from "../router.js"
import type { Json, State } from "../store.js"
import { tagsOf, untagEverywhere } from "./shared.js"

/** The tag index key of a snapshot: a droplet snapshot is an image (`image:7`), a volume snapshot `volume_snapshot:<id>`. */
export const tagKey = (snapshot: Json): string =>
  snapshot.resource_type === "droplet" ? `image:${snapshot.id}` : `volume_snapshot:${snapshot.id}`

/** The image behind a droplet snapshot (undefined once the image is gone, e.g. deleted through `/v2/images`). */
const imageOf = (state: State, snapshot: Json): Json | undefined => state.images.get(Number(snapshot.id))

/** Whether the snapshot still exists: a droplet snapshot lives as long as its image. */
const live = (state: State, snapshot: Json): boolean =>
  snapshot.resource_type !== "droplet" || imageOf(state, snapshot) !== undefined

/** A snapshot as the API shows it: tags from the tag index; a droplet snapshot's regions are its image's. */
export const show = (state: State, snapshot: Json): Json => {
  const image = snapshot.resource_type === "droplet" ? imageOf(state, snapshot) : undefined
  return {
    ...snapshot,
    ...(image !== undefined ? { regions: [...image.regions] } : {}),
    tags: tagsOf(state, tagKey(snapshot))
  }
}

/** Every snapshot that still exists, in the order they were taken. */
export const all = (state: State): Array<Json> => [...state.snapshots.values()].filter((s) => live(state, s))

/** A snapshot by its string id, or 404. */
export const snapshotParam = (context: Context): Json => {
  const snapshot = context.state.snapshots.get(context.params.snapshot_id)
  return found(snapshot !== undefined && live(context.state, snapshot) ? snapshot : undefined)
}

/** Deletes a snapshot; a droplet snapshot takes its image with it. */
export const destroy = (state: State, snapshot: Json): void => {
  state.snapshots.delete(snapshot.id)
  untagEverywhere(state, tagKey(snapshot))
  if (snapshot.resource_type !== "droplet") return
  const imageId = Number(snapshot.id)
  state.images.delete(imageId)
  const droplet = state.droplets.get(Number(snapshot.resource_id))
  if (droplet !== undefined) droplet.snapshot_ids = droplet.snapshot_ids.filter((id: number) => id !== imageId)
}

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/snapshots", (context) => {
    const type = context.request.query.get("resource_type")
    require(type === null || type === "droplet" || type === "volume", "resource_type must be droplet or volume")
    return page(
      context,
      "snapshots",
      all(context.state).filter((s) => type === null || s.resource_type === type).map((s) => show(context.state, s))
    )
  }),
  route(
    "GET",
    "/v2/snapshots/:snapshot_id",
    (context) => json(200, { snapshot: show(context.state, snapshotParam(context)) })
  ),
  route("DELETE", "/v2/snapshots/:snapshot_id", (context) => {
    destroy(context.state, snapshotParam(context))
    return noContent
  })
]
