/**
 * Managed databases: clusters, databases, users, connection pools, firewall rules and replicas, and waiting until a cluster is online.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Action from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, orNull, withDefault } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import * as Wait from "./internal/wait.js"

// ---------------------------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------------------------

/**
 * The engines a cluster can run: `pg` (PostgreSQL), `mysql`, `redis` (Caching), `valkey`, `mongodb`, `kafka`,
 * `opensearch` (and the spec's `advanced_pg`, `advanced_mysql`). Open: a new engine still decodes.
 *
 * @since 0.3.0
 * @category constants
 */
export const Engine = openEnum(
  "pg",
  "mysql",
  "redis",
  "valkey",
  "mongodb",
  "kafka",
  "opensearch",
  "advanced_pg",
  "advanced_mysql"
)

/**
 * @since 0.3.0
 * @category constants
 */
export type Engine = typeof Engine.Type

/**
 * A cluster's (or a replica's) status: `creating` (a new cluster), `online`, `resizing`, `migrating`, `forking` (a new
 * replica). Open: a new status still decodes.
 *
 * @since 0.3.0
 * @category constants
 */
export const Status = openEnum("creating", "online", "resizing", "migrating", "forking")

/**
 * @since 0.3.0
 * @category constants
 */
export type Status = typeof Status.Type

/**
 * The status of a cluster (or replica) ready for traffic: what `waitUntilOnline` waits for.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_ONLINE = "online"

/**
 * The status of a new cluster.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_CREATING = "creating"

/**
 * The status of a cluster being resized.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_RESIZING = "resizing"

/**
 * The status of a new replica.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_FORKING = "forking"

/**
 * A connection pool's mode (PgBouncer's): `transaction`, `session` or `statement`.
 *
 * @since 0.3.0
 * @category constants
 */
export const PoolMode = openEnum("transaction", "session", "statement")

/**
 * @since 0.3.0
 * @category constants
 */
export type PoolMode = typeof PoolMode.Type

/**
 * What a firewall rule (a "trusted source") admits: a droplet (its id), a Kubernetes cluster (its uuid), an IPv4
 * address or CIDR range, a tag (droplets and nodes with it), or an app (its id).
 *
 * @since 0.3.0
 * @category constants
 */
export const RuleType = openEnum("droplet", "k8s", "ip_addr", "tag", "app")

/**
 * @since 0.3.0
 * @category constants
 */
export type RuleType = typeof RuleType.Type

/**
 * A MySQL user's authentication plugin.
 *
 * @since 0.3.0
 * @category constants
 */
export const AuthPlugin = openEnum("mysql_native_password", "caching_sha2_password")

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

/**
 * How to connect to a cluster, a replica or a pool (the spec's `database_connection`): the API sends every field
 * (`uri` is `""` where an engine has none).
 *
 * @since 0.3.0
 * @category models
 */
export class Connection extends Class<Connection>("@doapi/core/Database/Connection")({
  /** e.g. `postgres://doadmin:…@backend-do-user-1-0.b.db.ondigitalocean.com:25060/defaultdb?sslmode=require` */
  uri: Schema.String,
  /** The default database (a pool's: the pool's name). */
  database: Schema.String,
  host: Schema.String,
  port: Schema.Int,
  user: Schema.String,
  password: Schema.String,
  ssl: Schema.Boolean
}) {}

/**
 * A MySQL user's settings.
 *
 * @since 0.3.0
 * @category models
 */
export const MysqlSettings = Schema.Struct({ auth_plugin: AuthPlugin })

/**
 * A database user. `password` is its password (for Kafka users, `access_cert` and `access_key` too).
 *
 * @since 0.3.0
 * @category models
 */
export class User extends Class<User>("@doapi/core/Database/User")({
  name: Schema.String,
  /** `primary` for the cluster's admin user (`doadmin`), `normal` for the users added. */
  role: openEnum("primary", "normal"),
  password: Schema.String,
  access_cert: Schema.optional(Schema.String),
  access_key: Schema.optional(Schema.String),
  mysql_settings: Schema.optional(MysqlSettings),
  /** Engine-specific settings (`pg_allow_replication`, Kafka ACLs, MongoDB roles), as the API sends them. */
  settings: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}) {
  /** Whether this is the cluster's admin user. */
  get primary(): boolean {
    return this.role === "primary"
  }
}

