/**
 * Kubernetes clusters and node pools: the options (regions, versions, sizes), clusters (create, list, fetch, update,
 * delete, delete with their associated volumes and volume snapshots: those tagged `k8s:<cluster id>`), kubeconfig,
 * credentials and user, upgrades, status messages (none), clusterlint runs (no diagnostics), and node pools (list,
 * add, fetch, update, delete, delete a node, recycle nodes), and the container registry's integration (a cluster's
 * `registry_enabled` and `registries`).
 *
 * Time is the Clock's: a new cluster is `provisioning` and becomes `running` after `kubernetes_cluster_create`
 * (5 minutes by default; `actionDuration` overrides it); each node is `provisioning` and becomes `running` after
 * `kubernetes_node_create` (6 minutes by default), the nodes of one request a tenth of that apart, so a cluster's
 * control plane runs before its last node does. An upgrade makes the cluster `upgrading` for
 * `kubernetes_cluster_upgrade` (5 minutes). The states are brought up to date whenever a request reads the family.
 * Fault injection (`actionErrors` of type `kubernetes_cluster_create` or `kubernetes_cluster_upgrade`, target
 * `kubernetes:<id>`) makes the provisioning or the upgrade end in `error` instead.
 *
 * Errors: 404 for an unknown cluster, pool or node; 422 (`unprocessable_entity`) for a bad name, region, version,
 * node size or count, more nodes than the droplet limit leaves room for (nodes are droplets), or deleting a
 * cluster's last pool; 409 (`conflict`) for an upgrade of a cluster that is not running (still provisioning, or
 * already upgrading), and for a node-pool change while it is upgrading. Deleting a cluster frees its nodes (the
 * droplet limit) and its name, and takes it out of its project (and of its VPC's members).
 *
 * @internal
 */
import type { Context, FakeResponse, Route } from "../router.js"
import {
  conflict,
  error,
  found,
  json,
  noContent,
  optional,
  page,
  Reject,
  require,
  route,
  str,
  UUID
} from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"
import { unassign } from "./projects.js"
import { address, dropletsHeld, untagEverywhere } from "./shared.js"
import * as Snapshots from "./snapshots.js"
import { vpcFor } from "./vpcs.js"

/** How long the family's transitions take by default (ms), by the `actionDuration` type that overrides each. */
export const durations: Readonly<Record<string, number>> = {
  kubernetes_cluster_create: 5 * 60_000,
  kubernetes_node_create: 6 * 60_000,
  kubernetes_cluster_upgrade: 5 * 60_000
}

/** The versions offered, newest first. */
const VERSIONS: ReadonlyArray<Json> = [
  ["1.33.1-do.0", "1.33.1"],
  ["1.32.5-do.0", "1.32.5"],
  ["1.32.2-do.0", "1.32.2"],
  ["1.31.9-do.0", "1.31.9"]
].map(([slug, kubernetes_version]) => ({
  slug,
  kubernetes_version,
  supported_features: ["cluster-autoscaler", "docr-integration", "ha-control-plane", "token-authentication"]
}))

