/**
 * Volumes (block storage): create (blank, or from a volume snapshot), list (by name and region), fetch, delete (by
 * id, or by name and region), actions (attach, detach, resize; by id, or attach and detach by name) and volume
 * snapshots. Actions are in progress first (202): when one completes, an attach sets the volume's `droplet_ids` and
 * adds it to the droplet's `volume_ids`, a detach undoes that, a resize grows the volume. A volume with an action in
 * progress refuses another (422), and an attached one refuses to be deleted (422).
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import {
  actionRoutes,
  busy,
  found,
  int,
  json,
  noContent,
  optional,
  page,
  require,
  route,
  startAction,
  str
} from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"
import { regionOf, tagResource, tagsOf, untagEverywhere } from "./shared.js"
import * as Snapshots from "./snapshots.js"

/** Lowercase letters, digits and `-`, at most 64 characters, starting with a letter. */
const NAME = /^[a-z][a-z0-9-]{0,63}$/
/** 16 TiB, in GiB. */
const MAX_SIZE = 16_384
/** How many volumes a droplet holds at most. */
const PER_DROPLET = 15
const LABEL_MAX: Record<string, number> = { ext4: 16, xfs: 12 }

const key = (id: string) => `volume:${id}`

/** A volume as the API shows it: its tags are read from the tag index. */
export const show = (state: State, volume: Json): Json => ({ ...volume, tags: tagsOf(state, key(volume.id)) })

/**
 * Attachments in flight, per fake: volume id → droplet id. A droplet's limit of 15 volumes counts them, so two
 * attaches started together cannot overfill it.
 */
const attaching = new WeakMap<State, Map<string, number>>()
const pendingAttaches = (state: State): Map<string, number> => {
  let pending = attaching.get(state)
  if (pending === undefined) attaching.set(state, pending = new Map())
  return pending
}

const tagsField = (body: Json): Array<string> => {
  const tags = optional<Array<string>>(body, "tags", "array") ?? []
  for (const tag of tags) require(typeof tag === "string", "tags must be strings")
  return tags
}

const create = (context: Context): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  require(
    NAME.test(name),
    `${name} is not a valid volume name: lowercase letters, digits and "-", at most 64 characters, starting with a letter`
  )
  const size = int(body, "size_gigabytes")
  require(size >= 1 && size <= MAX_SIZE, `size_gigabytes must be from 1 to ${MAX_SIZE}`)
  const region = regionOf(state, str(body, "region"))
  require(region.features.includes("storage"), `block storage is not available in ${region.slug}`)
  const description = optional<string>(body, "description", "string") ?? ""
  const snapshotId = optional<string>(body, "snapshot_id", "string")
  const tags = tagsField(body)
  const filesystemType = optional<string>(body, "filesystem_type", "string")
  const filesystemLabel = optional<string>(body, "filesystem_label", "string")
  require(filesystemType === undefined || filesystemType in LABEL_MAX, "filesystem_type must be ext4 or xfs")
  require(filesystemLabel === undefined || filesystemType !== undefined, "filesystem_label needs a filesystem_type")
  require(
    filesystemLabel === undefined || filesystemLabel.length <= LABEL_MAX[filesystemType!],
    `filesystem_label must be at most ${LABEL_MAX[filesystemType!]} characters for ${filesystemType}`
  )
  if (snapshotId !== undefined) {
    const snapshot = state.snapshots.get(snapshotId)
    require(
      snapshot !== undefined && snapshot.resource_type === "volume",
      `volume snapshot ${snapshotId} does not exist`
    )
    require(snapshot!.regions.includes(region.slug), `snapshot ${snapshotId} is not available in ${region.slug}`)
    require(
      size >= snapshot!.min_disk_size,
      `size_gigabytes must be at least the snapshot's minimum size (${snapshot!.min_disk_size} GiB)`
    )
  }
  require(
    ![...state.volumes.values()].some((v) => v.name === name && v.region.slug === region.slug),
    `a volume named ${name} already exists in ${region.slug}`
  )
  const id = uuid(state.random)
  const volume: Json = {
    id,
    name,
    description,
    size_gigabytes: size,
    created_at: timestamp(now),
    droplet_ids: [],
    region,
    filesystem_type: filesystemType ?? "",
    filesystem_label: filesystemLabel ?? "",
    tags: []
  }
  state.volumes.set(id, volume)
  for (const tag of tags) tagResource(state, tag, key(id), now)
  return volume
}

