/**
 * Managed database clusters: create (pg, mysql, redis, valkey, mongodb, kafka, opensearch; validated engine,
 * version, size, node count and region), list (by tag), fetch, resize, delete; their databases, users (reset auth),
 * connection pools (PostgreSQL only), firewall rules (trusted sources) and read-only replicas (promote).
 *
 * Time comes from the Clock: a new cluster is `creating` until `actionDuration("database_create")` has passed (5
 * minutes by default), then `online`; a resize is `resizing` for `database_resize` (3 minutes), and the new size shows
 * when it ends; a new replica is `forking` for `database_replica_create` (5 minutes), then `online`. Connection
 * details look like DigitalOcean's (host, port, user, password, uri per engine) and follow the admin user's password
 * when it is reset.
 *
 * Errors as DigitalOcean answers them: 404 `not_found`; 422 `unprocessable_entity` for a bad engine, version, size,
 * node count, region or name, a cluster name in use ("cluster name is not available"), and an operation the engine
 * does not support ("operation is not supported for this cluster type": pools on anything but pg, users on Caching
 * and Valkey, ...); 409 `conflict` for a user, database, pool or replica name already in use; 412
 * `precondition_failed` for a replica or a resize asked of a cluster that is not online.
 *
 * A cluster joins a project (the one given, or the default) and a VPC (the one given, or the region's default), and
 * leaves its project when it is deleted; a promoted replica joins its primary's project.
 *
 * @internal
 */
import type { Context, FakeResponse, Route } from "../router.js"
import {
  conflict,
  found,
  int,
  json,
  noContent,
  optional,
  preconditionFailed as precondition,
  require,
  route,
  str,
  UUID
} from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"
import { assign, requireProject, unassign } from "./projects.js"
import { regionOf, TAG_NAME, tagResource, untagEverywhere } from "./shared.js"
import { vpcFor } from "./vpcs.js"

/** How long the family's transitions take by default (ms), by the `actionDuration` type that overrides each. */
export const durations: Readonly<Record<string, number>> = {
  database_create: 5 * 60_000,
  database_resize: 3 * 60_000,
  database_replica_create: 5 * 60_000
}

/** The engines served, with their versions (oldest first: the last is the default) and exact versions. */
const ENGINES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pg: { "13": "13.18", "14": "14.15", "15": "15.10", "16": "16.6", "17": "17.2" },
  mysql: { "8": "8.0.35" },
  redis: { "7": "7.2.4" },
  valkey: { "8": "8.0.1" },
  mongodb: { "6.0": "6.0.19", "7.0": "7.0.15", "8.0": "8.0.4" },
  kafka: { "3.7": "3.7.1", "3.8": "3.8.0" },
  opensearch: { "1": "1.3.20", "2": "2.17.1" }
}

/** Database sizes: memory (GiB) and default storage (MiB). */
const SIZES: Readonly<Record<string, { readonly memory: number; readonly storage: number }>> = {
  "db-s-1vcpu-1gb": { memory: 1, storage: 10_240 },
  "db-s-1vcpu-2gb": { memory: 2, storage: 30_720 },
  "db-s-2vcpu-4gb": { memory: 4, storage: 61_440 },
  "db-s-4vcpu-8gb": { memory: 8, storage: 117_760 },
  "db-s-6vcpu-16gb": { memory: 16, storage: 276_480 },
  "db-s-8vcpu-32gb": { memory: 32, storage: 593_920 },
  "db-s-16vcpu-64gb": { memory: 64, storage: 1_036_288 },
  "gd-2vcpu-8gb": { memory: 8, storage: 61_440 },
  "gd-4vcpu-16gb": { memory: 16, storage: 122_880 }
}

/** What each engine allows beyond the common rules: node counts and the smallest sizes. */
const NODES: Readonly<Record<string, ReadonlyArray<number>>> = {
  mongodb: [1, 3],
  kafka: [3]
}
const MIN_MEMORY: Readonly<Record<string, number>> = { kafka: 4, opensearch: 4 }

/** Engines without databases (`/dbs`), users, replicas. */
const NO_DBS = new Set(["redis", "valkey", "kafka", "opensearch"])
const NO_USERS = new Set(["redis", "valkey"])
const REPLICAS = new Set(["pg", "mysql"])

