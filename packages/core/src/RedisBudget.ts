/**
 * One rate budget for a fleet: every process that uses one token takes its requests from one per-minute allowance
 * kept in Redis, so that together they stay under DigitalOcean's limit instead of each spending all of it.
 *
 * Built on `@effect/experimental`'s `RateLimiter` and on ioredis: the optional peers `@effect/experimental` and
 * `ioredis`, which must be installed to use this module. It is therefore imported on its own, as
 * `@doapi/core/RedisBudget`, and is not re-exported by `@doapi/core`, so that a program which does not share a
 * budget never loads them.
 *
 * When Redis cannot answer (stopped, unreachable, slower than `timeout`), `take` fails with `SharedBudgetError` and
 * the client paces the request with its own limiter instead: the call still succeeds. Sharing resumes as soon as
 * Redis answers again (the connection is re-established in the background).
 *
 * @since 0.3.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { Redis, type RedisOptions } from "ioredis"
import * as DoConfig from "./DoConfig.js"
import { type SharedBudget, SharedBudgetError } from "./RateLimit.js"

/**
 * @since 0.3.0
 * @category models
 */
export interface Options {
  /**
   * Where Redis is: `redis://[[user]:password@]host[:port][/db]`, or `rediss://…` for TLS. Default
   * `redis://127.0.0.1:6379`.
   */
  readonly url?: string | undefined
  /** ioredis options (TLS, sentinels, …), over what `url` says. */
  readonly redis?: RedisOptions | undefined
  /**
   * An ioredis client of the caller's, used instead of a connection of the budget's own (`url` and `redis` are then
   * ignored); it is left open. Best made with `enableOfflineQueue: false`, so that a take does not wait for Redis.
   */
  readonly client?: Redis | undefined
  /** The prefix of the keys kept in Redis (two per token). Default `doapi:budget:`. */
  readonly prefix?: string | undefined
  /**
   * How long one Redis call may take; past it the request is paced locally (`SharedBudgetError`). Default 250 ms.
   */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The token bucket that keeps a sliding window of `window` under `limit` requests.
 *
 * @since 0.3.0
 * @category models
 */
export interface Bucket {
  /** Requests that may be sent at once, after a quiet spell (the bucket's size). */
  readonly capacity: number
  /** Requests the bucket lets through per `window` when it is kept busy: the steady throughput. */
  readonly perWindow: number
  /** One request is added back every `refill`. */
  readonly refill: Duration.Duration
}

/**
 * The bucket used for an allowance of `limit` requests per sliding `window` (DigitalOcean's minute slides: the
 * count is of the requests sent in the last 60 seconds).
 *
 * A bucket of `capacity` requests refilled `perWindow` times per window lets through at most
 * `capacity + perWindow` requests in any window, so `capacity + perWindow` must stay under `limit`; the steady
 * throughput is `perWindow`, so the capacity must be small. The capacity is 4% of the limit (at least 1), and a
 * margin of 2% (at least 2) covers what the arithmetic does not: a request is sent up to one refill after its token
 * is due, and requests reach the server in a slightly different order and spacing than their tokens. For
 * DigitalOcean's 250 a minute: a burst of 10, then 235 a minute (94% of the budget), one every 255 ms.
 *
 * @since 0.3.0
 * @category constructors
 */
export const bucket = (limit: number, window: Duration.DurationInput): Bucket => {
  const total = Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 1
  const capacity = Math.max(1, Math.floor(total * 0.04))
  const margin = Math.max(2, Math.ceil(total * 0.02))
  const perWindow = Math.max(1, total - capacity - margin)
  return { capacity, perWindow, refill: Duration.unsafeDivide(Duration.decode(window), perWindow) }
}

/**
 * A shared budget from any `RateLimiter` (the Redis one in `make`; `RateLimiter.layerStoreMemory` in tests).
 *
 * Each process keeps at most one request per key (per token) waiting in the shared bucket: its other requests queue
 * locally behind it and take their turn when it is due. So a process with a thousand requests queued does not book
 * the next four minutes of everybody's budget, processes share it turn by turn, and a process that dies while it
 * waits leaves at most one request of budget unused.
 *
 * @since 0.3.0
 * @category constructors
 */
export const fromRateLimiter = (
  limiter: RateLimiter.RateLimiter,
  options?: { readonly timeout?: Duration.DurationInput | undefined } | undefined
): Effect.Effect<SharedBudget> =>
  Effect.sync(() => {
    const timeout = Duration.decode(options?.timeout ?? "250 millis")
    // Per key (per token): the turn to wait in the shared bucket, and when this process's request waiting in it is
    // due (clock milliseconds).
    const queues = new Map<string, { readonly turn: Effect.Semaphore; due: number }>()
    const queue = (key: string) => {
      let found = queues.get(key)
      if (found === undefined) {
        found = { turn: Effect.unsafeMakeSemaphore(1), due: 0 }
        queues.set(key, found)
      }
      return found
    }
    return {
      take: ({ key, limit, window }) => {
        const mine = queue(key)
        return mine.turn.withPermits(1)(Effect.gen(function*() {
          const before = yield* Clock.currentTimeMillis
          if (mine.due > before) yield* Effect.sleep(Duration.millis(mine.due - before))
          const { capacity, refill } = bucket(limit, window)
          const result = yield* limiter.consume({
            algorithm: "token-bucket",
            onExceeded: "delay",
            key,
            limit: capacity,
            // consume's bucket holds `limit` and refills one every `window / limit`.
            window: Duration.times(refill, capacity)
          }).pipe(
            Effect.timeoutFail({
              duration: timeout,
              onTimeout: () =>
                new SharedBudgetError({
                  message: `the shared budget's store did not answer within ${Duration.format(timeout)}`
                })
            }),
            Effect.catchTag("RateLimiterError", (error) =>
              Effect.fail(
                new SharedBudgetError({
                  message: `the shared budget's store failed: ${
                    error.reason === "StoreError" && error.cause instanceof Error ? error.cause.message : error.message
                  }`,
                  cause: error
                })
              ))
          )
          mine.due = (yield* Clock.currentTimeMillis) + Duration.toMillis(result.delay)
          return result.delay
        }))
      }
    }
  })

/** ioredis options from a `redis://` or `rediss://` URL. */
const fromUrl = (url: string): Either.Either<RedisOptions, string> => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return Either.left(`not a URL: ${JSON.stringify(url)}`)
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    return Either.left(`a Redis URL starts with redis:// or rediss://, got ${JSON.stringify(url)}`)
  }
  const db = parsed.pathname.replace(/^\//, "")
  if (db !== "" && !/^\d+$/.test(db)) return Either.left(`the database in a Redis URL is a number, got ${db}`)
  return Either.right({
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "127.0.0.1",
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    ...(parsed.username === "" ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === "" ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(db === "" ? {} : { db: Number(db) }),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {})
  })
}

