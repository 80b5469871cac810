import { Action, Droplet, Image } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Option, Stream, TestClock } from "effect"

describe("Action.waitActionsOnObjects, against the fake", () => {
  it.effect("emits each object with its fresh state as its actions finish; None for one that is gone", () =>
    Effect.gen(function*() {
      const fast = yield* Droplet.create({ name: "fast", size: "s-1vcpu-1gb", image: "debian-12-x64" })
      const image = yield* Image.fetch("debian-12-x64")
      const gone = yield* Droplet.create({ name: "gone", size: "s-1vcpu-1gb", image: "debian-12-x64" })
      const fiber = yield* Effect.fork(Stream.runCollect(Action.waitActionsOnObjects([fast, image, gone])))
      yield* TestClock.adjust("1 second")
      yield* Droplet.delete(gone)
      yield* TestClock.adjust("1 minute")
      const results = Chunk.toArray(yield* Fiber.join(fiber))
      // The image has no actions: it comes first. Then the droplets, once their create actions are done.
      assert.strictEqual(results[0].object, image)
      assert.strictEqual(Option.getOrThrow(results[0].current).id, image.id)
      const byName = new Map(results.slice(1).map((r) => [(r.object as Droplet.Droplet).name, r.current]))
      assert.strictEqual((Option.getOrThrow(byName.get("fast")!) as Droplet.Droplet).status, "active")
      assert.isTrue(Option.isNone(byName.get("gone")!))
      assert.lengthOf(results, 3)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
