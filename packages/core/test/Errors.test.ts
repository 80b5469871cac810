import { Account, Api, DoConfig, DoError, RateLimit } from "@doapi/core"
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Inspectable, Layer, TestClock } from "effect"
import * as Net from "node:net"
import * as MockHttp from "./utils/MockHttp.js"

/** A loopback port nothing listens on: one the system just handed out and that was closed again. */
const closedPort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as Net.AddressInfo
      server.close(() => resolve(port))
    })
  })

const accountRoute = (reply: MockHttp.Script) => ({ "GET /v2/account": reply })

/** Runs Account.fetch against one scripted reply, with retries off, and returns the failure. */
const failure = (reply: MockHttp.Script) =>
  Effect.gen(function*() {
    const mock = yield* MockHttp.make(accountRoute(reply), { retry: false })
    return yield* mock.provide(Effect.flip(Account.fetch))
  })

/** The token must not appear in the error, its message, its JSON form or its inspection. */
const assertNoToken = (error: DoError.DOAPIError) => {
  for (
    const text of [
      error.message,
      String(error),
      JSON.stringify(error),
      Inspectable.format(error),
      Inspectable.format(error.toJSON()),
      error.stack ?? ""
    ]
  ) {
    assert.notInclude(text, MockHttp.TOKEN)
    assert.notInclude(text.toLowerCase(), "authorization")
  }
}

