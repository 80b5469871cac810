/**
 * The fake's behaviour through @doapi/core: errors, pagination, rate limits, faults, time, and the HTTP server.
 */
import { Account, Action, DoConfig, Droplet, Image, RateLimit, Size } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { FetchHttpClient, HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Either, Fiber, Layer, Option, Stream, TestClock } from "effect"

const create = (name: string, extra: Partial<Droplet.CreateOptions> = {}) =>
  Droplet.create({ name, region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64", ...extra })

/** Runs the effect and moves the TestClock far enough for it to finish. */
const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

describe("the fake's API", () => {
  it.effect("401 for a wrong token", () =>
    Effect.gen(function*() {
      // The program's own DoConfig (a wrong token) takes precedence over the fake's.
      const error = yield* Effect.flip(Account.fetch).pipe(
        Effect.provide(DoConfig.layer({ token: "dop_v1_wrong" })),
        Effect.provide(FakeDigitalOcean.layer())
      )
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.id, "unauthorized")
      assert.isString(error.request_id)
    }))

  it.effect("404 for an unknown droplet, with a request id", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Droplet.fetch(1))
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.id, "not_found")
      assert.isString(error.request_id)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("422 for an invalid body, and for per_page above 200", () =>
    Effect.gen(function*() {
      const bad = yield* Effect.flip(Droplet.create({ name: "web", size: "no-such-size", image: "ubuntu-24-04-x64" }))
      assert.strictEqual(bad.status, 422)
      assert.include(bad.api_message, "size")
      const client = yield* HttpClient.HttpClient
      const response = yield* client.get("https://api.digitalocean.com/v2/sizes?per_page=201", {
        headers: { authorization: `Bearer ${FakeDigitalOcean.TOKEN}` }
      })
      assert.strictEqual(response.status, 422)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a droplet goes new, active (with networks), off and on again; a locked one refuses actions", () =>
    Effect.gen(function*() {
      const droplet = yield* create("web-1", { ipv6: true, tags: ["web"] })
      assert.isTrue(droplet.new && droplet.locked)
      const busy = yield* Effect.flip(Droplet.reboot(droplet))
      assert.strictEqual(busy.status, 422)
      const active = yield* settled(Droplet.wait(droplet, { status: "active" }))
      assert.isFalse(active.locked)
      assert.match(active.ipv4Address ?? "", /^\d+\.\d+\.\d+\.\d+$/)
      assert.isString(active.privateIpv4Address)
      assert.isString(active.ipv6Address)
      assert.deepStrictEqual(active.tags, ["web"])

      const off = yield* Droplet.powerOff(active)
      assert.strictEqual(off.status, "in-progress")
      const done = yield* settled(Action.wait(off))
      assert.strictEqual(done.status, "completed")
      assert.isTrue((yield* Droplet.fetch(droplet)).off)
      yield* settled(Droplet.powerOn(droplet).pipe(Effect.flatMap((a) => Action.wait(a))))
      assert.isTrue((yield* Droplet.fetch(droplet)).active)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("actionDuration: one duration, or a table by action type", () =>
    Effect.gen(function*() {
      const statusAfter = (options: FakeDigitalOcean.Options, after: Duration.DurationInput) =>
        Effect.gen(function*() {
          const droplet = yield* create("timed")
          yield* TestClock.adjust(after)
          return (yield* Droplet.fetch(droplet)).status
        }).pipe(Effect.provide(FakeDigitalOcean.layer(options)))
      assert.strictEqual(yield* statusAfter({ actionDuration: Duration.seconds(30) }, "29 seconds"), "new")
      assert.strictEqual(yield* statusAfter({ actionDuration: Duration.seconds(30) }, "30 seconds"), "active")
      assert.strictEqual(yield* statusAfter({ actionDuration: 5000 }, "5 seconds"), "active")
      const table = { actionDuration: { create: "1 minute", default: "1 second" } } as const
      assert.strictEqual(yield* statusAfter(table, "59 seconds"), "new")
      assert.strictEqual(yield* statusAfter(table, "1 minute"), "active")
    }))

  it.effect("a snapshot makes an image of the droplet", () =>
    Effect.gen(function*() {
      const droplet = yield* create("db-1")
      yield* settled(Droplet.wait(droplet, { status: "active" }))
      yield* settled(Droplet.snapshot(droplet, "before-upgrade").pipe(Effect.flatMap((a) => Action.wait(a))))
      const [snapshot] = Chunk.toArray(yield* Stream.runCollect(Droplet.snapshots(droplet)))
      assert.strictEqual(snapshot.name, "before-upgrade")
      const image = yield* Image.fetch(snapshot.id)
      assert.strictEqual(image.type, "snapshot")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an action configured to fail ends errored", () =>
    Effect.gen(function*() {
      const droplet = yield* create("flaky")
      yield* settled(Droplet.wait(droplet, { status: "active" }))
      const action = yield* settled(Droplet.reboot(droplet).pipe(Effect.flatMap((a) => Action.wait(a))))
      assert.strictEqual(action.status, "errored")
      const error = yield* Effect.flip(Action.raiseForError(action))
      assert.strictEqual(error._tag, "ActionError")
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "reboot" }] }))))

  it.effect("pagination over thousands of droplets", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const ids = yield* fake.seedDroplets(2500, { tag: "fleet" })
      const all = yield* Droplet.fetchAll({ tag_name: "fleet" })
      assert.deepStrictEqual(all.map((d) => d.id), ids)
      const first = yield* Stream.runCollect(Stream.take(Droplet.stream(), 3))
      assert.deepStrictEqual(Chunk.toArray(first).map((d) => d.id), ids.slice(0, 3))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("rate limits: a 429 with retry-after once the minute's budget is spent; the client waits and retries", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 3; i++) yield* Size.fetchAll
      const snapshot = Option.getOrThrow(yield* RateLimit.latest)
      assert.strictEqual(snapshot.limit, 5000)
      assert.strictEqual(snapshot.remaining, 4997)
      const fiber = yield* Effect.fork(Size.fetchAll)
      yield* TestClock.adjust("30 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting for the minute to pass")
      yield* TestClock.adjust("31 seconds")
      assert.isAbove((yield* Fiber.join(fiber)).length, 3)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ rateLimit: { minute: 3 } }))))

  it.effect("faults: injected 5xx are retried for a GET; a POST gets the 500", () =>
    Effect.gen(function*() {
      const account = yield* settled(Account.fetch)
      assert.strictEqual(account.status, "active")
      const error = yield* Effect.flip(create("web"))
      assert.strictEqual(error.status, 503)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({
      faults: [{ route: "GET /v2/account", status: 500, times: 2 }, {
        route: "POST /v2/droplets",
        status: 503,
        times: 1
      }]
    }))))

  it.effect("faults: a reset connection and a malformed body are typed failures", () =>
    Effect.gen(function*() {
      const reset = yield* Effect.flip(create("web"))
      assert.strictEqual(reset.reason, "Transport")
      const malformed = yield* Effect.flip(Account.fetch)
      assert.strictEqual(malformed.reason, "Decode")
    }).pipe(Effect.provide(FakeDigitalOcean.layer({
      faults: [{ route: "POST /v2/droplets", reset: true }, { route: "GET /v2/account", malformed: true }]
    }))))

  it.effect("faults: latency runs on the Clock; a probability is deterministic given the seed", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Account.fetch)
      yield* TestClock.adjust("4 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Fiber.join(fiber)).status, "active")
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ faults: [{ route: "GET /v2/account", latency: "5 seconds" }] }))))

  it.effect("the same seed gives the same faults", () =>
    Effect.gen(function*() {
      const run = Effect.gen(function*() {
        const outcomes: Array<boolean> = []
        for (let i = 0; i < 20; i++) outcomes.push(Either.isRight(yield* Effect.either(Account.fetch)))
        return outcomes
      }).pipe(Effect.provide(FakeDigitalOcean.layer({
        seed: 42,
        config: { retry: false },
        faults: [{ route: "GET /v2/account", status: 500, probability: 0.5 }]
      })))
      const first = yield* run
      assert.deepStrictEqual(yield* run, first)
      assert.isTrue(first.includes(true) && first.includes(false))
    }))
})