const CLUSTER_NAME = /^[a-z][a-z0-9-]{2,62}$/
const OBJECT_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,62}$/
const IPV4 =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/
const RULE_TYPES = new Set(["droplet", "k8s", "ip_addr", "tag", "app"])
const POOL_MODES = new Set(["transaction", "session", "statement"])
const AUTH_PLUGINS = new Set(["mysql_native_password", "caching_sha2_password"])
const MAX_RULES = 100

const UNSUPPORTED = "operation is not supported for this cluster type"

/** A replica and when it comes online. */
interface ReplicaEntry {
  readonly json: Json
  readonly readyAt: number
}

/**
 * A cluster: its wire fields that do not change by themselves, and what the fake keeps beside them (`id`, `name`,
 * `created_at` and `vpc_uuid` at the top too, where the VPCs' members are read).
 */
interface Entry {
  readonly id: string
  readonly name: string
  readonly created_at: string
  readonly vpc_uuid: string
  readonly json: Json
  readonly readyAt: number
  /** A resize in progress: the new shape, applied when it ends. */
  resize?: { readonly until: number; readonly size: string; readonly num_nodes: number; readonly storage: number }
  /** `doadmin` (or `default`) first. */
  readonly users: Map<string, Json>
  readonly dbs: Array<string>
  readonly pools: Map<string, Json>
  rules: Array<Json>
  readonly replicas: Map<string, ReplicaEntry>
  /** The host's distinguishing part (`<name>-do-user-<n>-0.b`). */
  readonly host: string
}

const entries = (state: State): Map<string, Entry> => state.databases as unknown as Map<string, Entry>
const key = (id: string) => `database:${id}`
/** A cluster's URN, as projects list it. */
const urn = (id: string) => `do:dbaas:${id}`

/** A password like DigitalOcean's (`AVNS_` and 19 characters). */
const password = (state: State): string => {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
  return `AVNS_${Array.from({ length: 19 }, () => chars[Math.floor(state.random() * chars.length)]).join("")}`
}

/** The account's number in hosts, from the account uuid (stable per fake). */
const userNumber = (state: State): number =>
  [...String(state.account.uuid ?? "")].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 90_000_000, 7) + 10_000_000

/** Per engine: the connection URI (from its parts), its database and port. */
const CONNECTIONS: Readonly<
  Record<string, {
    readonly uri: (name: string, pw: string, host: string, port: number, database: string) => string
    readonly database: string
    readonly port: number
  }>
> = {
  pg: {
    uri: (name, pw, host, port, database) => `postgres://${name}:${pw}@${host}:${port}/${database}?sslmode=require`,
    database: "defaultdb",
    port: 25060
  },
  mysql: {
    uri: (name, pw, host, port, database) => `mysql://${name}:${pw}@${host}:${port}/${database}?ssl-mode=REQUIRED`,
    database: "defaultdb",
    port: 25060
  },
  redis: { uri: (name, pw, host, port) => `rediss://${name}:${pw}@${host}:${port}`, database: "", port: 25061 },
  valkey: { uri: (name, pw, host, port) => `rediss://${name}:${pw}@${host}:${port}`, database: "", port: 25061 },
  mongodb: {
    uri: (name, pw, host, _port, database) =>
      `mongodb+srv://${name}:${pw}@${host}/${database}?tls=true&authSource=admin`,
    database: "admin",
    port: 27017
  },
  kafka: { uri: () => "", database: "", port: 25073 }
}

/** Engines not in the table (OpenSearch): an HTTPS URI. */
const HTTPS_CONNECTION = {
  uri: (name: string, pw: string, host: string, port: number) => `https://${name}:${pw}@${host}:${port}`,
  database: "",
  port: 25060
}

/** One connection object, per engine (a pool's, on its own port and database). */
const connection = (
  engine: string,
  host: string,
  user: Json,
  options?: { readonly port?: number | undefined; readonly database?: string | undefined }
): Json => {
  const kind = CONNECTIONS[engine] ?? HTTPS_CONNECTION
  const port = options?.port ?? kind.port
  const database = options?.database ?? kind.database
  return {
    uri: kind.uri(user.name, user.password, host, port, database),
    database,
    host,
    port,
    user: user.name,
    password: user.password,
    ssl: true
  }
}

/** Applies a finished resize. */
const settle = (entry: Entry, now: number): void => {
  if (entry.resize !== undefined && now >= entry.resize.until) {
    entry.json.size = entry.resize.size
    entry.json.num_nodes = entry.resize.num_nodes
    entry.json.storage_size_mib = entry.resize.storage
    delete entry.resize
  }
}

