import { Account, Droplet, Region } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"

describe("FakeDigitalOcean (smoke)", () => {
  it.effect("account, regions, and a droplet that becomes active under TestClock", () =>
    Effect.gen(function*() {
      const account = yield* Account.fetch
      assert.strictEqual(account.status, "active")
      const regions = yield* Region.fetchAll
      assert.isAbove(regions.length, 3)
      const droplet = yield* Droplet.create({
        name: "web-1",
        region: "nyc3",
        size: "s-1vcpu-1gb",
        image: "ubuntu-24-04-x64"
      })
      assert.strictEqual(droplet.status, "new")
      const fiber = yield* Effect.fork(Droplet.wait(droplet, { status: "active" }))
      yield* TestClock.adjust("1 minute")
      const active = yield* Fiber.join(fiber)
      assert.strictEqual(active.status, "active")
      assert.isString(active.ipv4Address)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
