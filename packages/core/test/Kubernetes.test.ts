/**
 * Kubernetes: every operation's method, path, query and body, the spec's response examples decoded through it, the
 * wait until running (the control plane and every node; one listing per round for many clusters; a timeout with the
 * last states; interruption) and bad input. (The fake's Kubernetes is tested in packages/testing/test/Kubernetes.test.ts.)
 */
import { DoError, Kubernetes } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Exit, Fiber, Schema, Stream, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = "bd5f5959-5e1e-4205-a714-a914373942af"
const POOL = "cdda885e-7663-40c8-bc74-3a036c66545d"
const NODE = "478247f8-b1bb-4f7a-8db9-2a5f8d4b8f8f"
const CLUSTER = `/v2/kubernetes/clusters/${ID}`

const single = () => Spec.responseExample("GET", "/v2/kubernetes/clusters/{cluster_id}", 200)
const clusterWith = (fields: Record<string, unknown>) => ({ ...single().kubernetes_cluster, ...fields })
/** The example cluster (or another id), in a state, with its nodes in a state. */
const clusterIn = (state: string, nodeState = "running", id = ID) => {
  const base = single().kubernetes_cluster
  return clusterWith({
    id,
    status: { state },
    node_pools: base.node_pools.map((pool: any) => ({
      ...pool,
      nodes: pool.nodes.map((node: any) => ({ ...node, status: { state: nodeState } }))
    }))
  })
}
const listing = (clusters: ReadonlyArray<unknown>) =>
  MockHttp.json(200, { kubernetes_clusters: clusters, links: {}, meta: { total: clusters.length } })