/**
 * The token bucket of `@effect/experimental`'s Redis store (same arguments, same answer: the tokens left after the
 * take, below zero when it waits), with two changes: the time is Redis's own (`TIME`), so that the clocks of the
 * machines of a fleet need not agree, and both keys expire once the bucket would be full again (a missing bucket is
 * a full one), so that nothing is left behind.
 */
const TOKEN_BUCKET = `
local key = KEYS[1]
local refill_key = key .. ":refill"
local tokens = tonumber(ARGV[1])
local refill_ms = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local overflow = ARGV[4] == "1"
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call("TIME")
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local current = tonumber(redis.call("GET", key))
local last_refill = tonumber(redis.call("GET", refill_key))
if not current or not last_refill then
  current = limit
  last_refill = now
end
local refill_amount = math.floor((now - last_refill) / refill_ms)
if refill_amount > 0 then
  current = math.min(current + refill_amount, limit)
  last_refill = last_refill + refill_amount * refill_ms
end
local next = current - tokens
local kept = next
if next < 0 and not overflow then
  kept = current
end
local ttl = math.ceil((limit - kept + 1) * refill_ms)
redis.call("SET", key, kept, "PX", ttl)
redis.call("SET", refill_key, last_refill, "PX", ttl)
return next
`

/** The RateLimiter's store on one ioredis connection: its token bucket (the only algorithm a budget uses). */
const store = (redis: Redis, prefix: string): RateLimiter.RateLimiterStore["Type"] =>
  RateLimiter.RateLimiterStore.of({
    fixedWindow: () =>
      Effect.fail(new RateLimiter.RateLimitStoreError({ message: "RedisBudget keeps token buckets only" })),
    tokenBucket: (options) =>
      Effect.tryPromise({
        try: () =>
          redis.eval(
            TOKEN_BUCKET,
            1,
            `${prefix}${options.key}`,
            options.tokens,
            Duration.toMillis(options.refillRate),
            options.limit,
            options.allowOverflow ? 1 : 0
          ) as Promise<number>,
        catch: (cause) => new RateLimiter.RateLimitStoreError({ message: "Redis did not answer", cause })
      })
  })

