/**
 * The one wait: actions, droplets and anything else that is polled until it reaches a state.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { decodeWaitTime, DoConfig } from "../DoConfig.js"
import { WaitTimeoutError } from "../DoError.js"

/**
 * How long to wait: `interval` between polls (default `DoConfig.waitInterval`), `timeout` for the whole wait
 * (default `DoConfig.waitTime`; a negative number or an infinite duration waits forever).
 *
 * @internal
 */
export interface Options {
  readonly interval?: Duration.DurationInput | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/** @internal */
export interface Condition<I, A, E, R> {
  /** Fetches the current state of one object (given as it was passed, or as last fetched). */
  readonly refresh: (item: I | A) => Effect.Effect<A, E, R>
  /**
   * Fetches the current state of every unfinished object of a round at once (say, with one listing), in the order
   * given; when absent, a round calls `refresh` on each object concurrently.
   */
  readonly refreshAll?: ((items: ReadonlyArray<I | A>) => Effect.Effect<ReadonlyArray<A>, E, R>) | undefined
  readonly isDone: (item: A) => boolean
  /** The condition, as doapi's WaitTimeoutError reports it (`done`/true, `status`/"active", ...). */
  readonly attr: string
  readonly value: unknown
}

/**
 * Polls `items` in rounds until each meets the condition, emitting each (in its fresh state) in the round that sees
 * it done. A round polls every unfinished item concurrently; rounds start `interval` apart (start to start), and the
 * last one is at the deadline, after which the wait fails with a `WaitTimeoutError` listing the latest states of all
 * that had not finished. Interrupting the stream stops all polling.
 *
 * @internal
 */
export const until = <I, A, E, R>(
  items: Iterable<I>,
  condition: Condition<I, A, E, R>,
  options?: Options | undefined
): Stream.Stream<A, E | WaitTimeoutError, R | DoConfig> =>
  Stream.unwrap(Effect.gen(function*() {
    const config = yield* DoConfig
    const interval = options?.interval === undefined ? config.waitInterval : Duration.decode(options.interval)
    const waitTime = options?.timeout === undefined ? config.waitTime : decodeWaitTime(options.timeout)
    let pending: ReadonlyArray<I | A> = Array.from(items)
    if (pending.length === 0) return Stream.empty

    const intervalMillis = Duration.toMillis(interval)
    const deadline = Option.isSome(waitTime)
      ? (yield* Clock.currentTimeMillis) + Duration.toMillis(waitTime.value)
      : Infinity
    let roundStart = 0

    const round = Effect.suspend(() =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        roundStart = now
        return condition.refreshAll !== undefined
          ? condition.refreshAll(pending)
          : Effect.forEach(pending, condition.refresh, { concurrency: "unbounded" })
      })
    ).pipe(Effect.map((fresh) => {
      pending = fresh.filter((item) => !condition.isDone(item))
      return fresh.filter(condition.isDone)
    }))

    // Rounds start `interval` apart, start to start (a round that took longer is followed at once); the last round
    // is at the deadline, and none comes after it.
    const schedule = Schedule.forever.pipe(
      Schedule.whileInput((_: ReadonlyArray<A>) => pending.length > 0),
      Schedule.checkEffect(() => Effect.map(Clock.currentTimeMillis, (now) => now < deadline)),
      Schedule.modifyDelayEffect(() =>
        Effect.map(
          Clock.currentTimeMillis,
          (now) => Duration.millis(Math.max(0, Math.min(roundStart + intervalMillis, deadline) - now))
        )
      )
    )

    const timedOut = Stream.suspend(() =>
      pending.length === 0 ? Stream.empty : Stream.fail(
        new WaitTimeoutError({
          in_progress: pending,
          attr: condition.attr,
          value: condition.value,
          wait_interval: interval,
          wait_time: Option.getOrElse(waitTime, () => Duration.infinity)
        })
      )
    )
    return Stream.repeatEffectWithSchedule(round, schedule).pipe(
      Stream.mapConcat((done) => done),
      Stream.concat(timedOut)
    )
  }))

/**
 * The first item a wait stream emits (the single-object form).
 *
 * @internal
 */
export const one = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.map(Stream.runHead(stream), Option.getOrThrow)
