/**
 * Kubernetes clusters: node pools, kubeconfig and credentials, upgrades, and waiting until a cluster is running.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
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
 * The state of a cluster whose control plane is being created (nodes are not ready either).
 *
 * @since 0.3.0
 * @category constants
 */
export const STATE_PROVISIONING = "provisioning"

/**
 * The state of a cluster whose control plane serves (its nodes may still be provisioning: see `waitUntilRunning`).
 *
 * @since 0.3.0
 * @category constants
 */
export const STATE_RUNNING = "running"

/**
 * The state of a cluster being upgraded to another version.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATE_UPGRADING = "upgrading"

/**
 * The state of a cluster that runs, but not fully (some component is unhealthy).
 *
 * @since 0.3.0
 * @category constants
 */
export const STATE_DEGRADED = "degraded"

/**
 * The state of a cluster whose provisioning failed.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATE_ERROR = "error"

/**
 * The state of a cluster being deleted.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATE_DELETING = "deleting"

/**
 * The state of a deleted cluster.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATE_DELETED = "deleted"

/**
 * The state of a node whose droplet is being created and joined to the cluster.
 *
 * @since 0.3.0
 * @category constants
 */
export const NODE_PROVISIONING = "provisioning"

/**
 * The state of a node that has joined the cluster.
 *
 * @since 0.3.0
 * @category constants
 */
export const NODE_RUNNING = "running"

/**
 * The state of a node whose workloads are being moved away before it is deleted.
 *
 * @since 0.3.0
 * @category constants
 */
export const NODE_DRAINING = "draining"

/**
 * The state of a node being deleted.
 *
 * @since 0.3.0
 * @category constants
 */
export const NODE_DELETING = "deleting"

/**
 * The alias DigitalOcean accepts for the newest version when creating a cluster.
 *
 * @since 0.3.0
 * @category constants
 */
export const VERSION_LATEST = "latest"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

/**
 * A node's state.
 *
 * @since 0.3.0
 * @category models
 */
export class NodeStatus extends Class<NodeStatus>("@doapi/core/Kubernetes/NodeStatus")({
  /** `provisioning`, `running`, `draining` or `deleting` (the `NODE_*` constants). */
  state: openEnum(NODE_PROVISIONING, NODE_RUNNING, NODE_DRAINING, NODE_DELETING)
}) {}

/**
 * A worker node: a droplet in a node pool.
 *
 * @since 0.3.0
 * @category models
 */
export class Node extends Class<Node>("@doapi/core/Kubernetes/Node")({
  id: Schema.String,
  /** Empty while the node is provisioning. */
  name: Schema.String,
  status: NodeStatus,
  /** The id of the node's droplet, as a string; empty while the node is provisioning. */
  droplet_id: Schema.String,
  created_at: Schema.DateTimeUtc,
  updated_at: Schema.DateTimeUtc
}) {
  /** The node's state. */
  get state(): string {
    return this.status.state
  }
  /** The node has joined the cluster. */
  get running(): boolean {
    return this.status.state === NODE_RUNNING
  }
}

/**
 * A taint on a node pool's nodes: pods without a matching toleration are kept off (or evicted).
 *
 * @since 0.3.0
 * @category models
 */
export const Taint = Schema.Struct({
  key: Schema.String,
  value: Schema.String,
  /** `NoSchedule`, `PreferNoSchedule` or `NoExecute`. */
  effect: openEnum("NoSchedule", "PreferNoSchedule", "NoExecute")
})

/**
 * @since 0.3.0
 * @category models
 */
export type Taint = typeof Taint.Type

const Labels = Schema.Record({ key: Schema.String, value: Schema.String })

/**
 * A node pool: `count` nodes of one size, with their tags, labels and taints, and autoscaling bounds.
 *
 * @since 0.3.0
 * @category models
 */