/**
 * A database (in the SQL sense) of a cluster.
 *
 * @since 0.3.0
 * @category models
 */
export class DB extends Class<DB>("@doapi/core/Database/DB")({ name: Schema.String }) {}

/**
 * A maintenance window: a day and an hour (UTC), and whether updates are pending.
 *
 * @since 0.3.0
 * @category models
 */
export const MaintenanceWindow = Schema.Struct({
  day: Schema.String,
  hour: Schema.String,
  pending: Schema.optional(Schema.Boolean),
  description: Schema.optional(Schema.Array(Schema.String))
})

/**
 * A firewall rule ("trusted source") of a cluster.
 *
 * @since 0.3.0
 * @category models
 */
export class FirewallRule extends Class<FirewallRule>("@doapi/core/Database/FirewallRule")({
  uuid: Schema.optional(Schema.String),
  cluster_uuid: Schema.optional(Schema.String),
  type: RuleType,
  /** A droplet's id, a Kubernetes cluster's uuid, an IPv4 address or CIDR range, a tag's name or an app's id. */
  value: Schema.String,
  created_at: Schema.optional(Schema.DateTimeUtc)
}) {}

/**
 * A managed database cluster (the spec's `database_cluster`). Fields the API always sends are required; `status`
 * goes `creating` → `online` (and `resizing` → `online` on a resize).
 *
 * @since 0.3.0
 * @category models
 */
export class Cluster extends Class<Cluster>("@doapi/core/Database/Cluster")({
  /** A uuid. */
  id: Schema.String,
  name: Schema.String,
  engine: Engine,
  /** The major version, e.g. `16`. */
  version: Schema.String,
  /** The exact version, e.g. `16.4`. */
  semantic_version: Schema.optional(Schema.String),
  num_nodes: Schema.Int,
  /** A database size slug, e.g. `db-s-1vcpu-1gb`. */
  size: Schema.String,
  /** A region's slug. */
  region: Schema.String,
  status: Status,
  created_at: Schema.DateTimeUtc,
  /** The VPC the cluster is in (a uuid). */
  private_network_uuid: Schema.optional(Schema.String),
  tags: orNull(Schema.Array(Schema.String)),
  /** The databases' names (not for Caching, Valkey, Kafka and OpenSearch clusters). */
  db_names: orNull(Schema.Array(Schema.String)),
  connection: Connection,
  private_connection: Schema.optional(Connection),
  standby_connection: Schema.optional(Connection),
  standby_private_connection: Schema.optional(Connection),
  users: orNull(Schema.Array(User)),
  maintenance_window: orNull(MaintenanceWindow),
  project_id: Schema.optional(Schema.String),
  storage_size_mib: Schema.optional(Schema.Int),
  version_end_of_life: Schema.optional(Schema.String),
  version_end_of_availability: Schema.optional(Schema.String)
}) {
  /** Whether the cluster is ready for traffic. */
  get online(): boolean {
    return this.status === STATUS_ONLINE
  }
  /** The public connection's URI. */
  get uri(): string {
    return this.connection.uri
  }
}

/**
 * A read-only replica of a cluster. `status` goes `forking` → `online`.
 *
 * @since 0.3.0
 * @category models
 */
export class Replica extends Class<Replica>("@doapi/core/Database/Replica")({
  name: Schema.String,
  /** A uuid (the spec's examples leave it out). */
  id: Schema.optional(Schema.String),
  region: Schema.optional(Schema.String),
  size: Schema.optional(Schema.String),
  status: Status,
  tags: orNull(Schema.Array(Schema.String)),
  created_at: Schema.optional(Schema.DateTimeUtc),
  private_network_uuid: Schema.optional(Schema.String),
  connection: Schema.optional(Connection),
  private_connection: Schema.optional(Connection),
  storage_size_mib: Schema.optional(Schema.Int)
}) {
  /** Whether the replica is ready for traffic. */
  get online(): boolean {
    return this.status === STATUS_ONLINE
  }
}

