/**
 * The fake's cloud firewalls through @doapi/core's Firewall module: every operation, the status sequence, errors,
 * droplets leaving with their deletion, and `ensureRules` (only the difference is sent; a second run sends nothing).
 */
import { Droplet, Firewall, Kubernetes, LoadBalancer, Tag } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"

const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

const activeDroplet = (name: string) =>
  Effect.flatMap(
    Droplet.create({ name, region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" }),
    (droplet) => settled(Droplet.wait(droplet, { status: "active" }))
  )

const ssh: Firewall.InboundRuleInput = { protocol: "tcp", ports: "22", sources: { addresses: ["0.0.0.0/0", "::/0"] } }
const web: Firewall.InboundRuleInput = { protocol: "tcp", ports: "80", sources: { addresses: ["0.0.0.0/0"] } }
const out: Firewall.OutboundRuleInput = {
  protocol: "tcp",
  ports: "all",
  destinations: { addresses: ["0.0.0.0/0", "::/0"] }
}

const status = <A, E extends { readonly status?: number | undefined }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => error.status)

const served = Effect.map(FakeDigitalOcean.FakeDigitalOcean, (fake) => fake.state.served)

/** The requests the fake answers while running `effect`, as `METHOD path`. */
const requestsOf = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fake = yield* FakeDigitalOcean.FakeDigitalOcean
    const seen: Array<string> = []
    const handle = fake.handle
    ;(fake as { handle: typeof handle }).handle = (request) => {
      seen.push(`${request.method} ${request.path}`)
      return handle(request)
    }
    const result = yield* Effect.ensuring(
      effect,
      Effect.sync(() => (fake as { handle: typeof handle }).handle = handle)
    )
    return { result, seen }
  })

