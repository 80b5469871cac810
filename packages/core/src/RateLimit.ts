/**
 * DigitalOcean's rate limits: every response carries `ratelimit-limit`, `ratelimit-remaining` and
 * `ratelimit-reset`; the latest snapshot is kept and is on every error.
 *
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as MutableRef from "effect/MutableRef"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import { DoConfig } from "./DoConfig.js"

/**
 * A snapshot of the rate-limit headers of one response.
 *
 * @since 0.1.0
 * @category models
 */
export class RateLimit extends Schema.Class<RateLimit>("@doapi/core/RateLimit")({
  /** Requests allowed per hour (`ratelimit-limit`). */
  limit: Schema.Int,
  /** Requests left in the current window (`ratelimit-remaining`). */
  remaining: Schema.Int,
  /** Unix time, in seconds, at which the oldest request of the window expires (`ratelimit-reset`). */
  reset: Schema.Int
}) {
  /** `reset` as a date. */
  get resetAt(): DateTime.Utc {
    return DateTime.unsafeMake(this.reset * 1000)
  }
}

const header = (headers: Headers.Headers, name: string): number | undefined => {
  const value = headers[name]
  if (value === undefined) return undefined
  const n = Number(value)
  return Number.isInteger(n) ? n : undefined
}

/**
 * Reads the rate-limit headers; `None` when any of the three is absent or not an integer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromHeaders = (headers: Headers.Headers): Option.Option<RateLimit> => {
  const limit = header(headers, "ratelimit-limit")
  const remaining = header(headers, "ratelimit-remaining")
  const reset = header(headers, "ratelimit-reset")
  return limit === undefined || remaining === undefined || reset === undefined
    ? Option.none()
    : Option.some(new RateLimit({ limit, remaining, reset }, { disableValidation: true }))
}

/**
 * The snapshot of the latest response received with this `DoConfig` (doapi's `last_rate_limit`); `None` before the
 * first response.
 *
 * @since 0.1.0
 * @category accessors
 */
export const latest: Effect.Effect<Option.Option<RateLimit>, never, DoConfig> = Effect.flatMap(
  DoConfig,
  (config) => Ref.get(config.rateLimit)
)

/**
 * How many requests made with this `DoConfig` are held back now, waiting for the budget (the per-minute or per-hour
 * allowance, a 429's `retry-after`, or a shared budget's delay); 0 when pacing is off.
 *
 * @example
 * ```ts
 * import { RateLimit } from "@doapi/core"
 * import { Effect } from "effect"
 *
 * // Report the queue while a large batch runs
 * const report = RateLimit.queued.pipe(
 *   Effect.flatMap((n) => Effect.log(`${n} requests waiting for the rate budget`))
 * )
 * ```
 *
 * @since 0.3.0
 * @category accessors
 */
export const queued: Effect.Effect<number, never, DoConfig> = Effect.map(
  DoConfig,
  (config) => config.budget === undefined ? 0 : MutableRef.get(config.budget.queued)
)

/**
 * The store behind a shared budget (`RedisBudget` makes one) could not answer: the client paces locally instead.
 *
 * @since 0.3.0
 * @category errors
 */
export class SharedBudgetError extends Schema.TaggedError<SharedBudgetError>("@doapi/core/SharedBudgetError")(
  "SharedBudgetError",
  { message: Schema.String, cause: Schema.optional(Schema.Defect) }
) {}

/**
 * A per-minute allowance shared by every process that uses one token (see `RedisBudget`). `take` counts one request
 * against the allowance of `key` (`limit` requests per `window`) and succeeds with how long the caller must wait
 * before sending it (zero: at once). When it fails, the request is paced by this process's own limiter alone.
 *
 * @since 0.3.0
 * @category models
 */
export interface SharedBudget {
  readonly take: (options: {
    readonly key: string
    readonly limit: number
    readonly window: Duration.Duration
  }) => Effect.Effect<Duration.Duration, SharedBudgetError>
}