describe("the fake over HTTP", () => {
  it.scopedLive("serve() answers real HTTP on loopback", () =>
    Effect.gen(function*() {
      const server = yield* FakeDigitalOcean.serve({ actionDuration: "50 millis" })
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const program = Effect.gen(function*() {
        const account = yield* Account.fetch
        const droplet = yield* create("over-http")
        const active = yield* Droplet.wait(droplet, { status: "active" }, {
          interval: "20 millis",
          timeout: "5 seconds"
        })
        return { account, active }
      })
      const { account, active } = yield* program.pipe(
        Effect.provide(
          Layer.merge(FetchHttpClient.layer, DoConfig.layer({ token: server.fake.token, endpoint: server.url }))
        )
      )
      assert.strictEqual(account.email, "sammy@example.com")
      assert.strictEqual(active.status, "active")
      assert.strictEqual(server.fake.state.droplets.size, 1)
    }))

  it.scopedLive("serve() on a port in use, or out of range, fails with a ServeError", () =>
    Effect.gen(function*() {
      const first = yield* FakeDigitalOcean.serve()
      const port = Number(new URL(first.url).port)
      const inUse = yield* Effect.flip(FakeDigitalOcean.serve({ port }))
      assert.strictEqual(inUse._tag, "ServeError")
      assert.deepStrictEqual([inUse.host, inUse.port, inUse.code], ["127.0.0.1", port, "EADDRINUSE"])
      assert.strictEqual(inUse.message, `cannot listen on 127.0.0.1:${port}: address already in use (EADDRINUSE)`)
      const outOfRange = yield* Effect.flip(FakeDigitalOcean.serve({ port: 70_000 }))
      assert.strictEqual(outOfRange.code, "ERR_SOCKET_BAD_PORT")
      // The first server still answers.
      const response = yield* Effect.promise(() => fetch(`${first.url}/v2/account`))
      assert.strictEqual(response.status, 401)
    }))
})