describe("firewalls", () => {
  it.effect("create: waiting with pending changes, then succeeded; fetch, fetchAll, stream", () =>
    Effect.gen(function*() {
      const droplet = yield* activeDroplet("web-1")
      const created = yield* Firewall.create({
        name: "web",
        inbound_rules: [ssh, web],
        outbound_rules: [out],
        droplet_ids: [droplet.id]
      })
      assert.instanceOf(created, Firewall.Firewall)
      assert.strictEqual(created.status, Firewall.STATUS_WAITING)
      assert.deepStrictEqual(created.pending_changes.map((c) => [c.droplet_id, c.removing]), [[droplet.id, false]])
      assert.deepStrictEqual(created.droplet_ids, [droplet.id])
      assert.strictEqual(created.outbound_rules[0].ports, "0")
      assert.deepStrictEqual(created.inbound_rules[0].sources.addresses, ["0.0.0.0/0", "::/0"])
      yield* TestClock.adjust("1 minute")
      const fetched = yield* Firewall.fetch(created.id)
      assert.strictEqual(fetched.status, Firewall.STATUS_SUCCEEDED)
      assert.deepStrictEqual(fetched.pending_changes, [])
      assert.deepStrictEqual((yield* Firewall.fetchAll).map((f) => f.id), [created.id])
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(Firewall.stream)), 1)
      assert.deepStrictEqual(
        Chunk.toArray(yield* Stream.runCollect(Firewall.ofDroplet(droplet))).map((f) => f.id),
        [created.id]
      )
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("create: 422 for no rule, a bad port, an unknown tag or droplet, a duplicate name", () =>
    Effect.gen(function*() {
      yield* Firewall.create({ name: "taken", inbound_rules: [ssh] })
      assert.strictEqual(yield* status(Firewall.create({ name: "none" })), 422)
      assert.strictEqual(
        yield* status(Firewall.create({ name: "ports", inbound_rules: [{ ...ssh, ports: "70000" }] })),
        422
      )
      assert.strictEqual(
        yield* status(Firewall.create({ name: "tag", inbound_rules: [{ ...ssh, sources: { tags: ["nope"] } }] })),
        422
      )
      assert.strictEqual(yield* status(Firewall.create({ name: "d", inbound_rules: [ssh], droplet_ids: [9] })), 422)
      assert.strictEqual(yield* status(Firewall.create({ name: "taken", inbound_rules: [ssh] })), 422)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("rules name Kubernetes clusters and load balancers that exist (else 422)", () =>
    Effect.gen(function*() {
      const unknown = "9d76f410-9284-4436-9633-4066852442c8"
      const fromCluster = (id: string): Firewall.InboundRuleInput => ({ ...ssh, sources: { kubernetes_ids: [id] } })
      const fromLb = (id: string): Firewall.InboundRuleInput => ({ ...web, sources: { load_balancer_uids: [id] } })
      const refused = (rule: Firewall.InboundRuleInput) =>
        Effect.map(
          Effect.flip(Firewall.create({ name: "refused", inbound_rules: [rule] })),
          (error) => [error.status, error.message.includes(`${unknown} does not exist`)]
        )
      assert.deepStrictEqual(yield* refused(fromCluster(unknown)), [422, true])
      assert.deepStrictEqual(yield* refused(fromLb(unknown)), [422, true])
      const cluster = yield* Kubernetes.create({
        name: "k8s",
        region: "nyc3",
        version: "1.32.2-do.0",
        node_pools: [{ name: "workers", size: "s-2vcpu-4gb", count: 1 }]
      })
      const lb = yield* LoadBalancer.create({
        name: "lb",
        region: "nyc3",
        forwarding_rules: [{ entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 80 }]
      })
      const fw = yield* Firewall.create({ name: "both", inbound_rules: [fromCluster(cluster.id), fromLb(lb.id)] })
      assert.deepStrictEqual(fw.inbound_rules.map((r) => r.sources), [
        { kubernetes_ids: [cluster.id] },
        { load_balancer_uids: [lb.id] }
      ] as any)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("update replaces the firewall; delete; 404 afterwards; a bad id is an Encode failure, nothing sent", () =>
    Effect.gen(function*() {
      const created = yield* Firewall.create({ name: "fw", inbound_rules: [ssh] })
      const updated = yield* Firewall.update(created, { name: "fw-2", inbound_rules: [web], outbound_rules: [out] })
      assert.strictEqual(updated.name, "fw-2")
      assert.deepStrictEqual(updated.inbound_rules.map((r) => r.ports), ["80"])
      assert.lengthOf(updated.outbound_rules, 1)
      yield* Firewall.delete(created)
      assert.strictEqual(yield* status(Firewall.fetch(created)), 404)
      const before = yield* served
      const error = yield* Effect.flip(Firewall.fetch("not-a-uuid"))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "firewall_id must be a UUID")
      assert.strictEqual(yield* served, before)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("droplets and tags: added and removed (pending changes); a deleted droplet leaves droplet_ids", () =>
    Effect.gen(function*() {
      const [d1, d2] = yield* Effect.all([activeDroplet("web-1"), activeDroplet("web-2")])
      const fw = yield* Firewall.create({ name: "fw", inbound_rules: [ssh] })
      yield* TestClock.adjust("1 minute")
      yield* Firewall.addDroplets(fw, [d1, d2.id])
      const adding = yield* Firewall.fetch(fw)
      assert.strictEqual(adding.status, "waiting")
      assert.deepStrictEqual(adding.pending_changes.map((c) => c.droplet_id), [d1.id, d2.id])
      yield* Firewall.removeDroplets(fw, [d1])
      assert.deepStrictEqual((yield* Firewall.fetch(fw)).droplet_ids, [d2.id])
      yield* Droplet.delete(d2)
      assert.deepStrictEqual((yield* Firewall.fetch(fw)).droplet_ids, [])

      assert.strictEqual(yield* status(Firewall.addTags(fw, ["web"])), 422)
      yield* Tag.create("web")
      yield* Firewall.addTags(fw, ["web"])
      assert.deepStrictEqual((yield* Firewall.fetch(fw)).tags, ["web"])
      yield* Tag.tagResources("web", [d1])
      assert.deepStrictEqual(
        Chunk.toArray(yield* Stream.runCollect(Firewall.ofDroplet(d1))).map((f) => f.id),
        [fw.id]
      )
      yield* Firewall.removeTags(fw, [{ name: "web" }])
      assert.deepStrictEqual((yield* Firewall.fetch(fw)).tags, [])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("rules: add (an existing one is not doubled) and remove", () =>
    Effect.gen(function*() {
      const fw = yield* Firewall.create({ name: "fw", inbound_rules: [ssh] })
      yield* Firewall.addRules(fw, { inbound_rules: [web, ssh], outbound_rules: [out] })
      const after = yield* Firewall.fetch(fw)
      assert.deepStrictEqual(after.inbound_rules.map((r) => r.ports), ["22", "80"])
      assert.lengthOf(after.outbound_rules, 1)
      yield* Firewall.removeRules(fw, { inbound_rules: [ssh] })
      assert.deepStrictEqual((yield* Firewall.fetch(fw)).inbound_rules.map((r) => r.ports), ["80"])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("ensureRules: removes what is not wanted, adds what is missing, leaves the rest; idempotent", () =>
    Effect.gen(function*() {
      const fw = yield* Firewall.create({ name: "fw", inbound_rules: [ssh, web], outbound_rules: [out] })
      const https: Firewall.InboundRuleInput = { protocol: "tcp", ports: "443", sources: { addresses: ["0.0.0.0/0"] } }
      // The same rules spelt differently (addresses in another order, "0" for all ports) are the same rules.
      const wanted: Firewall.Rules = {
        inbound_rules: [{ ...ssh, sources: { addresses: ["::/0", "0.0.0.0/0"] } }, https],
        outbound_rules: [{ ...out, ports: "0" }]
      }
      const first = yield* requestsOf(Firewall.ensureRules(fw, wanted))
      assert.isTrue(first.result.changed)
      assert.deepStrictEqual(first.result.removed.inbound_rules.map((r) => r.ports), ["80"])
      assert.deepStrictEqual(first.result.added.inbound_rules.map((r) => r.ports), ["443"])
      assert.deepStrictEqual(first.result.added.outbound_rules, [])
      assert.deepStrictEqual(first.seen, [
        `GET /v2/firewalls/${fw.id}`,
        `DELETE /v2/firewalls/${fw.id}/rules`,
        `POST /v2/firewalls/${fw.id}/rules`,
        `GET /v2/firewalls/${fw.id}`
      ])
      assert.deepStrictEqual(first.result.firewall.inbound_rules.map((r) => r.ports), ["22", "443"])
      const second = yield* requestsOf(Firewall.ensureRules(fw, wanted))
      assert.isFalse(second.result.changed)
      assert.deepStrictEqual(second.seen, [`GET /v2/firewalls/${fw.id}`])
      // No outbound rules wanted: they go.
      const third = yield* Firewall.ensureRules(fw, { inbound_rules: wanted.inbound_rules })
      assert.deepStrictEqual(third.firewall.outbound_rules, [])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