/** Node sizes: the droplet sizes with at least 2 GiB of memory (DOKS refuses smaller ones). */
const sizesOf = (state: State): Array<Json> => state.sizes.filter((size) => size.memory >= 2048 && size.available)

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/
const POOL_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/
const DAYS = ["any", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
const ADD_ONS = [
  "routing_agent",
  "amd_gpu_device_plugin",
  "amd_gpu_device_metrics_exporter_plugin",
  "nvidia_gpu_device_plugin",
  "rdma_shared_dev_plugin",
  "coredns_autoscaler",
  "p2p_oci_registry_plugin"
]

/** When each provisioning object (cluster or node, by id) becomes running, and a cluster's upgrade in progress. */
interface Timing {
  readonly readyAt: Map<string, number>
  readonly upgrades: Map<string, { readonly version: string; readonly doneAt: number }>
  /** The clusters whose provisioning or upgrade in progress ends in `error` (`actionErrors`). */
  readonly failing: Set<string>
  /** Each cluster's clusterlint runs, newest last. */
  readonly lints: Map<string, Array<{ readonly run_id: string; readonly requested_at: number }>>
}

const timings = new WeakMap<State, Timing>()
const timingOf = (state: State): Timing => {
  let timing = timings.get(state)
  if (timing === undefined) {
    timings.set(state, timing = { readyAt: new Map(), upgrades: new Map(), failing: new Set(), lints: new Map() })
  }
  return timing
}

// ---------------------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------------------

/** Brings a cluster's and its nodes' states up to `now`. */
const advance = (state: State, cluster: Json, now: number): Json => {
  const timing = timingOf(state)
  const ready = timing.readyAt.get(cluster.id)
  if (
    cluster.status.state === "provisioning" && ready !== undefined && ready <= now && timing.failing.has(cluster.id)
  ) {
    // The fault injected: the control plane never comes up, nor do the nodes.
    cluster.status = { state: "error", message: "the cluster could not be provisioned" }
    cluster.updated_at = timestamp(ready)
    timing.readyAt.delete(cluster.id)
    timing.failing.delete(cluster.id)
    for (const pool of cluster.node_pools) forget(state, pool.nodes)
  }
  if (cluster.status.state === "provisioning" && ready !== undefined && ready <= now) {
    cluster.status = { state: "running", message: "" }
    cluster.ipv4 = address(state, "164.92")
    cluster.endpoint = `https://${cluster.id}.k8s.ondigitalocean.com`
    cluster.updated_at = timestamp(ready)
    timing.readyAt.delete(cluster.id)
  }
  const upgrade = timing.upgrades.get(cluster.id)
  if (upgrade !== undefined && upgrade.doneAt <= now && timing.failing.has(cluster.id)) {
    cluster.status = { state: "error", message: `the upgrade to ${upgrade.version} failed` }
    cluster.updated_at = timestamp(upgrade.doneAt)
    timing.upgrades.delete(cluster.id)
    timing.failing.delete(cluster.id)
  } else if (upgrade !== undefined && upgrade.doneAt <= now) {
    cluster.version = upgrade.version
    cluster.status = { state: "running", message: "" }
    cluster.updated_at = timestamp(upgrade.doneAt)
    timing.upgrades.delete(cluster.id)
  }
  for (const pool of cluster.node_pools) {
    for (const node of pool.nodes) {
      const at = timing.readyAt.get(node.id)
      if (node.status.state !== "provisioning" || at === undefined || at > now) continue
      node.status = { state: "running" }
      node.name = `${pool.name}-${Math.floor(state.random() * 36 ** 4).toString(36).padStart(4, "0")}`
      node.droplet_id = String(state.counters.droplet++)
      node.updated_at = timestamp(at)
      timing.readyAt.delete(node.id)
    }
  }
  return cluster
}

const duration = (context: Context, type: string): number => context.behaviour.actionDuration(type)

/** New provisioning nodes, the `i`-th running a tenth of `kubernetes_node_create` after the one before. */
const newNodes = (context: Context, count: number): Array<Json> => {
  const { now, state } = context
  const takes = duration(context, "kubernetes_node_create")
  return Array.from({ length: count }, (_, i) => {
    const id = uuid(state.random)
    timingOf(state).readyAt.set(id, now + Math.round(takes * (1 + i / 10)))
    return {
      id,
      name: "",
      status: { state: "provisioning" },
      droplet_id: "",
      created_at: timestamp(now),
      updated_at: timestamp(now)
    }
  })
}

/** Forgets the timings of nodes that are gone. */
const forget = (state: State, nodes: ReadonlyArray<Json>): void => {
  for (const node of nodes) timingOf(state).readyAt.delete(node.id)
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const strings = (body: Json, key: string): Array<string> | undefined => {
  const value = optional<Array<unknown>>(body, key, "array")
  if (value !== undefined) require(value.every((v) => typeof v === "string"), `${key} must be strings`)
  return value as Array<string> | undefined
}

const labelsOf = (body: Json): Json | null | undefined => {
  const labels = body.labels
  if (labels === undefined) return undefined
  if (labels === null) return null
  require(
    typeof labels === "object" && !Array.isArray(labels) && Object.values(labels).every((v) => typeof v === "string"),
    "labels must be an object of strings"
  )
  return { ...labels }
}

const taintsOf = (body: Json): Array<Json> | undefined => {
  const taints = optional<Array<Json>>(body, "taints", "array")
  if (taints === undefined) return undefined
  return taints.map((taint) => {
    require(taint !== null && typeof taint === "object", "each taint must be an object")
    require(typeof taint.key === "string" && taint.key !== "", "a taint's key is required")
    require(EFFECTS.includes(taint.effect), `a taint's effect must be one of ${EFFECTS.join(", ")}`)
    return { key: taint.key, value: typeof taint.value === "string" ? taint.value : "", effect: taint.effect }
  })
}

/** The autoscaling fields of a pool body, checked against its count. */
const scalingOf = (body: Json, count: number, current?: Json): Json => {
  const auto_scale = optional<boolean>(body, "auto_scale", "boolean") ?? current?.auto_scale ?? false
  const min_nodes = optional<number>(body, "min_nodes", "number") ?? (auto_scale ? current?.min_nodes ?? 1 : 0)
  const max_nodes = optional<number>(body, "max_nodes", "number") ?? (auto_scale ? current?.max_nodes ?? count : 0)
  require(Number.isInteger(min_nodes) && Number.isInteger(max_nodes), "min_nodes and max_nodes must be integers")
  if (auto_scale) {
    require(min_nodes >= 0 && max_nodes >= 1 && min_nodes <= max_nodes, "min_nodes must be at most max_nodes")
    require(
      count >= min_nodes && count <= max_nodes,
      `count must be from min_nodes to max_nodes (${min_nodes}-${max_nodes})`
    )
  } else {
    require(count >= 1, "count must be at least 1 (or enable auto_scale with min_nodes 0)")
  }
  require(count <= 512, "count must be at most 512")
  return { auto_scale, min_nodes: auto_scale ? min_nodes : 0, max_nodes: auto_scale ? max_nodes : 0 }
}

const requireRoom = (state: State, more: number): void =>
  require(
    dropletsHeld(state) + more <= state.account.droplet_limit,
    `adding ${more} node${more === 1 ? "" : "s"} would exceed your droplet limit (${state.account.droplet_limit})`
  )

/** A node pool from a create body (the cluster's, or `POST .../node_pools`). */
const newPool = (context: Context, clusterId: string, body: Json, taken: ReadonlyArray<string>): Json => {
  require(body !== null && typeof body === "object" && !Array.isArray(body), "each node pool must be an object")
  const name = str(body, "name")
  require(POOL_NAME.test(name), `${name} is not a valid node pool name`)
  require(!taken.includes(name), `a node pool named ${name} already exists in the cluster`)
  const size = str(body, "size")
  require(
    sizesOf(context.state).some((s) => s.slug === size),
    `size ${size} is not a valid node pool size: use one of GET /v2/kubernetes/options`
  )
  require(Number.isInteger(body.count), "count is required and must be an integer")
  const count: number = body.count
  const scaling = scalingOf(body, count)
  return {
    id: uuid(context.state.random),
    name,
    size,
    count,
    tags: [...new Set([...(strings(body, "tags") ?? []), "k8s", `k8s:${clusterId}`, "k8s:worker"])],
    labels: labelsOf(body) ?? null,
    taints: taintsOf(body) ?? [],
    ...scaling,
    nodes: newNodes(context, count)
  }
}

const maintenanceOf = (body: Json, current?: Json): Json | undefined => {
  const policy = body.maintenance_policy
  if (policy === undefined || policy === null) return current
  require(typeof policy === "object" && !Array.isArray(policy), "maintenance_policy must be an object")
  const start_time = policy.start_time ?? current?.start_time ?? "00:00"
  const day = policy.day ?? current?.day ?? "any"
  require(typeof start_time === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(start_time), "start_time must be HH:MM")
  require(DAYS.includes(day), `day must be one of ${DAYS.join(", ")}`)
  return { start_time, duration: "4h0m0s", day }
}

/** The add-ons and settings an update or a create may change. */
const settingsOf = (body: Json, current: Json): Json => {
  const settings: Json = {}
  for (const key of ["auto_upgrade", "surge_upgrade", "ha"]) {
    const value = optional<boolean>(body, key, "boolean")
    if (value !== undefined) settings[key] = value
  }
  if (current.ha === true && settings.ha === false) {
    throw new Reject(error(422, "unprocessable_entity", "a highly available control plane cannot be turned off"))
  }
  for (const key of [...ADD_ONS, "control_plane_firewall", "cluster_autoscaler_configuration", "sso"]) {
    const value = body[key]
    if (value === undefined) continue
    require(value === null || (typeof value === "object" && !Array.isArray(value)), `${key} must be an object`)
    settings[key] = value
  }
  return settings
}

// ---------------------------------------------------------------------------------------------------------------
// Clusters
// ---------------------------------------------------------------------------------------------------------------

const versionOf = (slug: string): Json => {
  const version = slug === "latest" ? VERSIONS[0] : VERSIONS.find((v) => v.slug === slug)
  require(
    version !== undefined,
    `version ${slug} is not a valid Kubernetes version: use one of GET /v2/kubernetes/options`
  )
  return version!
}

const create = (context: Context): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  require(NAME.test(name), `${name} is not a valid cluster name: lowercase letters, digits and "-", at most 63`)
  require(
    ![...state.kubernetes.values()].some((c) => c.name === name),
    `a cluster named ${name} already exists`
  )
  const region = str(body, "region")
  require(state.regions.some((r) => r.slug === region), `region ${region} is not a valid region for Kubernetes`)
  const version = versionOf(str(body, "version"))
  const pools = optional<Array<Json>>(body, "node_pools", "array")
  require(pools !== undefined && pools.length > 0, "node_pools is required: at least one node pool")
  const vpcGiven = body.vpc_uuid
  require(vpcGiven === undefined || (typeof vpcGiven === "string" && UUID.test(vpcGiven)), "vpc_uuid must be a UUID")
  for (const key of ["cluster_subnet", "service_subnet"]) {
    const subnet = optional<string>(body, key, "string")
    require(subnet === undefined || /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(subnet), `${key} must be a CIDR block`)
  }
  const id = uuid(state.random)
  const nodePools: Array<Json> = []
  for (const pool of pools!) nodePools.push(newPool(context, id, pool, nodePools.map((p) => p.name)))
  requireRoom(state, nodePools.reduce((n, pool) => n + pool.nodes.length, 0))
  const vpc_uuid = vpcFor(state, region, vpcGiven, now)
  const cluster: Json = {
    id,
    name,
    region,
    version: version.slug,
    cluster_subnet: body.cluster_subnet ?? "10.244.0.0/16",
    service_subnet: body.service_subnet ?? "10.245.0.0/16",
    vpc_uuid,
    ipv4: "",
    endpoint: "",
    tags: [...new Set([...(strings(body, "tags") ?? []), "k8s", `k8s:${id}`])],
    node_pools: nodePools,
    maintenance_policy: maintenanceOf(body) ?? { start_time: "00:00", duration: "4h0m0s", day: "any" },
    auto_upgrade: false,
    isolated_workers: optional<boolean>(body, "isolated_workers", "boolean") ?? false,
    status: { state: "provisioning", message: "provisioning" },
    created_at: timestamp(now),
    updated_at: timestamp(now),
    surge_upgrade: false,
    ha: false,
    registry_enabled: false,
    registries: [],
    control_plane_firewall: { enabled: false, allowed_addresses: [] },
    cluster_autoscaler_configuration: { scale_down_utilization_threshold: 0.5, scale_down_unneeded_time: "10m" },
    ...Object.fromEntries(ADD_ONS.map((key) => [key, { enabled: false }]))
  }
  Object.assign(cluster, settingsOf(body, cluster))
  timingOf(state).readyAt.set(id, now + duration(context, "kubernetes_cluster_create"))
  if (context.behaviour.actionErrors("kubernetes_cluster_create", `kubernetes:${id}`)) timingOf(state).failing.add(id)
  state.kubernetes.set(id, cluster)
  return cluster
}

const update = (context: Context, cluster: Json): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  require(NAME.test(name), `${name} is not a valid cluster name: lowercase letters, digits and "-", at most 63`)
  require(
    ![...state.kubernetes.values()].some((c) => c.name === name && c.id !== cluster.id),
    `a cluster named ${name} already exists`
  )
  const tags = strings(body, "tags")
  const settings = settingsOf(body, cluster)
  cluster.name = name
  if (tags !== undefined) cluster.tags = [...new Set([...tags, "k8s", `k8s:${cluster.id}`])]
  cluster.maintenance_policy = maintenanceOf(body, cluster.maintenance_policy) ?? cluster.maintenance_policy
  Object.assign(cluster, settings)
  cluster.updated_at = timestamp(now)
  return cluster
}