/** Deletes a volume: refused while it is attached (or an action on it is in progress). */
const destroy = (state: State, volume: Json): void => {
  require(
    (volume.droplet_ids ?? []).length === 0,
    "Attached volumes cannot be deleted: detach the volume from its droplet first."
  )
  require(!busy(state, key(volume.id)), "This volume has a pending action.")
  state.volumes.delete(volume.id)
  untagEverywhere(state, key(volume.id))
}

/** The droplet of an attach or detach body: it must exist, in the volume's region. */
const dropletOf = (context: Context, volume: Json): Json => {
  const dropletId = int(context.body, "droplet_id")
  const droplet = context.state.droplets.get(dropletId)
  require(droplet !== undefined, `droplet ${dropletId} does not exist`)
  require(
    droplet!.region.slug === volume.region.slug,
    `droplet ${dropletId} is in ${droplet!.region.slug}, the volume in ${volume.region.slug}: they must share a region`
  )
  return droplet!
}

/** Validates an action on a volume and starts it (202). */
const act = (context: Context, volume: Json): Json => {
  const { body, state } = context
  const type = str(body, "type")
  require(type === "attach" || type === "detach" || type === "resize", `${type} is not a valid volume action type`)
  const region = optional<string>(body, "region", "string")
  if (region !== undefined) {
    regionOf(state, region)
    require(region === volume.region.slug, `the volume is in ${volume.region.slug}, not ${region}`)
  }
  require(!busy(state, key(volume.id)), "This volume already has a pending action.")
  const volumeId = volume.id
  const start = (actionType: string, onComplete: (s: State) => void, onError?: (s: State) => void) =>
    startAction(context, {
      type: actionType,
      target: key(volumeId),
      resource_id: null,
      resource_type: "volume",
      region: volume.region,
      onComplete,
      onError
    })
  switch (type) {
    case "attach": {
      const droplet = dropletOf(context, volume)
      const attachedTo: Array<number> = volume.droplet_ids ?? []
      require(
        attachedTo.length === 0,
        attachedTo.includes(droplet.id)
          ? `the volume is already attached to droplet ${droplet.id}`
          : `the volume is attached to droplet ${attachedTo[0]}: a volume attaches to one droplet only`
      )
      require(!droplet.locked, "Droplet already has a pending event.")
      const pending = pendingAttaches(state)
      const holds = droplet.volume_ids.length + [...pending.values()].filter((d) => d === droplet.id).length
      require(holds < PER_DROPLET, `droplet ${droplet.id} already has the maximum of ${PER_DROPLET} volumes attached`)
      const tags = tagsField(body)
      for (const tag of tags) tagResource(state, tag, key(volumeId), context.now)
      const dropletId = droplet.id
      pending.set(volumeId, dropletId)
      return start("attach_volume", (s) => {
        pendingAttaches(s).delete(volumeId)
        const v = s.volumes.get(volumeId)
        const d = s.droplets.get(dropletId)
        if (v === undefined || d === undefined) return
        v.droplet_ids = [dropletId]
        if (!d.volume_ids.includes(volumeId)) d.volume_ids = [...d.volume_ids, volumeId]
      }, (s) => {
        pendingAttaches(s).delete(volumeId)
      })
    }
    case "detach": {
      const droplet = dropletOf(context, volume)
      require(
        (volume.droplet_ids ?? []).includes(droplet.id),
        `the volume is not attached to droplet ${droplet.id}`
      )
      const dropletId = droplet.id
      return start("detach_volume", (s) => {
        const v = s.volumes.get(volumeId)
        if (v !== undefined) v.droplet_ids = (v.droplet_ids ?? []).filter((d: number) => d !== dropletId)
        const d = s.droplets.get(dropletId)
        if (d !== undefined) d.volume_ids = d.volume_ids.filter((id: string) => id !== volumeId)
      })
    }
    default: {
      const size = int(body, "size_gigabytes")
      require(size <= MAX_SIZE, `size_gigabytes must be at most ${MAX_SIZE}`)
      require(
        size > volume.size_gigabytes,
        `a volume can only grow: size_gigabytes must be more than its ${volume.size_gigabytes} GiB`
      )
      return start("resize_volume", (s) => {
        const v = s.volumes.get(volumeId)
        if (v !== undefined) v.size_gigabytes = size
      })
    }
  }
}

