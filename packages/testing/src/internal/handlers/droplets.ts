/**
 * Droplets: create (one or many), list, fetch, delete (by id or tag), actions (one droplet or by tag), neighbors,
 * kernels, snapshots and backups. Creating gives a `new`, locked droplet and an in-progress `create` action; when
 * the action completes the droplet is `active`, unlocked, with networks. Power actions change the status, a snapshot
 * makes an image, and a droplet with an action in progress refuses another (422).
 *
 * @internal
 */
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
  require,
  route,
  startAction,
  str
} from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp } from "../store.js"
import { resolveKey } from "./keys.js"
import { address, dropletsHeld, imageOf, regionOf, sizeOf, tagResource, tagsOf, untagEverywhere } from "./shared.js"
import { ensureDefault, vpcFor } from "./vpcs.js"

const NAME = /^[a-zA-Z0-9]?[a-z0-9A-Z.-]*[a-z0-9A-Z]$/

const key = (id: number) => `droplet:${id}`

/** A droplet as the API shows it: its tags are read from the tag index. */
export const show = (state: State, droplet: Json): Json => ({ ...droplet, tags: tagsOf(state, key(droplet.id)) })

const backupWindow = (now: number): Json => ({
  start: timestamp(now + 86_400_000),
  end: timestamp(now + 86_400_000 + 7 * 3_600_000)
})

const networksFor = (state: State, ipv6: boolean): Json => {
  const publicIp = address(state, "164.90")
  return {
    v4: [
      { ip_address: publicIp, netmask: "255.255.240.0", gateway: publicIp.replace(/\.\d+$/, ".1"), type: "public" },
      { ip_address: address(state, "10.120"), netmask: "255.255.0.0", type: "private" }
    ],
    v6: ipv6
      ? [{
        ip_address: `2604:a880:800:10::${Math.floor(state.random() * 0xffff).toString(16)}:1`,
        netmask: 64,
        gateway: "2604:a880:800:10::1",
        type: "public"
      }]
      : []
  }
}

/** Validates a create body and builds the droplets (status `new`, locked) with their `create` actions. */
const create = (context: Context): Json => {
  const { body, now, state } = context
  const names: Array<string> = body.names !== undefined
    ? (require(body.name === undefined, "give either name or names, not both"),
      require(
        Array.isArray(body.names) && body.names.length >= 1 && body.names.length <= 10,
        "names must hold 1 to 10 names"
      ),
      body.names)
    : [str(body, "name")]
  for (const name of names) {
    require(typeof name === "string" && name.length <= 255 && NAME.test(name), `${name} is not a valid droplet name`)
  }
  const size = sizeOf(state, str(body, "size"))
  require(body.image !== undefined, "image is required")
  const image = imageOf(state, body.image)
  const region = regionOf(state, optional<string>(body, "region", "string") ?? state.regions[0].slug)
  const ipv6 = optional<boolean>(body, "ipv6", "boolean") ?? false
  const backups = optional<boolean>(body, "backups", "boolean") ?? false
  const tags = optional<Array<string>>(body, "tags", "array") ?? []
  const sshKeys = optional<Array<unknown>>(body, "ssh_keys", "array") ?? []
  for (const k of sshKeys) require(resolveKey(state, k) !== undefined, `ssh_key ${String(k)} does not exist`)
  const volumes = optional<Array<string>>(body, "volumes", "array") ?? []
  require(volumes.length === 0 || names.length === 1, "volumes can be given only when creating one droplet")
  require(volumes.length <= 15, "a droplet holds at most 15 volumes")
  for (const volume of volumes) {
    const v = state.volumes.get(volume)
    require(v !== undefined, `volume ${volume} does not exist`)
    require((v!.droplet_ids ?? []).length === 0, `volume ${volume} is already attached to a droplet`)
    require(v!.region.slug === region.slug, `volume ${volume} is in ${v!.region.slug}, not ${region.slug}`)
  }
  require(
    // Kubernetes nodes are droplets too.
    dropletsHeld(state) + names.length <= state.account.droplet_limit,
    "creating this droplet will exceed your droplet limit"
  )
  // The VPC given (it must be in the region), or the region's default (made on first use).
  const vpcUuid = vpcFor(state, region.slug, body.vpc_uuid, now)
  const features = [
    ...(backups ? ["backups"] : []),
    ...(ipv6 ? ["ipv6"] : []),
    ...(body.monitoring ? ["monitoring"] : []),
    "private_networking"
  ]
  const droplets = names.map((name) => {
    const id = state.counters.droplet++
    const droplet: Json = {
      id,
      name,
      memory: size.memory,
      vcpus: size.vcpus,
      disk: size.disk,
      disk_info: size.disk_info,
      locked: true,
      status: "new",
      kernel: null,
      created_at: timestamp(now),
      features,
      backup_ids: [],
      next_backup_window: backups ? backupWindow(now) : null,
      snapshot_ids: [],
      image,
      volume_ids: [...volumes],
      size,
      size_slug: size.slug,
      networks: { v4: [], v6: [] },
      region,
      tags: [],
      vpc_uuid: vpcUuid
    }
    state.droplets.set(id, droplet)
    for (const tag of tags) tagResource(state, tag, key(id), now)
    for (const volume of volumes) state.volumes.get(volume)!.droplet_ids = [id]
    const action = startAction(context, {
      type: "create",
      target: key(id),
      resource_id: id,
      resource_type: "droplet",
      region,
      onComplete: (s) => {
        const d = s.droplets.get(id)
        if (d === undefined) return
        d.status = "active"
        d.locked = false
        d.networks = networksFor(s, ipv6)
      },
      onError: (s) => {
        const d = s.droplets.get(id)
        if (d !== undefined) d.locked = false
      }
    })
    return { droplet, action }
  })
  const links = {
    actions: droplets.map(({ action }) => ({
      id: action.id,
      rel: "create",
      href: `${context.request.origin}/v2/actions/${action.id}`
    }))
  }
  return body.names !== undefined
    ? { droplets: droplets.map(({ droplet }) => show(state, droplet)), links }
    : { droplet: show(state, droplets[0].droplet), links }
}