/** The cluster of the path, brought up to date, or 404. */
const clusterParam = (context: Context): Json =>
  advance(context.state, found(context.state.kubernetes.get(context.params.cluster_id)), context.now)

/** Refuses a change to the cluster's nodes while it is being created or upgraded. */
const requireSettled = (cluster: Json, what: string): void => {
  const state = cluster.status.state
  if (state === "upgrading" || state === "deleting") {
    throw conflict(`the cluster is ${state}: ${what} must wait until it is running`)
  }
}

/** The versions a cluster can be upgraded to: newer patches of its minor version, else the next minor's newest. */
const upgradesOf = (cluster: Json): Array<Json> => {
  const [major, minor, patch] = String(cluster.version).split(/[.-]/).map(Number)
  const newer = VERSIONS.filter((v) => {
    const [ma, mi, pa] = String(v.kubernetes_version).split(".").map(Number)
    return ma === major && mi === minor && pa > patch
  })
  if (newer.length > 0) return newer
  const next = VERSIONS.filter((v) => {
    const [ma, mi] = String(v.kubernetes_version).split(".").map(Number)
    return ma === major && mi === minor + 1
  })
  return next.slice(0, 1)
}

const upgrade = (context: Context, cluster: Json): void => {
  const { body, now, state } = context
  const version = str(body, "version")
  if (cluster.status.state !== "running") {
    throw conflict(`the cluster is ${cluster.status.state}: it can be upgraded once it is running`)
  }
  const offered = upgradesOf(cluster)
  require(
    offered.some((v) => v.slug === version),
    `version ${version} is not an available upgrade for ${cluster.version}` +
      (offered.length === 0 ? " (none is)" : `: use ${offered.map((v) => v.slug).join(" or ")}`)
  )
  cluster.status = { state: "upgrading", message: `upgrading to ${version}` }
  cluster.updated_at = timestamp(now)
  if (context.behaviour.actionErrors("kubernetes_cluster_upgrade", `kubernetes:${cluster.id}`)) {
    timingOf(state).failing.add(cluster.id)
  }
  timingOf(state).upgrades.set(cluster.id, {
    version,
    doneAt: now + duration(context, "kubernetes_cluster_upgrade")
  })
}

