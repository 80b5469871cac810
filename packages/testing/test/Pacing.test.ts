/**
 * Pacing (#11): every DoConfig paces its requests by the token's budget, against the fake at DigitalOcean's limits
 * (250 a minute, 5,000 an hour) under TestClock, through the public API.
 */
import { Account, DoConfig, RateLimit, Region } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Either, Fiber, Layer, Option, TestClock } from "effect"
import { createHash } from "node:crypto"

/** Thousands of requests through the fake, and TestClock watching every fiber at each step: not quick. */
const TIMEOUT = 60_000

/** One program on the fake's token: its own DoConfig and an HttpClient that counts what it was answered. */
const program = (fake: FakeDigitalOcean.Fake, options: Omit<DoConfig.Options, "token"> = {}) =>
  Effect.gen(function*() {
    const statuses: Array<number> = []
    const waits: Array<unknown> = []
    const client = HttpClient.tap(FakeDigitalOcean.httpClient(fake), (response) =>
      Effect.map(Effect.option(Effect.currentSpan), (span) => {
        statuses.push(response.status)
        if (Option.isSome(span)) {
          waits.push(span.value.attributes.get("doapi.budget.wait_ms"))
        }
      }))
    const config = yield* DoConfig.make({ ...options, token: fake.token })
    const layer = Layer.merge(Layer.succeed(HttpClient.HttpClient, client), Layer.succeed(DoConfig.DoConfig, config))
    return {
      statuses,
      /** `doapi.budget.wait_ms` of the operation's span, as each response found it. */
      waits,
      tooMany: () =>
        statuses.filter((status) =>
          status === 429
        ).length,
      run: <A, E>(self: Effect.Effect<A, E, HttpClient.HttpClient | DoConfig.DoConfig>) => Effect.provide(self, layer)
    }
  })

/** `n` GETs at once, each succeeding with the (TestClock) time it finished. */
const burst = (n: number) =>
  Effect.all(Array.from({ length: n }, () => Effect.zipRight(Account.fetch, Clock.currentTimeMillis)), {
    concurrency: "unbounded"
  })