export class NodePool extends Class<NodePool>("@doapi/core/Kubernetes/NodePool")({
  id: Schema.String,
  name: Schema.String,
  /** The droplet size of the nodes, e.g. `s-2vcpu-4gb`. */
  size: Schema.String,
  /** How many nodes the pool should have. */
  count: Schema.Int,
  /** The pool's tags, with those DigitalOcean adds (`k8s`, `k8s:<cluster id>`, `k8s:worker`). */
  tags: Schema.Array(Schema.String),
  labels: orNull(Labels),
  taints: withDefault(Schema.Array(Taint), () => []),
  auto_scale: Schema.Boolean,
  min_nodes: Schema.Int,
  max_nodes: Schema.Int,
  nodes: Schema.Array(Node)
}) {
  /** Every node of the pool is running. */
  get running(): boolean {
    return this.nodes.every((node) => node.running)
  }
}

/**
 * When automatic upgrades and maintenance happen: a 4-hour window starting at `start_time` (UTC) on `day`.
 *
 * @since 0.3.0
 * @category models
 */
export class MaintenancePolicy extends Class<MaintenancePolicy>("@doapi/core/Kubernetes/MaintenancePolicy")({
  /** `HH:MM`, UTC. */
  start_time: Schema.String,
  /** e.g. `4h0m0s`. */
  duration: Schema.optional(Schema.String),
  /** `any`, or a day of the week in lowercase. */
  day: openEnum("any", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}) {}

/**
 * A cluster's state, and what DigitalOcean says about it.
 *
 * @since 0.3.0
 * @category models
 */
export class ClusterStatus extends Class<ClusterStatus>("@doapi/core/Kubernetes/ClusterStatus")({
  /** `provisioning`, `running`, `upgrading`, `degraded`, `error`, `deleting` or `deleted` (the `STATE_*` constants). */
  state: openEnum(
    STATE_PROVISIONING,
    STATE_RUNNING,
    STATE_UPGRADING,
    STATE_DEGRADED,
    STATE_ERROR,
    STATE_DELETING,
    STATE_DELETED
  ),
  message: Schema.optional(Schema.String)
}) {}

/**
 * An add-on that is either on or off (`routing_agent`, the GPU device plugins, ...).
 *
 * @since 0.3.0
 * @category models
 */
export const Toggle = Schema.Struct({ enabled: Schema.optional(Schema.Boolean) })

/**
 * @since 0.3.0
 * @category models
 */
export type Toggle = typeof Toggle.Type

/**
 * The addresses allowed to reach the control plane (early availability).
 *
 * @since 0.3.0
 * @category models
 */
export const ControlPlaneFirewall = Schema.Struct({
  enabled: Schema.optional(Schema.Boolean),
  /** IPv4 addresses or CIDR blocks. */
  allowed_addresses: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.3.0
 * @category models
 */
export type ControlPlaneFirewall = typeof ControlPlaneFirewall.Type

/**
 * How the cluster autoscaler scales down, and which expanders it uses.
 *
 * @since 0.3.0
 * @category models
 */
export const AutoscalerConfiguration = Schema.Struct({
  scale_down_utilization_threshold: Schema.optional(Schema.Number),
  /** e.g. `1m`. */
  scale_down_unneeded_time: Schema.optional(Schema.String),
  expanders: Schema.optional(Schema.Array(openEnum("random", "priority", "least_waste")))
})

/**
 * @since 0.3.0
 * @category models
 */
export type AutoscalerConfiguration = typeof AutoscalerConfiguration.Type

/**
 * Single sign-on to the cluster through an OIDC provider.
 *
 * @since 0.3.0
 * @category models
 */
export const Sso = Schema.Struct({
  enabled: Schema.optional(Schema.Boolean),
  /** Whether any authentication but SSO is refused. */
  required: Schema.optional(Schema.Boolean),
  issuer_url: Schema.optional(Schema.String),
  client_id: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type Sso = typeof Sso.Type

const addOns = {
  control_plane_firewall: Schema.optional(Schema.NullOr(ControlPlaneFirewall)),
  cluster_autoscaler_configuration: Schema.optional(Schema.NullOr(AutoscalerConfiguration)),
  sso: Schema.optional(Schema.NullOr(Sso)),
  routing_agent: Schema.optional(Schema.NullOr(Toggle)),
  amd_gpu_device_plugin: Schema.optional(Schema.NullOr(Toggle)),
  amd_gpu_device_metrics_exporter_plugin: Schema.optional(Schema.NullOr(Toggle)),
  nvidia_gpu_device_plugin: Schema.optional(Schema.NullOr(Toggle)),
  rdma_shared_dev_plugin: Schema.optional(Schema.NullOr(Toggle)),
  coredns_autoscaler: Schema.optional(Schema.NullOr(Toggle)),
  p2p_oci_registry_plugin: Schema.optional(Schema.NullOr(Toggle))
}

/**
 * A Kubernetes cluster (DOKS), with its node pools and their nodes.
 *
 * @since 0.3.0
 * @category models
 */
export class Cluster extends Class<Cluster>("@doapi/core/Kubernetes/Cluster")({
  id: Schema.String,
  name: Schema.String,
  /** The region's slug. */
  region: Schema.String,
  /** The version's slug, e.g. `1.33.1-do.0`. */
  version: Schema.String,
  cluster_subnet: Schema.String,
  service_subnet: Schema.String,
  vpc_uuid: Schema.String,
  worker_subnet_uuid: Schema.optional(Schema.String),
  /** The control plane's public address; empty while provisioning. */
  ipv4: Schema.String,
  /** The API server's URL; empty while provisioning. */
  endpoint: Schema.String,
  /** The cluster's tags, with those DigitalOcean adds (`k8s`, `k8s:<cluster id>`). */
  tags: Schema.Array(Schema.String),
  node_pools: Schema.Array(NodePool),
  maintenance_policy: orNull(MaintenancePolicy),
  auto_upgrade: Schema.Boolean,
  isolated_workers: withDefault(Schema.Boolean, () => false),
  status: ClusterStatus,
  created_at: Schema.DateTimeUtc,
  updated_at: Schema.DateTimeUtc,
  surge_upgrade: Schema.Boolean,
  /** A highly available control plane. */
  ha: withDefault(Schema.Boolean, () => false),
  registry_enabled: Schema.Boolean,
  registries: Schema.optional(Schema.NullOr(Schema.Array(Schema.String))),
  ...addOns
}) {
  /** The cluster's state (`status.state`). */
  get state(): string {
    return this.status.state
  }
  /** The control plane is running (`status.state` is `running`; its nodes may still be provisioning). */
  get running(): boolean {
    return this.status.state === STATE_RUNNING
  }
  /** The cluster is being created. */
  get provisioning(): boolean {
    return this.status.state === STATE_PROVISIONING
  }
  /** Every node of every pool is running. */
  get nodesRunning(): boolean {
    return this.node_pools.every((pool) => pool.running)
  }
  /** The cluster is running and so is every node: what `waitUntilRunning` waits for. */
  get ready(): boolean {
    return this.running && this.nodesRunning
  }
  /** Every node of every pool. */
  get nodes(): ReadonlyArray<Node> {
    return this.node_pools.flatMap((pool) => pool.nodes)
  }
  /** The cluster's URN, as projects list their resources: `do:kubernetes:<id>`. */
  get urn(): string {
    return `do:kubernetes:${this.id}`
  }
}

/**
 * A version clusters can be created with or upgraded to.
 *
 * @since 0.3.0
 * @category models
 */
export class Version extends Class<Version>("@doapi/core/Kubernetes/Version")({
  /** What `create` and `upgrade` take, e.g. `1.33.1-do.0`. */
  slug: Schema.String,
  /** The upstream Kubernetes version, e.g. `1.33.1`. */
  kubernetes_version: Schema.String,
  supported_features: withDefault(Schema.Array(Schema.String), () => [])
}) {}

/**
 * A region or size offered for clusters (`fetchOptions`).
 *
 * @since 0.3.0
 * @category models
 */
export class Offer extends Class<Offer>("@doapi/core/Kubernetes/Offer")({
  name: Schema.String,
  slug: Schema.String
}) {}

/**
 * What clusters can be created with: the regions, versions (newest first) and node sizes.
 *
 * @since 0.3.0
 * @category models
 */
export class Options extends Class<Options>("@doapi/core/Kubernetes/Options")({
  regions: Schema.Array(Offer),
  versions: Schema.Array(Version),
  sizes: Schema.Array(Offer)
}) {}

/**
 * Credentials for the cluster's API server (a bearer token, and the CA to trust).
 *
 * @since 0.3.0
 * @category models
 */
export class Credentials extends Class<Credentials>("@doapi/core/Kubernetes/Credentials")({
  /** The API server's URL. */
  server: Schema.String,
  /** The cluster's CA certificate, base64 PEM. */
  certificate_authority_data: Schema.String,
  /** Deprecated by DigitalOcean (`null`): use the token. */
  client_certificate_data: Schema.optional(Schema.NullOr(Schema.String)),
  /** Deprecated by DigitalOcean (`null`): use the token. */
  client_key_data: Schema.optional(Schema.NullOr(Schema.String)),
  token: Schema.optional(Schema.String),
  expires_at: Schema.DateTimeUtc
}) {}

/**
 * Who the cluster's API server takes the caller for.
 *
 * @since 0.3.0
 * @category models
 */
export class ClusterUser extends Class<ClusterUser>("@doapi/core/Kubernetes/ClusterUser")({
  username: Schema.String,
  groups: Schema.Array(Schema.String)
}) {}

/**
 * A cluster that will not run: it ended in `error` (its provisioning or upgrade failed) or is being deleted, while
 * `waitUntilRunning` waited for it. Carries the cluster's last state and DigitalOcean's message.
 *
 * @since 0.3.0
 * @category errors
 */
export class ClusterError extends Schema.TaggedError<ClusterError>("@doapi/core/Kubernetes/ClusterError")(
  "ClusterError",
  { cluster: Cluster }
) {
  /** The cluster's state: `error`, `deleting` or `deleted`. */
  get state(): string {
    return this.cluster.status.state
  }
  override get message(): string {
    const said = this.cluster.status.message
    return `cluster ${this.cluster.name} (${this.cluster.id}) is ${this.state}${said ? `: ${said}` : ""}`
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Options of the operations
// ---------------------------------------------------------------------------------------------------------------

const nodePoolFields = {
  name: Schema.String,
  count: Schema.Int,
  tags: Schema.optional(Schema.Array(Schema.String)),
  labels: Schema.optional(Schema.NullOr(Labels)),
  taints: Schema.optional(Schema.Array(Taint)),
  auto_scale: Schema.optional(Schema.Boolean),
  min_nodes: Schema.optional(Schema.Int),
  max_nodes: Schema.optional(Schema.Int)
}

/**
 * A node pool to create (with the cluster, or with `addNodePool`).
 *
 * @since 0.3.0
 * @category models
 */
export const NodePoolOptions = Schema.Struct({
  /** The droplet size of the nodes (`fetchOptions` lists them), e.g. `s-2vcpu-4gb`. */
  size: Schema.String,
  ...nodePoolFields
})

/**
 * @since 0.3.0
 * @category models
 */
export type NodePoolOptions = typeof NodePoolOptions.Type

/**
 * The options of `updateNodePool`: the name and count, and what else changes (the size cannot).
 *
 * @since 0.3.0
 * @category models
 */
export const UpdateNodePoolOptions = Schema.Struct(nodePoolFields)

/**
 * @since 0.3.0
 * @category models
 */
export type UpdateNodePoolOptions = typeof UpdateNodePoolOptions.Type

const MaintenancePolicyOptions = Schema.Struct({
  start_time: Schema.optional(Schema.String),
  day: Schema.optional(Schema.String)
})

const changeableFields = {
  tags: Schema.optional(Schema.Array(Schema.String)),
  maintenance_policy: Schema.optional(MaintenancePolicyOptions),
  auto_upgrade: Schema.optional(Schema.Boolean),
  surge_upgrade: Schema.optional(Schema.Boolean),
  /** A highly available control plane (it cannot be turned off once on). */
  ha: Schema.optional(Schema.Boolean),
  ...addOns
}

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  name: Schema.String,
  /** A region's slug (`fetchOptions` lists them). */
  region: Schema.String,
  /** A version's slug (`fetchOptions` lists them), or `latest`. */
  version: Schema.String,
  node_pools: Schema.Array(NodePoolOptions).pipe(Schema.minItems(1)),
  /** The VPC the nodes join (the region's default VPC if left out). */
  vpc_uuid: Schema.optional(Schema.String),
  /** The pods' CIDR block. */
  cluster_subnet: Schema.optional(Schema.String),
  /** The services' CIDR block. */
  service_subnet: Schema.optional(Schema.String),
  isolated_workers: Schema.optional(Schema.Boolean),
  ...changeableFields
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `update`: the name (required by the API), and what else changes.
 *
 * @since 0.3.0
 * @category models
 */
export const UpdateOptions = Schema.Struct({ name: Schema.String, ...changeableFields })

/**
 * @since 0.3.0
 * @category models
 */
export type UpdateOptions = typeof UpdateOptions.Type

/**
 * How long credentials stay valid: `expiry_seconds` (0 or absent: 7 days).
 *
 * @since 0.3.0
 * @category models
 */
export interface CredentialsOptions {
  readonly expiry_seconds?: number | undefined
}

/**
 * How long the kubeconfig's credentials stay valid (`expiry_seconds`), and which kind it holds: `token`, or `sso`
 * (an exec plugin, for clusters with single sign-on; absent: the cluster's default).
 *
 * @since 0.3.0
 * @category models
 */
export interface KubeconfigOptions extends CredentialsOptions {
  readonly type?: "token" | "sso" | undefined
}

/**
 * How a node is deleted: without draining it first (`skip_drain`), and replaced by a new one (`replace`).
 *
 * @since 0.3.0
 * @category models
 */
export interface RemoveNodeOptions {
  readonly skip_drain?: boolean | undefined
  readonly replace?: boolean | undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Clusters
// ---------------------------------------------------------------------------------------------------------------

type R = HttpClient.HttpClient | DoConfig
const cluster_id = (cluster: Cluster | string) => Segment.uuid("cluster_id", cluster)
const node_pool_id = (pool: NodePool | string) => Segment.uuid("node_pool_id", pool)
const decodeCluster = Http.envelope("kubernetes_cluster", Cluster)
const decodeClusters = Pagination.page("kubernetes_clusters", Cluster)

/**
 * `GET /v2/kubernetes/clusters/{cluster_id}`: a cluster's current state, with its node pools and nodes.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetch = (cluster: Cluster | string): Effect.Effect<Cluster, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesGetCluster, { operation: "Kubernetes.fetch", path: { cluster_id: cluster_id(cluster) } }),
    decodeCluster
  )

/**
 * `GET /v2/kubernetes/clusters`: every cluster.
 *
 * @since 0.3.0
 * @category listings
 */
export const stream: Stream.Stream<Cluster, DOAPIError, R> = Op.listing(E.KubernetesListClusters, {
  operation: "Kubernetes.stream",
  decode: decodeClusters
})

/**
 * `GET /v2/kubernetes/clusters`, collected.
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Cluster>, DOAPIError, R> = Pagination.collect(stream)

/**
 * `POST /v2/kubernetes/clusters`: creates a cluster (201). It is `provisioning` for several minutes, then `running`,
 * and its nodes join one by one: `waitUntilRunning` waits for both.
 *
 * @since 0.3.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<Cluster, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesCreateCluster, { operation: "Kubernetes.create", body: options, bodySchema: CreateOptions }),
    decodeCluster
  )

/**
 * `PUT /v2/kubernetes/clusters/{cluster_id}`: renames the cluster and changes its tags, maintenance window,
 * upgrade policy and add-ons (202).
 *
 * @since 0.3.0
 * @category operations
 */
export const update = (cluster: Cluster | string, options: UpdateOptions): Effect.Effect<Cluster, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesUpdateCluster, {
      operation: "Kubernetes.update",
      path: { cluster_id: cluster_id(cluster) },
      body: options,
      bodySchema: UpdateOptions
    }),
    decodeCluster
  )

/**
 * `DELETE /v2/kubernetes/clusters/{cluster_id}`: deletes the cluster and its nodes (the load balancers and volumes
 * it made are left).
 *
 * @since 0.3.0
 * @category operations
 */
export const remove = (cluster: Cluster | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesDeleteCluster, {
      operation: "Kubernetes.delete",
      path: { cluster_id: cluster_id(cluster) }
    }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/kubernetes/clusters/{cluster_id}` (`delete` is a reserved word: `Kubernetes.delete` works as a
   * property).
   *
   * @since 0.3.0
   * @category operations
   */
  remove as delete
}

const decodeOptions = Http.envelope("options", Options)

/**
 * `GET /v2/kubernetes/options`: the regions, versions and node sizes clusters can be created with.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetchOptions: Effect.Effect<Options, DOAPIError, R> = Http.execute(
  Op.request(E.KubernetesListOptions, { operation: "Kubernetes.fetchOptions" }),
  decodeOptions
)

// ---------------------------------------------------------------------------------------------------------------
// Kubeconfig, credentials, user
// ---------------------------------------------------------------------------------------------------------------

const decodeText = Http.decodeWith(Schema.String)

/**
 * `GET /v2/kubernetes/clusters/{cluster_id}/kubeconfig`: a kubeconfig file for the cluster (YAML, as text), with a
 * token valid for `expiry_seconds` (7 days by default).
 *
 * @since 0.3.0
 * @category credentials
 */
export const fetchKubeconfig = (
  cluster: Cluster | string,
  options?: KubeconfigOptions | undefined
): Effect.Effect<string, DOAPIError, R> =>
  Http.execute({
    ...Op.request(E.KubernetesGetKubeconfig, {
      operation: "Kubernetes.fetchKubeconfig",
      path: { cluster_id: cluster_id(cluster) },
      params: { expiry_seconds: options?.expiry_seconds, type: options?.type }
    }),
    text: "application/yaml"
  }, decodeText)

const decodeCredentials = Http.decodeWith(Credentials)

/**
 * `GET /v2/kubernetes/clusters/{cluster_id}/credentials`: the API server's URL, its CA and a token valid for
 * `expiry_seconds` (7 days by default).
 *
 * @since 0.3.0
 * @category credentials
 */
export const fetchCredentials = (
  cluster: Cluster | string,
  options?: CredentialsOptions | undefined
): Effect.Effect<Credentials, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesGetCredentials, {
      operation: "Kubernetes.fetchCredentials",
      path: { cluster_id: cluster_id(cluster) },
      params: { expiry_seconds: options?.expiry_seconds }
    }),
    decodeCredentials
  )

const decodeUser = Http.envelope("kubernetes_cluster_user", ClusterUser)

/**
 * `GET /v2/kubernetes/clusters/{cluster_id}/user`: the user and groups the cluster's API server maps the caller to.
 *
 * @since 0.3.0
 * @category credentials
 */
export const fetchUser = (cluster: Cluster | string): Effect.Effect<ClusterUser, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesGetClusterUser, {
      operation: "Kubernetes.fetchUser",
      path: { cluster_id: cluster_id(cluster) }
    }),
    decodeUser
  )

// ---------------------------------------------------------------------------------------------------------------
// Upgrades
// ---------------------------------------------------------------------------------------------------------------

const decodeUpgrades = Http.decodeWith(
  Schema.Struct({ available_upgrade_versions: Schema.optional(Schema.NullOr(Schema.Array(Version))) })
)

/**
 * `GET /v2/kubernetes/clusters/{cluster_id}/upgrades`: the versions the cluster can be upgraded to now (none when
 * it is at the newest, which the API says with `null`).
 *
 * @since 0.3.0
 * @category upgrades
 */
export const fetchUpgrades = (cluster: Cluster | string): Effect.Effect<ReadonlyArray<Version>, DOAPIError, R> =>
  Effect.map(
    Http.execute(
      Op.request(E.KubernetesGetAvailableUpgrades, {
        operation: "Kubernetes.fetchUpgrades",
        path: { cluster_id: cluster_id(cluster) }
      }),
      decodeUpgrades
    ),
    (body) => body.available_upgrade_versions ?? []
  )

/**
 * `POST /v2/kubernetes/clusters/{cluster_id}/upgrade`: starts upgrading the cluster to a version `fetchUpgrades`
 * offers (202). The cluster is `upgrading`, then `running` again at the new version (`waitUntilRunning`).
 *
 * @since 0.3.0
 * @category upgrades
 */
export const upgrade = (cluster: Cluster | string, version: Version | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesUpgradeCluster, {
      operation: "Kubernetes.upgrade",
      path: { cluster_id: cluster_id(cluster) },
      body: { version: Segment.slug("version", version) }
    }),
    Http.noContent
  )

// ---------------------------------------------------------------------------------------------------------------
// Node pools
// ---------------------------------------------------------------------------------------------------------------

const decodeNodePool = Http.envelope("node_pool", NodePool)
const decodeNodePools = Http.envelope("node_pools", Schema.Array(NodePool))

/**
 * `GET /v2/kubernetes/clusters/{cluster_id}/node_pools`: the cluster's node pools (one response: not paged).
 *
 * @since 0.3.0
 * @category node pools
 */
export const fetchNodePools = (cluster: Cluster | string): Effect.Effect<ReadonlyArray<NodePool>, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesListNodePools, {
      operation: "Kubernetes.fetchNodePools",
      path: { cluster_id: cluster_id(cluster) }
    }),
    decodeNodePools
  )

/**
 * `GET /v2/kubernetes/clusters/{cluster_id}/node_pools/{node_pool_id}`.
 *
 * @since 0.3.0
 * @category node pools
 */
export const fetchNodePool = (
  cluster: Cluster | string,
  pool: NodePool | string
): Effect.Effect<NodePool, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesGetNodePool, {
      operation: "Kubernetes.fetchNodePool",
      path: { cluster_id: cluster_id(cluster), node_pool_id: node_pool_id(pool) }
    }),
    decodeNodePool
  )

/**
 * `POST /v2/kubernetes/clusters/{cluster_id}/node_pools`: adds a node pool (201); its nodes are `provisioning`
 * first (`waitUntilRunning` waits for them too).
 *
 * @since 0.3.0
 * @category node pools
 */
export const addNodePool = (
  cluster: Cluster | string,
  options: NodePoolOptions
): Effect.Effect<NodePool, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesAddNodePool, {
      operation: "Kubernetes.addNodePool",
      path: { cluster_id: cluster_id(cluster) },
      body: options,
      bodySchema: NodePoolOptions
    }),
    decodeNodePool
  )

/**
 * `PUT /v2/kubernetes/clusters/{cluster_id}/node_pools/{node_pool_id}`: renames or resizes the pool (`count`: new
 * nodes are `provisioning` first, removed ones go), and changes its tags, labels, taints and autoscaling (202).
 *
 * @since 0.3.0
 * @category node pools
 */
export const updateNodePool = (
  cluster: Cluster | string,
  pool: NodePool | string,
  options: UpdateNodePoolOptions
): Effect.Effect<NodePool, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesUpdateNodePool, {
      operation: "Kubernetes.updateNodePool",
      path: { cluster_id: cluster_id(cluster), node_pool_id: node_pool_id(pool) },
      body: options,
      bodySchema: UpdateNodePoolOptions
    }),
    decodeNodePool
  )

/**
 * `DELETE /v2/kubernetes/clusters/{cluster_id}/node_pools/{node_pool_id}`: deletes the pool and its nodes.
 *
 * @since 0.3.0
 * @category node pools
 */
export const removeNodePool = (
  cluster: Cluster | string,
  pool: NodePool | string
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesDeleteNodePool, {
      operation: "Kubernetes.removeNodePool",
      path: { cluster_id: cluster_id(cluster), node_pool_id: node_pool_id(pool) }
    }),
    Http.noContent
  )

const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0)

/**
 * `DELETE /v2/kubernetes/clusters/{cluster_id}/node_pools/{node_pool_id}/nodes/{node_id}`: deletes one node (202),
 * draining it first unless `skip_drain`; with `replace`, a new node takes its place, otherwise the pool's count
 * goes down by one.
 *
 * @since 0.3.0
 * @category node pools
 */
export const removeNode = (
  cluster: Cluster | string,
  pool: NodePool | string,
  node: Node | string,
  options?: RemoveNodeOptions | undefined
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.KubernetesDeleteNode, {
      operation: "Kubernetes.removeNode",
      path: {
        cluster_id: cluster_id(cluster),
        node_pool_id: node_pool_id(pool),
        node_id: Segment.uuid("node_id", node)
      },
      params: { skip_drain: flag(options?.skip_drain), replace: flag(options?.replace) }
    }),
    Http.noContent
  )

const RecycleBody = Schema.Struct({ nodes: Schema.Array(Schema.String) })

/**
 * `POST /v2/kubernetes/clusters/{cluster_id}/node_pools/{node_pool_id}/recycle`: replaces the nodes with new ones
 * (202). DigitalOcean deprecates it in favour of `removeNode` with `replace`.
 *
 * @since 0.3.0
 * @category node pools
 */
export const recycleNodes = (
  cluster: Cluster | string,
  pool: NodePool | string,
  nodes: Iterable<Node | string>
): Effect.Effect<void, DOAPIError, R> =>
  Effect.suspend(() =>
    Http.execute(
      Op.request(E.KubernetesRecycleNodePool, {
        operation: "Kubernetes.recycleNodes",
        path: { cluster_id: cluster_id(cluster), node_pool_id: node_pool_id(pool) },
        body: { nodes: Array.from(nodes, (node) => node instanceof Node ? node.id : node) },
        bodySchema: RecycleBody
      }),
      Http.noContent
    )
  )

// ---------------------------------------------------------------------------------------------------------------
// Waiting until running
// ---------------------------------------------------------------------------------------------------------------

const listingForWait = Op.listing(E.KubernetesListClusters, {
  operation: "Kubernetes.waitUntilRunning",
  decode: decodeClusters
})

/** The states a cluster does not come back from to `running` by itself: waiting on is pointless. */
const failed = (cluster: Cluster): boolean =>
  cluster.status.state === STATE_ERROR || cluster.status.state === STATE_DELETING ||
  cluster.status.state === STATE_DELETED

/**
 * Polls the clusters together until each is running and so is every node of its node pools, emitting each when it
 * is; a cluster that ends in `error` (or is being deleted) fails the stream with a `ClusterError`. A round reads the
 * cluster listing (`GET /v2/kubernetes/clusters`, only as many pages as it needs) instead of fetching each cluster
 * when that takes fewer requests, and fetches what it did not show; the interval, deadline, `WaitTimeoutError` (with
 * the clusters' last states) and interruption rules are `Droplet.waitAll`'s.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitAllUntilRunning = (
  clusters: Iterable<Cluster | string>,
  options?: Action.WaitOptions | undefined
): Stream.Stream<Cluster, DOAPIError | WaitTimeoutError | ClusterError, R> =>
  Wait.untilListed(clusters, {
    // The listing holds every cluster's node pools and nodes: a round reads it when that takes fewer requests.
    listing: listingForWait,
    key: Wait.stringKey(Cluster, (c) => c.id),
    refresh: fetch,
    isDone: (cluster) => cluster.ready || failed(cluster),
    attr: "status.state",
    value: STATE_RUNNING
  }, options).pipe(
    Stream.mapEffect((cluster) =>
      failed(cluster) ? Effect.fail(new ClusterError({ cluster })) : Effect.succeed(cluster)
    )
  )

/**
 * Polls a cluster until it is running and so is every node of its node pools, and returns it; fails with a
 * `ClusterError` (its last state) when it ends in `error` or is being deleted, and with a `WaitTimeoutError` when the
 * time is up.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitUntilRunning = (
  cluster: Cluster | string,
  options?: Action.WaitOptions | undefined
): Effect.Effect<Cluster, DOAPIError | WaitTimeoutError | ClusterError, R> =>
  Wait.one(waitAllUntilRunning([cluster], options))