const destroy = (state: State, cluster: Json): void => {
  const timing = timingOf(state)
  timing.readyAt.delete(cluster.id)
  timing.upgrades.delete(cluster.id)
  timing.failing.delete(cluster.id)
  timing.lints.delete(cluster.id)
  for (const pool of cluster.node_pools) forget(state, pool.nodes)
  state.kubernetes.delete(cluster.id)
  unassign(state, `do:kubernetes:${cluster.id}`)
}

// ---------------------------------------------------------------------------------------------------------------
// Kubeconfig, credentials
// ---------------------------------------------------------------------------------------------------------------

/** A base64 "certificate" standing for the cluster's CA (the fake signs nothing). */
const caOf = (cluster: Json): string =>
  Buffer.from(
    `-----BEGIN CERTIFICATE-----\nfake CA of cluster ${cluster.id}\n-----END CERTIFICATE-----\n`
  ).toString("base64")

/** A token for the cluster (deterministic from the PRNG). */
const tokenOf = (state: State): string =>
  Array.from({ length: 64 }, () => Math.floor(state.random() * 16).toString(16)).join("")

const expirySeconds = (context: Context): number => {
  const raw = context.request.query.get("expiry_seconds")
  if (raw === null || raw === "") return 0
  const seconds = Number(raw)
  require(Number.isInteger(seconds) && seconds >= 0, "expiry_seconds must be a non-negative integer")
  return seconds
}

