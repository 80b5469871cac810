/**
 * LoadBalancer: every operation's method, path and body, and the spec's response examples decoded through it.
 */
import { LoadBalancer } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = "4de7ac8b-495b-4884-9a69-1050c6793cd6"
const one = () => Spec.responseExample("GET", "/v2/load_balancers/{lb_id}", 200)
const rule = { entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 80 } as const

describe("LoadBalancer", () => {
  it.effect("the spec's examples decode (every create response, the listing, the fetch)", () =>
    Effect.gen(function*() {
      const examples = [
        ...Spec.responseExamples("POST", "/v2/load_balancers", 202),
        ...Spec.responseExamples("GET", "/v2/load_balancers/{lb_id}", 200)
      ]
      assert.isAtLeast(examples.length, 5)
      for (const example of examples) {
        const mock = yield* MockHttp.make({ [`GET /v2/load_balancers/${ID}`]: MockHttp.json(200, example.value) })
        const lb = yield* mock.provide(LoadBalancer.fetch(ID))
        assert.instanceOf(lb, LoadBalancer.LoadBalancer, example.name)
        assert.strictEqual(lb.id, example.value.load_balancer.id)
        assert.strictEqual(lb.status, example.value.load_balancer.status)
        assert.strictEqual(lb.forwarding_rules.length, example.value.load_balancer.forwarding_rules.length)
        assert.instanceOf(lb.forwarding_rules[0], LoadBalancer.ForwardingRule)
      }
      const listing = Spec.responseExamples("GET", "/v2/load_balancers", 200)[0].value
      const mock = yield* MockHttp.make({ "GET /v2/load_balancers": MockHttp.json(200, listing) })
      const all = yield* mock.provide(LoadBalancer.fetchAll)
      assert.deepStrictEqual(all.map((lb) => lb.id), listing.load_balancers.map((lb: { id: string }) => lb.id))
    }))

  it.effect("every operation: method, path, body and span", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/load_balancers/${ID}`]: MockHttp.json(200, one()),
        "POST /v2/load_balancers": MockHttp.json(202, one()),
        [`PUT /v2/load_balancers/${ID}`]: MockHttp.json(200, one()),
        [`DELETE /v2/load_balancers/${ID}`]: MockHttp.empty(),
        [`DELETE /v2/load_balancers/${ID}/cache`]: MockHttp.empty(),
        [`POST /v2/load_balancers/${ID}/droplets`]: MockHttp.empty(),
        [`DELETE /v2/load_balancers/${ID}/droplets`]: MockHttp.empty(),
        [`POST /v2/load_balancers/${ID}/forwarding_rules`]: MockHttp.empty(),
        [`DELETE /v2/load_balancers/${ID}/forwarding_rules`]: MockHttp.empty(),
        "GET /v2/load_balancers": MockHttp.json(200, { load_balancers: [one().load_balancer], meta: { total: 1 } })
      })
      const lb = yield* mock.provide(LoadBalancer.fetch(ID))
      const create = { name: "lb", region: "nyc3", forwarding_rules: [rule], droplet_ids: [1, 2] }
      yield* mock.provide(LoadBalancer.create(create))
      yield* mock.provide(LoadBalancer.update(lb, { ...create, tag: "web", droplet_ids: undefined }))
      yield* mock.provide(LoadBalancer.delete(lb))
      yield* mock.provide(LoadBalancer.purgeCache(ID))
      yield* mock.provide(LoadBalancer.addDroplets(ID, [3]))
      yield* mock.provide(LoadBalancer.removeDroplets(ID, [3]))
      yield* mock.provide(LoadBalancer.addForwardingRules(ID, [rule]))
      yield* mock.provide(LoadBalancer.removeForwardingRules(ID, lb.forwarding_rules.slice(0, 1)))
      yield* mock.provide(Stream.runDrain(LoadBalancer.stream))
      const sent = yield* mock.requests
      const path = `/v2/load_balancers/${ID}`
      MockHttp.assertSent(sent[0], "GET", path, "LoadBalancer.fetch")
      MockHttp.assertSent(sent[1], "POST", "/v2/load_balancers", "LoadBalancer.create", { body: create })
      MockHttp.assertSent(sent[2], "PUT", path, "LoadBalancer.update", {
        body: { name: "lb", region: "nyc3", forwarding_rules: [rule], tag: "web" }
      })
      MockHttp.assertSent(sent[3], "DELETE", path, "LoadBalancer.delete")
      MockHttp.assertSent(sent[4], "DELETE", `${path}/cache`, "LoadBalancer.purgeCache")
      MockHttp.assertSent(sent[5], "POST", `${path}/droplets`, "LoadBalancer.addDroplets", {
        body: { droplet_ids: [3] }
      })
      MockHttp.assertSent(sent[6], "DELETE", `${path}/droplets`, "LoadBalancer.removeDroplets", {
        body: { droplet_ids: [3] }
      })
      MockHttp.assertSent(sent[7], "POST", `${path}/forwarding_rules`, "LoadBalancer.addForwardingRules", {
        body: { forwarding_rules: [rule] }
      })
      MockHttp.assertSent(sent[8], "DELETE", `${path}/forwarding_rules`, "LoadBalancer.removeForwardingRules", {
        body: { forwarding_rules: [{ ...rule, certificate_id: "", tls_passthrough: false }] }
      })
      MockHttp.assertSent(sent[9], "GET", "/v2/load_balancers", "LoadBalancer.stream", {
        query: { per_page: "200", page: "1" }
      })
    }))

  it.effect("a wrong-typed id is an Encode failure naming lb_id, nothing sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* Effect.flip(mock.provide(LoadBalancer.fetch(undefined as unknown as string)))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "lb_id must be a non-empty string")
      assert.lengthOf(yield* mock.requests, 0)
    }))
})