const statusOf = (entry: Entry, now: number): string =>
  now < entry.readyAt ? "creating" : entry.resize !== undefined ? "resizing" : "online"

const admin = (entry: Entry): Json => entry.users.values().next().value!

/** A cluster as the API shows it now. */
const show = (entry: Entry, now: number): Json => {
  settle(entry, now)
  const engine = entry.json.engine
  const host = `${entry.host}.db.ondigitalocean.com`
  const primary = admin(entry)
  const standby = entry.json.num_nodes > 1
  return {
    ...entry.json,
    status: statusOf(entry, now),
    db_names: NO_DBS.has(engine) ? null : [...entry.dbs],
    users: NO_USERS.has(engine) ? null : [...entry.users.values()].map((u) => ({ ...u })),
    connection: connection(engine, host, primary),
    private_connection: connection(engine, `private-${host}`, primary),
    ...(standby
      ? {
        standby_connection: connection(engine, `replica-${host}`, primary),
        standby_private_connection: connection(engine, `private-replica-${host}`, primary)
      }
      : {})
  }
}

/** The cluster of the path, settled, or 404. */
const clusterOf = (context: Context): Entry => {
  const entry = found(entries(context.state).get(context.params.database_cluster_uuid))
  settle(entry, context.now)
  return entry
}

/** Refuses what the engine does not do (422, as DigitalOcean answers). */
const supports = (entry: Entry, unsupported: (engine: string) => boolean): void => {
  require(!unsupported(entry.json.engine), UNSUPPORTED)
}

const sizeOf = (engine: string, slug: unknown): { readonly memory: number; readonly storage: number } => {
  const size = typeof slug === "string" ? SIZES[slug] : undefined
  require(size !== undefined, `size ${String(slug)} is not a valid database size`)
  require(
    size!.memory >= (MIN_MEMORY[engine] ?? 1),
    `size ${String(slug)} is too small for ${engine}: at least ${MIN_MEMORY[engine]} GB of memory`
  )
  return size!
}

const nodesOf = (engine: string, body: Json): number => {
  const nodes = int(body, "num_nodes")
  const allowed = NODES[engine] ?? [1, 2, 3]
  require(allowed.includes(nodes), `num_nodes must be ${allowed.join(" or ")} for ${engine}`)
  return nodes
}

const storageOf = (body: Json, fallback: number): number => {
  const storage = optional<number>(body, "storage_size_mib", "number")
  require(
    storage === undefined || (Number.isInteger(storage) && storage >= fallback),
    `storage_size_mib must be an integer of at least ${fallback}`
  )
  return storage ?? fallback
}

const tagsOf = (body: Json): Array<string> => {
  const tags = optional<Array<unknown>>(body, "tags", "array") ?? []
  for (const tag of tags) {
    require(typeof tag === "string" && TAG_NAME.test(tag), `tag ${String(tag)} is not a valid tag name`)
  }
  return tags as Array<string>
}

/** Validates trusted sources, keeping the uuid and creation time of a rule kept. */
const rulesOf = (context: Context, given: unknown, clusterId: string, previous: ReadonlyArray<Json>): Array<Json> => {
  require(Array.isArray(given), "rules must be an array")
  const rules = given as Array<unknown>
  require(rules.length <= MAX_RULES, `a cluster has at most ${MAX_RULES} firewall rules`)
  return rules.map((rule) => {
    require(rule !== null && typeof rule === "object" && !Array.isArray(rule), "each rule must be an object")
    const { type, value } = rule as Json
    require(RULE_TYPES.has(type), `rule type ${String(type)} is not one of droplet, k8s, ip_addr, tag, app`)
    require(typeof value === "string" && value !== "", "a rule's value must be a non-empty string")
    switch (type) {
      case "ip_addr":
        require(!value.includes(":"), "IPv6 addresses cannot be trusted sources")
        require(IPV4.test(value), `${value} is not an IPv4 address or CIDR range`)
        break
      case "droplet":
        require(context.state.droplets.has(Number(value)), `droplet ${value} does not exist`)
        break
      case "tag":
        require(TAG_NAME.test(value), `${value} is not a valid tag name`)
        break
      default:
        require(UUID.test(value), `${value} is not a valid ${type} id`)
    }
    const kept = previous.find((r) => r.type === type && r.value === value)
    return kept ?? {
      uuid: uuid(context.state.random),
      cluster_uuid: clusterId,
      type,
      value,
      created_at: timestamp(context.now)
    }
  })
}

