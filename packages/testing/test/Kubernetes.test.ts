/**
 * The fake's Kubernetes through @doapi/core's Kubernetes module, under the TestClock: clusters and nodes provisioning
 * over minutes, the waits (one and many, batched, timed out, interrupted), node pools, upgrades, kubeconfig and
 * credentials, DigitalOcean's errors (404, 409, 422) and what deleting frees; the README's example; and the fake's
 * HTTP server driven by a client that is not ours (plain `fetch`, following the API reference).
 */
import { Droplet, Kubernetes, Project, Volume, VPC } from "@doapi/core"
import * as Generated from "@doapi/core/generated/Kubernetes"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import type { Console, Duration } from "effect"
import { Chunk, DateTime, Effect, Exit, Fiber, Stream, TestClock } from "effect"
import * as fs from "node:fs"
import { kubernetes } from "../examples/kubernetes.js"
import { client } from "./utils/Fetch.js"

/** Runs the effect and moves the TestClock far enough for it to finish. */
const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "15 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

const pool = (name: string, count = 3, size = "s-2vcpu-4gb"): Kubernetes.NodePoolOptions => ({ name, size, count })

const cluster = (name: string, extra: Partial<Kubernetes.CreateOptions> = {}) =>
  Kubernetes.create({ name, region: "nyc3", version: "1.32.2-do.0", node_pools: [pool("workers")], ...extra })

/** A cluster, created and waited on until it and its nodes run. */
const running = (name: string, extra: Partial<Kubernetes.CreateOptions> = {}) =>
  Effect.flatMap(cluster(name, extra), (c) => settled(Kubernetes.waitUntilRunning(c)))

const failure = <A, E extends { readonly status?: number | undefined; readonly id?: string | undefined }, R>(
  effect: Effect.Effect<A, E, R>
) => Effect.map(Effect.flip(effect), (error) => [error.status, error.id] as const)

/** The fake, polled every 30 seconds by default (clusters take minutes). */
const fake = () => FakeDigitalOcean.layer({ config: { waitInterval: "30 seconds" } })

/** How many requests the fake has answered. */
const served = Effect.map(FakeDigitalOcean.FakeDigitalOcean, (f) => f.state.served)

/** These tests make many requests: on a loaded machine they may take seconds of real time. */
const TIMEOUT = 60_000