/** When credentials made now expire: after `expiry_seconds`, 7 days when 0 or absent. */
const expiresAt = (context: Context): string => timestamp(context.now + (expirySeconds(context) || 7 * 86_400) * 1000)

const server = (cluster: Json): string => cluster.endpoint || `https://${cluster.id}.k8s.ondigitalocean.com`

const kubeconfig = (context: Context, cluster: Json): FakeResponse => {
  const type = context.request.query.get("type")
  require(type === null || type === "token" || type === "sso", "type must be token or sso")
  expirySeconds(context)
  const name = `do-${cluster.region}-${cluster.name}`
  const user = type === "sso"
    ? [
      `- name: ${name}-sso`,
      "  user:",
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: doctl",
      "      args: [kubernetes, cluster, kubeconfig, exec-credential, --version=v1beta1, --sso]"
    ]
    : [`- name: ${name}-admin`, "  user:", `    token: ${tokenOf(context.state)}`]
  const text = [
    "apiVersion: v1",
    "clusters:",
    "- cluster:",
    `    certificate-authority-data: ${caOf(cluster)}`,
    `    server: ${server(cluster)}`,
    `  name: ${name}`,
    "contexts:",
    "- context:",
    `    cluster: ${name}`,
    `    user: ${name}-${type === "sso" ? "sso" : "admin"}`,
    `  name: ${name}`,
    `current-context: ${name}`,
    "kind: Config",
    "preferences: {}",
    "users:",
    ...user,
    ""
  ].join("\n")
  return { status: 200, headers: { "content-type": "application/yaml" }, body: text }
}

const credentials = (context: Context, cluster: Json): Json => ({
  server: server(cluster),
  certificate_authority_data: caOf(cluster),
  client_certificate_data: null,
  client_key_data: null,
  token: tokenOf(context.state),
  expires_at: expiresAt(context)
})

// ---------------------------------------------------------------------------------------------------------------
// Node pools
// ---------------------------------------------------------------------------------------------------------------

