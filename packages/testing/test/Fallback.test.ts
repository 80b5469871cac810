/**
 * The fake answers every operation of the API that it does not model with state: a response built from the
 * operation's generated Schema, found through core's manifest (`@doapi/core/generated/Operations`).
 */
import * as Billing from "@doapi/core/generated/Billing"
import * as Certificates from "@doapi/core/generated/Certificates"
import * as Manifest from "@doapi/core/generated/Operations"
import * as Uptime from "@doapi/core/generated/Uptime"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { call, exchangeOf, unmodelled } from "./utils/Unmodelled.js"

/** A request as any HTTP client sends it, answered by the fake in the layer. */
const raw = (method: string, path: string, body?: unknown) =>
  Effect.gen(function*() {
    const fake = yield* FakeDigitalOcean.FakeDigitalOcean
    const url = new URL(`https://api.digitalocean.com${path}`)
    const outcome = yield* fake.handle({
      method,
      origin: url.origin,
      path: url.pathname,
      query: url.searchParams,
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body)
    })
    if (outcome._tag !== "Response") throw new Error("the connection was dropped")
    return {
      ...outcome,
      json: outcome.body === ""
        ? undefined
        : outcome.headers["content-type"]?.includes("json")
        ? JSON.parse(outcome.body)
        : undefined
    }
  })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe("the fake's answers to the operations it does not model", () => {
  it.effect("a create answers its success status with values of the spec's formats, timestamps from the Clock", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1 hour")
      const created = yield* raw("POST", "/v2/certificates", {
        name: "web",
        type: "lets_encrypt",
        dns_names: ["example.com"]
      })
      assert.strictEqual(created.status, 201)
      assert.match(created.json.certificate.id, UUID)
      assert.strictEqual(created.json.certificate.created_at, "2026-01-01T01:00:00Z")
      // The same through @doapi/core's generated operation, decoded with its Schema.
      const certificate = yield* Certificates.get(created.json.certificate.id)
      assert.match(certificate.certificate?.id ?? "", UUID)
      const check = yield* Uptime.createCheck({
        name: "web",
        type: "https",
        target: "https://example.com",
        regions: ["us_east"],
        enabled: true
      })
      assert.match(check.check?.id ?? "", UUID)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a listing is one page: no next page, meta.total counts its items; per_page at most 200", () =>
    Effect.gen(function*() {
      const page = yield* raw("GET", "/v2/certificates?per_page=5")
      assert.strictEqual(page.status, 200)
      assert.strictEqual(page.json.certificates.length, 1)
      assert.deepStrictEqual(page.json.links, {})
      assert.strictEqual(page.json.meta.total, 1)
      const tooMany = yield* raw("GET", "/v2/certificates?per_page=201")
      assert.strictEqual(tooMany.status, 422)
      assert.strictEqual(tooMany.json.id, "unprocessable_entity")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("deterministic: a seed gives the same answers, another seed others", () =>
    Effect.gen(function*() {
      const answer = (seed: number) =>
        raw("GET", "/v2/certificates/3b8e2a4e-8b1c-4e6e-9d2f-0a1b2c3d4e5f").pipe(
          Effect.map((response) => response.body),
          Effect.provide(FakeDigitalOcean.layer({ seed }))
        )
      assert.strictEqual(yield* answer(5), yield* answer(5))
      assert.notStrictEqual(yield* answer(5), yield* answer(6))
    }))

  it.effect("a text response comes as its media type (CSV, YAML)", () =>
    Effect.gen(function*() {
      const csv = yield* Billing.getCsvByUUID("3b8e2a4e-8b1c-4e6e-9d2f-0a1b2c3d4e5f")
      assert.isString(csv)
      assert.include(csv, ",")
      const response = yield* raw("GET", "/v2/customers/my/invoices/3b8e2a4e-8b1c-4e6e-9d2f-0a1b2c3d4e5f/csv")
      assert.strictEqual(response.headers["content-type"], "text/csv")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a body the operation's Schema refuses: 422 unprocessable_entity, saying what is wrong", () =>
    Effect.gen(function*() {
      const refused = yield* raw("POST", "/v2/uptime/checks", { name: "web", type: "https" })
      assert.strictEqual(refused.status, 422)
      assert.strictEqual(refused.json.id, "unprocessable_entity")
      assert.include(refused.json.message, "target")
      assert.isString(refused.json.request_id)
      const unparsable = yield* raw("POST", "/v2/uptime/checks", "{\"name\":")
      assert.strictEqual(unparsable.status, 400)
      assert.strictEqual(unparsable.json.id, "bad_request")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("path parameters as the API's kinds: a malformed UUID is 400, a malformed integer id 404", () =>
    Effect.gen(function*() {
      const uuid = yield* raw("GET", "/v2/certificates/not-a-uuid")
      assert.strictEqual(uuid.status, 400)
      assert.strictEqual(uuid.json.id, "bad_request")
      assert.include(uuid.json.message, "certificate_id")
      const id = yield* raw("GET", "/v2/droplets/abc/backups/policy")
      assert.strictEqual(id.status, 404)
      assert.strictEqual((yield* raw("GET", "/v2/droplets/7/backups/policy")).status, 200)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a path that is not the API's, or a method it does not take there, is 404 not_found", () =>
    Effect.gen(function*() {
      for (
        const [method, path] of [["GET", "/v2/no_such_thing"], ["PATCH", "/v2/certificates"], ["GET", "/v3/account"]]
      ) {
        const response = yield* raw(method!, path!)
        assert.strictEqual(response.status, 404, `${method} ${path}`)
        assert.strictEqual(response.json.id, "not_found")
      }
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a path the API spells where a stateful route has a parameter is the API's operation", () =>
    Effect.gen(function*() {
      // GET /v2/droplets/:droplet_id is stateful; GET /v2/droplets/autoscale is another operation.
      const pools = yield* raw("GET", "/v2/droplets/autoscale")
      assert.strictEqual(pools.status, 200)
      assert.isArray(pools.json.autoscale_pools)
      assert.strictEqual((yield* raw("GET", "/v2/droplets/12345")).status, 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it("finds, for every operation, what it answers and takes in core's manifest, by Schemas that exist", async () => {
    const schemas: Record<string, unknown> = await import("@doapi/core/generated/Schemas")
    for (const op of Manifest.operations) {
      const exchange = exchangeOf(op)
      assert.isDefined(exchange, `${op.module}.${op.name}`)
      assert.oneOf(exchange.status, [200, 201, 202, 204], `${op.module}.${op.name}`)
      for (const name of [exchange.response, exchange.body, exchange.params]) {
        if (name !== undefined) assert.isDefined(schemas[name], `${op.module}.${op.name}: ${name}`)
      }
      assert.strictEqual(exchange.pathKinds?.length ?? 0, op.pathParams.length, `${op.module}.${op.name}`)
    }
    for (const name of Object.keys(Manifest.formats)) assert.isDefined(schemas[name], `formats of ${name}`)
  })

  it("leaves the operations it does not model to their Schemas", () => {
    assert.isAbove(unmodelled.length, 200)
    assert.isBelow(unmodelled.length, Manifest.operations.length)
  })

  describe("every one answers its success response, which decodes with the generated Schemas", () => {
    for (const op of unmodelled) {
      it.effect(`${op.module}.${op.name}: ${op.method} ${op.path}`, () =>
        Effect.gen(function*() {
          const exchange = exchangeOf(op)
          const result = yield* call(op)
          if (op.stream) assert.strictEqual((result as ReadonlyArray<unknown>).length, 1)
          else if (exchange.text !== undefined) assert.isString(result)
          else if (exchange.response !== undefined) assert.isObject(result)
          else assert.isUndefined(result)
        }).pipe(Effect.provide(FakeDigitalOcean.layer())))
    }
  })
})
