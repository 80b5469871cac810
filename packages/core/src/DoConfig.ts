/**
 * The configuration every API call reads: the token, the endpoint, timeouts, waiting defaults, paging, retries and
 * the rate budget requests are paced by.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as MutableRef from "effect/MutableRef"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type { RateLimit, SharedBudget } from "./RateLimit.js"

// The package's version, for the User-Agent: written by scripts/version.ts (run by `pnpm changeset-version`).
const VERSION = "0.1.0"

/**
 * A wait limit as doapi reads it, for `waitTime` and every wait's `timeout`: a negative number or an infinite
 * duration means "forever" (`None`).
 *
 * @since 0.2.0
 * @category configuration
 */
export const decodeWaitTime = (input: Duration.DurationInput): Option.Option<Duration.Duration> => {
  if (typeof input === "number" && input < 0) return Option.none()
  const duration = Duration.decode(input)
  return Duration.isFinite(duration) ? Option.some(duration) : Option.none()
}

/**
 * How failed requests are retried. A 429 is retried after its `retry-after` (any method); GET, PUT and DELETE are
 * retried on 5xx and transport failures with exponential backoff and jitter; a POST is never re-sent once it may have
 * reached the server.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  /** How many times one request is retried at most (0 turns retries off). */
  readonly times: number
  /** The first backoff delay; each retry doubles it (with jitter). */
  readonly base: Duration.Duration
  /**
   * No backoff delay is longer than this. A 429's `retry-after` is honoured as it is when it is within the cap; a
   * longer one fails the call at once (the `DOAPIError` carries `retry_after`).
   */
  readonly cap: Duration.Duration
}

/**
 * The budget a `DoConfig` paces its requests by (see `Options.budget`): one limiter per `DoConfig`, shared by every
 * fiber that uses it.
 *
 * @since 0.3.0
 * @category models
 */
export interface Budget {
  /** The token's allowance per minute (DigitalOcean's: 250), counted by the client over a sliding minute. */
  readonly perMinute: number
  /** The token's allowance per hour (DigitalOcean's: 5,000); the responses' headers say how much of it is left. */
  readonly perHour: number
  /** The share of both allowances kept free for other programs on the same token, from 0 to 1 (excluded). */
  readonly reserve: number
  /** The per-minute allowance shared with other processes, when there is one (see `RateLimit.SharedBudget`). */
  readonly shared: SharedBudget | undefined
  /** How many requests are held back now, waiting for the budget (read it with `RateLimit.queued`). */
  readonly queued: MutableRef.MutableRef<number>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly token: Redacted.Redacted<string>
  /** The API's origin, e.g. `https://api.digitalocean.com` (paths are appended to it). */
  readonly endpoint: string
  /** How long one HTTP request (connect, response and body) may take before it is a transport failure. */
  readonly timeout: Duration.Duration
  /** The default time between polls when waiting. */
  readonly waitInterval: Duration.Duration
  /** The default limit on a whole wait; `None` waits forever. */
  readonly waitTime: Option.Option<Duration.Duration>
  /** `per_page` for listings, from 1 to 200 (the API's maximum; values outside are clamped). */
  readonly perPage: number
  readonly retry: RetryPolicy
  /** How many pages of a listing are fetched at once. */
  readonly pageConcurrency: number
  readonly userAgent: string
  /** The rate-limit snapshot of the latest response (see `RateLimit.latest`). */
  readonly rateLimit: Ref.Ref<Option.Option<RateLimit>>
  /** The budget requests are paced by; `undefined` when pacing is off (`budget: false`). */
  readonly budget?: Budget | undefined
}

/**
 * @since 0.1.0
 * @category tags
 */
export class DoConfig extends Context.Tag("@doapi/core/DoConfig")<DoConfig, Service>() {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly token: Redacted.Redacted<string> | string
  readonly endpoint?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly waitInterval?: Duration.DurationInput | undefined
  /** Absent (or negative) waits forever. */
  readonly waitTime?: Duration.DurationInput | undefined
  readonly perPage?: number | undefined
  readonly retry?:
    | {
      readonly times?: number | undefined
      readonly base?: Duration.DurationInput | undefined
      readonly cap?: Duration.DurationInput | undefined
    }
    | false
    | undefined
  readonly pageConcurrency?: number | undefined
  readonly userAgent?: string | undefined
  /**
   * Pacing (on by default, with DigitalOcean's limits): requests are held back before they would pass the token's
   * per-minute allowance (counted by the client) or its per-hour one (learned from every response's headers, so
   * what other programs spend counts too); a 429 that comes anyway is still retried after its `retry-after`.
   * `reserve` keeps a share of both free for other programs; `shared` counts every request against a per-minute
   * allowance shared by several processes (see `RedisBudget`); `false` turns pacing off.
   *
   * @since 0.3.0
   */
  readonly budget?:
    | {
      readonly perMinute?: number | undefined
      readonly perHour?: number | undefined
      readonly reserve?: number | undefined
      readonly shared?: SharedBudget | undefined
    }
    | false
    | undefined
}

/**
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_ENDPOINT = "https://api.digitalocean.com"

/**
 * The User-Agent sent when none is configured: `doapi/<version>`.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_USER_AGENT = `doapi/${VERSION} (@doapi/core; effect)`

/**
 * DigitalOcean's allowance per token: 250 requests a minute.
 *
 * @since 0.3.0
 * @category constants
 */
export const DEFAULT_PER_MINUTE = 250