const poolParam = (context: Context, cluster: Json): Json =>
  found(cluster.node_pools.find((pool: Json) => pool.id === context.params.node_pool_id))

const addPool = (context: Context, cluster: Json): Json => {
  requireSettled(cluster, "adding a node pool")
  const pool = newPool(context, cluster.id, context.body, cluster.node_pools.map((p: Json) => p.name))
  requireRoom(context.state, pool.nodes.length)
  cluster.node_pools = [...cluster.node_pools, pool]
  return pool
}

const updatePool = (context: Context, cluster: Json, pool: Json): Json => {
  const { body, state } = context
  requireSettled(cluster, "changing a node pool")
  const name = str(body, "name")
  require(POOL_NAME.test(name), `${name} is not a valid node pool name`)
  require(
    !cluster.node_pools.some((p: Json) => p.name === name && p.id !== pool.id),
    `a node pool named ${name} already exists in the cluster`
  )
  require(body.size === undefined || body.size === pool.size, "a node pool's size cannot change: add another pool")
  require(Number.isInteger(body.count), "count is required and must be an integer")
  const count: number = body.count
  const scaling = scalingOf(body, count, pool)
  const tags = strings(body, "tags")
  const labels = labelsOf(body)
  const taints = taintsOf(body)
  if (count > pool.nodes.length) requireRoom(state, count - pool.nodes.length)
  Object.assign(pool, { name, count, ...scaling })
  if (tags !== undefined) pool.tags = [...new Set([...tags, "k8s", `k8s:${cluster.id}`, "k8s:worker"])]
  if (labels !== undefined) pool.labels = labels
  if (taints !== undefined) pool.taints = taints
  if (count > pool.nodes.length) pool.nodes = [...pool.nodes, ...newNodes(context, count - pool.nodes.length)]
  else if (count < pool.nodes.length) {
    forget(state, pool.nodes.slice(count))
    pool.nodes = pool.nodes.slice(0, count)
  }
  return pool
}

const removePool = (context: Context, cluster: Json, pool: Json): void => {
  requireSettled(cluster, "deleting a node pool")
  require(cluster.node_pools.length > 1, "a cluster needs at least one node pool: delete the cluster instead")
  forget(context.state, pool.nodes)
  cluster.node_pools = cluster.node_pools.filter((p: Json) => p.id !== pool.id)
}

/** `0` or `1` (or absent): a query flag of a node's deletion. */
const flagOf = (context: Context, name: string): boolean => {
  const raw = context.request.query.get(name)
  require(raw === null || raw === "0" || raw === "1", `${name} must be 0 or 1`)
  return raw === "1"
}

const removeNode = (context: Context, cluster: Json, pool: Json): void => {
  requireSettled(cluster, "deleting a node")
  const node = found(pool.nodes.find((n: Json) => n.id === context.params.node_id))
  flagOf(context, "skip_drain")
  const replace = flagOf(context, "replace")
  forget(context.state, [node])
  const others = pool.nodes.filter((n: Json) => n.id !== node.id)
  if (replace) {
    pool.nodes = [...others, ...newNodes(context, 1)]
  } else {
    require(others.length >= 1 || pool.auto_scale, "a node pool needs at least one node: replace the node instead")
    pool.nodes = others
    pool.count = others.length
  }
}

const recycle = (context: Context, cluster: Json, pool: Json): void => {
  requireSettled(cluster, "recycling nodes")
  const ids = strings(context.body, "nodes") ?? []
  require(ids.length > 0, "nodes is required: the ids of the nodes to recycle")
  for (const id of ids) require(pool.nodes.some((n: Json) => n.id === id), `node ${id} is not in the node pool`)
  const kept = pool.nodes.filter((n: Json) => !ids.includes(n.id))
  forget(context.state, pool.nodes.filter((n: Json) => ids.includes(n.id)))
  pool.nodes = [...kept, ...newNodes(context, ids.length)]
}

// ---------------------------------------------------------------------------------------------------------------
// Associated resources, status messages, clusterlint
// ---------------------------------------------------------------------------------------------------------------

/**
 * The volumes and volume snapshots a cluster made: those tagged `k8s:<cluster id>`, as DigitalOcean's CSI driver
 * tags them (the fake's load balancers carry no tags: none is associated).
 */
