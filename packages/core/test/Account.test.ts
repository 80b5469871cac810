import { Account } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as MockHttp from "./utils/MockHttp.js"

describe("Account", () => {
  it.effect("fetch decodes the envelope", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/account": MockHttp.json(200, {
          account: {
            droplet_limit: 25,
            floating_ip_limit: 5,
            email: "sammy@digitalocean.com",
            uuid: "b6fr89",
            email_verified: true,
            status: "active",
            status_message: " "
          }
        })
      })
      const account = yield* mock.provide(Account.fetch)
      assert.strictEqual(account.droplet_limit, 25)
      assert.isTrue(account.active)
      const [request] = yield* mock.requests
      assert.strictEqual(request.headers["authorization"], `Bearer ${MockHttp.TOKEN}`)
    }))
})