/** Deletes a droplet and frees what it held (IPs, volumes, tags). */
export const destroy = (state: State, id: number): void => {
  state.droplets.delete(id)
  untagEverywhere(state, key(id))
  for (const ip of state.ips.values()) if (ip.droplet?.id === id) ip.droplet = null
  for (const volume of state.volumes.values()) {
    if (volume.droplet_ids?.includes(id)) volume.droplet_ids = volume.droplet_ids.filter((d: number) => d !== id)
  }
}

/** The types the bulk (by tag) endpoint accepts. */
const TAG_ACTIONS = new Set([
  "enable_backups",
  "disable_backups",
  "power_cycle",
  "power_on",
  "power_off",
  "shutdown",
  "enable_ipv6",
  "snapshot"
])

/** What an action does to the droplet when it completes, after validating its body; undefined for unknown types. */
const effectOf = (context: Context, droplet: Json): ((state: State, at: number) => void) | undefined => {
  const { body, state } = context
  const id = droplet.id
  const update = (f: (d: Json, at: number, s: State) => void) => (s: State, at: number) => {
    const d = s.droplets.get(id)
    if (d !== undefined) f(d, at, s)
  }
  switch (body.type) {
    case "reboot":
    case "power_cycle":
    case "power_on":
      return update((d) => (d.status = "active"))
    case "shutdown":
    case "power_off":
      return update((d) => (d.status = "off"))
    case "password_reset":
      return update(() => {})
    case "enable_ipv6":
      return update((d, _at, s) => {
        if (!d.features.includes("ipv6")) d.features = [...d.features, "ipv6"]
        if (d.networks.v6.length === 0) d.networks = { ...d.networks, v6: networksFor(s, true).v6 }
      })
    case "enable_backups":
    case "change_backup_policy":
      if (body.type === "change_backup_policy") {
        require(typeof body.backup_policy === "object", "backup_policy is required")
      }
      return update((d, at) => {
        if (!d.features.includes("backups")) d.features = [...d.features, "backups"]
        d.next_backup_window = backupWindow(at)
      })
    case "disable_backups":
      return update((d) => {
        d.features = d.features.filter((f: string) => f !== "backups")
        d.next_backup_window = null
      })
    case "rename": {
      const name = str(body, "name")
      require(NAME.test(name), `${name} is not a valid droplet name`)
      return update((d) => (d.name = name))
    }
    case "resize": {
      const size = sizeOf(state, str(body, "size"))
      const disk = optional<boolean>(body, "disk", "boolean") ?? false
      require(droplet.status === "off", "Droplet must be powered off to resize")
      return update((d) => {
        Object.assign(d, { size, size_slug: size.slug, memory: size.memory, vcpus: size.vcpus })
        if (disk) Object.assign(d, { disk: size.disk, disk_info: size.disk_info })
      })
    }
    case "rebuild": {
      require(body.image !== undefined, "image is required")
      const image = imageOf(state, body.image)
      return update((d) => (d.image = image))
    }
    case "restore": {
      require(Number.isInteger(body.image), "image must be a backup's integer id")
      return update(() => {})
    }
    case "change_kernel":
      require(Number.isInteger(body.kernel), "kernel must be an integer")
      return update((d) => (d.kernel = { id: body.kernel, name: "DigitalOcean GrubLoader", version: "2016.07.13" }))
    case "snapshot": {
      const name = optional<string>(body, "name", "string") ?? `${droplet.name}-${Date.now()}`
      return update((d, at, s) => {
        const imageId = s.counters.image++
        const createdAt = timestamp(at)
        const image = {
          id: imageId,
          name,
          type: "snapshot",
          distribution: d.image.distribution,
          slug: null,
          public: false,
          regions: [d.region.slug],
          created_at: createdAt,
          min_disk_size: d.disk,
          size_gigabytes: Math.round(d.disk * 0.1 * 100) / 100,
          description: "",
          tags: [],
          status: "available",
          error_message: ""
        }
        s.images.set(imageId, image)
        d.snapshot_ids = [...d.snapshot_ids, imageId]
        s.snapshots.set(String(imageId), {
          id: String(imageId),
          name,
          created_at: createdAt,
          regions: [d.region.slug],
          resource_id: String(d.id),
          resource_type: "droplet",
          min_disk_size: d.disk,
          size_gigabytes: image.size_gigabytes,
          tags: []
        })
      })
    }
    default:
      return undefined
  }
}