const associated = (state: State, cluster: Json): { volumes: Array<Json>; volume_snapshots: Array<Json> } => {
  const tagged = [...(state.tags.get(`k8s:${cluster.id}`)?.resources.keys() ?? [])]
  const of = (prefix: string, map: Map<string, Json>) =>
    tagged.filter((key) => key.startsWith(prefix)).map((key) => map.get(key.slice(prefix.length)))
      .filter((resource): resource is Json => resource !== undefined)
      .map((resource) => ({ id: resource.id, name: resource.name }))
  return { volumes: of("volume:", state.volumes), volume_snapshots: of("volume_snapshot:", state.snapshots) }
}

/** Deletes a volume made by a cluster, detaching it from its droplet first (as DigitalOcean does). */
const destroyVolume = (state: State, id: string): void => {
  const volume = state.volumes.get(id)
  if (volume === undefined) return
  for (const dropletId of volume.droplet_ids ?? []) {
    const droplet = state.droplets.get(dropletId)
    if (droplet !== undefined) droplet.volume_ids = droplet.volume_ids.filter((v: string) => v !== id)
  }
  state.volumes.delete(id)
  untagEverywhere(state, `volume:${id}`)
}

/** Deletes the cluster and the associated resources chosen (all with `dangerous`). */
const destroyWith = (context: Context, cluster: Json, dangerous: boolean): void => {
  const { state } = context
  const mine = associated(state, cluster)
  const chosen = (key: "volumes" | "volume_snapshots" | "load_balancers", offered: ReadonlyArray<Json>) => {
    if (dangerous) return offered.map((r) => r.id as string)
    const ids = strings(context.body, key) ?? []
    for (const id of ids) {
      require(offered.some((r) => r.id === id), `${key}: ${id} is not a resource of the cluster`)
    }
    return ids
  }
  chosen("load_balancers", [])
  const volumes = chosen("volumes", mine.volumes)
  const snapshots = chosen("volume_snapshots", mine.volume_snapshots)
  destroy(state, cluster)
  for (const id of volumes) destroyVolume(state, id)
  for (const id of snapshots) {
    const snapshot = state.snapshots.get(id)
    if (snapshot !== undefined) Snapshots.destroy(state, snapshot)
  }
}

const runLint = (context: Context, cluster: Json): Json => {
  for (const key of ["include_groups", "include_checks", "exclude_groups", "exclude_checks"]) strings(context.body, key)
  const runs = timingOf(context.state).lints
  const run = { run_id: uuid(context.state.random), requested_at: context.now }
  runs.set(cluster.id, [...(runs.get(cluster.id) ?? []), run])
  return { run_id: run.run_id }
}