describe("Kubernetes clusters on the fake", () => {
  it.effect(
    "create: provisioning, the control plane running after 5 minutes, the nodes one by one after 6",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("web", { tags: ["prod"] })
        assert.instanceOf(created, Kubernetes.Cluster)
        assert.strictEqual(created.state, Kubernetes.STATE_PROVISIONING)
        assert.deepStrictEqual([created.ipv4, created.endpoint], ["", ""])
        assert.deepStrictEqual(created.tags, ["prod", "k8s", `k8s:${created.id}`])
        assert.strictEqual(created.version, "1.32.2-do.0")
        const [workers] = created.node_pools
        assert.deepStrictEqual(workers.tags, ["k8s", `k8s:${created.id}`, "k8s:worker"])
        assert.deepStrictEqual(workers.nodes.map((n) => [n.state, n.name, n.droplet_id]), [
          ["provisioning", "", ""],
          ["provisioning", "", ""],
          ["provisioning", "", ""]
        ])
        // The default VPC of the region.
        const vpcs = (yield* FakeDigitalOcean.FakeDigitalOcean).state.vpcs
        assert.strictEqual(vpcs.get(created.vpc_uuid)?.region, "nyc3")

        yield* TestClock.adjust("5 minutes")
        const up = yield* Kubernetes.fetch(created)
        assert.isTrue(up.running)
        assert.isFalse(up.nodesRunning)
        assert.isFalse(up.ready)
        assert.strictEqual(up.endpoint, `https://${created.id}.k8s.ondigitalocean.com`)
        assert.match(up.ipv4, /^\d+\.\d+\.\d+\.\d+$/)

        yield* TestClock.adjust("90 seconds")
        const some = yield* Kubernetes.fetch(created)
        assert.deepStrictEqual(some.nodes.map((n) => n.state), ["running", "provisioning", "provisioning"])
        assert.match(some.nodes[0].name, /^workers-[0-9a-z]{4}$/)
        assert.match(some.nodes[0].droplet_id, /^\d+$/)
        assert.strictEqual(
          DateTime.toEpochMillis(some.nodes[0].updated_at) - DateTime.toEpochMillis(created.created_at),
          360_000
        )

        yield* TestClock.adjust("1 minute")
        const all = yield* Kubernetes.fetch(created)
        assert.isTrue(all.ready)
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "waitUntilRunning returns at the first poll that sees the control plane and every node running",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("web")
        const fiber = yield* Effect.fork(Kubernetes.waitUntilRunning(created))
        yield* TestClock.adjust("7 minutes")
        assert.isTrue((yield* Fiber.poll(fiber))._tag === "None", "the last node runs at 7:12")
        yield* TestClock.adjust("1 minute")
        const ready = yield* Fiber.join(fiber)
        assert.isTrue(ready.ready)
        assert.strictEqual(DateTime.toEpochMillis(ready.created_at) % 1000, 0)
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "waitUntilRunning times out with the last state, and stops polling when interrupted",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("web")
        const error = yield* settled(Effect.flip(Kubernetes.waitUntilRunning(created, { timeout: "330 seconds" })))
        assert.strictEqual(error._tag, "WaitTimeoutError")
        if (error._tag !== "WaitTimeoutError") return
        const [last] = error.in_progress as ReadonlyArray<Kubernetes.Cluster>
        assert.isTrue(last.running && !last.nodesRunning, "the control plane ran, the nodes did not yet")

        const other = yield* cluster("other")
        const fiber = yield* Effect.fork(Kubernetes.waitUntilRunning(other))
        yield* TestClock.adjust("1 minute")
        const exit = yield* Fiber.interrupt(fiber)
        assert.isTrue(Exit.isInterrupted(exit))
        const before = yield* served
        yield* TestClock.adjust("10 minutes")
        assert.strictEqual(yield* served, before, "no poll after the interruption")
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "a provisioning or an upgrade that fails (fault injection) ends the wait with a ClusterError",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("doomed")
        const error = yield* settled(Effect.flip(Kubernetes.waitUntilRunning(created)))
        assert.strictEqual(error._tag, "ClusterError")
        if (error._tag !== "ClusterError") return
        assert.strictEqual(error.state, Kubernetes.STATE_ERROR)
        assert.include(error.message, "could not be provisioned")
        const later = yield* settled(Kubernetes.fetch(created), "30 minutes")
        assert.deepStrictEqual([later.state, later.nodesRunning], ["error", false], "nothing comes up")
        assert.deepStrictEqual(yield* failure(Kubernetes.upgrade(created, "1.32.5-do.0")), [409, "conflict"])
      }).pipe(
        Effect.provide(
          FakeDigitalOcean.layer({
            config: { waitInterval: "30 seconds" },
            actionErrors: [{ type: "kubernetes_cluster_create" }]
          })
        )
      ),
    TIMEOUT
  )

  it.effect(
    "an upgrade that fails (fault injection) leaves the cluster in error at its old version",
    () =>
      Effect.gen(function*() {
        const ready = yield* running("web")
        yield* Kubernetes.upgrade(ready, "1.32.5-do.0")
        const error = yield* settled(Effect.flip(Kubernetes.waitUntilRunning(ready)))
        assert.strictEqual(error._tag, "ClusterError")
        if (error._tag !== "ClusterError") return
        assert.deepStrictEqual([error.cluster.version, error.cluster.status.message], [
          "1.32.2-do.0",
          "the upgrade to 1.32.5-do.0 failed"
        ])
      }).pipe(
        Effect.provide(
          FakeDigitalOcean.layer({
            config: { waitInterval: "30 seconds" },
            actionErrors: [{ type: "kubernetes_cluster_upgrade" }]
          })
        )
      ),
    TIMEOUT
  )

  it.effect("waitAllUntilRunning polls three clusters with one listing a round", () =>
    Effect.gen(function*() {
      const clusters = yield* Effect.all([cluster("a"), cluster("b"), cluster("c")])
      const before = yield* served
      const done = yield* settled(Stream.runCollect(Kubernetes.waitAllUntilRunning(clusters)))
      assert.deepStrictEqual(Chunk.toArray(done).map((c) => c.name), ["a", "b", "c"])
      assert.isTrue(Chunk.toArray(done).every((c) => c.ready))
      // Rounds every 30 seconds from 0 to 7:30 (the last nodes run at 7:12): 16 rounds, one listing each (48 GETs
      // one by one).
      assert.strictEqual((yield* served) - before, 16)
    }).pipe(Effect.provide(fake())), TIMEOUT)

  it.effect(
    "the options: regions, versions (newest first) and node sizes of 2 GiB and more",
    () =>
      Effect.gen(function*() {
        const options = yield* Kubernetes.fetchOptions
        assert.strictEqual(options.versions[0].slug, "1.33.1-do.0")
        assert.isTrue(options.regions.some((r) => r.slug === "nyc3"))
        assert.isTrue(options.sizes.some((s) => s.slug === "s-2vcpu-4gb"))
        assert.isFalse(options.sizes.some((s) => s.slug === "s-1vcpu-1gb"))
        const latest = yield* cluster("latest", { version: Kubernetes.VERSION_LATEST })
        assert.strictEqual(latest.version, "1.33.1-do.0")
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "422 for a bad node size, version, region, name, count, or a name taken; 404 for an unknown cluster",
    () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(
          yield* failure(cluster("web", { node_pools: [pool("small", 3, "s-1vcpu-1gb")] })),
          [422, "unprocessable_entity"]
        )
        assert.deepStrictEqual(yield* failure(cluster("web", { version: "1.10.0-do.0" })), [
          422,
          "unprocessable_entity"
        ])
        assert.deepStrictEqual(yield* failure(cluster("web", { region: "mars1" })), [422, "unprocessable_entity"])
        assert.deepStrictEqual(yield* failure(cluster("Not_A_Name")), [422, "unprocessable_entity"])
        assert.deepStrictEqual(yield* failure(cluster("web", { node_pools: [pool("w", 0)] })), [
          422,
          "unprocessable_entity"
        ])
        const error = yield* Effect.flip(cluster("web", { node_pools: [pool("small", 3, "s-1vcpu-1gb")] }))
        assert.include(error.message, "s-1vcpu-1gb")
        yield* cluster("web")
        assert.deepStrictEqual(yield* failure(cluster("web")), [422, "unprocessable_entity"])
        const unknown = "11111111-2222-4333-8444-555555555555"
        assert.deepStrictEqual(yield* failure(Kubernetes.fetch(unknown)), [404, "not_found"])
        assert.deepStrictEqual(yield* failure(Kubernetes.fetchNodePools(unknown)), [404, "not_found"])
        assert.deepStrictEqual(yield* failure(Kubernetes.delete(unknown)), [404, "not_found"])
        assert.strictEqual((yield* Effect.flip(Kubernetes.fetch("web"))).reason, "Encode", "not a UUID: nothing sent")
        assert.lengthOf(yield* Kubernetes.fetchAll, 1, "nothing refused was created")
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "nodes are droplets: more than the droplet limit is a 422 (droplets and nodes together), and deleting a cluster frees them",
    () =>
      Effect.gen(function*() {
        const droplet = (name: string) => Droplet.create({ name, size: "s-1vcpu-1gb", image: "debian-12-x64" })
        const big = yield* cluster("big", { node_pools: [pool("a", 20), pool("b", 5)] })
        assert.deepStrictEqual(yield* failure(cluster("more", { node_pools: [pool("a", 1)] })), [
          422,
          "unprocessable_entity"
        ])
        assert.deepStrictEqual(
          yield* failure(Kubernetes.addNodePool(big, pool("c", 1))),
          [422, "unprocessable_entity"]
        )
        assert.deepStrictEqual(yield* failure(droplet("one-more")), [422, "unprocessable_entity"])
        yield* Kubernetes.delete(big)
        assert.deepStrictEqual(yield* failure(Kubernetes.fetch(big)), [404, "not_found"])
        const held = yield* droplet("held")
        assert.deepStrictEqual(
          yield* failure(cluster("big", { node_pools: [pool("a", 25)] })),
          [422, "unprocessable_entity"],
          "the droplet takes one place of 25"
        )
        yield* Droplet.delete(held)
        const again = yield* cluster("big", { node_pools: [pool("a", 25)] })
        assert.strictEqual(again.name, "big", "the name is free again too")
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "a cluster is in its VPC's members and in the project it is assigned to, and leaves both when deleted",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("web")
        const project = yield* Project.create({ name: "platform", purpose: "Kubernetes" })
        yield* Project.assign(project, [created])
        const urns = () => Effect.map(Project.fetchAllResources(project), (rs) => rs.map((r) => r.urn))
        assert.deepStrictEqual(yield* urns(), [created.urn])
        const members = () => Effect.map(VPC.fetchAllMembers(created.vpc_uuid), (ms) => ms.map((m) => m.urn))
        assert.include(yield* members(), `do:kubernetes:${created.id}`)

        yield* Kubernetes.delete(created)
        assert.deepStrictEqual(yield* urns(), [])
        assert.notInclude(yield* members(), `do:kubernetes:${created.id}`)
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "update: name, tags, maintenance window, upgrade policy; HA cannot be turned off",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("web")
        const updated = yield* Kubernetes.update(created, {
          name: "web-prod",
          tags: ["prod"],
          maintenance_policy: { start_time: "12:00", day: "sunday" },
          auto_upgrade: true,
          surge_upgrade: true,
          ha: true
        })
        assert.strictEqual(updated.name, "web-prod")
        assert.deepStrictEqual(updated.tags, ["prod", "k8s", `k8s:${created.id}`])
        assert.deepStrictEqual([updated.maintenance_policy?.start_time, updated.maintenance_policy?.day], [
          "12:00",
          "sunday"
        ])
        assert.isTrue(updated.auto_upgrade && updated.surge_upgrade && updated.ha)
        assert.deepStrictEqual(
          yield* failure(Kubernetes.update(created, { name: "web-prod", ha: false })),
          [422, "unprocessable_entity"]
        )
        assert.strictEqual((yield* Kubernetes.fetch(created)).name, "web-prod")
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "node pools: add (its nodes provision while the cluster runs), update, delete a node, recycle, delete",
    () =>
      Effect.gen(function*() {
        const ready = yield* running("web")
        const added = yield* Kubernetes.addNodePool(ready, {
          name: "gpu",
          size: "s-4vcpu-8gb",
          count: 2,
          labels: { role: "batch" },
          taints: [{ key: "batch", value: "true", effect: "NoSchedule" }]
        })
        assert.deepStrictEqual(added.nodes.map((n) => n.state), ["provisioning", "provisioning"])
        assert.deepStrictEqual(added.labels, { role: "batch" })
        const now = yield* Kubernetes.fetch(ready)
        assert.isTrue(now.running && !now.ready, "running, but the new nodes are not")
        assert.deepStrictEqual(yield* failure(Kubernetes.addNodePool(ready, pool("gpu"))), [
          422,
          "unprocessable_entity"
        ])

        const again = yield* settled(Kubernetes.waitUntilRunning(ready))
        assert.isTrue(again.ready)
        assert.deepStrictEqual((yield* Kubernetes.fetchNodePools(ready)).map((p) => p.name), ["workers", "gpu"])

        const scaled = yield* Kubernetes.updateNodePool(ready, added, { name: "batch", count: 4 })
        assert.deepStrictEqual(scaled.nodes.map((n) => n.state), ["running", "running", "provisioning", "provisioning"])
        const shrunk = yield* Kubernetes.updateNodePool(ready, added, { name: "batch", count: 1 })
        assert.strictEqual(shrunk.nodes.length, 1)
        assert.deepStrictEqual(
          yield* failure(
            Kubernetes.updateNodePool(ready, added, {
              name: "batch",
              count: 1,
              auto_scale: true,
              min_nodes: 2,
              max_nodes: 3
            })
          ),
          [422, "unprocessable_entity"]
        )
        const autoscaled = yield* Kubernetes.updateNodePool(ready, added, {
          name: "batch",
          count: 2,
          auto_scale: true,
          min_nodes: 1,
          max_nodes: 5
        })
        assert.deepStrictEqual([autoscaled.auto_scale, autoscaled.min_nodes, autoscaled.max_nodes], [true, 1, 5])

        const workers = yield* Kubernetes.fetchNodePool(ready, ready.node_pools[0].id)
        const [first, second] = workers.nodes
        yield* Kubernetes.removeNode(ready, workers, first, { replace: true })
        const replaced = yield* Kubernetes.fetchNodePool(ready, workers)
        assert.strictEqual(replaced.count, 3)
        assert.isFalse(replaced.nodes.some((n) => n.id === first.id))
        assert.strictEqual(replaced.nodes[2].state, "provisioning")
        yield* Kubernetes.removeNode(ready, workers, second, { skip_drain: true })
        const fewer = yield* Kubernetes.fetchNodePool(ready, workers)
        assert.deepStrictEqual([fewer.count, fewer.nodes.length], [2, 2])
        assert.deepStrictEqual(
          yield* failure(Kubernetes.removeNode(ready, workers, second)),
          [404, "not_found"],
          "the node is gone"
        )

        yield* Kubernetes.recycleNodes(ready, workers, [fewer.nodes[0]])
        const recycled = yield* Kubernetes.fetchNodePool(ready, workers)
        assert.isFalse(recycled.nodes.some((n) => n.id === fewer.nodes[0].id))
        assert.strictEqual(recycled.nodes.length, 2)

        yield* Kubernetes.removeNodePool(ready, added)
        assert.deepStrictEqual(yield* failure(Kubernetes.fetchNodePool(ready, added)), [404, "not_found"])
        assert.deepStrictEqual(
          yield* failure(Kubernetes.removeNodePool(ready, workers)),
          [422, "unprocessable_entity"],
          "a cluster keeps one pool"
        )
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "upgrades: the next patch, then the next minor; upgrading for 5 minutes; 409 while not running",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("web")
        assert.deepStrictEqual(
          yield* failure(Kubernetes.upgrade(created, "1.32.5-do.0")),
          [409, "conflict"],
          "still provisioning"
        )
        const ready = yield* settled(Kubernetes.waitUntilRunning(created))
        const offered = yield* Kubernetes.fetchUpgrades(ready)
        assert.deepStrictEqual(offered.map((v) => v.slug), ["1.32.5-do.0"])
        assert.deepStrictEqual(yield* failure(Kubernetes.upgrade(ready, "1.33.1-do.0")), [422, "unprocessable_entity"])

        yield* Kubernetes.upgrade(ready, offered[0])
        const upgrading = yield* Kubernetes.fetch(ready)
        assert.strictEqual(upgrading.state, Kubernetes.STATE_UPGRADING)
        assert.deepStrictEqual(yield* failure(Kubernetes.upgrade(ready, offered[0])), [409, "conflict"])
        assert.deepStrictEqual(yield* failure(Kubernetes.addNodePool(ready, pool("more"))), [409, "conflict"])

        const upgraded = yield* settled(Kubernetes.waitUntilRunning(ready), "6 minutes")
        assert.strictEqual(upgraded.version, "1.32.5-do.0")
        assert.deepStrictEqual((yield* Kubernetes.fetchUpgrades(ready)).map((v) => v.slug), ["1.33.1-do.0"])
        const newest = yield* cluster("newest", { version: "1.33.1-do.0" })
        assert.deepStrictEqual(yield* Kubernetes.fetchUpgrades(newest), [])
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect("kubeconfig (YAML), credentials (expiring when asked) and the cluster user", () =>
    Effect.gen(function*() {
      const ready = yield* running("web")
      const yaml = yield* Kubernetes.fetchKubeconfig(ready)
      assert.include(yaml, "kind: Config")
      assert.include(yaml, `server: ${ready.endpoint}`)
      assert.include(yaml, "current-context: do-nyc3-web")
      assert.match(yaml, /token: [0-9a-f]{64}/)
      const sso = yield* Kubernetes.fetchKubeconfig(ready, { type: "sso" })
      assert.include(sso, "exec-credential")

      const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
      const credentials = yield* Kubernetes.fetchCredentials(ready, { expiry_seconds: 3600 })
      assert.strictEqual(credentials.server, ready.endpoint)
      assert.match(credentials.token ?? "", /^[0-9a-f]{64}$/)
      assert.isTrue(
        Buffer.from(credentials.certificate_authority_data, "base64").toString().startsWith("-----BEGIN CERTIFICATE")
      )
      const fresh = yield* Kubernetes.fetchCredentials(ready)
      assert.strictEqual(
        DateTime.toEpochMillis(fresh.expires_at) - DateTime.toEpochMillis(credentials.expires_at),
        7 * 86_400_000 - 3_600_000
      )
      assert.isAbove(DateTime.toEpochMillis(credentials.expires_at), now)
      const user = yield* Kubernetes.fetchUser(ready)
      assert.deepStrictEqual([user.username, user.groups], ["sammy@example.com", ["k8saas:authenticated"]])
      assert.deepStrictEqual(
        yield* failure(Kubernetes.fetchKubeconfig("11111111-2222-4333-8444-555555555555")),
        [404, "not_found"]
      )
    }).pipe(Effect.provide(fake())), TIMEOUT)
})

describe("the rest of the family on the fake, through the generated operations", () => {
  it.effect(
    "associated resources: the volumes and snapshots tagged k8s:<id>, deleted with the cluster when chosen",
    () =>
      Effect.gen(function*() {
        const first = yield* cluster("first")
        const tag = `k8s:${first.id}`
        const made = yield* Volume.create({ name: "pvc-1", size_gigabytes: 10, region: "nyc3", tags: [tag] })
        const kept = yield* Volume.create({ name: "pvc-2", size_gigabytes: 10, region: "nyc3", tags: [tag] })
        const other = yield* Volume.create({ name: "mine", size_gigabytes: 10, region: "nyc3" })
        const snapshot = yield* Volume.createSnapshot(made, { name: "pvc-1-snap", tags: [tag] })
        const listed = yield* Generated.listAssociatedResources(first.id)
        assert.deepStrictEqual(listed, {
          load_balancers: [],
          volumes: [{ id: made.id, name: "pvc-1" }, { id: kept.id, name: "pvc-2" }],
          volume_snapshots: [{ id: snapshot.id, name: "pvc-1-snap" }]
        })
        assert.deepStrictEqual(
          yield* failure(Generated.destroyAssociatedResourcesSelective(first.id, { volumes: [other.id] })),
          [422, "unprocessable_entity"],
          "not the cluster's"
        )
        yield* Generated.destroyAssociatedResourcesSelective(first.id, { volumes: [made.id] })
        assert.deepStrictEqual(yield* failure(Kubernetes.fetch(first)), [404, "not_found"])
        assert.deepStrictEqual((yield* Volume.fetchAll()).map((v) => v.name).sort(), ["mine", "pvc-2"])
        assert.strictEqual((yield* Volume.fetchSnapshot(snapshot)).name, "pvc-1-snap", "not chosen: kept")

        const second = yield* cluster("second")
        const volume = yield* Volume.create({
          name: "pvc-3",
          size_gigabytes: 10,
          region: "nyc3",
          tags: [`k8s:${second.id}`]
        })
        yield* Generated.destroyAssociatedResourcesDangerous(second.id)
        assert.deepStrictEqual(yield* failure(Volume.fetch(volume)), [404, "not_found"])
        assert.deepStrictEqual(yield* failure(Generated.listAssociatedResources(second.id)), [404, "not_found"])
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "the container registry's integration: registry_enabled and registries, on the clusters named",
    () =>
      Effect.gen(function*() {
        const [a, b] = yield* Effect.all([cluster("a"), cluster("b")])
        const state = () =>
          Effect.map(
            Effect.all([Kubernetes.fetch(a), Kubernetes.fetch(b)]),
            (cs) => cs.map((c) => [c.registry_enabled, c.registries ?? []] as const)
          )
        assert.deepStrictEqual(yield* state(), [[false, []], [false, []]])
        yield* Generated.addRegistry({ cluster_uuids: [a.id] })
        assert.deepStrictEqual(yield* state(), [[true, []], [false, []]])
        yield* Generated.removeRegistry({ cluster_uuids: [a.id] })
        assert.deepStrictEqual(yield* state(), [[false, []], [false, []]])
        yield* Generated.addRegistries({ cluster_uuids: [a.id, b.id], registries: ["web", "jobs"] })
        assert.deepStrictEqual(yield* state(), [[true, ["web", "jobs"]], [true, ["web", "jobs"]]])
        yield* Generated.removeRegistries({ cluster_uuids: [b.id], registries: ["web", "jobs"] })
        assert.deepStrictEqual(yield* state(), [[true, ["web", "jobs"]], [false, []]])
        assert.deepStrictEqual(
          yield* failure(Generated.addRegistry({ cluster_uuids: ["11111111-2222-4333-8444-555555555555"] })),
          [422, "unprocessable_entity"]
        )
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )

  it.effect(
    "status messages (none) and clusterlint runs (no diagnostics), 404 for unknown ones",
    () =>
      Effect.gen(function*() {
        const created = yield* cluster("web")
        assert.deepStrictEqual(yield* Generated.getStatusMessages(created.id, { since: "2026-01-01T00:00:00Z" }), {
          messages: []
        })
        assert.deepStrictEqual(yield* failure(Generated.getClusterLintResults(created.id)), [404, "not_found"])
        const { run_id } = yield* Generated.runClusterLint(created.id, { include_groups: ["basic", "doks"] })
        yield* Generated.runClusterLint(created.id, {})
        const latest = yield* Generated.getClusterLintResults(created.id)
        assert.notStrictEqual(latest.run_id, run_id)
        const first = yield* Generated.getClusterLintResults(created.id, { run_id })
        assert.deepStrictEqual([first.run_id, first.diagnostics], [run_id, []])
        assert.deepStrictEqual(
          yield* failure(Generated.getClusterLintResults(created.id, { run_id: "no-such-run" })),
          [404, "not_found"]
        )
        assert.deepStrictEqual(
          yield* failure(Generated.getStatusMessages("11111111-2222-4333-8444-555555555555")),
          [404, "not_found"]
        )
      }).pipe(Effect.provide(fake())),
    TIMEOUT
  )
})

describe("the README's Kubernetes example, against the fake", () => {
  it.effect("creates a cluster, waits until it runs, fetches a kubeconfig", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const result = yield* settled(
        kubernetes.pipe(Effect.withConsole({
          ...globalThis.console,
          log: (...args: ReadonlyArray<unknown>) => Effect.sync(() => void lines.push(args.join(" ")))
        } as unknown as Console.Console)),
        "1 hour"
      )
      assert.match(result, /^cluster web-cluster is running at https:\/\/[0-9a-f-]{36}\.k8s\.ondigitalocean\.com$/)
      assert.deepStrictEqual(lines[0], "cluster web-cluster: provisioning, Kubernetes 1.33.1")
      assert.match(
        lines[1],
        /^pool workers: workers-[0-9a-z]{4} running, workers-[0-9a-z]{4} running, workers-[0-9a-z]{4} running$/
      )
      assert.match(lines[2], /^kubeconfig: \d+ lines of YAML for https:/)
    }).pipe(Effect.provide(fake())), TIMEOUT)
})

describe("the README's Kubernetes section", () => {
  it("shows examples/kubernetes.ts exactly as it is tested here", () => {
    const root = new URL("../../../", import.meta.url)
    const readme = fs.readFileSync(new URL("README.md", root), "utf8")
    const source = fs.readFileSync(new URL("packages/testing/examples/kubernetes.ts", root), "utf8").trim()
    assert.isTrue(readme.includes("```ts\n" + source + "\n```"), "README.md shows examples/kubernetes.ts verbatim")
  })
})

describe("Kubernetes over HTTP, with plain fetch", () => {
  it.scopedLive(
    "create a cluster, poll it until it and its nodes run, add a pool, get a kubeconfig, delete it",
    () =>
      Effect.gen(function*() {
        // Clusters run after 200 ms of real time here, nodes after 300 ms (minutes by default).
        const server = yield* FakeDigitalOcean.serve({
          actionDuration: { kubernetes_cluster_create: "200 millis", kubernetes_node_create: "300 millis" }
        })
        const api = client(server.url, server.fake.token)

        const options = yield* api("GET", "/v2/kubernetes/options")
        assert.strictEqual(options.status, 200)
        const version: string = options.body.options.versions[0].slug

        const created = yield* api("POST", "/v2/kubernetes/clusters", {
          name: "prod-cluster-01",
          region: "nyc1",
          version,
          tags: ["production"],
          node_pools: [{ size: "s-1vcpu-2gb", count: 3, name: "worker-pool" }]
        })
        assert.strictEqual(created.status, 201)
        const id: string = created.body.kubernetes_cluster.id
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        assert.strictEqual(created.body.kubernetes_cluster.status.state, "provisioning")

        const ready = (c: any) =>
          c.status.state === "running" &&
          c.node_pools.every((p: any) => p.nodes.every((n: any) => n.status.state === "running"))
        let cluster = created.body.kubernetes_cluster
        for (let polls = 0; !ready(cluster) && polls < 100; polls++) {
          yield* Effect.sleep("20 millis")
          const polled = yield* api("GET", `/v2/kubernetes/clusters/${id}`)
          assert.strictEqual(polled.status, 200)
          cluster = polled.body.kubernetes_cluster
        }
        assert.isTrue(ready(cluster))
        assert.strictEqual(cluster.endpoint, `https://${id}.k8s.ondigitalocean.com`)

        const listed = yield* api("GET", "/v2/kubernetes/clusters?per_page=1")
        assert.deepStrictEqual([listed.body.kubernetes_clusters.length, listed.body.meta.total], [1, 1])

        const added = yield* api("POST", `/v2/kubernetes/clusters/${id}/node_pools`, {
          size: "s-2vcpu-4gb",
          count: 2,
          name: "new-pool",
          auto_scale: true,
          min_nodes: 1,
          max_nodes: 4
        })
        assert.strictEqual(added.status, 201)
        assert.strictEqual(added.body.node_pool.nodes.length, 2)

        const config = yield* api("GET", `/v2/kubernetes/clusters/${id}/kubeconfig`)
        assert.strictEqual(config.status, 200)
        assert.strictEqual(config.type, "application/yaml")
        assert.include(config.body, `server: https://${id}.k8s.ondigitalocean.com`)

        const bad = yield* api("POST", `/v2/kubernetes/clusters/${id}/node_pools`, {
          size: "s-1vcpu-512mb-10gb",
          count: 1,
          name: "tiny"
        })
        assert.strictEqual(bad.status, 422)
        assert.strictEqual(bad.body.id, "unprocessable_entity")
        assert.match(bad.body.request_id, /^[0-9a-f-]{36}$/)

        const upgrade = yield* api("POST", `/v2/kubernetes/clusters/${id}/upgrade`, { version: "1.0.0-do.0" })
        assert.strictEqual(upgrade.status, 422)

        assert.strictEqual((yield* api("DELETE", `/v2/kubernetes/clusters/${id}`)).status, 204)
        const gone = yield* api("GET", `/v2/kubernetes/clusters/${id}`)
        assert.deepStrictEqual([gone.status, gone.body.id], [404, "not_found"])
      }),
    TIMEOUT
  )

  it.scopedLive(
    "409 for an upgrade of a cluster still provisioning; 401 without the token",
    () =>
      Effect.gen(function*() {
        const server = yield* FakeDigitalOcean.serve()
        const api = client(server.url, server.fake.token)
        const created = yield* api("POST", "/v2/kubernetes/clusters", {
          name: "c",
          region: "nyc1",
          version: "latest",
          node_pools: [{ size: "s-2vcpu-2gb", count: 1, name: "p" }]
        })
        const id = created.body.kubernetes_cluster.id
        const upgrades = yield* api("GET", `/v2/kubernetes/clusters/${id}/upgrades`)
        assert.deepStrictEqual(upgrades.body, { available_upgrade_versions: null })
        const conflict = yield* api("POST", `/v2/kubernetes/clusters/${id}/upgrade`, { version: "1.33.1-do.0" })
        assert.deepStrictEqual([conflict.status, conflict.body.id], [409, "conflict"])
        const anonymous = yield* client(server.url, "wrong")("GET", "/v2/kubernetes/clusters")
        assert.deepStrictEqual([anonymous.status, anonymous.body.id], [401, "unauthorized"])
      }),
    TIMEOUT
  )
})