describe("pacing", () => {
  it.effect(
    "1,000 GETs at once at DigitalOcean's limits: none answered 429, done close to the budget's floor",
    () =>
      Effect.gen(function*() {
        const fake = yield* FakeDigitalOcean.make()
        const client = yield* program(fake)
        const fiber = yield* Effect.fork(client.run(burst(1000)))
        yield* TestClock.adjust("10 minutes")
        const finished = yield* Fiber.join(fiber)
        assert.strictEqual(client.tooMany(), 0)
        assert.strictEqual(client.statuses.length, 1000)
        // 250 go at once and 250 more each minute: the last 250 can go no sooner than 3 minutes in; the margin is a
        // second a minute.
        const last = Math.max(...finished)
        assert.isAtLeast(last, 180_000)
        assert.isAtMost(last, 184_000)
        assert.strictEqual(finished.filter((t) => t === 0).length, 250)
      }),
    TIMEOUT
  )

  it.effect(
    "what another program spends on the token is learned from the headers: the hour's end is waited for",
    () =>
      Effect.gen(function*() {
        // An hour of 400 requests, so that the other program can spend most of it quickly.
        const fake = yield* FakeDigitalOcean.make({ rateLimit: { hourly: 400 } })
        const other = yield* program(fake)
        const spending = yield* Effect.fork(other.run(burst(300)))
        yield* TestClock.adjust("2 minutes")
        yield* Fiber.join(spending)
        yield* TestClock.adjust("3 minutes")

        const client = yield* program(fake)
        const fiber = yield* Effect.fork(client.run(burst(200)))
        yield* TestClock.adjust("50 minutes")
        // 100 were left in the hour: they went, the others wait for the other program's oldest requests to expire.
        assert.strictEqual(client.statuses.length, 100)
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
        assert.strictEqual(yield* client.run(RateLimit.queued), 100)
        yield* TestClock.adjust("10 minutes")
        const finished = yield* Fiber.join(fiber)
        assert.strictEqual(client.tooMany(), 0)
        assert.strictEqual(other.tooMany(), 0)
        assert.isAtLeast(Math.max(...finished), 60 * 60_000)
      }),
    TIMEOUT
  )

  it.effect(
    "a 429 that comes anyway is honoured: its retry-after holds back every request of the token",
    () =>
      Effect.gen(function*() {
        const fake = yield* FakeDigitalOcean.make({
          faults: [{ route: "GET /v2/account", status: 429, retryAfter: 7, times: 1 }]
        })
        const client = yield* program(fake)
        const first = yield* Effect.fork(client.run(Account.fetch))
        yield* TestClock.adjust("1 second")
        const second = yield* Effect.fork(client.run(Region.fetchAll))
        yield* TestClock.adjust("5900 millis")
        assert.deepStrictEqual(client.statuses, [429])
        assert.strictEqual(yield* client.run(RateLimit.queued), 1)
        yield* TestClock.adjust("100 millis")
        yield* Fiber.join(first)
        yield* Fiber.join(second)
        assert.deepStrictEqual(client.statuses, [429, 200, 200])
      }),
    TIMEOUT
  )

  it.effect(
    "budget: false turns pacing off (and the fake's 429s reach the caller when retries are off too)",
    () =>
      Effect.gen(function*() {
        const fake = yield* FakeDigitalOcean.make()
        const unpaced = yield* program(fake, { budget: false, retry: false })
        const results = yield* unpaced.run(
          Effect.all(Array.from({ length: 300 }, () => Effect.either(Account.fetch)), { concurrency: "unbounded" })
        )
        assert.strictEqual(results.filter(Either.isLeft).length, 50)
        assert.strictEqual(unpaced.tooMany(), 50)
        assert.strictEqual(yield* unpaced.run(RateLimit.queued), 0)

        const paced = yield* program(yield* FakeDigitalOcean.make(), { retry: false })
        const fiber = yield* Effect.fork(paced.run(burst(300)))
        yield* TestClock.adjust("2 minutes")
        yield* Fiber.join(fiber)
        assert.strictEqual(paced.tooMany(), 0)
      }),
    TIMEOUT
  )

  it.effect("reserve keeps a share of the minute free for other programs", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.make()
      const client = yield* program(fake, { budget: { reserve: 0.2 } })
      const fiber = yield* Effect.fork(client.run(burst(300)))
      yield* TestClock.adjust("1 second")
      assert.strictEqual(client.statuses.length, 200)
      assert.strictEqual(yield* client.run(RateLimit.queued), 100)
      // Another program on the token has the rest of the minute, unpaced and without a 429.
      const other = yield* program(fake, { budget: false, retry: false })
      yield* other.run(Effect.all(Array.from({ length: 50 }, () => Account.fetch), { concurrency: "unbounded" }))
      assert.strictEqual(other.tooMany(), 0)
      yield* TestClock.adjust("2 minutes")
      yield* Fiber.join(fiber)
      assert.strictEqual(client.tooMany(), 0)
    }), TIMEOUT)

  it.effect(
    "a shared budget's delay is slept before each request; its key names the token without revealing it",
    () =>
      Effect.gen(function*() {
        const fake = yield* FakeDigitalOcean.make()
        const taken: Array<{ key: string; limit: number; window: Duration.Duration }> = []
        const shared: RateLimit.SharedBudget = {
          take: (options) => Effect.sync(() => (taken.push(options), Duration.seconds(5)))
        }
        const client = yield* program(fake, { budget: { shared, reserve: 0.1 } })
        const fiber = yield* Effect.fork(client.run(Account.fetch))
        yield* TestClock.adjust("4900 millis")
        assert.strictEqual(client.statuses.length, 0)
        assert.strictEqual(yield* client.run(RateLimit.queued), 1)
        yield* TestClock.adjust("100 millis")
        yield* Fiber.join(fiber)
        yield* Effect.fork(client.run(Account.fetch)).pipe(Effect.zipLeft(TestClock.adjust("5 seconds")))
        assert.strictEqual(client.statuses.length, 2)
        assert.deepStrictEqual(client.waits, [5000, 5000])

        const digest = createHash("sha256").update(fake.token).digest("hex")
        assert.lengthOf(taken, 2)
        for (const { key, limit, window } of taken) {
          assert.strictEqual(key, `doapi:${digest.slice(0, 32)}`)
          assert.notInclude(key, fake.token)
          assert.strictEqual(limit, 225)
          assert.isTrue(Duration.equals(window, Duration.minutes(1)))
        }
      }),
    TIMEOUT
  )

  it.effect(
    "a shared budget that fails is passed over: the call succeeds, paced by the local limiter",
    () =>
      Effect.gen(function*() {
        const fake = yield* FakeDigitalOcean.make()
        let calls = 0
        const shared: RateLimit.SharedBudget = {
          take: () => Effect.fail(new RateLimit.SharedBudgetError({ message: "connection refused", cause: calls++ }))
        }
        const client = yield* program(fake, { budget: { shared } })
        const fiber = yield* Effect.fork(client.run(burst(300)))
        yield* TestClock.adjust("1 second")
        assert.strictEqual(client.statuses.length, 250)
        assert.strictEqual(yield* client.run(RateLimit.queued), 50)
        yield* TestClock.adjust("1 minute")
        const finished = yield* Fiber.join(fiber)
        assert.lengthOf(finished, 300)
        assert.strictEqual(client.tooMany(), 0)
        assert.strictEqual(calls, 300)
      }),
    TIMEOUT
  )

  it.effect("a shared budget that dies is passed over too", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.make()
      const shared: RateLimit.SharedBudget = { take: () => Effect.die(new Error("store crashed")) }
      const client = yield* program(fake, { budget: { shared } })
      const account = yield* client.run(Account.fetch)
      assert.strictEqual(account.email, "sammy@example.com")
    }), TIMEOUT)

  it.effect(
    "the queue drains: held requests are counted while they wait and no longer once they went",
    () =>
      Effect.gen(function*() {
        const fake = yield* FakeDigitalOcean.make()
        const client = yield* program(fake)
        assert.strictEqual(yield* client.run(RateLimit.queued), 0)
        const fiber = yield* Effect.fork(client.run(burst(600)))
        yield* TestClock.adjust("2 seconds")
        assert.strictEqual(yield* client.run(RateLimit.queued), 350)
        // A minute and its margin after the first 250 went (at 0 s), the next 250 go (at 61 s), then the last 100.
        yield* TestClock.adjust("1 minute")
        assert.strictEqual(yield* client.run(RateLimit.queued), 100)
        yield* TestClock.adjust("1 minute")
        assert.strictEqual(yield* client.run(RateLimit.queued), 0)
        yield* Fiber.join(fiber)
        assert.strictEqual(client.tooMany(), 0)
      }),
    TIMEOUT
  )

  it.effect("an interrupted held request leaves the queue; the others go on", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.make()
      const client = yield* program(fake)
      const many = yield* Effect.fork(client.run(burst(260)))
      yield* TestClock.adjust("1 second")
      const few = yield* Effect.fork(client.run(burst(5)))
      yield* TestClock.adjust("1 second")
      assert.strictEqual(yield* client.run(RateLimit.queued), 15)
      yield* Fiber.interrupt(many)
      assert.strictEqual(yield* client.run(RateLimit.queued), 5)
      yield* TestClock.adjust("1 minute")
      assert.lengthOf(yield* Fiber.join(few), 5)
      assert.strictEqual(client.tooMany(), 0)
    }), TIMEOUT)
})
