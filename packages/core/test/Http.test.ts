import { Account, Api, DoConfig, RateLimit } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Option, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"

const account = {
  droplet_limit: 25,
  floating_ip_limit: 5,
  email: "sammy@digitalocean.com",
  uuid: "b6fr89dbf6d9156cace5f3c78dc9851d957381ef",
  email_verified: true,
  status: "active",
  status_message: " "
}
const ok = MockHttp.json(200, { account })
const serverError = MockHttp.error(500, "server_error", "Unexpected server-side error")
const created = MockHttp.json(202, { droplet: { id: 1 } })

describe("the request path", () => {
  it.effect("sends the bearer token, JSON accept, and a User-Agent naming doapi and its version", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": ok })
      yield* mock.provide(Account.fetch)
      const [request] = yield* mock.requests
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(request.url.origin, MockHttp.ENDPOINT)
      assert.strictEqual(request.headers["authorization"], `Bearer ${MockHttp.TOKEN}`)
      assert.strictEqual(request.headers["accept"], "application/json")
      assert.match(request.headers["user-agent"], /^doapi\/\d+\.\d+\.\d+/)
      assert.strictEqual(DoConfig.DEFAULT_USER_AGENT, request.headers["user-agent"])
    }))

  it.effect("the User-Agent can be set", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": ok }, { userAgent: "my-app/1.0" })
      yield* mock.provide(Account.fetch)
      const [request] = yield* mock.requests
      assert.strictEqual(request.headers["user-agent"], "my-app/1.0")
    }))

  it.effect("sends a JSON body with its content type", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "POST /v2/droplets": created })
      const body = { name: "web-1", region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" }
      const result = yield* mock.provide(Api.request("POST", "/v2/droplets", { body, params: { a: 1, b: undefined } }))
      assert.deepStrictEqual(result, { droplet: { id: 1 } })
      const [request] = yield* mock.requests
      assert.deepStrictEqual(request.body, body)
      assert.deepStrictEqual(request.query, { a: "1" })
      assert.strictEqual(request.headers["content-type"], "application/json")
    }))

  it.effect("a 204 or an empty body is undefined", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "DELETE /v2/droplets/5": MockHttp.empty(204) })
      const result = yield* mock.provide(Api.request("DELETE", "/v2/droplets/5"))
      assert.isUndefined(result)
    }))

  it.effect("a body that is not JSON is refused before sending (Encode)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* mock.provide(Effect.flip(Api.request("POST", "/v2/tags", { body: { n: BigInt(1) } })))
      assert.strictEqual(error.reason, "Encode")
      assert.lengthOf(yield* mock.requests, 0)
    }))

  it.effect("an absolute URL on another origin is refused: the token only goes to the endpoint", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": ok })
      const error = yield* mock.provide(Effect.flip(Api.request("GET", "https://evil.example/v2/account")))
      assert.strictEqual(error.reason, "Encode")
      assert.lengthOf(yield* mock.requests, 0)
      const fine = yield* mock.provide(Api.request("GET", `${MockHttp.ENDPOINT}/v2/account`))
      assert.deepStrictEqual(fine, { account })
    }))

  it.effect("an absolute URL keeps its query (a pagination link), and params add to it", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/droplets": MockHttp.json(200, { droplets: [] }) })
      yield* mock.provide(
        Api.request("GET", `${MockHttp.ENDPOINT}/v2/droplets?page=2&per_page=20`, { params: { tag_name: "web" } })
      )
      const [request] = yield* mock.requests
      assert.deepStrictEqual(request.query, { page: "2", per_page: "20", tag_name: "web" })
    }))

  it.effect("keeps the latest rate limit, readable at any time", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/account": [
          MockHttp.json(200, { account }, { "ratelimit-remaining": "4998", "ratelimit-reset": "1700000100" }),
          MockHttp.error(404, "not_found", "gone", { "ratelimit-remaining": "4997", "ratelimit-reset": "1700000200" })
        ]
      })
      assert.isTrue(Option.isNone(yield* mock.provide(RateLimit.latest)))
      yield* mock.provide(Account.fetch)
      const first = yield* mock.provide(RateLimit.latest)
      assert.deepStrictEqual(
        first,
        Option.some(new RateLimit.RateLimit({ limit: 5000, remaining: 4998, reset: 1700000100 }))
      )
      assert.strictEqual(Option.getOrThrow(first).resetAt.epochMillis, 1700000100000)
      yield* mock.provide(Effect.flip(Account.fetch))
      const second = yield* mock.provide(RateLimit.latest)
      assert.strictEqual(Option.getOrThrow(second).remaining, 4997)
    }))

  it.effect("runs in a span named after the operation, with method, path template, status and request id", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/actions/42": MockHttp.error(404, "not_found", "no such action", { "x-request-id": "rid-42" })
      })
      yield* mock.provide(Effect.flip(Api.request("GET", "/v2/actions/42")))
      const typed = yield* MockHttp.make({
        "GET /v2/account": MockHttp.json(200, { account }, { "x-request-id": "rid-1" })
      })
      yield* typed.provide(Account.fetch)
      const [request] = yield* typed.requests
      const span = MockHttp.operationSpan(request)
      assert.strictEqual(span.name, "Account.fetch")
      assert.strictEqual(span.attributes.get("http.request.method"), "GET")
      assert.strictEqual(span.attributes.get("http.route"), "/v2/account")
      assert.strictEqual(span.attributes.get("http.response.status_code"), 200)
      assert.strictEqual(span.attributes.get("doapi.request_id"), "rid-1")
      const [failed] = yield* mock.requests
      const failedSpan = MockHttp.operationSpan(failed)
      assert.strictEqual(failedSpan.name, "Api.request")
      assert.strictEqual(failedSpan.attributes.get("http.response.status_code"), 404)
      assert.strictEqual(failedSpan.attributes.get("doapi.request_id"), "rid-42")
    }))
})

