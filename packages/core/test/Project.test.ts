/**
 * Project: every operation's method, path and body, URNs, and the spec's response examples decoded through it.
 */
import { Droplet, LoadBalancer, Project } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = "4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679"
const project = () => ({ project: Spec.responseExample("GET", "/v2/projects", 200).projects[0] })
const resources = () => Spec.responseExample("GET", "/v2/projects/{project_id}/resources", 200)

describe("Project", () => {
  it.effect("the spec's examples decode: projects, the default project, resources, an assignment", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/projects": MockHttp.json(200, Spec.responseExample("GET", "/v2/projects", 200)),
        "GET /v2/projects/default": MockHttp.json(200, Spec.responseExample("GET", "/v2/projects/default", 200)),
        [`GET /v2/projects/${ID}/resources`]: MockHttp.json(200, resources()),
        [`POST /v2/projects/${ID}/resources`]: MockHttp.json(
          200,
          Spec.responseExample("POST", "/v2/projects/{project_id}/resources", 200)
        )
      })
      const all = yield* mock.provide(Project.fetchAll)
      assert.deepStrictEqual(all.map((p) => [p.name, p.is_default]), [["my-web-api", false], ["Default", true]])
      assert.instanceOf(all[0], Project.Project)
      assert.isTrue((yield* mock.provide(Project.fetchDefault)).is_default)
      const listed = yield* mock.provide(Project.fetchAllResources(ID))
      assert.deepStrictEqual(listed.map((r) => [r.resourceType, r.resourceId]), [
        ["droplet", "13457723"],
        ["domain", "example.com"]
      ])
      const assigned = yield* mock.provide(Project.assign(ID, ["do:droplet:13457723"]))
      assert.strictEqual(assigned[0].status, "ok")
    }))

  it.effect("every operation: method, path, body and span", () =>
    Effect.gen(function*() {
      const path = `/v2/projects/${ID}`
      const list = { resources: [], meta: { total: 0 } }
      const mock = yield* MockHttp.make({
        [`GET ${path}`]: MockHttp.json(200, project()),
        "POST /v2/projects": MockHttp.json(201, project()),
        [`PUT ${path}`]: MockHttp.json(200, project()),
        [`PATCH ${path}`]: MockHttp.json(200, project()),
        "PATCH /v2/projects/default": MockHttp.json(200, project()),
        "PUT /v2/projects/default": MockHttp.json(200, project()),
        [`DELETE ${path}`]: MockHttp.empty(),
        [`GET ${path}/resources`]: MockHttp.json(200, list),
        "GET /v2/projects/default/resources": MockHttp.json(200, list),
        [`POST ${path}/resources`]: MockHttp.json(200, { resources: [] }),
        "POST /v2/projects/default/resources": MockHttp.json(200, { resources: [] })
      })
      const p = yield* mock.provide(Project.fetch(ID))
      yield* mock.provide(Project.create({ name: "web", purpose: "Web Application" }))
      const update = { name: "n", description: "d", purpose: "p", environment: "Production", is_default: false }
      yield* mock.provide(Project.update(p, update))
      yield* mock.provide(Project.patch(p, { name: "m" }))
      yield* mock.provide(Project.patchDefault({ environment: "Staging" }))
      yield* mock.provide(Project.delete(p))
      yield* mock.provide(Stream.runDrain(Project.resources(p)))
      yield* mock.provide(Stream.runDrain(Project.defaultResources))
      yield* mock.provide(Project.assign(p, ["do:domain:example.com", { urn: "do:vpc:x" }]))
      yield* mock.provide(Project.assignDefault(["do:floatingip:1.2.3.4"]))
      yield* mock.provide(Project.updateDefault({ ...update, is_default: true }))
      const sent = yield* mock.requests
      const q = { query: { per_page: "200", page: "1" } }
      MockHttp.assertSent(sent[0], "GET", path, "Project.fetch")
      MockHttp.assertSent(sent[1], "POST", "/v2/projects", "Project.create", {
        body: { name: "web", purpose: "Web Application" }
      })
      MockHttp.assertSent(sent[2], "PUT", path, "Project.update", { body: update })
      MockHttp.assertSent(sent[3], "PATCH", path, "Project.patch", { body: { name: "m" } })
      MockHttp.assertSent(sent[4], "PATCH", "/v2/projects/default", "Project.patchDefault", {
        body: { environment: "Staging" }
      })
      MockHttp.assertSent(sent[5], "DELETE", path, "Project.delete")
      MockHttp.assertSent(sent[6], "GET", `${path}/resources`, "Project.resources", q)
      MockHttp.assertSent(sent[7], "GET", "/v2/projects/default/resources", "Project.defaultResources", q)
      MockHttp.assertSent(sent[8], "POST", `${path}/resources`, "Project.assign", {
        body: { resources: ["do:domain:example.com", "do:vpc:x"] }
      })
      MockHttp.assertSent(sent[9], "POST", "/v2/projects/default/resources", "Project.assignDefault", {
        body: { resources: ["do:floatingip:1.2.3.4"] }
      })
      MockHttp.assertSent(sent[10], "PUT", "/v2/projects/default", "Project.updateDefault", {
        body: { ...update, is_default: true }
      })
    }))

  it("urn: droplets, load balancers and strings", () => {
    const droplet = Object.create(Droplet.Droplet.prototype, { id: { value: 5 } }) as Droplet.Droplet
    assert.strictEqual(Project.urn(droplet), "do:droplet:5")
    const lb = Schema.decodeUnknownSync(LoadBalancer.LoadBalancer)(
      Spec.responseExample("GET", "/v2/load_balancers/{lb_id}", 200).load_balancer
    )
    assert.strictEqual(Project.urn(lb), `do:loadbalancer:${lb.id}`)
    assert.strictEqual(Project.urn("do:volume:abc"), "do:volume:abc")
  })

  it.effect("a wrong-typed id or a malformed URN is an Encode failure, nothing sent", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* Effect.flip(mock.provide(Project.fetch(1 as unknown as string)))
      assert.strictEqual(error.reason, "Encode")
      assert.include(error.message, "project_id must be a UUID")
      const urn = yield* Effect.flip(mock.provide(Project.assign(ID, ["droplet-5"])))
      assert.strictEqual(urn.reason, "Encode")
      assert.lengthOf(yield* mock.requests, 0)
    }))
})