/** Rules as the API shows them: a rule on a droplet that no longer exists is gone. */
const showRules = (state: State, entry: Entry): Array<Json> =>
  entry.rules.filter((r) => r.type !== "droplet" || state.droplets.has(Number(r.value)))

const newUser = (state: State, name: string, role: "primary" | "normal", engine: string, body: Json = {}): Json => {
  const user: Json = { name, role, password: password(state) }
  if (engine === "mysql") user.mysql_settings = body.mysql_settings ?? { auth_plugin: "caching_sha2_password" }
  if (body.settings !== undefined) user.settings = body.settings
  return user
}

const mysqlSettingsOf = (engine: string, body: Json): Json | undefined => {
  const settings = body.mysql_settings
  if (settings === undefined || settings === null) return undefined
  require(engine === "mysql", "mysql_settings apply to MySQL clusters only")
  require(
    typeof settings === "object" && AUTH_PLUGINS.has(settings.auth_plugin),
    "mysql_settings.auth_plugin must be mysql_native_password or caching_sha2_password"
  )
  return { auth_plugin: settings.auth_plugin }
}

const create = (context: Context): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  require(
    CLUSTER_NAME.test(name),
    `${name} is not a valid cluster name: 3 to 63 lowercase letters, digits and "-", starting with a letter`
  )
  const engine = str(body, "engine")
  const versions = ENGINES[engine]
  require(versions !== undefined, `engine ${engine} is not a valid engine: ${Object.keys(ENGINES).join(", ")}`)
  const known = Object.keys(versions)
  const version = optional<string>(body, "version", "string") ?? known[known.length - 1]
  require(version in versions, `version ${version} is not available for ${engine}: ${known.join(", ")}`)
  const region = regionOf(state, str(body, "region"))
  const size = sizeOf(engine, body.size)
  const nodes = nodesOf(engine, body)
  const storage = storageOf(body, size.storage)
  const tags = tagsOf(body)
  const vpc = vpcFor(state, region.slug, body.private_network_uuid, now)
  const project = optional<string>(body, "project_id", "string")
  if (project !== undefined) requireProject(state, project, now)
  const restore = body.backup_restore
  if (restore !== undefined && restore !== null) {
    const source = [...entries(state).values()].find((e) => e.json.name === restore.database_name)
    require(source !== undefined, `no cluster named ${String(restore.database_name)} to restore from`)
    require(source!.json.engine === engine, "a backup restores into a cluster of the same engine")
  }
  require(![...entries(state).values()].some((e) => e.json.name === name), "cluster name is not available")

  const id = uuid(state.random)
  const letter = "bcdfg"[Math.floor(state.random() * 5)]
  const entry: Entry = {
    id,
    name,
    created_at: timestamp(now),
    vpc_uuid: vpc,
    json: {
      id,
      name,
      engine,
      version,
      semantic_version: versions[version],
      num_nodes: nodes,
      size: body.size,
      region: region.slug,
      created_at: timestamp(now),
      private_network_uuid: vpc,
      tags,
      maintenance_window: { day: "tuesday", hour: "02:00:00", pending: false, description: [] },
      storage_size_mib: storage,
      project_id: assign(state, urn(id), project, now)
    },
    readyAt: now + context.behaviour.actionDuration("database_create"),
    users: new Map(),
    dbs: NO_DBS.has(engine) ? [] : [engine === "mongodb" ? "admin" : "defaultdb"],
    pools: new Map(),
    rules: [],
    replicas: new Map(),
    host: `${name}-do-user-${userNumber(state)}-0.${letter}`
  }
  const adminName = NO_USERS.has(engine) ? "default" : "doadmin"
  entry.users.set(adminName, newUser(state, adminName, "primary", engine))
  entry.rules = body.rules === undefined ? [] : rulesOf(context, body.rules, id, [])
  entries(state).set(id, entry)
  for (const tag of tags) tagResource(state, tag, key(id), now)
  return show(entry, now)
}

// ---------------------------------------------------------------------------------------------------------------
// Pools: PostgreSQL only; their sizes share the cluster's backend connections (25 per GiB of memory, less 3)
// ---------------------------------------------------------------------------------------------------------------

const connectionLimit = (entry: Entry): number => (SIZES[entry.json.size]?.memory ?? 1) * 25 - 3

