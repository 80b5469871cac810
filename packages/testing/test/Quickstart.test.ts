/**
 * The package README's example (packages/testing/README.md): a program tested against the fake, under TestClock.
 */
import { Droplet } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"

it.effect("creates a droplet and waits until it is active", () =>
  Effect.gen(function*() {
    const created = yield* Droplet.create({
      name: "web-1",
      region: "nyc3",
      size: "s-1vcpu-1gb",
      image: "ubuntu-24-04-x64"
    })
    assert.strictEqual(created.status, "new")
    const waiting = yield* Effect.fork(Droplet.wait(created, { status: "active" }))
    yield* TestClock.adjust("1 minute") // the fake's actions take 10 seconds of the Clock
    const active = yield* Fiber.join(waiting)
    assert.strictEqual(active.status, "active")
    const { state } = yield* FakeDigitalOcean.FakeDigitalOcean
    assert.strictEqual(state.droplets.size, 1)
  }).pipe(Effect.provide(FakeDigitalOcean.layer())))
