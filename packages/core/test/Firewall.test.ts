/**
 * Firewall: every operation's method, path and body, and the spec's response examples decoded through it.
 */
import { Firewall } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = "bb4b2611-3d72-467b-8602-280330ecd65c"
const one = () => Spec.responseExample("GET", "/v2/firewalls/{firewall_id}", 200)
const ssh = { protocol: "tcp", ports: "22", sources: { addresses: ["0.0.0.0/0"] } } as const

describe("Firewall", () => {
  it.effect("the spec's examples decode; null lists decode as empty", () =>
    Effect.gen(function*() {
      const examples = [
        Spec.responseExample("POST", "/v2/firewalls", 202),
        one(),
        Spec.responseExample("PUT", "/v2/firewalls/{firewall_id}", 200)
      ]
      for (const example of examples) {
        const mock = yield* MockHttp.make({ [`GET /v2/firewalls/${ID}`]: MockHttp.json(200, example) })
        const firewall = yield* mock.provide(Firewall.fetch(ID))
        assert.instanceOf(firewall, Firewall.Firewall)
        assert.strictEqual(firewall.name, example.firewall.name)
        assert.deepStrictEqual(firewall.droplet_ids, example.firewall.droplet_ids)
        assert.instanceOf(firewall.inbound_rules[0], Firewall.InboundRule)
        assert.instanceOf(firewall.inbound_rules[0].sources, Firewall.Target)
      }
      const nulls = { firewall: { ...one().firewall, droplet_ids: null, tags: null, outbound_rules: null } }
      const mock = yield* MockHttp.make({
        [`GET /v2/firewalls/${ID}`]: MockHttp.json(200, nulls),
        "GET /v2/firewalls": MockHttp.json(200, Spec.responseExample("GET", "/v2/firewalls", 200))
      })
      const firewall = yield* mock.provide(Firewall.fetch(ID))
      assert.deepStrictEqual([firewall.droplet_ids, firewall.tags, firewall.outbound_rules], [[], [], []])
      assert.lengthOf(yield* mock.provide(Firewall.fetchAll), 1)
    }))

  it.effect("every operation: method, path, body and span", () =>
    Effect.gen(function*() {
      const path = `/v2/firewalls/${ID}`
      const mock = yield* MockHttp.make({
        [`GET ${path}`]: MockHttp.json(200, one()),
        "POST /v2/firewalls": MockHttp.json(202, one()),
        [`PUT ${path}`]: MockHttp.json(200, one()),
        "GET /v2/droplets/5/firewalls": MockHttp.json(200, { firewalls: [one().firewall], meta: { total: 1 } }),
        [`DELETE ${path}`]: MockHttp.empty(),
        [`POST ${path}/droplets`]: MockHttp.empty(),
        [`DELETE ${path}/droplets`]: MockHttp.empty(),
        [`POST ${path}/tags`]: MockHttp.empty(),
        [`DELETE ${path}/tags`]: MockHttp.empty(),
        [`POST ${path}/rules`]: MockHttp.empty(),
        [`DELETE ${path}/rules`]: MockHttp.empty()
      })
      const fw = yield* mock.provide(Firewall.fetch(ID))
      yield* mock.provide(Firewall.create({ name: "fw", inbound_rules: [ssh], tags: ["web"] }))
      yield* mock.provide(Firewall.update(fw, { name: "fw", inbound_rules: [ssh], droplet_ids: [5] }))
      yield* mock.provide(Stream.runDrain(Firewall.ofDroplet(5)))
      yield* mock.provide(Firewall.delete(fw))
      yield* mock.provide(Firewall.addDroplets(ID, [5]))
      yield* mock.provide(Firewall.removeDroplets(ID, [5]))
      yield* mock.provide(Firewall.addTags(ID, ["web"]))
      yield* mock.provide(Firewall.removeTags(ID, [{ name: "web" }]))
      yield* mock.provide(Firewall.addRules(ID, { inbound_rules: [ssh] }))
      yield* mock.provide(Firewall.removeRules(ID, { outbound_rules: fw.outbound_rules }))
      const sent = yield* mock.requests
      MockHttp.assertSent(sent[0], "GET", path, "Firewall.fetch")
      MockHttp.assertSent(sent[1], "POST", "/v2/firewalls", "Firewall.create", {
        body: { name: "fw", inbound_rules: [ssh], tags: ["web"] }
      })
      MockHttp.assertSent(sent[2], "PUT", path, "Firewall.update", {
        body: { name: "fw", inbound_rules: [ssh], droplet_ids: [5] }
      })
      MockHttp.assertSent(sent[3], "GET", "/v2/droplets/5/firewalls", "Firewall.ofDroplet", {
        query: { per_page: "200", page: "1" }
      })
      MockHttp.assertSent(sent[4], "DELETE", path, "Firewall.delete")
      MockHttp.assertSent(sent[5], "POST", `${path}/droplets`, "Firewall.addDroplets", { body: { droplet_ids: [5] } })
      MockHttp.assertSent(sent[6], "DELETE", `${path}/droplets`, "Firewall.removeDroplets", {
        body: { droplet_ids: [5] }
      })
      MockHttp.assertSent(sent[7], "POST", `${path}/tags`, "Firewall.addTags", { body: { tags: ["web"] } })
      MockHttp.assertSent(sent[8], "DELETE", `${path}/tags`, "Firewall.removeTags", { body: { tags: ["web"] } })
      MockHttp.assertSent(sent[9], "POST", `${path}/rules`, "Firewall.addRules", { body: { inbound_rules: [ssh] } })
      MockHttp.assertSent(sent[10], "DELETE", `${path}/rules`, "Firewall.removeRules", {
        body: { outbound_rules: one().firewall.outbound_rules }
      })
    }))

  it.effect("ruleKey: every spelling of all ports, address order and empty lists compare equal", () =>
    Effect.sync(() => {
      const a = Firewall.ruleKey("tcp", "all", { addresses: ["::/0", "0.0.0.0/0"], tags: [] })
      assert.strictEqual(a, Firewall.ruleKey("tcp", "0", { addresses: ["0.0.0.0/0", "::/0"] }))
      assert.strictEqual(a, Firewall.ruleKey("tcp", "1-65535", { addresses: ["0.0.0.0/0", "::/0"] }))
      assert.notStrictEqual(a, Firewall.ruleKey("udp", "0", { addresses: ["0.0.0.0/0", "::/0"] }))
      assert.notStrictEqual(a, Firewall.ruleKey("tcp", "22", { addresses: ["0.0.0.0/0", "::/0"] }))
      assert.strictEqual(Firewall.ruleKey("icmp", "", {}), Firewall.ruleKey("icmp", "0", {}))
    }))

  it.effect("a wrong-typed id is an Encode failure naming firewall_id, nothing sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* Effect.flip(mock.provide(Firewall.fetch(12 as unknown as string)))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "firewall_id must be a UUID")
      assert.lengthOf(yield* mock.requests, 0)
    }))
})