/** Starts an action on a droplet: 422 when one is already in progress or the body is invalid. */
const act = (context: Context, droplet: Json): Json => {
  const type = str(context.body, "type")
  require(!busy(context.state, key(droplet.id)) && !droplet.locked, "Droplet already has a pending event.")
  const onComplete = effectOf(context, droplet)
  require(onComplete !== undefined, `${type} is not a valid droplet action type`)
  droplet.locked = true
  return startAction(context, {
    type,
    target: key(droplet.id),
    resource_id: droplet.id,
    resource_type: "droplet",
    region: droplet.region,
    onComplete: (state, at) => {
      onComplete!(state, at)
      const d = state.droplets.get(droplet.id)
      if (d !== undefined) d.locked = false
    },
    onError: (state) => {
      const d = state.droplets.get(droplet.id)
      if (d !== undefined) d.locked = false
    }
  })
}

const dropletParam = (context: Context): Json => found(context.state.droplets.get(intParam(context, "droplet_id")))

const listed = (context: Context): Array<Json> => {
  const { query } = context.request
  const tag = query.get("tag_name")
  const name = query.get("name")
  const type = query.get("type") ?? "droplets"
  require(type === "droplets" || type === "gpus", "type must be droplets or gpus")
  require(tag === null || (name === null && !query.has("type")), "tag_name cannot be combined with name or type")
  // One pass, and the tag's own index rather than each droplet's tags: listings of 100,000 droplets stay cheap.
  const tagged = tag === null ? undefined : [...context.state.tags.entries()].find(([n]) => n === tag)?.[1].resources
  const lower = name?.toLowerCase()
  const gpus = type === "gpus"
  const result: Array<Json> = []
  for (const d of context.state.droplets.values()) {
    if (tagged !== undefined && !tagged.has(key(d.id))) continue
    if (tag !== null && tagged === undefined) break
    if (lower !== undefined && d.name.toLowerCase() !== lower) continue
    if (gpus !== (d.gpu_info !== undefined)) continue
    result.push(d)
  }
  return result
}

