/**
 * VPC: every operation's method, path and body, and the spec's response examples decoded through it.
 */
import { VPC } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
const one = () => Spec.responseExample("GET", "/v2/vpcs/{vpc_id}", 200)

describe("VPC", () => {
  it.effect("the spec's examples decode: a VPC, the listing, the members", () =>
    Effect.gen(function*() {
      const listing = Spec.responseExample("GET", "/v2/vpcs", 200)
      const members = Spec.responseExample("GET", "/v2/vpcs/{vpc_id}/members", 200)
      const mock = yield* MockHttp.make({
        [`GET /v2/vpcs/${ID}`]: MockHttp.json(200, one()),
        "GET /v2/vpcs": MockHttp.json(200, listing),
        [`GET /v2/vpcs/${ID}/members`]: MockHttp.json(200, members)
      })
      const vpc = yield* mock.provide(VPC.fetch(ID))
      assert.instanceOf(vpc, VPC.VPC)
      assert.strictEqual(vpc.urn, one().vpc.urn)
      assert.strictEqual(`${vpc}`, one().vpc.name)
      const all = yield* mock.provide(VPC.fetchAll)
      assert.deepStrictEqual(all.map((v) => [v.region, v.default]), [["nyc1", false], ["nyc1", true], ["nyc3", true]])
      assert.strictEqual(
        Option.getOrThrow(yield* mock.provide(VPC.fetchDefault({ slug: "nyc3" }))).id,
        listing.vpcs[2].id
      )
      const found = yield* mock.provide(VPC.fetchAllMembers(vpc))
      assert.deepStrictEqual(found.map((m) => m.resourceType), ["loadbalancer", "dbaas", "kubernetes", "droplet"])
    }))

  it.effect("every operation: method, path, body and span", () =>
    Effect.gen(function*() {
      const path = `/v2/vpcs/${ID}`
      const mock = yield* MockHttp.make({
        [`GET ${path}`]: MockHttp.json(200, one()),
        "POST /v2/vpcs": MockHttp.json(201, one()),
        [`PUT ${path}`]: MockHttp.json(200, one()),
        [`PATCH ${path}`]: MockHttp.json(200, one()),
        [`DELETE ${path}`]: MockHttp.empty(),
        [`GET ${path}/members`]: MockHttp.json(200, { members: [], meta: { total: 0 } })
      })
      const vpc = yield* mock.provide(VPC.fetch(ID))
      yield* mock.provide(VPC.create({ name: "net", region: "nyc1", ip_range: "10.10.10.0/24" }))
      yield* mock.provide(VPC.update(vpc, { name: "net-2", description: "d" }))
      yield* mock.provide(VPC.patch(vpc, { default: true }))
      yield* mock.provide(VPC.delete(vpc))
      yield* mock.provide(VPC.fetchAllMembers(ID, { resource_type: "droplet" }))
      const sent = yield* mock.requests
      MockHttp.assertSent(sent[0], "GET", path, "VPC.fetch")
      MockHttp.assertSent(sent[1], "POST", "/v2/vpcs", "VPC.create", {
        body: { name: "net", region: "nyc1", ip_range: "10.10.10.0/24" }
      })
      MockHttp.assertSent(sent[2], "PUT", path, "VPC.update", { body: { name: "net-2", description: "d" } })
      MockHttp.assertSent(sent[3], "PATCH", path, "VPC.patch", { body: { default: true } })
      MockHttp.assertSent(sent[4], "DELETE", path, "VPC.delete")
      MockHttp.assertSent(sent[5], "GET", `${path}/members`, "VPC.members", {
        query: { per_page: "200", page: "1", resource_type: "droplet" }
      })
    }))

  it.effect("a wrong-typed id is an Encode failure naming vpc_id, nothing sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* Effect.flip(mock.provide(VPC.fetch({ id: 5 } as unknown as string)))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "vpc_id must be a UUID")
      assert.lengthOf(yield* mock.requests, 0)
    }))
})