const showPool = (entry: Entry, pool: Json): Json => {
  const user = pool.user === undefined ? admin(entry) : entry.users.get(pool.user) ?? admin(entry)
  const host = `${entry.host}.db.ondigitalocean.com`
  const at = (h: string) => connection("pg", h, user, { port: 25061, database: pool.name })
  return {
    ...pool,
    connection: at(host),
    private_connection: at(`private-${host}`),
    ...(entry.json.num_nodes > 1
      ? { standby_connection: at(`replica-${host}`), standby_private_connection: at(`private-replica-${host}`) }
      : {})
  }
}

const poolFields = (entry: Entry, body: Json, except?: string): Json => {
  const mode = str(body, "mode")
  require(POOL_MODES.has(mode), `mode ${mode} is not one of transaction, session, statement`)
  const size = int(body, "size")
  const used = [...entry.pools.values()].filter((p) => p.name !== except).reduce((n, p) => n + p.size, 0)
  const limit = connectionLimit(entry)
  require(size >= 1, "size must be at least 1")
  require(used + size <= limit, `the pools' sizes exceed the cluster's ${limit} available connections`)
  const db = str(body, "db")
  require(entry.dbs.includes(db), `database ${db} does not exist`)
  const user = optional<string>(body, "user", "string")
  require(user === undefined || user === "" || entry.users.has(user), `user ${String(user)} does not exist`)
  return { mode, size, db, ...(user === undefined || user === "" ? {} : { user }) }
}

const poolOf = (context: Context): { readonly entry: Entry; readonly pool: Json } => {
  const entry = clusterOf(context)
  supports(entry, (engine) => engine !== "pg")
  return { entry, pool: found(entry.pools.get(context.params.pool_name)) }
}

// ---------------------------------------------------------------------------------------------------------------
// Replicas
// ---------------------------------------------------------------------------------------------------------------

const showReplica = (entry: Entry, replica: ReplicaEntry, now: number): Json => {
  const host = `${replica.json.name}-do-user-${entry.host.split("-do-user-")[1]}.db.ondigitalocean.com`
  const primary = admin(entry)
  return {
    ...replica.json,
    status: now < replica.readyAt ? "forking" : "online",
    connection: connection(entry.json.engine, host, primary),
    private_connection: connection(entry.json.engine, `private-${host}`, primary)
  }
}

const replicaOf = (context: Context): { readonly entry: Entry; readonly replica: ReplicaEntry } => {
  const entry = clusterOf(context)
  return { entry, replica: found(entry.replicas.get(context.params.replica_name)) }
}

const createReplica = (context: Context): FakeResponse => {
  const { body, now, state } = context
  const entry = clusterOf(context)
  supports(entry, (engine) => !REPLICAS.has(engine))
  const status = statusOf(entry, now)
  if (status !== "online") throw precondition(`the cluster is ${status}: a replica needs an online primary`)
  const name = str(body, "name")
  require(CLUSTER_NAME.test(name), `${name} is not a valid replica name`)
  const size = sizeOf(entry.json.engine, body.size)
  const region = regionOf(state, optional<string>(body, "region", "string") ?? entry.json.region)
  const tags = tagsOf(body)
  const storage = storageOf(body, size.storage)
  if (entry.replicas.has(name) || [...entries(state).values()].some((e) => e.json.name === name)) {
    throw conflict(`the name ${name} is already in use`)
  }
  const replica: ReplicaEntry = {
    json: {
      id: uuid(state.random),
      name,
      region: region.slug,
      size: body.size,
      tags,
      created_at: timestamp(now),
      private_network_uuid: vpcFor(state, region.slug, body.private_network_uuid, now),
      storage_size_mib: storage
    },
    readyAt: now + context.behaviour.actionDuration("database_replica_create")
  }
  entry.replicas.set(name, replica)
  return json(201, { replica: showReplica(entry, replica, now) })
}

