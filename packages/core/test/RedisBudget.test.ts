/**
 * RedisBudget: the bucket keeps every sliding minute under the limit while passing at least 90% of it (simulated
 * under TestClock with the RateLimiter's memory store, several processes on one key), and against a real
 * redis-server: processes (connections) share one allowance, one request waits in Redis per process, and Redis
 * going away fails `take` with SharedBudgetError at once (the client then paces locally) until it is back.
 */
import { DoConfig } from "@doapi/core"
import * as RedisBudget from "@doapi/core/RedisBudget"
import * as RateLimiter from "@effect/experimental/RateLimiter"
import { assert, describe, it } from "@effect/vitest"
import { Clock, ConfigProvider, Duration, Effect, Either, Layer, Schedule, TestClock } from "effect"
import * as RedisServer from "./utils/RedisServer.js"

const MINUTE = 60_000

/** The most requests in any sliding minute `(t - 60 s, t]`, as DigitalOcean (and the fake) count them. */
const busiestMinute = (times: ReadonlyArray<number>): number => {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  let first = 0
  for (let last = 0; last < sorted.length; last++) {
    while (sorted[first] <= sorted[last] - MINUTE) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

/** A clock whose time is set by the test; a sleep of zero returns, any other never ends (nothing waits on it). */
const virtualClock = (time: { now: number }): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => time.now,
  currentTimeMillis: Effect.sync(() => time.now),
  unsafeCurrentTimeNanos: () => BigInt(Math.round(time.now * 1e6)),
  currentTimeNanos: Effect.sync(() => BigInt(Math.round(time.now * 1e6))),
  sleep: (duration) => (Duration.toMillis(duration) <= 0 ? Effect.void : Effect.never)
})

describe("RedisBudget.bucket", () => {
  it("gives DigitalOcean's 250 a minute a burst of 10, then 235 a minute", () => {
    const bucket = RedisBudget.bucket(250, "1 minute")
    assert.strictEqual(bucket.capacity, 10)
    assert.strictEqual(bucket.perWindow, 235)
    assert.closeTo(Duration.toMillis(bucket.refill), 60_000 / 235, 0.001)
  })

  it("keeps capacity + perWindow under the limit, and at least 90% of it for budgets of 30 and more", () => {
    for (const limit of [Number.NaN, -1, 0, 1, 2, 3, 5, 10, 20, 30, 60, 100, 250, 1000, 5000]) {
      const { capacity, perWindow } = RedisBudget.bucket(limit, "1 minute")
      assert.isAtLeast(capacity, 1)
      assert.isAtLeast(perWindow, 1)
      if (limit >= 4) assert.isBelow(capacity + perWindow, limit, `limit ${limit}`)
      if (limit >= 30) assert.isAtLeast(perWindow / limit, 0.9, `limit ${limit}`)
    }
  })

  it.effect("four processes sending as fast as the budget lets them: no minute over 250, 94% of the budget", () =>
    Effect.gen(function*() {
      // A discrete-event run of ten minutes: each process sends its next request as soon as the previous one went
      // (one request of a process waits in the shared bucket at a time); time jumps from one sending to the next.
      const limiter = yield* RateLimiter.make
      const time = { now: 0 }
      const clock = virtualClock(time)
      const processes = yield* Effect.forEach(
        [1, 2, 3, 4],
        () => Effect.map(RedisBudget.fromRateLimiter(limiter), (budget) => ({ budget, next: 0 }))
      )
      const sent: Array<number> = []
      while (true) {
        const process = processes.reduce((a, b) => (b.next < a.next ? b : a))
        if (process.next >= 10 * MINUTE) break
        time.now = process.next
        const delay = yield* process.budget.take({ key: "token", limit: 250, window: Duration.minutes(1) }).pipe(
          Effect.withClock(clock)
        )
        process.next = time.now + Duration.toMillis(delay)
        if (process.next < 10 * MINUTE) sent.push(process.next)
      }
      assert.isAtMost(busiestMinute(sent), 250)
      const perMinute = sent.length / 10
      assert.isAtLeast(perMinute, 0.9 * 250)
      assert.isAtMost(perMinute, 250)
    }).pipe(Effect.provide(RateLimiter.layerStoreMemory)))

  it.effect("holds one request per process in the shared bucket: a queue of 1,000 books no one else's minutes", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make
      const busy = yield* RedisBudget.fromRateLimiter(limiter)
      const other = yield* RedisBudget.fromRateLimiter(limiter)
      const take = { key: "token", limit: 250, window: Duration.minutes(1) } as const
      // The busy process queues 1,000 requests at once; each sleeps its delay after its take, as the client does.
      yield* Effect.forkDaemon(
        Effect.forEach(
          Array.from({ length: 1000 }, (_, i) => i),
          () => Effect.flatMap(busy.take(take), Effect.sleep),
          { concurrency: "unbounded", discard: true }
        )
      )
      yield* TestClock.adjust("1 second")
      // The other process's next request waits at most a few refills (its turn), not the busy process's queue.
      const delay = yield* other.take(take)
      assert.isAtMost(Duration.toMillis(delay), 3 * (60_000 / 235))
    }).pipe(Effect.provide(RateLimiter.layerStoreMemory)))
})

