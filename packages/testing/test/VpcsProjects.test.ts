/**
 * The fake's VPCs and projects through @doapi/core's VPC and Project modules: every operation, default VPCs per
 * region, members, the default project, and assignment reflected on both sides (one project per resource).
 */
import { Domain, Droplet, LoadBalancer, Project, VPC } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Effect, Fiber, Option, Stream, TestClock } from "effect"

const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

const activeDroplet = (name: string, extra: Partial<Droplet.CreateOptions> = {}) =>
  Effect.flatMap(
    Droplet.create({ name, region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", ...extra }),
    (droplet) => settled(Droplet.wait(droplet, { status: "active" }))
  )

const status = <A, E extends { readonly status?: number | undefined }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => error.status)

const urns = (resources: ReadonlyArray<Project.Resource>) => resources.map((r) => r.urn)

describe("VPCs", () => {
  it.effect("create: the first VPC of a region is its default; ranges given or chosen, never overlapping", () =>
    Effect.gen(function*() {
      const first = yield* VPC.create({ name: "prod", region: "fra1", ip_range: "10.10.10.0/24", description: "p" })
      assert.instanceOf(first, VPC.VPC)
      assert.isTrue(first.default)
      assert.strictEqual(first.urn, `do:vpc:${first.id}`)
      assert.strictEqual(first.ip_range, "10.10.10.0/24")
      const second = yield* VPC.create({ name: "staging", region: "fra1" })
      assert.isFalse(second.default)
      assert.match(second.ip_range, /^10\.\d+\.\d+\.0\/20$/)
      assert.strictEqual(yield* status(VPC.create({ name: "clash", region: "fra1", ip_range: "10.10.0.0/16" })), 422)
      assert.strictEqual(yield* status(VPC.create({ name: "public", region: "fra1", ip_range: "8.8.8.0/24" })), 422)
      assert.strictEqual(yield* status(VPC.create({ name: "prod", region: "fra1" })), 422)
      assert.strictEqual(yield* status(VPC.create({ name: "bad name!", region: "fra1" })), 422)
      assert.strictEqual(yield* status(VPC.create({ name: "x", region: "nowhere" })), 422)
      assert.deepStrictEqual((yield* VPC.fetchAll).map((v) => v.name), ["prod", "staging"])
      assert.strictEqual(Option.getOrThrow(yield* VPC.fetchDefault("fra1")).id, first.id)
      assert.isTrue(Option.isNone(yield* VPC.fetchDefault("syd1")))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a droplet joins its region's default VPC (made on first use) or the VPC given; members list both", () =>
    Effect.gen(function*() {
      const droplet = yield* activeDroplet("web-1")
      const defaultVpc = Option.getOrThrow(yield* VPC.fetchDefault("nyc3"))
      assert.strictEqual(droplet.vpc_uuid, defaultVpc.id)
      assert.strictEqual(defaultVpc.name, "default-nyc3")
      const mine = yield* VPC.create({ name: "mine", region: "nyc3" })
      assert.isFalse(mine.default)
      const inside = yield* activeDroplet("db-1", { vpc_uuid: mine.id })
      const lb = yield* LoadBalancer.create({
        name: "lb-1",
        region: "nyc3",
        vpc_uuid: mine.id,
        forwarding_rules: [{ entry_protocol: "tcp", entry_port: 5432, target_protocol: "tcp", target_port: 5432 }],
        droplet_ids: [inside.id]
      })
      const members = yield* VPC.fetchAllMembers(mine)
      assert.deepStrictEqual(members.map((m) => m.urn), [`do:droplet:${inside.id}`, `do:loadbalancer:${lb.id}`])
      assert.deepStrictEqual(members.map((m) => m.resourceType), ["droplet", "loadbalancer"])
      assert.deepStrictEqual(
        Chunk.toArray(yield* Stream.runCollect(VPC.members(mine, { resource_type: "droplet" }))).map((m) => m.name),
        ["db-1"]
      )
      // A VPC in another region is refused (422).
      const other = yield* VPC.create({ name: "elsewhere", region: "ams3" })
      assert.strictEqual(
        yield* status(Droplet.create({ name: "x", region: "nyc3", size: "s-1vcpu-1gb", image: 1, vpc_uuid: other.id })),
        422
      )
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("update (PUT) and patch (PATCH); default moves; delete is 403 for a default or a VPC with members", () =>
    Effect.gen(function*() {
      const first = yield* VPC.create({ name: "first", region: "sfo3", description: "one" })
      const second = yield* VPC.create({ name: "second", region: "sfo3", description: "two" })
      const put = yield* VPC.update(second, { name: "second-b" })
      assert.strictEqual(put.name, "second-b")
      assert.strictEqual(put.description, "")
      const patched = yield* VPC.patch(second, { description: "patched" })
      assert.strictEqual(patched.name, "second-b")
      assert.strictEqual(patched.description, "patched")
      assert.strictEqual(yield* status(VPC.patch(first, { default: false })), 422)
      const error = yield* Effect.flip(VPC.delete(first))
      assert.strictEqual(error.status, 403)
      assert.strictEqual(error.id, "forbidden")
      assert.isTrue((yield* VPC.patch(second, { default: true })).default)
      assert.isFalse((yield* VPC.fetch(first)).default)
      const droplet = yield* activeDroplet("in-first", { region: "sfo3", vpc_uuid: first.id })
      assert.strictEqual(yield* status(VPC.delete(first)), 403)
      yield* Droplet.delete(droplet)
      yield* VPC.delete(first)
      assert.strictEqual(yield* status(VPC.fetch(first)), 404)
      assert.strictEqual((yield* Effect.flip(VPC.fetch(7 as unknown as string))).reason, "Encode")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("projects", () => {
  it.effect("the default project; create, fetch, fetchAll, update, patch, patchDefault, delete", () =>
    Effect.gen(function*() {
      const def = yield* Project.fetchDefault
      assert.isTrue(def.is_default)
      const created = yield* Project.create({ name: "web", purpose: "Web Application", environment: "Production" })
      assert.instanceOf(created, Project.Project)
      assert.isFalse(created.is_default)
      assert.strictEqual(created.description, "")
      assert.strictEqual((yield* Project.fetch(created.id)).name, "web")
      assert.deepStrictEqual((yield* Project.fetchAll).map((p) => p.name), [def.name, "web"])
      const put = yield* Project.update(created, {
        name: "web-2",
        description: "the site",
        purpose: "Web Application",
        environment: "Staging",
        is_default: false
      })
      assert.strictEqual(put.environment, "Staging")
      assert.strictEqual((yield* Project.patch(created, { description: "patched" })).description, "patched")
      assert.strictEqual((yield* Project.patchDefault({ description: "mine" })).description, "mine")
      assert.strictEqual(yield* status(Project.create({ name: "web-2", purpose: "dup" })), 422)
      assert.strictEqual(yield* status(Project.delete(def)), 422)
      yield* Project.delete(created)
      assert.strictEqual(yield* status(Project.fetch(created)), 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("resources: new resources are in the default project; assigning moves them (one project at a time)", () =>
    Effect.gen(function*() {
      const droplet = yield* activeDroplet("web-1")
      const domain = yield* Domain.create({ name: "example.com" })
      const lb = yield* LoadBalancer.create({
        name: "lb-1",
        region: "nyc3",
        forwarding_rules: [{ entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 80 }],
        droplet_ids: [droplet.id]
      })
      const def = yield* Project.fetchDefault
      assert.strictEqual(lb.project_id, def.id)
      assert.sameMembers(
        urns(Chunk.toArray(yield* Stream.runCollect(Project.defaultResources))),
        [Project.urn(droplet), Project.urn(domain), lb.urn]
      )
      const a = yield* Project.create({ name: "a", purpose: "p" })
      const b = yield* Project.create({ name: "b", purpose: "p" })
      const assigned = yield* Project.assign(a, [droplet, lb])
      assert.deepStrictEqual(assigned.map((r) => [r.urn, r.status]), [
        [`do:droplet:${droplet.id}`, "assigned"],
        [`do:loadbalancer:${lb.id}`, "assigned"]
      ])
      assert.strictEqual(assigned[0].resourceType, "droplet")
      assert.strictEqual(assigned[0].resourceId, String(droplet.id))
      assert.deepStrictEqual(urns(yield* Project.fetchAllResources(def)), [Project.urn(domain)])
      // Moving the droplet to b takes it out of a.
      yield* Project.assign(b, [Project.urnOf("droplet", droplet.id)])
      assert.deepStrictEqual(urns(yield* Project.fetchAllResources(a)), [lb.urn])
      assert.deepStrictEqual(urns(yield* Project.fetchAllResources(b)), [`do:droplet:${droplet.id}`])
      // Assigning again: already assigned; an unknown resource: not_found.
      const again = yield* Project.assign(b, [droplet, "do:droplet:1"])
      assert.deepStrictEqual(again.map((r) => [r.urn, r.status]), [
        [`do:droplet:${droplet.id}`, "already_assigned"],
        ["do:droplet:1", "not_found"]
      ])
      // A project with resources cannot be deleted (412); a deleted resource leaves it.
      const error = yield* Effect.flip(Project.delete(b))
      assert.strictEqual(error.status, 412)
      assert.strictEqual(error.id, "precondition_failed")
      yield* Droplet.delete(droplet)
      assert.deepStrictEqual(yield* Project.fetchAllResources(b), [])
      yield* Project.delete(b)
      // Back to the default project.
      yield* Project.assignDefault([lb])
      assert.deepStrictEqual(yield* Project.fetchAllResources(a), [])
      assert.sameMembers(urns(yield* Project.fetchAllResources(def)), [Project.urn(domain), lb.urn])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("URNs: from resources and strings; a malformed URN is an Encode failure, nothing sent", () =>
    Effect.gen(function*() {
      const p = yield* Project.create({ name: "p", purpose: "p" })
      assert.strictEqual(Project.urnOf("volume", "abc"), "do:volume:abc")
      assert.deepStrictEqual(Project.parseUrn("do:domain:example.com"), { kind: "domain", id: "example.com" })
      assert.isUndefined(Project.parseUrn("droplet:5"))
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const before = fake.state.served
      const error = yield* Effect.flip(Project.assign(p, ["droplet:5"]))
      assert.strictEqual(error.reason, "Encode")
      assert.strictEqual((yield* Effect.flip(Project.fetch("nope"))).reason, "Encode")
      assert.strictEqual(fake.state.served, before)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a load balancer created with a project_id is in that project", () =>
    Effect.gen(function*() {
      const p = yield* Project.create({ name: "p", purpose: "p" })
      const lb = yield* LoadBalancer.create({
        name: "lb",
        region: "nyc3",
        project_id: p.id,
        forwarding_rules: [{ entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 80 }]
      })
      assert.strictEqual(lb.project_id, p.id)
      assert.deepStrictEqual(urns(yield* Project.fetchAllResources(p)), [lb.urn])
      yield* LoadBalancer.delete(lb)
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(yield* Project.fetchAllResources(p), [])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
