/**
 * The fake's HTTP server driven by a client that is not ours: plain `fetch`, following DigitalOcean's API reference
 * for load balancers, firewalls, VPCs and projects (paths, bodies, status codes and error shapes), as any other
 * language's client would. And the README's networking example, run against the fake's layer.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import * as fs from "node:fs"
import { networking } from "../examples/networking.js"
import { client, recording } from "./utils/Fetch.js"

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe("load balancers, firewalls, VPCs and projects over HTTP, with plain fetch", () => {
  it.scopedLive("a VPC, droplets in it, a load balancer polled until active, a firewall, a project", () =>
    Effect.gen(function*() {
      const server = yield* FakeDigitalOcean.serve({
        actionDuration: { default: "50 millis", load_balancer_create: "200 millis" }
      })
      const api = client(server.url, server.fake.token)

      const vpc = yield* api("POST", "/v2/vpcs", { name: "app-net", region: "nyc3", ip_range: "10.20.0.0/24" })
      assert.strictEqual(vpc.status, 201)
      assert.match(vpc.body.vpc.id, UUID)
      assert.strictEqual(vpc.body.vpc.urn, `do:vpc:${vpc.body.vpc.id}`)
      assert.isTrue(vpc.body.vpc.default)
      const vpcId: string = vpc.body.vpc.id

      const droplets = yield* api("POST", "/v2/droplets", {
        names: ["web-1", "web-2"],
        region: "nyc3",
        size: "s-1vcpu-1gb",
        image: "ubuntu-24-04-x64",
        vpc_uuid: vpcId,
        tags: ["web"]
      })
      assert.strictEqual(droplets.status, 202)
      const ids: Array<number> = droplets.body.droplets.map((d: { id: number }) => d.id)
      assert.deepStrictEqual(droplets.body.droplets.map((d: { vpc_uuid: string }) => d.vpc_uuid), [vpcId, vpcId])

      const created = yield* api("POST", "/v2/load_balancers", {
        name: "web-lb",
        region: "nyc3",
        vpc_uuid: vpcId,
        forwarding_rules: [{ entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 8080 }],
        droplet_ids: ids
      })
      assert.strictEqual(created.status, 202)
      const lb = created.body.load_balancer
      assert.deepStrictEqual([lb.status, lb.ip, lb.droplet_ids], ["new", "", ids])
      let status = lb.status
      let ip = ""
      for (let polls = 0; status === "new" && polls < 100; polls++) {
        yield* Effect.sleep("20 millis")
        const polled = yield* api("GET", `/v2/load_balancers/${lb.id}`)
        assert.strictEqual(polled.status, 200)
        status = polled.body.load_balancer.status
        ip = polled.body.load_balancer.ip
      }
      assert.strictEqual(status, "active")
      assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/)
      assert.strictEqual(
        (yield* api("DELETE", `/v2/load_balancers/${lb.id}/droplets`, { droplet_ids: [ids[0]] })).status,
        204
      )
      const listed = yield* api("GET", "/v2/load_balancers")
      assert.deepStrictEqual(listed.body.load_balancers.map((l: { droplet_ids: Array<number> }) => l.droplet_ids), [
        [ids[1]]
      ])
      assert.strictEqual(listed.body.meta.total, 1)

      const members = yield* api("GET", `/v2/vpcs/${vpcId}/members`)
      assert.strictEqual(members.status, 200)
      assert.sameMembers(members.body.members.map((m: { urn: string }) => m.urn), [
        `do:droplet:${ids[0]}`,
        `do:droplet:${ids[1]}`,
        `do:loadbalancer:${lb.id}`
      ])
      const refused = yield* api("DELETE", `/v2/vpcs/${vpcId}`)
      assert.strictEqual(refused.status, 403)
      assert.strictEqual(refused.body.id, "forbidden")

      const firewall = yield* api("POST", "/v2/firewalls", {
        name: "web",
        inbound_rules: [{ protocol: "tcp", ports: "80", sources: { load_balancer_uids: [lb.id] } }],
        outbound_rules: [{ protocol: "tcp", ports: "all", destinations: { addresses: ["0.0.0.0/0", "::/0"] } }],
        tags: ["web"]
      })
      assert.strictEqual(firewall.status, 202)
      assert.strictEqual(firewall.body.firewall.status, "waiting")
      const fwId: string = firewall.body.firewall.id
      const rule = { protocol: "tcp", ports: "22", sources: { addresses: ["10.20.0.0/24"] } }
      assert.strictEqual((yield* api("POST", `/v2/firewalls/${fwId}/rules`, { inbound_rules: [rule] })).status, 204)
      yield* Effect.sleep("100 millis")
      const fw = (yield* api("GET", `/v2/firewalls/${fwId}`)).body.firewall
      assert.strictEqual(fw.status, "succeeded")
      assert.deepStrictEqual(fw.inbound_rules.map((r: { ports: string }) => r.ports), ["80", "22"])
      const ofDroplet = yield* api("GET", `/v2/droplets/${ids[0]}/firewalls`)
      assert.deepStrictEqual(ofDroplet.body.firewalls.map((f: { id: string }) => f.id), [fwId])

      const project = yield* api("POST", "/v2/projects", { name: "shop", purpose: "Web Application" })
      assert.strictEqual(project.status, 201)
      const projectId: string = project.body.project.id
      const assigned = yield* api("POST", `/v2/projects/${projectId}/resources`, {
        resources: [`do:droplet:${ids[0]}`, `do:loadbalancer:${lb.id}`]
      })
      assert.strictEqual(assigned.status, 200)
      assert.deepStrictEqual(assigned.body.resources.map((r: { status: string }) => r.status), [
        "assigned",
        "assigned"
      ])
      assert.strictEqual(assigned.body.resources[0].links.self, `${server.url}/v2/droplets/${ids[0]}`)
      const defaults = yield* api("GET", "/v2/projects/default/resources")
      assert.deepStrictEqual(defaults.body.resources.map((r: { urn: string }) => r.urn), [`do:droplet:${ids[1]}`])
      const blocked = yield* api("DELETE", `/v2/projects/${projectId}`)
      assert.deepStrictEqual([blocked.status, blocked.body.id], [412, "precondition_failed"])

      assert.strictEqual((yield* api("DELETE", `/v2/load_balancers/${lb.id}`)).status, 204)
      assert.strictEqual((yield* api("GET", `/v2/load_balancers/${lb.id}`)).status, 404)
      const missing = yield* api("GET", `/v2/firewalls/${lb.id}`)
      assert.deepStrictEqual([missing.status, missing.body.id], [404, "not_found"])
      const bad = yield* api("POST", "/v2/load_balancers", { name: "x", region: "nowhere", forwarding_rules: [] })
      assert.deepStrictEqual([bad.status, bad.body.id], [422, "unprocessable_entity"])
    }))
})

describe("the README's networking example, against the fake", () => {
  const settled = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust("30 minutes")
      return yield* Fiber.join(fiber)
    })

  it.effect("builds the VPC, droplets, load balancer, firewall and project; the second firewall run changes nothing", () =>
    Effect.gen(function*() {
      const { console, lines } = recording()
      const result = yield* settled(Effect.withConsole(networking, console))
      assert.strictEqual(result, "project shop: droplet, droplet, loadbalancer")
      assert.match(lines[0], /^load balancer shop-lb: 104\.131\.\d+\.\d+ -> 2 droplets$/)
      assert.deepStrictEqual(lines.slice(1), [
        "firewall, run 1: 3 added, 1 removed",
        "firewall, run 2: 0 added, 0 removed"
      ])
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionDuration: { load_balancer_create: "2 minutes" } }))))

  it.effect("a load balancer that errors is reported by its tag", () =>
    Effect.gen(function*() {
      const result = yield* settled(Effect.withConsole(networking, recording().console))
      assert.match(result, /^the load balancer failed: load balancer [0-9a-f-]{36} \(shop-lb\) is errored$/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "load_balancer_create" }] }))))

  it("README.md shows the example verbatim", () => {
    const root = new URL("../../../", import.meta.url)
    const readme = fs.readFileSync(new URL("README.md", root), "utf8")
    const source = fs.readFileSync(new URL("packages/testing/examples/networking.ts", root), "utf8").trim()
    assert.isTrue(readme.includes("```ts\n" + source + "\n```"), "README.md shows examples/networking.ts verbatim")
  })
})