const volumeParam = (context: Context): Json => found(context.state.volumes.get(context.params.volume_id))

/** The volume named so in the region (the query's or the body's), or 404. */
const byName = (context: Context, name: unknown, region: unknown): Json => {
  require(typeof name === "string" && name !== "", "a volume name is required")
  require(typeof region === "string" && region !== "", "region is required")
  regionOf(context.state, region)
  return found([...context.state.volumes.values()].find((v) => v.name === name && v.region.slug === region))
}

/** A volume snapshot (not a droplet's) by its id, or 404. */
const volumeSnapshotParam = (context: Context): Json => {
  const snapshot = context.state.snapshots.get(context.params.snapshot_id)
  return found(snapshot?.resource_type === "volume" ? snapshot : undefined)
}

const createSnapshot = (context: Context, volume: Json): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  require(name.length <= 255, "name must be at most 255 characters")
  const tags = tagsField(body)
  const id = uuid(state.random)
  const snapshot: Json = {
    id,
    name,
    created_at: timestamp(now),
    regions: [volume.region.slug],
    resource_id: volume.id,
    resource_type: "volume",
    min_disk_size: volume.size_gigabytes,
    // The billable size is the data written; the fake takes a tenth of the volume, as for droplet snapshots.
    size_gigabytes: Math.round(volume.size_gigabytes * 0.1 * 100) / 100,
    tags: []
  }
  state.snapshots.set(id, snapshot)
  for (const tag of tags) tagResource(state, tag, Snapshots.tagKey(snapshot), now)
  return snapshot
}

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/volumes", (context) => {
    const { query } = context.request
    const name = query.get("name")
    const region = query.get("region")
    return page(
      context,
      "volumes",
      [...context.state.volumes.values()]
        .filter((v) => name === null || v.name === name)
        .filter((v) => region === null || v.region.slug === region)
        .map((v) => show(context.state, v))
    )
  }),
  route("POST", "/v2/volumes", (context) => json(201, { volume: show(context.state, create(context)) })),
  route("DELETE", "/v2/volumes", (context) => {
    const { query } = context.request
    destroy(context.state, byName(context, query.get("name"), query.get("region")))
    return noContent
  }),
  // Literal segments before the parameterised routes that could match them.
  route("POST", "/v2/volumes/actions", (context) => {
    const { body } = context
    const type = str(body, "type")
    require(type === "attach" || type === "detach", `${type} is not a volume action by name: use attach or detach`)
    const volume = byName(context, body.volume_name, body.region)
    return json(202, { action: act(context, volume) })
  }),
  route(
    "GET",
    "/v2/volumes/snapshots/:snapshot_id",
    (context) => json(200, { snapshot: Snapshots.show(context.state, volumeSnapshotParam(context)) })
  ),
  route("DELETE", "/v2/volumes/snapshots/:snapshot_id", (context) => {
    Snapshots.destroy(context.state, volumeSnapshotParam(context))
    return noContent
  }),
  route("GET", "/v2/volumes/:volume_id", (context) => json(200, { volume: show(context.state, volumeParam(context)) })),
  route("DELETE", "/v2/volumes/:volume_id", (context) => {
    destroy(context.state, volumeParam(context))
    return noContent
  }),
  ...actionRoutes({
    path: "/v2/volumes/:volume_id",
    target: (context) => key(volumeParam(context).id),
    act: (context) => act(context, volumeParam(context)),
    status: 202
  }),
  route("GET", "/v2/volumes/:volume_id/snapshots", (context) => {
    const volume = volumeParam(context)
    return page(
      context,
      "snapshots",
      Snapshots.all(context.state)
        .filter((s) => s.resource_type === "volume" && s.resource_id === volume.id)
        .map((s) => Snapshots.show(context.state, s))
    )
  }),
  route("POST", "/v2/volumes/:volume_id/snapshots", (context) => {
    const snapshot = createSnapshot(context, volumeParam(context))
    return json(201, { snapshot: Snapshots.show(context.state, snapshot) })
  })
]