/** A run's results (the latest run's without `run_id`): the fake's clusters run no workloads, so nothing to report. */
const lintResults = (context: Context, cluster: Json): Json => {
  const runs = timingOf(context.state).lints.get(cluster.id) ?? []
  const wanted = context.request.query.get("run_id")
  const run = found(wanted === null ? runs[runs.length - 1] : runs.find((r) => r.run_id === wanted))
  return {
    run_id: run.run_id,
    requested_at: timestamp(run.requested_at),
    completed_at: timestamp(run.requested_at),
    diagnostics: []
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The container registry's integration
// ---------------------------------------------------------------------------------------------------------------

/** The clusters a registry body names (`cluster_uuids`): each must exist (422). */
const clustersNamed = (context: Context): Array<Json> => {
  const ids = strings(context.body, "cluster_uuids") ?? []
  require(ids.length > 0, "cluster_uuids is required: the clusters to change")
  return ids.map((id) => {
    const cluster = context.state.kubernetes.get(id)
    require(cluster !== undefined, `cluster ${id} does not exist`)
    return advance(context.state, cluster!, context.now)
  })
}

/** Gives the clusters the registries (`add`) or takes them away; `registry_enabled` says whether any is left. */
const integrate = (context: Context, add: boolean, named: boolean): void => {
  const clusters = clustersNamed(context)
  const names = named ? strings(context.body, "registries") ?? [] : []
  require(!named || names.length > 0, "registries is required: the registries' names")
  for (const cluster of clusters) {
    const current: Array<string> = cluster.registries ?? []
    cluster.registries = named
      ? add ? [...new Set([...current, ...names])] : current.filter((name) => !names.includes(name))
      : add
      ? current
      : []
    cluster.registry_enabled = named ? cluster.registries.length > 0 : add
    cluster.updated_at = timestamp(context.now)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const CLUSTER = "/v2/kubernetes/clusters/:cluster_id"
const POOL = `${CLUSTER}/node_pools/:node_pool_id`

/** Every cluster, brought up to date (a family's other handlers may read `state.kubernetes` directly). */
const all = (context: Context): Array<Json> =>
  [...context.state.kubernetes.values()].map((cluster) => advance(context.state, cluster, context.now))

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/kubernetes/options", (context) =>
    json(200, {
      options: {
        regions: context.state.regions.map((r) => ({ name: r.name, slug: r.slug })),
        versions: VERSIONS,
        sizes: sizesOf(context.state).map((s) => ({ name: s.slug, slug: s.slug }))
      }
    })),
  route("POST", "/v2/kubernetes/registry", (context) => (integrate(context, true, false), noContent)),
  route("DELETE", "/v2/kubernetes/registry", (context) => (integrate(context, false, false), noContent)),
  route("POST", "/v2/kubernetes/registries", (context) => (integrate(context, true, true), noContent)),
  route("DELETE", "/v2/kubernetes/registries", (context) => (integrate(context, false, true), noContent)),
  route("GET", "/v2/kubernetes/clusters", (context) => page(context, "kubernetes_clusters", all(context))),
  route("POST", "/v2/kubernetes/clusters", (context) => json(201, { kubernetes_cluster: create(context) })),
  route("GET", CLUSTER, (context) => json(200, { kubernetes_cluster: clusterParam(context) })),
  route("PUT", CLUSTER, (context) => json(202, { kubernetes_cluster: update(context, clusterParam(context)) })),
  route("DELETE", CLUSTER, (context) => {
    destroy(context.state, clusterParam(context))
    return noContent
  }),
  route("GET", `${CLUSTER}/kubeconfig`, (context) => kubeconfig(context, clusterParam(context))),
  route("GET", `${CLUSTER}/credentials`, (context) => json(200, credentials(context, clusterParam(context)))),
  route("GET", `${CLUSTER}/user`, (context) => {
    clusterParam(context)
    return json(200, {
      kubernetes_cluster_user: { username: context.state.account.email, groups: ["k8saas:authenticated"] }
    })
  }),
  route("GET", `${CLUSTER}/upgrades`, (context) => {
    const offered = upgradesOf(clusterParam(context))
    return json(200, { available_upgrade_versions: offered.length === 0 ? null : offered })
  }),
  route("POST", `${CLUSTER}/upgrade`, (context) => {
    upgrade(context, clusterParam(context))
    return { status: 202 }
  }),
  route("GET", `${CLUSTER}/destroy_with_associated_resources`, (context) => {
    const cluster = clusterParam(context)
    return json(200, { load_balancers: [], ...associated(context.state, cluster) })
  }),
  route("DELETE", `${CLUSTER}/destroy_with_associated_resources/selective`, (context) => {
    destroyWith(context, clusterParam(context), false)
    return noContent
  }),
  route("DELETE", `${CLUSTER}/destroy_with_associated_resources/dangerous`, (context) => {
    destroyWith(context, clusterParam(context), true)
    return noContent
  }),
  route("GET", `${CLUSTER}/status_messages`, (context) => {
    clusterParam(context)
    const since = context.request.query.get("since")
    require(since === null || !Number.isNaN(Date.parse(since)), "since must be an ISO 8601 timestamp")
    // DigitalOcean's messages are notices of incidents: the fake has none.
    return json(200, { messages: [] })
  }),
  route("POST", `${CLUSTER}/clusterlint`, (context) => json(202, runLint(context, clusterParam(context)))),
  route("GET", `${CLUSTER}/clusterlint`, (context) => json(200, lintResults(context, clusterParam(context)))),
  route("GET", `${CLUSTER}/node_pools`, (context) => json(200, { node_pools: clusterParam(context).node_pools })),
  route(
    "POST",
    `${CLUSTER}/node_pools`,
    (context) => json(201, { node_pool: addPool(context, clusterParam(context)) })
  ),
  route("GET", POOL, (context) => json(200, { node_pool: poolParam(context, clusterParam(context)) })),
  route("PUT", POOL, (context) => {
    const cluster = clusterParam(context)
    return json(202, { node_pool: updatePool(context, cluster, poolParam(context, cluster)) })
  }),
  route("DELETE", POOL, (context) => {
    const cluster = clusterParam(context)
    removePool(context, cluster, poolParam(context, cluster))
    return noContent
  }),
  route("DELETE", `${POOL}/nodes/:node_id`, (context) => {
    const cluster = clusterParam(context)
    removeNode(context, cluster, poolParam(context, cluster))
    return { status: 202 }
  }),
  route("POST", `${POOL}/recycle`, (context) => {
    const cluster = clusterParam(context)
    recycle(context, cluster, poolParam(context, cluster))
    return { status: 202 }
  })
]