/**
 * A connection pool (PostgreSQL clusters only: PgBouncer).
 *
 * @since 0.3.0
 * @category models
 */
export class Pool extends Class<Pool>("@doapi/core/Database/Pool")({
  name: Schema.String,
  mode: PoolMode,
  /** How many backend connections the pool holds. */
  size: Schema.Int,
  /** The database it connects to. */
  db: Schema.String,
  /** The user it connects as; absent: each session connects as its inbound user. */
  user: Schema.optional(Schema.String),
  connection: Connection,
  private_connection: Schema.optional(Connection),
  standby_connection: Schema.optional(Connection),
  standby_private_connection: Schema.optional(Connection)
}) {}

/**
 * What one engine offers (`GET /v2/databases/options`): its regions, versions (and the default one), and its layouts
 * (a node count and the sizes available with it).
 *
 * @since 0.3.0
 * @category models
 */
export class EngineOptions extends Class<EngineOptions>("@doapi/core/Database/EngineOptions")({
  regions: withDefault(Schema.Array(Schema.String), () => []),
  versions: withDefault(Schema.Array(Schema.String), () => []),
  layouts: withDefault(
    Schema.Array(Schema.Struct({ num_nodes: Schema.Int, sizes: withDefault(Schema.Array(Schema.String), () => []) })),
    () => []
  ),
  default_version: Schema.optional(Schema.String)
}) {
  /**
   * The sizes available with this node count.
   *
   * @since 0.3.0
   */
  sizesFor(numNodes: number): ReadonlyArray<string> {
    return this.layouts.find((layout) => layout.num_nodes === numNodes)?.sizes ?? []
  }
}

/**
 * When a version stops being available, and stops being supported.
 *
 * @since 0.3.0
 * @category models
 */