describe("RedisBudget against redis-server", () => {
  it.scopedLive("processes on one key share one allowance", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const a = yield* RedisBudget.make({ url: redis.url })
      const b = yield* RedisBudget.make({ url: redis.url })
      const take = { key: "token-1", limit: 30, window: Duration.minutes(1) } as const
      // 30 a minute: a burst of 1, then one every 60 s / 27 = 2.2 s. a takes the burst; b, another connection (another
      // process), waits for the next refill.
      assert.isTrue(Duration.isZero(yield* a.take(take)))
      const waited = yield* b.take(take)
      assert.isAbove(Duration.toMillis(waited), 0)
      assert.isAtMost(Duration.toMillis(waited), 60_000 / 27)
      // Another key (another token) has its own allowance.
      assert.isTrue(Duration.isZero(yield* b.take({ ...take, key: "token-2" })))
    }))

  it.scopedLive("fails take with SharedBudgetError while Redis is away, and shares again when it is back", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const budget = yield* RedisBudget.make({ url: redis.url })
      const take = budget.take({ key: "token", limit: 250, window: Duration.minutes(1) })
      assert.isTrue(Either.isRight(yield* Effect.either(take)))

      yield* redis.stop
      const away = yield* Effect.either(take)
      assert.isTrue(Either.isLeft(away))
      if (Either.isLeft(away)) {
        assert.strictEqual(away.left._tag, "SharedBudgetError")
        assert.match(away.left.message, /shared budget's store/)
      }

      yield* redis.start
      // ioredis reconnects in the background (its back-off is at most 2 s): take answers again.
      const back = yield* take.pipe(Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("10 seconds"))))
      assert.isTrue(Duration.isZero(back))
    }))

  it.scopedLive("starts with Redis down (take fails, the client paces locally) and closes without it", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      yield* redis.stop
      const budget = yield* RedisBudget.make({ url: redis.url })
      const result = yield* Effect.either(budget.take({ key: "token", limit: 250, window: Duration.minutes(1) }))
      assert.isTrue(Either.isLeft(result) && result.left._tag === "SharedBudgetError")
    }))

  it.effect("a bad URL is an IllegalArgumentException, and a bad REDIS_URL a ConfigError", () =>
    Effect.gen(function*() {
      const bad = yield* Effect.either(Effect.scoped(RedisBudget.make({ url: "http://127.0.0.1:6379" })))
      assert.isTrue(Either.isLeft(bad) && bad.left._tag === "IllegalArgumentException")
      if (Either.isLeft(bad)) assert.match(bad.left.message, /redis:\/\/ or rediss:\/\//)

      const config = (env: Record<string, string>) =>
        DoConfig.DoConfig.pipe(
          Effect.provide(RedisBudget.layerConfig()),
          Effect.withConfigProvider(ConfigProvider.fromJson(env)),
          Effect.either
        )
      const missing = yield* config({ DIGITALOCEAN_TOKEN: "dop_v1_x" })
      assert.isTrue(Either.isLeft(missing) && missing.left._tag === "ConfigError")
      const wrong = yield* config({ DIGITALOCEAN_TOKEN: "dop_v1_x", REDIS_URL: "127.0.0.1:6379" })
      assert.isTrue(Either.isLeft(wrong) && String(wrong.left).includes("REDIS_URL must be a redis://"))
    }))

  it.scopedLive("layer and layerConfig give a DoConfig with the shared budget", () =>
    Effect.gen(function*() {
      const redis = yield* RedisServer.make
      const fromLayer = yield* Layer.build(
        RedisBudget.layer({ token: "dop_v1_x", budget: { perMinute: 100 }, redis: { url: redis.url } })
      )
      const fromConfig = yield* Layer.build(RedisBudget.layerConfig({ budget: { perMinute: 100 } })).pipe(
        Effect.withConfigProvider(ConfigProvider.fromJson({ DIGITALOCEAN_TOKEN: "dop_v1_x", REDIS_URL: redis.url }))
      )
      for (const context of [fromLayer, fromConfig]) {
        const budget = (context.unsafeMap.get(DoConfig.DoConfig.key) as DoConfig.Service).budget
        assert.strictEqual(budget?.perMinute, 100)
        // The shared budget is there, and answers from this Redis.
        const shared = budget?.shared
        assert.isDefined(shared)
        if (shared !== undefined) {
          assert.isTrue(Duration.isZero(yield* shared.take({ key: "k", limit: 100, window: Duration.minutes(1) })))
        }
      }
    }))
})