describe("Kubernetes", () => {
  it.effect("the spec's examples decode: a cluster, a listing, an update, node pools, options, upgrades", () =>
    Effect.gen(function*() {
      const cluster = Schema.decodeUnknownSync(Kubernetes.Cluster)(single().kubernetes_cluster)
      assert.instanceOf(cluster, Kubernetes.Cluster)
      assert.strictEqual(cluster.id, ID)
      assert.strictEqual(cluster.region, "nyc1")
      assert.strictEqual(cluster.state, Kubernetes.STATE_RUNNING)
      assert.isTrue(cluster.running && cluster.nodesRunning && cluster.ready)
      assert.strictEqual(cluster.nodes.length, 5)
      assert.strictEqual(cluster.urn, `do:kubernetes:${ID}`)
      assert.strictEqual(cluster.maintenance_policy?.day, "any")
      assert.deepStrictEqual(cluster.node_pools[1].labels, { service: "backend", priority: "high" })
      assert.strictEqual(cluster.node_pools[0].labels, null)
      assert.strictEqual(cluster.node_pools[0].nodes[0].droplet_id, "205545370")
      assert.deepStrictEqual(cluster.control_plane_firewall?.allowed_addresses, ["1.2.3.4/32", "1.1.0.0/16"])

      const all = Spec.responseExample("GET", "/v2/kubernetes/clusters", 200)
      const listed = Schema.decodeUnknownSync(Kubernetes.Cluster)(all.kubernetes_clusters[0])
      assert.isTrue(listed.provisioning)
      assert.isFalse(listed.nodesRunning)
      assert.isFalse(listed.ready)

      const updated = Spec.responseExample("PUT", "/v2/kubernetes/clusters/{cluster_id}", 202)
      assert.isTrue(Schema.decodeUnknownSync(Kubernetes.Cluster)(updated.kubernetes_cluster).surge_upgrade)

      const pools = Spec.responseExample("GET", "/v2/kubernetes/clusters/{cluster_id}/node_pools", 200)
      const decodedPools = pools.node_pools.map(Schema.decodeUnknownSync(Kubernetes.NodePool))
      assert.deepStrictEqual(decodedPools.map((p: Kubernetes.NodePool) => p.taints), [[], []], "taints default to []")
      const pool = Spec.responseExample("GET", "/v2/kubernetes/clusters/{cluster_id}/node_pools/{node_pool_id}", 200)
      const decodedPool = Schema.decodeUnknownSync(Kubernetes.NodePool)(pool.node_pool)
      assert.deepStrictEqual(decodedPool.taints, [{ key: "priority", value: "high", effect: "NoSchedule" }])
      assert.isTrue(decodedPool.running)

      const options = Schema.decodeUnknownSync(Kubernetes.Options)(
        Spec.responseExample("GET", "/v2/kubernetes/options", 200).options
      )
      assert.strictEqual(options.versions[0].slug, "1.18.8-do.0")
      assert.isTrue(options.regions.some((r) => r.slug === "nyc1"))
      assert.isTrue(options.sizes.some((s) => s.slug === "s-1vcpu-2gb"))
    }))

  it.effect("clusters: create, fetch, stream, update, delete, options send the API's requests", () =>
    Effect.gen(function*() {
      const reply = MockHttp.json(200, { kubernetes_cluster: single().kubernetes_cluster })
      const mock = yield* MockHttp.make({
        "POST /v2/kubernetes/clusters": reply,
        [`GET ${CLUSTER}`]: reply,
        [`PUT ${CLUSTER}`]: reply,
        [`DELETE ${CLUSTER}`]: MockHttp.empty(),
        "GET /v2/kubernetes/clusters": listing([single().kubernetes_cluster]),
        "GET /v2/kubernetes/options": MockHttp.json(200, Spec.responseExample("GET", "/v2/kubernetes/options", 200))
      })
      const body: Kubernetes.CreateOptions = {
        name: "prod-cluster-01",
        region: "nyc1",
        version: Kubernetes.VERSION_LATEST,
        tags: ["web"],
        node_pools: [
          { name: "frontend", size: "s-2vcpu-4gb", count: 3, taints: [{ key: "a", value: "b", effect: "NoSchedule" }] },
          { name: "backend", size: "s-4vcpu-8gb", count: 2, auto_scale: true, min_nodes: 2, max_nodes: 5 }
        ],
        maintenance_policy: { start_time: "12:00", day: "sunday" },
        ha: true,
        routing_agent: { enabled: true }
      }
      const cluster = yield* mock.provide(Kubernetes.create(body))
      yield* mock.provide(Kubernetes.fetch(cluster))
      const all = yield* mock.provide(Kubernetes.fetchAll)
      assert.deepStrictEqual(all.map((c) => c.id), [ID])
      yield* mock.provide(Kubernetes.update(ID, { name: "renamed", auto_upgrade: true, surge_upgrade: true }))
      yield* mock.provide(Kubernetes.delete(cluster))
      const options = yield* mock.provide(Kubernetes.fetchOptions)
      assert.isAbove(options.versions.length, 0)
      const requests = yield* mock.requests
      MockHttp.assertSent(requests[0], "POST", "/v2/kubernetes/clusters", "Kubernetes.create", { body })
      MockHttp.assertSent(requests[1], "GET", CLUSTER, "Kubernetes.fetch")
      MockHttp.assertSent(requests[2], "GET", "/v2/kubernetes/clusters", "Kubernetes.stream", {
        query: { per_page: "200", page: "1" }
      })
      MockHttp.assertSent(requests[3], "PUT", CLUSTER, "Kubernetes.update", {
        body: { name: "renamed", auto_upgrade: true, surge_upgrade: true }
      })
      MockHttp.assertSent(requests[4], "DELETE", CLUSTER, "Kubernetes.delete")
      MockHttp.assertSent(requests[5], "GET", "/v2/kubernetes/options", "Kubernetes.fetchOptions")
    }))

  it.effect("kubeconfig (YAML, asked for as text), credentials, user, upgrades and upgrade", () =>
    Effect.gen(function*() {
      const yaml =
        `apiVersion: v1\nclusters:\n- cluster:\n    server: https://${ID}.k8s.ondigitalocean.com\nkind: Config\n`
      const mock = yield* MockHttp.make({
        [`GET ${CLUSTER}/kubeconfig`]: MockHttp.text(200, yaml, { "content-type": "application/yaml" }),
        [`GET ${CLUSTER}/credentials`]: MockHttp.json(200, {
          server: `https://${ID}.k8s.ondigitalocean.com`,
          certificate_authority_data: "LS0tLS1CRUdJTi",
          client_certificate_data: null,
          client_key_data: null,
          token: "403d085aaa80102277d8da97ffd2db2b6a4f129d0e2146098fdfb0cec624babc",
          expires_at: "2019-11-09T11:50:28.889080521Z"
        }),
        [`GET ${CLUSTER}/user`]: MockHttp.json(200, {
          kubernetes_cluster_user: { username: "sammy@digitalocean.com", groups: ["k8saas:authenticated"] }
        }),
        [`GET ${CLUSTER}/upgrades`]: [
          MockHttp.json(200, {
            available_upgrade_versions: [{
              slug: "1.16.13-do.0",
              kubernetes_version: "1.16.13",
              supported_features: []
            }]
          }),
          MockHttp.json(200, { available_upgrade_versions: null })
        ],
        [`POST ${CLUSTER}/upgrade`]: MockHttp.empty(202)
      })
      const config = yield* mock.provide(Kubernetes.fetchKubeconfig(ID, { expiry_seconds: 300 }))
      assert.strictEqual(config, yaml)
      assert.include(config, "kind: Config")
      const credentials = yield* mock.provide(Kubernetes.fetchCredentials(ID))
      assert.strictEqual(credentials.server, `https://${ID}.k8s.ondigitalocean.com`)
      assert.strictEqual(credentials.client_key_data, null)
      const user = yield* mock.provide(Kubernetes.fetchUser(ID))
      assert.deepStrictEqual(user.groups, ["k8saas:authenticated"])
      const [version] = yield* mock.provide(Kubernetes.fetchUpgrades(ID))
      assert.strictEqual(version.slug, "1.16.13-do.0")
      assert.deepStrictEqual(yield* mock.provide(Kubernetes.fetchUpgrades(ID)), [], "null: no upgrade")
      yield* mock.provide(Kubernetes.upgrade(ID, version))
      const requests = yield* mock.requests
      MockHttp.assertSent(requests[0], "GET", `${CLUSTER}/kubeconfig`, "Kubernetes.fetchKubeconfig", {
        query: { expiry_seconds: "300" }
      })
      assert.strictEqual(requests[0].headers.accept, "application/yaml")
      MockHttp.assertSent(requests[1], "GET", `${CLUSTER}/credentials`, "Kubernetes.fetchCredentials")
      MockHttp.assertSent(requests[2], "GET", `${CLUSTER}/user`, "Kubernetes.fetchUser")
      MockHttp.assertSent(requests[5], "POST", `${CLUSTER}/upgrade`, "Kubernetes.upgrade", {
        body: { version: "1.16.13-do.0" }
      })
    }))

  it.effect("node pools: list, fetch, add, update, delete, delete a node, recycle", () =>
    Effect.gen(function*() {
      const poolReply = MockHttp.json(
        200,
        Spec.responseExample("GET", "/v2/kubernetes/clusters/{cluster_id}/node_pools/{node_pool_id}", 200)
      )
      const path = `${CLUSTER}/node_pools/${POOL}`
      const mock = yield* MockHttp.make({
        [`GET ${CLUSTER}/node_pools`]: MockHttp.json(
          200,
          Spec.responseExample("GET", "/v2/kubernetes/clusters/{cluster_id}/node_pools", 200)
        ),
        [`POST ${CLUSTER}/node_pools`]: poolReply,
        [`GET ${path}`]: poolReply,
        [`PUT ${path}`]: poolReply,
        [`DELETE ${path}`]: MockHttp.empty(),
        [`DELETE ${path}/nodes/${NODE}`]: MockHttp.empty(202),
        [`POST ${path}/recycle`]: MockHttp.empty(202)
      })
      const pools = yield* mock.provide(Kubernetes.fetchNodePools(ID))
      assert.strictEqual(pools.length, 2)
      const pool = yield* mock.provide(Kubernetes.addNodePool(ID, { name: "new-pool", size: "s-1vcpu-2gb", count: 3 }))
      yield* mock.provide(Kubernetes.fetchNodePool(ID, pool))
      yield* mock.provide(Kubernetes.updateNodePool(ID, POOL, { name: "renamed", count: 4, labels: null }))
      yield* mock.provide(Kubernetes.removeNodePool(ID, pool))
      yield* mock.provide(Kubernetes.removeNode(ID, pool, pool.nodes[0], { skip_drain: true, replace: false }))
      yield* mock.provide(Kubernetes.removeNode(ID, POOL, NODE))
      yield* mock.provide(Kubernetes.recycleNodes(ID, pool, [pool.nodes[0], "d8db5e1a-6103-43b5-a7b3-8a948210a9fc"]))
      const requests = yield* mock.requests
      MockHttp.assertSent(requests[0], "GET", `${CLUSTER}/node_pools`, "Kubernetes.fetchNodePools")
      MockHttp.assertSent(requests[1], "POST", `${CLUSTER}/node_pools`, "Kubernetes.addNodePool", {
        body: { name: "new-pool", size: "s-1vcpu-2gb", count: 3 }
      })
      MockHttp.assertSent(requests[2], "GET", path, "Kubernetes.fetchNodePool")
      MockHttp.assertSent(requests[3], "PUT", path, "Kubernetes.updateNodePool", {
        body: { name: "renamed", count: 4, labels: null }
      })
      MockHttp.assertSent(requests[4], "DELETE", path, "Kubernetes.removeNodePool")
      MockHttp.assertSent(requests[5], "DELETE", `${path}/nodes/${NODE}`, "Kubernetes.removeNode", {
        query: { skip_drain: "1", replace: "0" }
      })
      MockHttp.assertSent(requests[6], "DELETE", `${path}/nodes/${NODE}`, "Kubernetes.removeNode")
      MockHttp.assertSent(requests[7], "POST", `${path}/recycle`, "Kubernetes.recycleNodes", {
        body: { nodes: [NODE, "d8db5e1a-6103-43b5-a7b3-8a948210a9fc"] }
      })
    }))

  it.effect("a wrong id is an Encode failure naming the parameter, and nothing is sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* mock.provide(Effect.flip(Kubernetes.fetch("not-a-uuid")))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.description, "cluster_id must be a UUID")
      const node = yield* mock.provide(Effect.flip(Kubernetes.removeNode(ID, POOL, 7 as unknown as string)))
      assert.strictEqual(node.reason, "Encode")
      assert.include(node.description, "node_id must be a UUID")
      const body = yield* mock.provide(
        Effect.flip(Kubernetes.create({ name: "x", region: "nyc1", version: "latest", node_pools: [] }))
      )
      assert.strictEqual(body.reason, "Encode")
      assert.lengthOf(yield* mock.requests, 0)
    }))

  it.effect("waitUntilRunning waits for the control plane and then for every node", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET ${CLUSTER}`]: [
          MockHttp.json(200, { kubernetes_cluster: clusterIn("provisioning", "provisioning") }),
          MockHttp.json(200, { kubernetes_cluster: clusterIn("running", "provisioning") }),
          MockHttp.json(200, { kubernetes_cluster: clusterIn("running", "running") })
        ]
      })
      const fiber = yield* Effect.fork(mock.provide(Kubernetes.waitUntilRunning(ID, { interval: "30 seconds" })))
      yield* TestClock.adjust("5 minutes")
      const cluster = yield* Fiber.join(fiber)
      assert.isTrue(cluster.ready)
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => r.at), [0, 30_000, 60_000])
      assert.strictEqual(MockHttp.operationSpan(requests[0]).name, "Kubernetes.fetch")
    }))

  it.effect("waitAllUntilRunning lists the clusters once a round while that is cheaper, emitting each when ready", () =>
    Effect.gen(function*() {
      const ids = [ID, "11111111-2222-4333-8444-555555555555", "66666666-7777-4888-8999-aaaaaaaaaaaa"]
      const mock = yield* MockHttp.make({
        "GET /v2/kubernetes/clusters": (_request, round) =>
          listing(ids.map((id, i) => clusterIn(round >= i ? "running" : "provisioning", "running", id))),
        [`GET /v2/kubernetes/clusters/${ids[2]}`]: MockHttp.json(200, {
          kubernetes_cluster: clusterIn("running", "running", ids[2])
        })
      })
      const fiber = yield* Effect.fork(
        mock.provide(Stream.runCollect(Kubernetes.waitAllUntilRunning(ids, { interval: "10 seconds" })))
      )
      yield* TestClock.adjust("1 minute")
      const done = Chunk.toArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(done.map((c) => c.id), ids)
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.path, r.at]), [
        ["/v2/kubernetes/clusters", 0],
        ["/v2/kubernetes/clusters", 10_000],
        // One cluster left: fetching it costs one request, as the listing (of one page) would.
        [`/v2/kubernetes/clusters/${ids[2]}`, 20_000]
      ])
      assert.strictEqual(MockHttp.operationSpan(requests[0]).name, "Kubernetes.waitUntilRunning")
    }))

  it.effect("waitAllUntilRunning: a cluster missing from the listing is fetched alone (its 404 fails the wait)", () =>
    Effect.gen(function*() {
      const other = "11111111-2222-4333-8444-555555555555"
      const mock = yield* MockHttp.make({
        "GET /v2/kubernetes/clusters": listing([clusterIn("provisioning", "provisioning", other)]),
        [`GET ${CLUSTER}`]: MockHttp.error(404, "not_found", "The resource you requested could not be found.")
      })
      const error = yield* mock.provide(Effect.flip(Stream.runDrain(Kubernetes.waitAllUntilRunning([ID, other]))))
      assert.isTrue(DoError.isDOAPIError(error))
      if (!DoError.isDOAPIError(error)) return
      assert.strictEqual(error.status, 404)
    }))

  it.effect("waitUntilRunning fails with a ClusterError when the cluster ends in error", () =>
    Effect.gen(function*() {
      const failedCluster = clusterWith({
        ...clusterIn("error", "provisioning"),
        status: { state: "error", message: "boom" }
      })
      const mock = yield* MockHttp.make({
        [`GET ${CLUSTER}`]: [
          MockHttp.json(200, { kubernetes_cluster: clusterIn("provisioning", "provisioning") }),
          MockHttp.json(200, { kubernetes_cluster: failedCluster })
        ]
      })
      const fiber = yield* Effect.fork(
        mock.provide(Effect.flip(Kubernetes.waitUntilRunning(ID, { interval: "30 seconds" })))
      )
      yield* TestClock.adjust("5 minutes")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "ClusterError")
      if (error._tag !== "ClusterError") return
      assert.strictEqual(error.state, Kubernetes.STATE_ERROR)
      assert.strictEqual(error.cluster.id, ID)
      assert.strictEqual(error.message, `cluster prod-cluster-01 (${ID}) is error: boom`)
      assert.lengthOf(yield* mock.requests, 2, "no poll after the error")
    }))

  it.effect("waitUntilRunning times out with the cluster's last state, and can be interrupted", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET ${CLUSTER}`]: MockHttp.json(200, { kubernetes_cluster: clusterIn("running", "provisioning") })
      })
      const fiber = yield* Effect.fork(
        mock.provide(Effect.flip(Kubernetes.waitUntilRunning(ID, { interval: "1 minute", timeout: "3 minutes" })))
      )
      yield* TestClock.adjust("10 minutes")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      assert.strictEqual(error.attr, "status.state")
      assert.strictEqual(error.value, Kubernetes.STATE_RUNNING)
      const [last] = error.in_progress as ReadonlyArray<Kubernetes.Cluster>
      assert.isTrue(last.running && !last.nodesRunning)
      assert.strictEqual((yield* mock.requests).length, 4)

      const before = (yield* mock.requests).length
      const waiting = yield* Effect.fork(mock.provide(Kubernetes.waitUntilRunning(ID, { interval: "1 minute" })))
      yield* TestClock.adjust("2 minutes")
      const exit = yield* Fiber.interrupt(waiting)
      assert.isTrue(Exit.isInterrupted(exit))
      const polled = (yield* mock.requests).length
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual((yield* mock.requests).length, polled, "no poll after the interruption")
      assert.strictEqual(polled - before, 3)
    }))
})
