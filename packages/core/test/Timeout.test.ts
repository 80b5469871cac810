/**
 * The per-attempt time limit under the live clock, over a real socket: the request is aborted through the transport's
 * AbortSignal (no fibers raced), the failure is a `Transport` timeout, and an interrupted call aborts its request too.
 * (Under TestClock the limit is `Effect.timeout`'s: Errors.test.ts and Http.test.ts.)
 */
import { Account, DoConfig } from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { type Duration, Effect, Fiber, Layer } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"

/**
 * A server that answers `/{delay}/v2/account` after `delay` ms, and counts the requests whose client went away
 * before the answer.
 */
const server = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly aborted: () => number; readonly close: () => void }>((resume) => {
    let aborted = 0
    const srv = http.createServer((request, response) => {
      const delay = Number((request.url ?? "/0").split("/")[1])
      const timer = setTimeout(() => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({
          account: {
            droplet_limit: 25,
            floating_ip_limit: 3,
            email: "a@b.c",
            uuid: "u",
            email_verified: true,
            status: "active",
            status_message: ""
          }
        }))
      }, delay)
      response.on("close", () => {
        if (!response.writableFinished) {
          aborted++
          clearTimeout(timer)
        }
      })
    })
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo
      resume(Effect.succeed({
        url: `http://127.0.0.1:${port}`,
        aborted: () => aborted,
        close: () => {
          srv.closeAllConnections()
          srv.close()
        }
      }))
    })
  }),
  (s) => Effect.sync(s.close)
)

const layer = (endpoint: string, timeout: Duration.DurationInput) =>
  Layer.mergeAll(
    FetchHttpClient.layer,
    DoConfig.layer({ token: "t", endpoint, timeout, retry: false })
  )

describe("the per-attempt time limit (live clock)", () => {
  it.live("aborts a request that takes longer, as a Transport timeout", () =>
    Effect.scoped(Effect.gen(function*() {
      const s = yield* server
      const started = Date.now()
      const error = yield* Effect.flip(Account.fetch.pipe(Effect.provide(layer(`${s.url}/2000`, "150 millis"))))
      const elapsed = Date.now() - started
      assert.strictEqual(error.reason, "Transport")
      assert.strictEqual(error.description, "timed out after 150ms")
      assert.isAtLeast(elapsed, 140)
      assert.isBelow(elapsed, 1500)
      yield* Effect.sleep("50 millis")
      assert.strictEqual(s.aborted(), 1)
    })))

  it.live("lets a request within the limit through", () =>
    Effect.scoped(Effect.gen(function*() {
      const s = yield* server
      const account = yield* Account.fetch.pipe(Effect.provide(layer(`${s.url}/20`, "2 seconds")))
      assert.strictEqual(account.email, "a@b.c")
      assert.strictEqual(s.aborted(), 0)
    })))

  it.live("aborts the request of an interrupted call", () =>
    Effect.scoped(Effect.gen(function*() {
      const s = yield* server
      const fiber = yield* Effect.fork(Account.fetch.pipe(Effect.provide(layer(`${s.url}/2000`, "10 seconds"))))
      yield* Effect.sleep("100 millis")
      yield* Fiber.interrupt(fiber)
      yield* Effect.sleep("50 millis")
      assert.strictEqual(s.aborted(), 1)
    })))
})