/** A promoted replica becomes a cluster of its own, online, with the primary's users and databases. */
const promote = (context: Context): FakeResponse => {
  const { now, state } = context
  const { entry, replica } = replicaOf(context)
  if (now < replica.readyAt) throw precondition("the replica is forking: only an online replica can be promoted")
  entry.replicas.delete(replica.json.name)
  const id = replica.json.id
  entries(state).set(id, {
    id,
    name: replica.json.name,
    created_at: replica.json.created_at,
    vpc_uuid: replica.json.private_network_uuid,
    json: {
      ...entry.json,
      id,
      name: replica.json.name,
      num_nodes: 1,
      size: replica.json.size,
      region: replica.json.region,
      created_at: replica.json.created_at,
      private_network_uuid: replica.json.private_network_uuid,
      tags: replica.json.tags,
      storage_size_mib: replica.json.storage_size_mib,
      project_id: assign(state, urn(id), entry.json.project_id, now)
    },
    readyAt: now,
    users: new Map([...entry.users].map(([name, user]) => [name, { ...user }])),
    dbs: [...entry.dbs],
    pools: new Map(),
    rules: entry.rules.map((r) => ({ ...r, uuid: uuid(state.random), cluster_uuid: id })),
    replicas: new Map(),
    host: `${replica.json.name}-do-user-${entry.host.split("-do-user-")[1]}`
  })
  for (const tag of replica.json.tags as Array<string>) tagResource(state, tag, key(id), now)
  return noContent
}

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const C = "/v2/databases/:database_cluster_uuid"