describe("retries", () => {
  it.effect("a GET is retried on 500 with backoff, then succeeds", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": [serverError, serverError, ok] })
      const fiber = yield* Effect.fork(mock.provide(Account.fetch))
      yield* TestClock.adjust("100 millis")
      assert.lengthOf(yield* mock.requests, 1, "the first retry waits for the backoff")
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(result.email, account.email)
      assert.lengthOf(yield* mock.requests, 3)
    }))

  it.effect("a GET is retried a bounded number of times, then fails with the last error", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": serverError }, { retry: { times: 2 } })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Account.fetch)))
      yield* TestClock.adjust("10 minutes")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error.status, 500)
      assert.lengthOf(yield* mock.requests, 3)
    }))

  it.effect("a GET is retried on a transport failure", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": [MockHttp.transport("ECONNRESET"), ok] })
      const fiber = yield* Effect.fork(mock.provide(Account.fetch))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(fiber)).uuid, account.uuid)
      assert.lengthOf(yield* mock.requests, 2)
    }))

  it.effect("a 4xx other than 429 is not retried", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": MockHttp.error(404, "not_found", "gone") })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Account.fetch)))
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual((yield* Fiber.join(fiber)).status, 404)
      assert.lengthOf(yield* mock.requests, 1)
    }))

  it.effect("a POST is not re-sent on 500", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "POST /v2/droplets": [serverError, created] })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Api.request("POST", "/v2/droplets", { body: {} }))))
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual((yield* Fiber.join(fiber)).status, 500)
      assert.lengthOf(yield* mock.requests, 1)
    }))

  it.effect("a POST is not re-sent after a reset or a timeout (it may have reached the server)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "POST /v2/droplets": [MockHttp.transport("ECONNRESET"), created] })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Api.request("POST", "/v2/droplets", { body: {} }))))
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual((yield* Fiber.join(fiber)).reason, "Transport")
      assert.lengthOf(yield* mock.requests, 1)

      const slow = yield* MockHttp.make({ "POST /v2/droplets": [MockHttp.hang, created] }, { timeout: "10 seconds" })
      const slowFiber = yield* Effect.fork(slow.provide(Effect.flip(Api.request("POST", "/v2/droplets", { body: {} }))))
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual((yield* Fiber.join(slowFiber)).reason, "Transport")
      assert.lengthOf(yield* slow.requests, 1)
    }))

  it.effect("a POST is retried when the connection was refused (it never reached the server)", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "POST /v2/droplets": [MockHttp.transport("ECONNREFUSED"), created] })
      const fiber = yield* Effect.fork(mock.provide(Api.request("POST", "/v2/droplets", { body: {} })))
      yield* TestClock.adjust("1 minute")
      assert.deepStrictEqual(yield* Fiber.join(fiber), { droplet: { id: 1 } })
      assert.lengthOf(yield* mock.requests, 2)
    }))

  it.effect("a 429 is retried after retry-after seconds, for a POST too", () =>
    Effect.gen(function*() {
      const tooMany = MockHttp.error(429, "too_many_requests", "API rate limit exceeded.", { "retry-after": "7" })
      const mock = yield* MockHttp.make({ "POST /v2/droplets": [tooMany, created] })
      const fiber = yield* Effect.fork(mock.provide(Api.request("POST", "/v2/droplets", { body: {} })))
      yield* TestClock.adjust("6900 millis")
      assert.lengthOf(yield* mock.requests, 1)
      yield* TestClock.adjust("100 millis")
      assert.deepStrictEqual(yield* Fiber.join(fiber), { droplet: { id: 1 } })
      assert.lengthOf(yield* mock.requests, 2)
    }))

  it.effect("a 429 without retry-after backs off no longer than until ratelimit-reset", () =>
    Effect.gen(function*() {
      // TestClock starts at the epoch: reset = 3 means three seconds from now, well before the 1-minute backoff.
      const tooMany = MockHttp.error(429, "too_many_requests", "API rate limit exceeded.", {
        "ratelimit-remaining": "0",
        "ratelimit-reset": "3"
      })
      // The retry policy alone (pacing, on by default, would hold the retry until the reset and its margin).
      const mock = yield* MockHttp.make({ "GET /v2/account": [tooMany, ok] }, {
        retry: { base: "1 minute", cap: "1 hour" },
        budget: false
      })
      const fiber = yield* Effect.fork(mock.provide(Account.fetch))
      yield* TestClock.adjust("2900 millis")
      assert.lengthOf(yield* mock.requests, 1)
      yield* TestClock.adjust("100 millis")
      assert.strictEqual((yield* Fiber.join(fiber)).email, account.email)
      assert.lengthOf(yield* mock.requests, 2)
    }))

  it.effect("retry: false turns retries off", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/account": [serverError, ok] }, { retry: false })
      const error = yield* mock.provide(Effect.flip(Account.fetch))
      assert.strictEqual(error.status, 500)
      assert.lengthOf(yield* mock.requests, 1)
    }))
})

describe("retries, limits", () => {
  it.effect("a retry-after longer than the cap fails at once, carrying retry_after", () =>
    Effect.gen(function*() {
      const tooMany = MockHttp.error(429, "too_many_requests", "API rate limit exceeded.", { "retry-after": "3600" })
      const mock = yield* MockHttp.make({ "GET /v2/account": [tooMany, ok] })
      const error = yield* mock.provide(Effect.flip(Account.fetch))
      assert.strictEqual(error.status, 429)
      assert.strictEqual(error.retry_after, 3600)
      assert.lengthOf(yield* mock.requests, 1)
    }))
})