/**
 * A shared budget kept in Redis, for the life of the scope: on a connection of its own (made from `url` and `redis`,
 * closed with the scope), or on `client`, an ioredis client of the caller's (left open).
 *
 * No Redis command is queued while the connection is down and none is retried: each `take` answers at once or fails
 * (then the request is paced locally), while ioredis reconnects in the background. `make` waits up to a second for
 * the first connection, so that the first requests are shared too; Redis being down then is not an error.
 *
 * Built on `@effect/experimental`'s `RateLimiter` (its token bucket, in `onExceeded: "delay"` mode) with a Redis
 * store of its own rather than `@effect/experimental/RateLimiter/Redis`, whose connection cannot be given or
 * configured for this: with `enableOfflineQueue: false` its `quit` fails while Redis is down and leaves the client
 * reconnecting forever (the process cannot exit), with the queue on a take waits for Redis, and its failed
 * reconnections are printed on stderr.
 *
 * A bad `url` is an `IllegalArgumentException`.
 *
 * @example
 * ```ts
 * import { DoConfig } from "@doapi/core"
 * import * as RedisBudget from "@doapi/core/RedisBudget"
 * import { Duration, Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const shared = yield* RedisBudget.make({ url: "redis://127.0.0.1:6379" })
 *   // How long to wait before sending one request, so that every process together stays under 250 a minute
 *   const delay = yield* shared.take({ key: "my-token", limit: 250, window: Duration.minutes(1) })
 *   // What RedisBudget.layer does: a DoConfig whose requests take from it
 *   return yield* DoConfig.make({ token: "dop_v1_your_token", budget: { shared } })
 * })
 * ```
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (
  options?: Options | undefined
): Effect.Effect<SharedBudget, Cause.IllegalArgumentException, Scope.Scope> =>
  Effect.gen(function*() {
    const timeout = Duration.decode(options?.timeout ?? "250 millis")
    const redis = options?.client ?? (yield* Effect.acquireRelease(
      Effect.map(
        Either.match(fromUrl(options?.url ?? "redis://127.0.0.1:6379"), {
          onLeft: (message) => Effect.fail(new Cause.IllegalArgumentException(`RedisBudget: ${message}`)),
          onRight: Effect.succeed
        }),
        (fromUrlOptions) => {
          const redis = new Redis({
            ...fromUrlOptions,
            connectTimeout: 2_000,
            ...options?.redis,
            // Never queue or re-send a command: a take answers now, or the request is paced locally.
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            commandTimeout: Math.max(1, Duration.toMillis(timeout))
          })
          // Connection errors are answered by take's SharedBudgetError (and ioredis reconnects): not printed.
          redis.on("error", () => {})
          return redis
        }
      ),
      (redis) => Effect.sync(() => redis.disconnect())
    ))
    if (redis.status !== "ready") {
      // The first connection, for at most a second (the client goes on trying after it).
      yield* Effect.async<void>((resume) => {
        const ready = () => resume(Effect.void)
        redis.once("ready", ready)
        return Effect.sync(() => redis.off("ready", ready))
      }).pipe(Effect.timeout("1 second"), Effect.ignore)
    }
    const limiter = yield* RateLimiter.make.pipe(
      Effect.provideService(RateLimiter.RateLimiterStore, store(redis, options?.prefix ?? "doapi:budget:"))
    )
    return yield* fromRateLimiter(limiter, { timeout })
  })

/**
 * The options of `layer` and `layerConfig`: `DoConfig`'s (`budget`'s allowances and reserve still pace each process
 * locally; `budget: false` has no place here, the shared budget paces through the same limiter), and Redis's.
 *
 * @since 0.3.0
 * @category models
 */
export interface LayerOptions extends Omit<DoConfig.Options, "token" | "budget"> {
  readonly budget?: Omit<Exclude<DoConfig.Options["budget"], false>, "shared"> | undefined
  readonly redis?: Options | undefined
}

/**
 * A `DoConfig` whose requests take from a budget shared through Redis (`budget.shared`), and the Redis connection
 * for the life of the layer: the one layer a process of the fleet needs, with an `HttpClient`.
 *
 * @example
 * ```ts
 * import { Account } from "@doapi/core"
 * import * as RedisBudget from "@doapi/core/RedisBudget"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer, Redacted } from "effect"
 *
 * // Every process of the fleet, on one token: 250 requests a minute between them all
 * const DigitalOcean = Layer.merge(
 *   FetchHttpClient.layer,
 *   RedisBudget.layer({ token: Redacted.make("dop_v1_your_token"), redis: { url: "redis://10.0.0.5:6379" } })
 * )
 *
 * const account = Account.fetch.pipe(Effect.provide(DigitalOcean))
 * ```
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (
  options: LayerOptions & { readonly token: DoConfig.Options["token"] }
): Layer.Layer<DoConfig.DoConfig, Cause.IllegalArgumentException> => {
  const { redis, ...config } = options
  return Layer.unwrapScoped(Effect.map(make(redis), (shared) => DoConfig.layer(withShared(config, shared))))
}

/**
 * `layer` from Effect Config: Redis's URL from `REDIS_URL` (required), the token and the endpoint as
 * `DoConfig.layerConfig` reads them, every other option from `options`.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerConfig = (
  options?: Omit<LayerOptions, "redis"> & { readonly redis?: Omit<Options, "url" | "client"> | undefined } | undefined
): Layer.Layer<DoConfig.DoConfig, ConfigError.ConfigError> => {
  const { redis, ...config } = options ?? {}
  return Layer.unwrapScoped(Effect.gen(function*() {
    const url = yield* Config.nonEmptyString("REDIS_URL").pipe(
      Config.validate({
        message: "REDIS_URL must be a redis:// or rediss:// URL",
        validation: (url) => Either.isRight(fromUrl(url))
      })
    )
    const shared = yield* Effect.orDie(make({ ...redis, url }))
    return DoConfig.layerConfig(withShared(config, shared))
  }))
}

/** The DoConfig options with the shared budget in `budget.shared` (the local allowances are the caller's). */
const withShared = <A extends Omit<LayerOptions, "redis">>(options: A, shared: SharedBudget): A => ({
  ...options,
  budget: { ...options.budget, shared }
})