/** `GET /v2/databases/options`: what `create` accepts, from the same tables. */
const options = (state: State): Json => {
  const regions = state.regions.map((r) => r.slug)
  const engines = Object.keys(ENGINES)
  return {
    options: Object.fromEntries(engines.map((engine) => [engine, {
      regions,
      versions: Object.keys(ENGINES[engine]),
      default_version: Object.keys(ENGINES[engine]).at(-1),
      layouts: (NODES[engine] ?? [1, 2, 3]).map((num_nodes) => ({
        num_nodes,
        sizes: Object.keys(SIZES).filter((slug) => SIZES[slug].memory >= (MIN_MEMORY[engine] ?? 1))
      }))
    }])),
    version_availability: Object.fromEntries(engines.map((engine) => [
      engine,
      Object.keys(ENGINES[engine]).map((version) => ({ version, end_of_life: null, end_of_availability: null }))
    ]))
  }
}

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/databases/options", (context) => json(200, options(context.state))),
  route("GET", "/v2/databases", (context) => {
    const tag = context.request.query.get("tag_name")
    const all = [...entries(context.state).values()].filter((e) => tag === null || e.json.tags.includes(tag))
    return json(200, { databases: all.map((e) => show(e, context.now)) })
  }),
  route("POST", "/v2/databases", (context) => json(201, { database: create(context) })),
  route("GET", C, (context) => json(200, { database: show(clusterOf(context), context.now) })),
  route("DELETE", C, (context) => {
    const entry = clusterOf(context)
    entries(context.state).delete(entry.json.id)
    untagEverywhere(context.state, key(entry.json.id))
    unassign(context.state, urn(entry.json.id))
    return noContent
  }),
  route("PUT", `${C}/resize`, (context) => {
    const { body, now } = context
    const entry = clusterOf(context)
    const status = statusOf(entry, now)
    if (status !== "online") throw precondition(`the cluster is ${status}: only an online cluster can be resized`)
    const size = sizeOf(entry.json.engine, body.size)
    const nodes = nodesOf(entry.json.engine, body)
    const storage = storageOf(body, Math.max(size.storage, entry.json.storage_size_mib))
    entry.resize = {
      until: now + context.behaviour.actionDuration("database_resize"),
      size: body.size,
      num_nodes: nodes,
      storage
    }
    return { status: 202 }
  }),

  // Databases
  route("GET", `${C}/dbs`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_DBS.has(engine))
    return json(200, { dbs: entry.dbs.map((name) => ({ name })) })
  }),
  route("POST", `${C}/dbs`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_DBS.has(engine))
    const name = str(context.body, "name")
    require(OBJECT_NAME.test(name), `${name} is not a valid database name`)
    if (entry.dbs.includes(name)) throw conflict(`database ${name} already exists`)
    entry.dbs.push(name)
    return json(201, { db: { name } })
  }),
  route("GET", `${C}/dbs/:database_name`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_DBS.has(engine))
    return json(200, { db: { name: found(entry.dbs.find((n) => n === context.params.database_name)) } })
  }),
  route("DELETE", `${C}/dbs/:database_name`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_DBS.has(engine))
    const name = found(entry.dbs.find((n) => n === context.params.database_name))
    const pool = [...entry.pools.values()].find((p) => p.db === name)
    require(pool === undefined, `database ${name} is used by connection pool ${pool?.name}`)
    entry.dbs.splice(entry.dbs.indexOf(name), 1)
    return noContent
  }),

  // Users
  route("GET", `${C}/users`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_USERS.has(engine))
    return json(200, { users: [...entry.users.values()] })
  }),
  route("POST", `${C}/users`, (context) => {
    const { body, state } = context
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_USERS.has(engine))
    const name = str(body, "name")
    require(OBJECT_NAME.test(name), `${name} is not a valid user name`)
    const mysql = mysqlSettingsOf(entry.json.engine, body)
    optional<boolean>(body, "readonly", "boolean")
    const settings = body.settings
    require(
      settings === undefined || settings === null || (typeof settings === "object" && !Array.isArray(settings)),
      "settings must be an object"
    )
    if (entry.users.has(name)) throw conflict(`user ${name} already exists`)
    const user = newUser(state, name, "normal", entry.json.engine, {
      ...(mysql === undefined ? {} : { mysql_settings: mysql }),
      ...(settings === undefined || settings === null ? {} : { settings })
    })
    entry.users.set(name, user)
    return json(201, { user })
  }),
  route("GET", `${C}/users/:username`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_USERS.has(engine))
    return json(200, { user: found(entry.users.get(context.params.username)) })
  }),
  route("DELETE", `${C}/users/:username`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_USERS.has(engine))
    const user = found(entry.users.get(context.params.username))
    require(user.role !== "primary", `${user.name} is the cluster's admin user and cannot be deleted`)
    const pool = [...entry.pools.values()].find((p) => p.user === user.name)
    require(pool === undefined, `user ${user.name} is used by connection pool ${pool?.name}`)
    entry.users.delete(user.name)
    return noContent
  }),
  route("POST", `${C}/users/:username/reset_auth`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => NO_USERS.has(engine))
    const user = found(entry.users.get(context.params.username))
    const mysql = mysqlSettingsOf(entry.json.engine, context.body)
    user.password = password(context.state)
    if (mysql !== undefined) user.mysql_settings = mysql
    return json(200, { user })
  }),

  // Connection pools
  route("GET", `${C}/pools`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => engine !== "pg")
    return json(200, { pools: [...entry.pools.values()].map((p) => showPool(entry, p)) })
  }),
  route("POST", `${C}/pools`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => engine !== "pg")
    const name = str(context.body, "name")
    require(OBJECT_NAME.test(name), `${name} is not a valid pool name`)
    if (entry.pools.has(name)) throw conflict(`connection pool ${name} already exists`)
    const pool = { name, ...poolFields(entry, context.body) }
    entry.pools.set(name, pool)
    return json(201, { pool: showPool(entry, pool) })
  }),
  route("GET", `${C}/pools/:pool_name`, (context) => {
    const { entry, pool } = poolOf(context)
    return json(200, { pool: showPool(entry, pool) })
  }),
  route("PUT", `${C}/pools/:pool_name`, (context) => {
    const { entry, pool } = poolOf(context)
    entry.pools.set(pool.name, { name: pool.name, ...poolFields(entry, context.body, pool.name) })
    return noContent
  }),
  route("DELETE", `${C}/pools/:pool_name`, (context) => {
    const { entry, pool } = poolOf(context)
    entry.pools.delete(pool.name)
    return noContent
  }),

  // Firewall rules
  route("GET", `${C}/firewall`, (context) => json(200, { rules: showRules(context.state, clusterOf(context)) })),
  route("PUT", `${C}/firewall`, (context) => {
    const entry = clusterOf(context)
    entry.rules = rulesOf(context, context.body.rules, entry.json.id, showRules(context.state, entry))
    return noContent
  }),

  // Replicas
  route("GET", `${C}/replicas`, (context) => {
    const entry = clusterOf(context)
    supports(entry, (engine) => !REPLICAS.has(engine))
    return json(200, { replicas: [...entry.replicas.values()].map((r) => showReplica(entry, r, context.now)) })
  }),
  route("POST", `${C}/replicas`, createReplica),
  route("GET", `${C}/replicas/:replica_name`, (context) => {
    const { entry, replica } = replicaOf(context)
    return json(200, { replica: showReplica(entry, replica, context.now) })
  }),
  route("DELETE", `${C}/replicas/:replica_name`, (context) => {
    const { entry, replica } = replicaOf(context)
    entry.replicas.delete(replica.json.name)
    return noContent
  }),
  route("PUT", `${C}/replicas/:replica_name/promote`, promote)
]
