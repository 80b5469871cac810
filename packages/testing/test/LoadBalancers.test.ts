/**
 * The fake's load balancers through @doapi/core's LoadBalancer module: every operation, the waits (single and
 * batched), the status sequence, errors, and droplets leaving with their deletion.
 */
import { Droplet, LoadBalancer } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Effect, Either, Fiber, Stream, TestClock } from "effect"

const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

const activeDroplet = (name: string, region = "nyc3") =>
  Effect.flatMap(
    Droplet.create({ name, region, size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" }),
    (droplet) => settled(Droplet.wait(droplet, { status: "active" }))
  )

const http80 = { entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 80 } as const
const https443 = { entry_protocol: "https", entry_port: 443, target_protocol: "http", target_port: 80 } as const

const lb = (name: string, extra: Partial<LoadBalancer.CreateOptions> = {}) =>
  LoadBalancer.create({ name, region: "nyc3", forwarding_rules: [http80], ...extra })

/** Load balancers take a minute to provision here. */
const fakeLayer = (options: FakeDigitalOcean.Options = {}) =>
  FakeDigitalOcean.layer({ actionDuration: { load_balancer_create: "1 minute" }, ...options })

const status = <A, E extends { readonly status?: number | undefined }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => error.status)

/** The number of requests the fake has answered so far. */
const served = Effect.map(FakeDigitalOcean.FakeDigitalOcean, (fake) => fake.state.served)

describe("load balancers", () => {
  it.effect("create: new with no IP, defaults filled in; active with an IP once provisioned; waitUntilActive", () =>
    Effect.gen(function*() {
      const droplet = yield* activeDroplet("web-1")
      const created = yield* lb("lb-1", { droplet_ids: [droplet.id] })
      assert.instanceOf(created, LoadBalancer.LoadBalancer)
      assert.strictEqual(created.status, LoadBalancer.STATUS_NEW)
      assert.isTrue(created.new)
      assert.strictEqual(created.ip, "")
      assert.strictEqual(created.regionSlug, "nyc3")
      assert.deepStrictEqual(created.droplet_ids, [droplet.id])
      assert.strictEqual(created.health_check.protocol, "http")
      assert.strictEqual(created.sticky_sessions.type, "none")
      assert.strictEqual(created.urn, `do:loadbalancer:${created.id}`)
      assert.strictEqual(created.vpc_uuid, droplet.vpc_uuid)
      const active = yield* settled(LoadBalancer.waitUntilActive(created, { interval: "5 seconds" }))
      assert.isTrue(active.active)
      assert.match(active.ip, /^104\.131\.\d+\.\d+$/)
      assert.strictEqual((yield* LoadBalancer.fetch(created.id)).status, "active")
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("waitUntilActive: a WaitTimeoutError carrying the last state when it is not active in time", () =>
    Effect.gen(function*() {
      const created = yield* lb("lb-slow")
      const error = yield* settled(
        Effect.flip(LoadBalancer.waitUntilActive(created, { interval: "10 seconds", timeout: "1 minute" }))
      )
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      assert.strictEqual(error.attr, "status")
      assert.strictEqual(error.value, "active")
      assert.lengthOf(error.in_progress, 1)
      const last = error.in_progress[0] as LoadBalancer.LoadBalancer
      assert.instanceOf(last, LoadBalancer.LoadBalancer)
      assert.strictEqual(last.status, "new")
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionDuration: { load_balancer_create: "5 minutes" } }))))

  it.effect("waitUntilActive: an errored load balancer fails with a LoadBalancerError", () =>
    Effect.gen(function*() {
      const created = yield* lb("lb-bad")
      const error = yield* settled(Effect.flip(LoadBalancer.waitUntilActive(created)))
      assert.strictEqual(error._tag, "LoadBalancerError")
      if (error._tag !== "LoadBalancerError") return
      assert.strictEqual(error.load_balancer.status, "errored")
      assert.include(error.message, "errored")
    }).pipe(
      Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "load_balancer_create" }] }))
    ))

  it.effect("waitUntilActive: interrupting it stops the polling", () =>
    Effect.gen(function*() {
      const created = yield* lb("lb-int")
      const fiber = yield* Effect.fork(LoadBalancer.waitUntilActive(created, { interval: "1 second" }))
      yield* TestClock.adjust("3 seconds")
      yield* Fiber.interrupt(fiber)
      const before = yield* served
      yield* TestClock.adjust("1 minute")
      assert.strictEqual(yield* served, before)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionDuration: { load_balancer_create: "5 minutes" } }))))

  it.effect("waitAllActive: many load balancers polled with one listing a round; each emitted once active", () =>
    Effect.gen(function*() {
      const lbs = yield* Effect.forEach(["a", "b", "c", "d", "e"], (name) => lb(`lb-${name}`))
      const before = yield* served
      const fiber = yield* Effect.fork(
        Stream.runCollect(LoadBalancer.waitAllActive(lbs, { interval: "10 seconds" }))
      )
      yield* TestClock.adjust("1 minute")
      const done = Chunk.toArray(yield* Fiber.join(fiber))
      assert.sameMembers(done.map((l) => l.id), lbs.map((l) => l.id))
      assert.isTrue(done.every((l) => l.active))
      // Rounds at 0, 10, ..., 60 s: one listing each (7 requests), instead of 5 fetches each (35).
      assert.strictEqual((yield* served) - before, 7)
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("waitAllActive: a bad value among the load balancers is refused as alone (Encode, nothing sent for it)", () =>
    Effect.gen(function*() {
      const one = yield* lb("lb-one")
      const before = yield* served
      const error = yield* Effect.flip(
        Stream.runDrain(LoadBalancer.waitAllActive([one, 42 as unknown as string], { interval: "10 seconds" }))
      )
      assert.strictEqual(error._tag, "DOAPIError")
      if (error._tag === "DOAPIError") assert.strictEqual(error.reason, "Encode")
      assert.isAtMost((yield* served) - before, 1, "at most the good one's GET")
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("waitAllActive: one load balancer is fetched, not listed (the listing is not cheaper)", () =>
    Effect.gen(function*() {
      yield* Effect.forEach(["a", "b", "c"], (name) => lb(`other-${name}`))
      const one = yield* lb("lb-one")
      const before = yield* served
      yield* settled(LoadBalancer.waitUntilActive(one, { interval: "30 seconds" }))
      assert.strictEqual((yield* served) - before, 3)
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("fetchAll and stream; update replaces the settings; delete; 404 afterwards", () =>
    Effect.gen(function*() {
      const one = yield* lb("lb-1")
      yield* lb("lb-2")
      assert.deepStrictEqual((yield* LoadBalancer.fetchAll).map((l) => l.name), ["lb-1", "lb-2"])
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(LoadBalancer.stream)), 2)
      const updated = yield* LoadBalancer.update(one, {
        name: "lb-renamed",
        region: "nyc3",
        forwarding_rules: [https443],
        redirect_http_to_https: true,
        sticky_sessions: { type: "cookies", cookie_name: "DO-LB", cookie_ttl_seconds: 300 }
      })
      assert.strictEqual(updated.name, "lb-renamed")
      assert.isTrue(updated.redirect_http_to_https)
      assert.strictEqual(updated.sticky_sessions.cookie_name, "DO-LB")
      assert.deepStrictEqual(updated.forwarding_rules.map((r) => r.entry_port), [443])
      assert.strictEqual(updated.id, one.id)
      yield* LoadBalancer.delete(one)
      assert.strictEqual(yield* status(LoadBalancer.fetch(one)), 404)
      assert.strictEqual(yield* status(LoadBalancer.delete(one)), 404)
      assert.deepStrictEqual((yield* LoadBalancer.fetchAll).map((l) => l.name), ["lb-2"])
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("create: 422 for a bad region, no rule, a droplet elsewhere, both droplet_ids and tag", () =>
    Effect.gen(function*() {
      const ams = yield* activeDroplet("ams-1", "ams3")
      assert.strictEqual(yield* status(lb("x", { region: "nowhere" })), 422)
      // No forwarding rule: refused by the body's Schema before anything is sent.
      assert.strictEqual((yield* Effect.flip(lb("x", { forwarding_rules: [] }))).reason, "Encode")
      assert.strictEqual(yield* status(lb("x", { droplet_ids: [ams.id] })), 422)
      assert.strictEqual(yield* status(lb("x", { droplet_ids: [1], tag: "web" })), 422)
      assert.strictEqual(yield* status(lb("x", { droplet_ids: [999] })), 422)
      const error = yield* Effect.flip(lb("x", { region: "nowhere" }))
      assert.strictEqual(error.id, "unprocessable_entity")
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("droplets: add and remove; a deleted droplet leaves droplet_ids; a tagged load balancer follows its tag", () =>
    Effect.gen(function*() {
      const [d1, d2] = yield* Effect.all([activeDroplet("web-1"), activeDroplet("web-2")])
      const byId = yield* lb("by-id", { droplet_ids: [d1.id] })
      yield* LoadBalancer.addDroplets(byId, [d2, d1.id])
      assert.deepStrictEqual((yield* LoadBalancer.fetch(byId)).droplet_ids, [d1.id, d2.id])
      yield* LoadBalancer.removeDroplets(byId, [d1])
      assert.deepStrictEqual((yield* LoadBalancer.fetch(byId)).droplet_ids, [d2.id])
      yield* LoadBalancer.addDroplets(byId, [d1])
      yield* Droplet.delete(d1)
      assert.deepStrictEqual((yield* LoadBalancer.fetch(byId)).droplet_ids, [d2.id])

      const tagged = yield* lb("by-tag", { tag: "web" })
      assert.deepStrictEqual(tagged.droplet_ids, [])
      const d3 = yield* Effect.flatMap(
        Droplet.create({
          name: "web-3",
          region: "nyc3",
          size: "s-1vcpu-1gb",
          image: "ubuntu-24-04-x64",
          tags: ["web"]
        }),
        (d) => settled(Droplet.wait(d, { status: "active" }))
      )
      assert.deepStrictEqual((yield* LoadBalancer.fetch(tagged)).droplet_ids, [d3.id])
      // Droplets by id cannot be added to a load balancer that has its droplets by tag.
      assert.strictEqual(yield* status(LoadBalancer.addDroplets(tagged, [d2])), 422)
      // Deleting the load balancer frees its droplets: they can go behind another.
      yield* LoadBalancer.delete(byId)
      const again = yield* lb("again", { droplet_ids: [d2.id] })
      assert.deepStrictEqual(again.droplet_ids, [d2.id])
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("forwarding rules: add, a duplicate entry port is 422, remove; the last one stays", () =>
    Effect.gen(function*() {
      const created = yield* lb("rules")
      yield* LoadBalancer.addForwardingRules(created, [https443])
      assert.deepStrictEqual((yield* LoadBalancer.fetch(created)).forwarding_rules.map((r) => r.entry_port), [80, 443])
      assert.strictEqual(yield* status(LoadBalancer.addForwardingRules(created, [https443])), 422)
      yield* LoadBalancer.removeForwardingRules(created, [http80])
      const after = yield* LoadBalancer.fetch(created)
      assert.deepStrictEqual(after.forwarding_rules.map((r) => r.entry_port), [443])
      assert.strictEqual(yield* status(LoadBalancer.removeForwardingRules(created, after.forwarding_rules)), 422)
    }).pipe(Effect.provide(fakeLayer())))

  it.effect("bad input from outside TypeScript: a typed Encode failure naming the parameter, nothing sent", () =>
    Effect.gen(function*() {
      const before = yield* served
      const error = yield* Effect.flip(LoadBalancer.fetch(42 as unknown as string))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "lb_id")
      const bad = yield* Effect.either(LoadBalancer.addDroplets("x", ["7" as unknown as number]))
      assert.isTrue(Either.isLeft(bad) && bad.left.reason === "Encode")
      assert.strictEqual(yield* served, before)
    }).pipe(Effect.provide(fakeLayer())))
})