describe("DOAPIError", () => {
  it.effect("404: status, id, api message, request id, method, path and a one-line message", () =>
    Effect.gen(function*() {
      const error = yield* Effect.gen(function*() {
        const mock = yield* MockHttp.make({
          "GET /v2/droplets/5": MockHttp.json(404, {
            id: "not_found",
            message: "The resource you requested could not be found.",
            request_id: "4d9d8375-3b0d-4b24-9a6d-ed3d5a6f1d2b"
          })
        })
        return yield* mock.provide(Effect.flip(Api.request("GET", "/v2/droplets/5")))
      })
      assert.strictEqual(error._tag, "DOAPIError")
      assert.strictEqual(error.reason, "ErrorResponse")
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.id, "not_found")
      assert.strictEqual(error.api_message, "The resource you requested could not be found.")
      assert.strictEqual(error.request_id, "4d9d8375-3b0d-4b24-9a6d-ed3d5a6f1d2b")
      assert.strictEqual(error.method, "GET")
      assert.strictEqual(error.path, "/v2/droplets/5")
      assert.strictEqual(
        error.message,
        "GET /v2/droplets/5: 404 not_found: The resource you requested could not be found."
      )
      assert.deepStrictEqual(
        error.rate_limit,
        new RateLimit.RateLimit({ limit: 5000, remaining: 4999, reset: 1700000000 })
      )
      assert.isTrue(DoError.isDOAPIError(error))
      assertNoToken(error)
    }))

  it.effect("401 unauthorized", () =>
    Effect.gen(function*() {
      const error = yield* failure(MockHttp.error(401, "unauthorized", "Unable to authenticate you."))
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.id, "unauthorized")
      assert.strictEqual(error.message, "GET /v2/account: 401 unauthorized: Unable to authenticate you.")
      assertNoToken(error)
    }))

  it.effect("422 unprocessable_entity", () =>
    Effect.gen(function*() {
      const error = yield* failure(MockHttp.error(422, "unprocessable_entity", "request payload validation failed"))
      assert.strictEqual(error.status, 422)
      assert.strictEqual(error.id, "unprocessable_entity")
      assert.strictEqual(error.request_id, "req-unprocessable_entity")
      assertNoToken(error)
    }))

  it.effect("429 keeps retry-after and the rate limit", () =>
    Effect.gen(function*() {
      const error = yield* failure(
        MockHttp.error(429, "too_many_requests", "API rate limit exceeded.", {
          "retry-after": "7",
          "ratelimit-remaining": "0"
        })
      )
      assert.strictEqual(error.status, 429)
      assert.strictEqual(error.retry_after, 7)
      assert.strictEqual(error.rate_limit?.remaining, 0)
      assertNoToken(error)
    }))

  it.effect("500 server_error", () =>
    Effect.gen(function*() {
      const error = yield* failure(MockHttp.error(500, "server_error", "Unexpected server-side error"))
      assert.strictEqual(error.reason, "ErrorResponse")
      assert.strictEqual(error.status, 500)
      assert.strictEqual(error.message, "GET /v2/account: 500 server_error: Unexpected server-side error")
    }))

  it.effect("the request id falls back to the x-request-id header", () =>
    Effect.gen(function*() {
      const error = yield* failure(
        MockHttp.json(403, { id: "forbidden", message: "You do not have access." }, { "x-request-id": "hdr-1" })
      )
      assert.strictEqual(error.request_id, "hdr-1")
    }))

  it.effect("an HTML error page from a proxy is an error response with a description", () =>
    Effect.gen(function*() {
      const error = yield* failure(
        MockHttp.text(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", { "content-type": "text/html" })
      )
      assert.strictEqual(error.reason, "ErrorResponse")
      assert.strictEqual(error.status, 502)
      assert.isUndefined(error.id)
      assert.include(error.description, "502 Bad Gateway")
      assert.include(error.message, "GET /v2/account: 502 error: non-JSON error body")
      assert.notInclude(error.message, "\n")
    }))

  it.effect("invalid JSON in a success is a Decode failure", () =>
    Effect.gen(function*() {
      const error = yield* failure(MockHttp.text(200, "{\"account\": {", { "content-type": "application/json" }))
      assert.strictEqual(error.reason, "Decode")
      assert.strictEqual(error.status, 200)
      assert.include(error.description, "invalid JSON")
      assertNoToken(error)
    }))

  it.effect("an HTML page in a success is a Decode failure naming the content type", () =>
    Effect.gen(function*() {
      const error = yield* failure(
        MockHttp.text(200, "<!DOCTYPE html><title>Login</title>", { "content-type": "text/html" })
      )
      assert.strictEqual(error.reason, "Decode")
      assert.include(error.description, "text/html")
      assert.include(error.message, "GET /v2/account: 200 undecodable response: invalid JSON (text/html)")
    }))

  it.effect("a wrong shape is a Decode failure with the decode error, on one line", () =>
    Effect.gen(function*() {
      const error = yield* failure(MockHttp.json(200, { account: { droplet_limit: "lots" } }))
      assert.strictEqual(error.reason, "Decode")
      assert.include(error.description, "droplet_limit")
      assert.notInclude(error.message, "\n")
    }))

  it.effect("an empty success body where an object is expected is a Decode failure", () =>
    Effect.gen(function*() {
      const error = yield* failure(MockHttp.empty(200))
      assert.strictEqual(error.reason, "Decode")
      assert.strictEqual(error.description, "empty body")
    }))

  it.effect("a reset connection is a Transport failure without a status", () =>
    Effect.gen(function*() {
      const error = yield* failure(MockHttp.transport("ECONNRESET"))
      assert.strictEqual(error.reason, "Transport")
      assert.isUndefined(error.status)
      assert.include(error.description, "ECONNRESET")
      assert.match(error.message, /^GET \/v2\/account: no response: /)
      assertNoToken(error)
    }))

  it.live("a refused connection (a real fetch to a closed port) is a Transport failure", () =>
    Effect.gen(function*() {
      const port = yield* Effect.promise(closedPort)
      const error = yield* Effect.flip(Account.fetch).pipe(
        Effect.provide(Layer.merge(
          FetchHttpClient.layer,
          DoConfig.layer({ token: MockHttp.TOKEN, endpoint: `http://127.0.0.1:${port}`, retry: false })
        ))
      )
      assert.strictEqual(error.reason, "Transport")
      assert.isUndefined(error.status)
      assert.include(error.description, "ECONNREFUSED")
      assertNoToken(error)
    }))

  it.live("an endpoint that is not a URL is an Encode failure: nothing was sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Account.fetch).pipe(
        Effect.provide(Layer.merge(
          FetchHttpClient.layer,
          DoConfig.layer({ token: MockHttp.TOKEN, endpoint: "not a url" })
        ))
      )
      assert.strictEqual(error.reason, "Encode")
      assert.match(error.message, /^GET \/v2\/account: request not sent: /)
      assertNoToken(error)
    }))

  it.effect("a request that takes longer than the timeout is a Transport failure", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make(accountRoute(MockHttp.hang), { retry: false, timeout: "5 seconds" })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Account.fetch)))
      yield* TestClock.adjust("5 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error.reason, "Transport")
      assert.include(error.description, "timed out after 5s")
    }))
})