const snapshotsOf = (state: State, droplet: Json, type: "snapshot" | "backup"): Array<Json> =>
  (type === "snapshot" ? droplet.snapshot_ids : droplet.backup_ids)
    .map((id: number) => state.images.get(id))
    .filter((image: Json | undefined) => image !== undefined)
    .map((image: Json) => ({
      id: image.id,
      name: image.name,
      created_at: image.created_at,
      regions: image.regions,
      min_disk_size: image.min_disk_size,
      size_gigabytes: image.size_gigabytes,
      type
    }))

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/droplets", (context) => page(context, "droplets", listed(context), (d) => show(context.state, d))),
  route("POST", "/v2/droplets", (context) => json(202, create(context))),
  route("DELETE", "/v2/droplets", (context) => {
    const tag = context.request.query.get("tag_name")
    require(tag !== null && tag !== "", "tag_name is required")
    for (const droplet of [...context.state.droplets.values()]) {
      if (tagsOf(context.state, key(droplet.id)).includes(tag!)) destroy(context.state, droplet.id)
    }
    return noContent
  }),
  route("POST", "/v2/droplets/actions", (context) => {
    const tag = context.request.query.get("tag_name")
    require(tag !== null && tag !== "", "tag_name is required")
    require(TAG_ACTIONS.has(context.body.type), `${String(context.body.type)} cannot be applied to droplets by tag`)
    const targets = [...context.state.droplets.values()].filter((d) => tagsOf(context.state, key(d.id)).includes(tag!))
    for (const droplet of targets) {
      require(!busy(context.state, key(droplet.id)), `Droplet ${droplet.id} already has a pending event.`)
    }
    return json(201, { actions: targets.map((droplet) => act(context, droplet)) })
  }),
  route(
    "GET",
    "/v2/droplets/:droplet_id",
    (context) => json(200, { droplet: show(context.state, dropletParam(context)) })
  ),
  route("DELETE", "/v2/droplets/:droplet_id", (context) => {
    destroy(context.state, dropletParam(context).id)
    return noContent
  }),
  ...actionRoutes({
    path: "/v2/droplets/:droplet_id",
    target: (context) => key(dropletParam(context).id),
    act: (context) => act(context, dropletParam(context)),
    status: 201
  }),
  route("GET", "/v2/droplets/:droplet_id/neighbors", (context) => {
    dropletParam(context)
    return json(200, { droplets: [] })
  }),
  route("GET", "/v2/reports/droplet_neighbors_ids", () => json(200, { neighbor_ids: [] })),
  route("GET", "/v2/droplets/:droplet_id/kernels", (context) => {
    dropletParam(context)
    return page(context, "kernels", [
      { id: 7515, name: "DigitalOcean GrubLoader v0.2 (20160714)", version: "2016.07.13-DigitalOcean_loader_Ubuntu" }
    ])
  }),
  route(
    "GET",
    "/v2/droplets/:droplet_id/snapshots",
    (context) => page(context, "snapshots", snapshotsOf(context.state, dropletParam(context), "snapshot"))
  ),
  route(
    "GET",
    "/v2/droplets/:droplet_id/backups",
    (context) => page(context, "backups", snapshotsOf(context.state, dropletParam(context), "backup"))
  )
]

/** Adds active droplets directly (no actions): for tests that need many. */
export const seed = (
  state: State,
  count: number,
  now: number,
  options?: { readonly name?: string | undefined; readonly tag?: string | undefined }
): Array<number> => {
  const size = state.sizes[1]
  const image = state.images.values().next().value!
  const region = state.regions[1]
  const ids: Array<number> = []
  for (let i = 0; i < count; i++) {
    const id = state.counters.droplet++
    state.droplets.set(id, {
      id,
      name: `${options?.name ?? "droplet"}-${i + 1}`,
      memory: size.memory,
      vcpus: size.vcpus,
      disk: size.disk,
      disk_info: size.disk_info,
      locked: false,
      status: "active",
      kernel: null,
      created_at: timestamp(now),
      features: ["private_networking"],
      backup_ids: [],
      next_backup_window: null,
      snapshot_ids: [],
      image,
      volume_ids: [],
      size,
      size_slug: size.slug,
      networks: networksFor(state, false),
      region,
      tags: [],
      vpc_uuid: ensureDefault(state, region.slug, now).id
    })
    if (options?.tag !== undefined) tagResource(state, options.tag, key(id), now)
    ids.push(id)
  }
  return ids
}