export const VersionAvailability = Schema.Struct({
  version: Schema.optional(Schema.String),
  end_of_life: Schema.optional(Schema.NullOr(Schema.String)),
  end_of_availability: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * `GET /v2/databases/options`: each engine's options, and its versions' availability, by engine.
 *
 * @since 0.3.0
 * @category models
 */
export const Options = Schema.Struct({
  options: Schema.Record({ key: Schema.String, value: EngineOptions }),
  version_availability: Schema.optional(
    Schema.Record({ key: Schema.String, value: Schema.Array(VersionAvailability) })
  )
})

/**
 * @since 0.3.0
 * @category models
 */
export type Options = typeof Options.Type

// ---------------------------------------------------------------------------------------------------------------
// Options (their encoded forms are the API's bodies)
// ---------------------------------------------------------------------------------------------------------------

/**
 * A firewall rule as `create` and `updateFirewallRules` send it: a type and a value (and the uuid of a rule kept).
 *
 * @since 0.3.0
 * @category models
 */
export const RuleInput = Schema.Struct({
  type: RuleType,
  value: Schema.String,
  uuid: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type RuleInput = typeof RuleInput.Type

/**
 * The options of `create`.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  name: Schema.String,
  engine: Engine,
  /** The major version; the engine's latest when absent. */
  version: Schema.optional(Schema.String),
  num_nodes: Schema.Int,
  size: Schema.String,
  region: Schema.String,
  private_network_uuid: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  project_id: Schema.optional(Schema.String),
  storage_size_mib: Schema.optional(Schema.Int),
  /** Trusted sources from the start. */
  rules: Schema.optional(Schema.Array(RuleInput)),
  /** Restores a backup of another cluster. */
  backup_restore: Schema.optional(Schema.Struct({
    database_name: Schema.String,
    backup_created_at: Schema.optional(Schema.String)
  }))
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `resize`: the size and the number of nodes are both required.
 *
 * @since 0.3.0
 * @category models
 */
export const ResizeOptions = Schema.Struct({
  size: Schema.String,
  num_nodes: Schema.Int,
  storage_size_mib: Schema.optional(Schema.Int)
})

/**
 * @since 0.3.0
 * @category models
 */
export type ResizeOptions = typeof ResizeOptions.Type

/**
 * The options of `addUser`.
 *
 * @since 0.3.0
 * @category models
 */
export const AddUserOptions = Schema.Struct({
  name: Schema.String,
  /** MongoDB and MySQL: a read-only user. */
  readonly: Schema.optional(Schema.Boolean),
  /** MySQL only. */
  mysql_settings: Schema.optional(MysqlSettings),
  settings: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})

/**
 * @since 0.3.0
 * @category models
 */
export type AddUserOptions = typeof AddUserOptions.Type

/**
 * The options of `addPool`.
 *
 * @since 0.3.0
 * @category models
 */
export const AddPoolOptions = Schema.Struct({
  name: Schema.String,
  mode: PoolMode,
  size: Schema.Int,
  db: Schema.String,
  user: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type AddPoolOptions = typeof AddPoolOptions.Type

/**
 * The options of `updatePool` (mode, size and db are required, as the API wants them).
 *
 * @since 0.3.0
 * @category models
 */
export const UpdatePoolOptions = Schema.Struct({
  mode: PoolMode,
  size: Schema.Int,
  db: Schema.String,
  user: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type UpdatePoolOptions = typeof UpdatePoolOptions.Type

/**
 * The options of `createReplica`.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateReplicaOptions = Schema.Struct({
  name: Schema.String,
  size: Schema.String,
  /** The primary's region when absent. */
  region: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Array(Schema.String)),
  private_network_uuid: Schema.optional(Schema.String),
  storage_size_mib: Schema.optional(Schema.Int)
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateReplicaOptions = typeof CreateReplicaOptions.Type

/**
 * Filters of `stream` and `fetchAll`.
 *
 * @since 0.3.0
 * @category models
 */
export type ListOptions = {
  /** Only the clusters with this tag. */
  readonly tag_name?: string | undefined
}

const AddDBBody = Schema.Struct({ name: Schema.String })
const ResetAuthBody = Schema.Struct({ mysql_settings: Schema.optional(MysqlSettings) })
const FirewallBody = Schema.Struct({ rules: Schema.Array(RuleInput) })

// ---------------------------------------------------------------------------------------------------------------
// Clusters: /v2/databases
// ---------------------------------------------------------------------------------------------------------------

type R = HttpClient.HttpClient | DoConfig

const cluster = (value: Cluster | string) => Segment.uuid("database_cluster_uuid", value)
/** A name path parameter (`username`, `database_name`, ...): a string, or the `name` of one of this module's models. */
const named = (parameter: string, value: unknown) => Segment.name(parameter, value)

const decodeCluster = Http.envelope("database", Cluster)
const decodeClusters = Pagination.page("databases", Cluster)

/**
 * `GET /v2/databases/options`: what `create` accepts, by engine (regions, versions, node counts and sizes).
 *
 * @since 0.3.0
 * @category clusters
 */
export const fetchOptions: Effect.Effect<Options, DOAPIError, R> = Http.execute(
  Op.request(E.DatabasesListOptions, { operation: "Database.fetchOptions" }),
  Http.decodeWith(Options)
)

/**
 * `GET /v2/databases/{database_cluster_uuid}`: a cluster's current state.
 *
 * @since 0.3.0
 * @category clusters
 */
export const fetch = (database: Cluster | string): Effect.Effect<Cluster, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesGetCluster, {
      operation: "Database.fetch",
      path: { database_cluster_uuid: cluster(database) }
    }),
    decodeCluster
  )

/**
 * `GET /v2/databases`: every cluster (or those with a tag).
 *
 * @since 0.3.0
 * @category clusters
 */
export const stream = (options?: ListOptions | undefined): Stream.Stream<Cluster, DOAPIError, R> =>
  Op.listing(E.DatabasesListClusters, { operation: "Database.stream", params: options, decode: decodeClusters })

/**
 * `GET /v2/databases`, collected.
 *
 * @since 0.3.0
 * @category clusters
 */
export const fetchAll = (options?: ListOptions | undefined): Effect.Effect<ReadonlyArray<Cluster>, DOAPIError, R> =>
  Pagination.collect(stream(options))

/**
 * `POST /v2/databases`: creates a cluster (201); it is `creating` for minutes, then `online` (`waitUntilOnline`).
 *
 * @since 0.3.0
 * @category clusters
 */
export const create = (options: CreateOptions): Effect.Effect<Cluster, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesCreateCluster, {
      operation: "Database.create",
      body: options,
      bodySchema: CreateOptions
    }),
    decodeCluster
  )

/**
 * `PUT /v2/databases/{database_cluster_uuid}/resize` (202): the cluster goes `resizing`, then `online` again.
 *
 * @since 0.3.0
 * @category clusters
 */
export const resize = (database: Cluster | string, options: ResizeOptions): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesUpdateClusterSize, {
      operation: "Database.resize",
      path: { database_cluster_uuid: cluster(database) },
      body: options,
      bodySchema: ResizeOptions
    }),
    Http.noContent
  )

/**
 * `DELETE /v2/databases/{database_cluster_uuid}`: destroys the cluster (and its replicas).
 *
 * @since 0.3.0
 * @category clusters
 */
export const remove = (database: Cluster | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesDestroyCluster, {
      operation: "Database.delete",
      path: { database_cluster_uuid: cluster(database) }
    }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/databases/{database_cluster_uuid}` (`delete` is a reserved word: `Database.delete` works as a
   * property).
   *
   * @since 0.3.0
   * @category clusters
   */
  remove as delete
}

// ---------------------------------------------------------------------------------------------------------------
// Waiting until online
// ---------------------------------------------------------------------------------------------------------------

// `GET /v2/databases` is not paged: `Wait.listed` reads it with one request whenever it picks the listing.
const listingForWait = Op.listing(E.DatabasesListClusters, {
  operation: "Database.waitUntilOnline",
  decode: decodeClusters
})

/**
 * Polls the clusters together until each is `online`, emitting each as it comes online. A round reads the listing
 * (`GET /v2/databases`, one request) instead of fetching each when that takes fewer requests, and fetches what it did
 * not show; the interval, deadline, `WaitTimeoutError` (with the clusters' last states) and interruption rules are
 * `Droplet.waitAll`'s.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitAllUntilOnline = (
  databases: Iterable<Cluster | string>,
  options?: Action.WaitOptions | undefined
): Stream.Stream<Cluster, DOAPIError | WaitTimeoutError, R> =>
  Wait.untilListed(databases, {
    listing: listingForWait,
    key: Wait.stringKey(Cluster, (c) => c.id),
    refresh: fetch,
    isDone: (c) => c.status === STATUS_ONLINE,
    attr: "status",
    value: STATUS_ONLINE
  }, options)

/**
 * Polls a cluster until it is `online` and returns it.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitUntilOnline = (
  database: Cluster | string,
  options?: Action.WaitOptions | undefined
): Effect.Effect<Cluster, DOAPIError | WaitTimeoutError, R> => Wait.one(waitAllUntilOnline([database], options))

// ---------------------------------------------------------------------------------------------------------------
// Databases: /v2/databases/{database_cluster_uuid}/dbs (not for Caching, Valkey, Kafka, OpenSearch)
// ---------------------------------------------------------------------------------------------------------------

const decodeDB = Http.envelope("db", DB)
const decodeDBs = Http.envelope("dbs", Schema.Array(DB))

/**
 * `GET /v2/databases/{database_cluster_uuid}/dbs`: the cluster's databases (one response: the API does not page it).
 *
 * @since 0.3.0
 * @category databases
 */
export const listDBs = (database: Cluster | string): Effect.Effect<ReadonlyArray<DB>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesList, { operation: "Database.listDBs", path: { database_cluster_uuid: cluster(database) } }),
    decodeDBs
  )

/**
 * `POST /v2/databases/{database_cluster_uuid}/dbs`: adds a database (201).
 *
 * @since 0.3.0
 * @category databases
 */
export const addDB = (database: Cluster | string, name: string): Effect.Effect<DB, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesAdd, {
      operation: "Database.addDB",
      path: { database_cluster_uuid: cluster(database) },
      body: { name },
      bodySchema: AddDBBody
    }),
    decodeDB
  )

/**
 * `GET /v2/databases/{database_cluster_uuid}/dbs/{database_name}`.
 *
 * @since 0.3.0
 * @category databases
 */
export const fetchDB = (database: Cluster | string, db: DB | string): Effect.Effect<DB, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesGet, {
      operation: "Database.fetchDB",
      path: { database_cluster_uuid: cluster(database), database_name: named("database_name", db) }
    }),
    decodeDB
  )

/**
 * `DELETE /v2/databases/{database_cluster_uuid}/dbs/{database_name}`.
 *
 * @since 0.3.0
 * @category databases
 */
export const removeDB = (database: Cluster | string, db: DB | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesDelete, {
      operation: "Database.removeDB",
      path: { database_cluster_uuid: cluster(database), database_name: named("database_name", db) }
    }),
    Http.noContent
  )

// ---------------------------------------------------------------------------------------------------------------
// Users: /v2/databases/{database_cluster_uuid}/users (not for Caching, Valkey)
// ---------------------------------------------------------------------------------------------------------------

const decodeUser = Http.envelope("user", User)
const decodeUsers = Http.envelope("users", Schema.Array(User))

/**
 * `GET /v2/databases/{database_cluster_uuid}/users`: the cluster's users (one response: the API does not page it).
 *
 * @since 0.3.0
 * @category users
 */
export const listUsers = (database: Cluster | string): Effect.Effect<ReadonlyArray<User>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesListUsers, {
      operation: "Database.listUsers",
      path: { database_cluster_uuid: cluster(database) }
    }),
    decodeUsers
  )

/**
 * `POST /v2/databases/{database_cluster_uuid}/users`: adds a user (201), with its generated password.
 *
 * @since 0.3.0
 * @category users
 */
export const addUser = (database: Cluster | string, options: AddUserOptions): Effect.Effect<User, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesAddUser, {
      operation: "Database.addUser",
      path: { database_cluster_uuid: cluster(database) },
      body: options,
      bodySchema: AddUserOptions
    }),
    decodeUser
  )

/**
 * `GET /v2/databases/{database_cluster_uuid}/users/{username}`.
 *
 * @since 0.3.0
 * @category users
 */
export const fetchUser = (database: Cluster | string, user: User | string): Effect.Effect<User, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesGetUser, {
      operation: "Database.fetchUser",
      path: { database_cluster_uuid: cluster(database), username: named("username", user) }
    }),
    decodeUser
  )

/**
 * `DELETE /v2/databases/{database_cluster_uuid}/users/{username}`.
 *
 * @since 0.3.0
 * @category users
 */
export const removeUser = (database: Cluster | string, user: User | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesDeleteUser, {
      operation: "Database.removeUser",
      path: { database_cluster_uuid: cluster(database), username: named("username", user) }
    }),
    Http.noContent
  )

/**
 * `POST /v2/databases/{database_cluster_uuid}/users/{username}/reset_auth`: a new password (and, for MySQL, an
 * authentication plugin); returns the user with it.
 *
 * @since 0.3.0
 * @category users
 */
export const resetUserAuth = (
  database: Cluster | string,
  user: User | string,
  options?: { readonly mysql_settings?: typeof MysqlSettings.Type | undefined } | undefined
): Effect.Effect<User, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesResetAuth, {
      operation: "Database.resetUserAuth",
      path: { database_cluster_uuid: cluster(database), username: named("username", user) },
      body: { mysql_settings: options?.mysql_settings },
      bodySchema: ResetAuthBody
    }),
    decodeUser
  )

// ---------------------------------------------------------------------------------------------------------------
// Connection pools: /v2/databases/{database_cluster_uuid}/pools (PostgreSQL only; others answer 422)
// ---------------------------------------------------------------------------------------------------------------

const decodePool = Http.envelope("pool", Pool)
const decodePools = Http.envelope("pools", Schema.Array(Pool))

/**
 * `GET /v2/databases/{database_cluster_uuid}/pools`: the cluster's connection pools.
 *
 * @since 0.3.0
 * @category pools
 */
export const listPools = (database: Cluster | string): Effect.Effect<ReadonlyArray<Pool>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesListConnectionPools, {
      operation: "Database.listPools",
      path: { database_cluster_uuid: cluster(database) }
    }),
    decodePools
  )

/**
 * `POST /v2/databases/{database_cluster_uuid}/pools`: adds a connection pool (201).
 *
 * @since 0.3.0
 * @category pools
 */
export const addPool = (database: Cluster | string, options: AddPoolOptions): Effect.Effect<Pool, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesAddConnectionPool, {
      operation: "Database.addPool",
      path: { database_cluster_uuid: cluster(database) },
      body: options,
      bodySchema: AddPoolOptions
    }),
    decodePool
  )

/**
 * `GET /v2/databases/{database_cluster_uuid}/pools/{pool_name}`.
 *
 * @since 0.3.0
 * @category pools
 */
export const fetchPool = (database: Cluster | string, pool: Pool | string): Effect.Effect<Pool, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesGetConnectionPool, {
      operation: "Database.fetchPool",
      path: { database_cluster_uuid: cluster(database), pool_name: named("pool_name", pool) }
    }),
    decodePool
  )

/**
 * `PUT /v2/databases/{database_cluster_uuid}/pools/{pool_name}` (204).
 *
 * @since 0.3.0
 * @category pools
 */
export const updatePool = (
  database: Cluster | string,
  pool: Pool | string,
  options: UpdatePoolOptions
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesUpdateConnectionPool, {
      operation: "Database.updatePool",
      path: { database_cluster_uuid: cluster(database), pool_name: named("pool_name", pool) },
      body: options,
      bodySchema: UpdatePoolOptions
    }),
    Http.noContent
  )

/**
 * `DELETE /v2/databases/{database_cluster_uuid}/pools/{pool_name}`.
 *
 * @since 0.3.0
 * @category pools
 */
export const removePool = (database: Cluster | string, pool: Pool | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesDeleteConnectionPool, {
      operation: "Database.removePool",
      path: { database_cluster_uuid: cluster(database), pool_name: named("pool_name", pool) }
    }),
    Http.noContent
  )

// ---------------------------------------------------------------------------------------------------------------
// Firewall rules (trusted sources): /v2/databases/{database_cluster_uuid}/firewall
// ---------------------------------------------------------------------------------------------------------------

const decodeRules = Http.envelope("rules", Schema.Array(FirewallRule))

/**
 * `GET /v2/databases/{database_cluster_uuid}/firewall`: the cluster's trusted sources.
 *
 * @since 0.3.0
 * @category firewall
 */
export const fetchFirewallRules = (
  database: Cluster | string
): Effect.Effect<ReadonlyArray<FirewallRule>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesListFirewallRules, {
      operation: "Database.fetchFirewallRules",
      path: { database_cluster_uuid: cluster(database) }
    }),
    decodeRules
  )

/**
 * `PUT /v2/databases/{database_cluster_uuid}/firewall` (204): replaces the trusted sources with these (an empty
 * list admits everyone).
 *
 * @since 0.3.0
 * @category firewall
 */
export const updateFirewallRules = (
  database: Cluster | string,
  rules: ReadonlyArray<RuleInput>
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesUpdateFirewallRules, {
      operation: "Database.updateFirewallRules",
      path: { database_cluster_uuid: cluster(database) },
      body: { rules },
      bodySchema: FirewallBody
    }),
    Http.noContent
  )

// ---------------------------------------------------------------------------------------------------------------
// Replicas: /v2/databases/{database_cluster_uuid}/replicas (PostgreSQL and MySQL)
// ---------------------------------------------------------------------------------------------------------------

const decodeReplica = Http.envelope("replica", Replica)
const decodeReplicas = Http.envelope("replicas", Schema.Array(Replica))

/**
 * `GET /v2/databases/{database_cluster_uuid}/replicas`: the cluster's read-only replicas.
 *
 * @since 0.3.0
 * @category replicas
 */
export const listReplicas = (database: Cluster | string): Effect.Effect<ReadonlyArray<Replica>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesListReplicas, {
      operation: "Database.listReplicas",
      path: { database_cluster_uuid: cluster(database) }
    }),
    decodeReplicas
  )

/**
 * `POST /v2/databases/{database_cluster_uuid}/replicas`: creates a read-only replica (201); it is `forking`, then
 * `online` (`waitReplicaUntilOnline`). The primary must be online.
 *
 * @since 0.3.0
 * @category replicas
 */
export const createReplica = (
  database: Cluster | string,
  options: CreateReplicaOptions
): Effect.Effect<Replica, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesCreateReplica, {
      operation: "Database.createReplica",
      path: { database_cluster_uuid: cluster(database) },
      body: options,
      bodySchema: CreateReplicaOptions
    }),
    decodeReplica
  )

/**
 * `GET /v2/databases/{database_cluster_uuid}/replicas/{replica_name}`.
 *
 * @since 0.3.0
 * @category replicas
 */
export const fetchReplica = (
  database: Cluster | string,
  replica: Replica | string
): Effect.Effect<Replica, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesGetReplica, {
      operation: "Database.fetchReplica",
      path: { database_cluster_uuid: cluster(database), replica_name: named("replica_name", replica) }
    }),
    decodeReplica
  )

/**
 * `DELETE /v2/databases/{database_cluster_uuid}/replicas/{replica_name}`.
 *
 * @since 0.3.0
 * @category replicas
 */
export const removeReplica = (
  database: Cluster | string,
  replica: Replica | string
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesDestroyReplica, {
      operation: "Database.removeReplica",
      path: { database_cluster_uuid: cluster(database), replica_name: named("replica_name", replica) }
    }),
    Http.noContent
  )

/**
 * `PUT /v2/databases/{database_cluster_uuid}/replicas/{replica_name}/promote` (204): the replica becomes a cluster
 * of its own (with the replica's id), and leaves the primary's replicas.
 *
 * @since 0.3.0
 * @category replicas
 */
export const promoteReplica = (
  database: Cluster | string,
  replica: Replica | string
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DatabasesPromoteReplica, {
      operation: "Database.promoteReplica",
      path: { database_cluster_uuid: cluster(database), replica_name: named("replica_name", replica) }
    }),
    Http.noContent
  )

/**
 * Polls replicas of one cluster until each is `online`, emitting each as it comes online; a round reads the
 * replicas' listing (`GET .../replicas`, one request) instead of fetching each when that takes fewer requests. The
 * wait rules are `waitAllUntilOnline`'s.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitAllReplicasUntilOnline = (
  database: Cluster | string,
  replicas: Iterable<Replica | string>,
  options?: Action.WaitOptions | undefined
): Stream.Stream<Replica, DOAPIError | WaitTimeoutError, R> => {
  const refresh = (replica: Replica | string) => fetchReplica(database, replica)
  // `GET .../replicas` is not paged: one request whenever `Wait.listed` picks it.
  return Wait.untilListed(replicas, {
    listing: Stream.fromIterableEffect(listReplicas(database)),
    key: Wait.stringKey(Replica, (r) => r.name),
    refresh,
    isDone: (r) => r.status === STATUS_ONLINE,
    attr: "status",
    value: STATUS_ONLINE
  }, options)
}

/**
 * Polls a replica until it is `online` and returns it.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitReplicaUntilOnline = (
  database: Cluster | string,
  replica: Replica | string,
  options?: Action.WaitOptions | undefined
): Effect.Effect<Replica, DOAPIError | WaitTimeoutError, R> =>
  Wait.one(waitAllReplicasUntilOnline(database, [replica], options))