/**
 * DigitalOcean's allowance per token: 5,000 requests an hour.
 *
 * @since 0.3.0
 * @category constants
 */
export const DEFAULT_PER_HOUR = 5000

/** A count from an option: a positive integer, else the default (bad input from outside TypeScript included). */
const allowance = (value: number | undefined, fallback: number): number =>
  typeof value === "number" && value >= 1 ? Math.floor(Math.min(value, Number.MAX_SAFE_INTEGER)) : fallback

const budgetOf = (options: Options["budget"]): Budget | undefined => {
  if (options === false) return undefined
  const reserve = typeof options?.reserve === "number" && options.reserve > 0 ? Math.min(options.reserve, 0.99) : 0
  return {
    perMinute: allowance(options?.perMinute, DEFAULT_PER_MINUTE),
    perHour: allowance(options?.perHour, DEFAULT_PER_HOUR),
    reserve,
    shared: options?.shared,
    queued: MutableRef.make(0)
  }
}

/**
 * Builds the service from plain values.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service> =>
  Effect.map(Ref.make(Option.none<RateLimit>()), (rateLimit) => {
    const retry = options.retry === false ? { times: 0 } : options.retry ?? {}
    return DoConfig.of({
      token: Redacted.isRedacted(options.token) ? options.token : Redacted.make(options.token),
      endpoint: (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, ""),
      timeout: Duration.decode(options.timeout ?? "30 seconds"),
      waitInterval: Duration.decode(options.waitInterval ?? "2 seconds"),
      waitTime: options.waitTime === undefined ? Option.none() : decodeWaitTime(options.waitTime),
      perPage: Math.min(200, Math.max(1, Math.floor(options.perPage ?? 200))),
      retry: {
        times: retry.times ?? 4,
        base: Duration.decode(retry.base ?? "500 millis"),
        cap: Duration.decode(retry.cap ?? "1 minute")
      },
      pageConcurrency: Math.max(1, options.pageConcurrency ?? 12),
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      rateLimit,
      budget: budgetOf(options.budget)
    })
  })

/**
 * A layer from plain values.
 *
 * @example
 * ```ts
 * import { DoConfig, Region } from "@doapi/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer, Redacted } from "effect"
 *
 * // Every call needs an HttpClient and a DoConfig: build both once, provide them at the edge
 * const DigitalOcean = Layer.merge(
 *   FetchHttpClient.layer,
 *   DoConfig.layer({
 *     token: Redacted.make("dop_v1_your_token"),
 *     timeout: "10 seconds",
 *     waitTime: "10 minutes",
 *     retry: { times: 2, base: "1 second" }
 *   })
 * )
 *
 * const regions = Region.fetchAll.pipe(Effect.provide(DigitalOcean))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<DoConfig> => Layer.effect(DoConfig, make(options))

/**
 * The token, from `DIGITALOCEAN_TOKEN`, else `DO_API_TOKEN` (doapi's variable). Empty values count as missing.
 *
 * @since 0.1.0
 * @category config
 */
export const tokenConfig: Config.Config<Redacted.Redacted<string>> = Config.nonEmptyString("DIGITALOCEAN_TOKEN").pipe(
  Config.orElse(() => Config.nonEmptyString("DO_API_TOKEN")),
  Config.orElse(() =>
    Config.fail("no DigitalOcean API token: set DIGITALOCEAN_TOKEN (or DO_API_TOKEN, doapi's variable)")
  ),
  Config.map(Redacted.make)
)

/**
 * A layer from Effect Config: the token from `DIGITALOCEAN_TOKEN` or `DO_API_TOKEN`, the endpoint from
 * `DIGITALOCEAN_ENDPOINT`; every other option from `options`. A missing token is a `ConfigError` naming both
 * variables.
 *
 * @example
 * ```ts
 * import { Account, DoConfig } from "@doapi/core"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer } from "effect"
 *
 * // The token from DIGITALOCEAN_TOKEN (or DO_API_TOKEN), the endpoint from DIGITALOCEAN_ENDPOINT, the rest from here
 * const DigitalOcean = Layer.merge(
 *   FetchHttpClient.layer,
 *   DoConfig.layerConfig({ waitTime: "10 minutes", perPage: 100 })
 * )
 *
 * // Fails with a ConfigError naming both variables when no token is set
 * const account = Account.fetch.pipe(Effect.provide(DigitalOcean))
 * ```
 *
 * @example
 * ```ts
 * import { DoConfig } from "@doapi/core"
 * import { ConfigProvider, Effect } from "effect"
 *
 * // Any ConfigProvider works, e.g. a fixed one in a test
 * const config = DoConfig.DoConfig.pipe(
 *   Effect.provide(DoConfig.layerConfig({ perPage: 50 })),
 *   Effect.withConfigProvider(ConfigProvider.fromJson({ DIGITALOCEAN_TOKEN: "dop_v1_example" })),
 *   Effect.runSync
 * )
 * console.log(config.endpoint, config.perPage)
 * // https://api.digitalocean.com 50
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options?: Omit<Options, "token"> | undefined
): Layer.Layer<DoConfig, ConfigError.ConfigError> =>
  Layer.effect(
    DoConfig,
    Effect.flatMap(
      Config.all({
        token: tokenConfig,
        endpoint: Config.option(Config.nonEmptyString("DIGITALOCEAN_ENDPOINT"))
      }),
      ({ endpoint, token }) =>
        make({ ...options, token, endpoint: Option.getOrElse(endpoint, () => options?.endpoint ?? DEFAULT_ENDPOINT) })
    )
  )
