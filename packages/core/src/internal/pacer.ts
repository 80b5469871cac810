/**
 * Pacing: one limiter per `DoConfig` budget, shared by every fiber that uses it, holds a request back when sending it
 * would pass the token's per-minute allowance (a sliding log of the requests this client sent, counted as the server
 * counts them) or its per-hour one (learned from the `ratelimit-*` headers of every response, so what other programs
 * spend on the token counts too), or before a 429's `retry-after` has passed. A shared budget, when there is one, is
 * asked first. Sending when the budget allows costs a few comparisons: no fiber, no timer, no allocation of its own.
 *
 * @internal
 */
import type * as Headers from "@effect/platform/Headers"
import type * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as MutableRef from "effect/MutableRef"
import * as Redacted from "effect/Redacted"
import type * as DoConfig from "../DoConfig.js"
import type * as RateLimit from "../RateLimit.js"

const MINUTE = 60_000
const HOUR = 3_600_000

/**
 * Added to the time a request leaves the sliding minute. The log holds when each response arrived, and the server
 * counted the request before that, so the log alone never lets a request reach the server while the one it replaces
 * is still counted there; the margin covers a server that counts in whole seconds or a little late.
 */
const MINUTE_MARGIN = 1_000

/** Added to the hour's `ratelimit-reset`: the server's clock and ours may differ a little. */
const RESET_MARGIN = 2_000

/** A `ratelimit-reset` this far outside `[now, now + 1 hour]` says the server's clock is not ours (a TestClock). */
const CLOCK_TOLERANCE = 5 * MINUTE

/** What an exchange with the server returned, as far as the budget is concerned. */
export interface Exchanged {
  readonly status: number
  readonly headers: Headers.Headers
  /** The response's rate-limit headers, read once. */
  readonly rateLimit: RateLimit.RateLimit | undefined
}

/**
 * The limiter of one budget. Its state is plain numbers changed synchronously; a request that cannot go at once joins
 * a queue whose first member alone sleeps (until the minute frees a slot, the hour resets, or a response arrives) and
 * then hands the turn on, so N held requests cost N wake-ups.
 */
export class Pacer {
  /** Requests per minute this client sends at most: the allowance less the reserve. */
  private readonly perMinute: number
  /** When each settled request left the server's minute, minus the margin: ascending, live from `head` on. */
  private readonly log: Array<number> = []
  private head = 0
  private inFlight = 0
  /** `unknown` until the first response: one request goes alone and its headers say what is left of the hour. */
  private hour: "unknown" | "absent" | "known" = "unknown"
  /** What the hour has left, as the latest response said, less what was sent since. */
  private remaining = 0
  /** Sending stops when `remaining` is down to this (the reserved share, and what `perHour` leaves out). */
  private floor = 0
  /** When the oldest request of the server's hour expires, on our clock (with the margin). */
  private reset = 0
  /** The server's clock minus ours, when they disagree (the largest lower bound seen). */
  private offset: number | undefined = undefined
  /** No request before this (a 429's `retry-after`). */
  private blockedUntil = 0
  /** A request holds the turn: the others wait on their tickets, in order. */
  private turnHeld = false
  private readonly tickets: Array<Deferred.Deferred<void>> = []
  /** Completed when the next exchange settles (only while the head of the queue waits for one). */
  private settled: Deferred.Deferred<void> | undefined = undefined
  /** `doapi:` and a SHA-256 prefix of the token: the shared budget's key, computed once. */
  private key: string | undefined = undefined

  constructor(readonly budget: DoConfig.Budget, private readonly token: Redacted.Redacted<string>) {
    this.perMinute = Math.max(1, Math.floor(budget.perMinute * (1 - budget.reserve)))
  }

  /**
   * How long before one more request may go: 0 now, a number of milliseconds, or `Infinity` for "when a request in
   * flight settles" (its time in the log, or its headers, are what is missing).
   */
  private delay(now: number): number {
    const log = this.log
    while (this.head < log.length && log[this.head] <= now) this.head++
    if (this.head > 1024 && this.head * 2 > log.length) {
      log.splice(0, this.head)
      this.head = 0
    }
    let until = this.blockedUntil
    let settle = false
    const live = log.length - this.head
    const over = this.inFlight + live - this.perMinute + 1
    if (over > 0) {
      if (over <= live) until = Math.max(until, log[this.head + over - 1])
      else settle = true
    }
    if (this.hour === "unknown") {
      if (this.inFlight > 0) settle = true
    } else if (this.hour === "known" && this.remaining <= this.floor) {
      // Past the reset, the oldest request of the hour has expired: one request goes, and its headers say the rest.
      if (now < this.reset) until = Math.max(until, this.reset)
      else if (this.inFlight > 0) settle = true
    }
    return until > now ? until - now : settle ? Infinity : 0
  }

  private take(): void {
    this.inFlight++
    this.remaining--
  }

  /** The exchange is over (answered, failed or interrupted): it counts from now, and its headers teach the hour. */
  private settle(now: number, exit: Exit.Exit<Exchanged, unknown>): void {
    this.inFlight--
    const last = this.log.length > this.head ? this.log[this.log.length - 1] : 0
    this.log.push(Math.max(now + MINUTE + MINUTE_MARGIN, last))
    if (Exit.isSuccess(exit)) {
      const reply = exit.value
      if (reply.status === 429) {
        const retryAfter = Number(reply.headers["retry-after"])
        if (reply.headers["retry-after"] !== undefined && Number.isFinite(retryAfter) && retryAfter > 0) {
          this.blockedUntil = Math.max(this.blockedUntil, now + retryAfter * 1000)
        }
      }
      if (reply.rateLimit !== undefined) this.learn(now, reply.rateLimit, reply.headers["date"])
      else if (this.hour === "unknown") this.hour = "absent"
    }
    const settled = this.settled
    if (settled !== undefined) {
      this.settled = undefined
      Deferred.unsafeDone(settled, Exit.void)
    }
  }

  private learn(now: number, rateLimit: RateLimit.RateLimit, date: string | undefined): void {
    const { limit, remaining, reset } = rateLimit
    this.hour = "known"
    this.floor = limit - Math.floor(Math.min(this.budget.perHour, limit) * (1 - this.budget.reserve))
    // The requests still in flight may not be counted in this response's figure yet.
    this.remaining = remaining - this.inFlight
    this.reset = this.local(reset * 1000, now, date === undefined ? NaN : Date.parse(date)) + RESET_MARGIN
  }

  /**
   * A time on the server's clock, on ours. The difference of the clocks is bounded below by the response's `date`
   * (the server's time, rounded down to the second) less our time on receiving it; without a `date`, by the reset less
   * an hour (it is at most an hour after the server's time, rounded up to the second) less our time, when it is too
   * far from ours to take as it is. With the largest bound seen, the reset is never placed too early.
   */
  private local(wall: number, now: number, date: number): number {
    let bound: number
    if (Number.isFinite(date)) bound = date - now
    else if (this.offset === undefined && wall >= now - CLOCK_TOLERANCE && wall <= now + HOUR + CLOCK_TOLERANCE) {
      return wall
    } else bound = wall - 1000 - HOUR - now
    this.offset = this.offset === undefined ? bound : Math.max(this.offset, bound)
    return wall - this.offset
  }

  /** Hands the turn to the next request in the queue, or frees it. */
  private passTurn(): void {
    const next = this.tickets.shift()
    if (next === undefined) this.turnHeld = false
    else Deferred.unsafeDone(next, Exit.void)
  }

  /** Waits for the turn, then for the budget; succeeds with a slot taken. */
  private queue(clock: Clock.Clock): Effect.Effect<void> {
    return Effect.suspend(() => {
      let ticket: Deferred.Deferred<void> | undefined
      let turn: Effect.Effect<void> = Effect.void
      if (this.turnHeld) {
        ticket = Deferred.unsafeMake<void>(FiberId.none)
        this.tickets.push(ticket)
        turn = Deferred.await(ticket)
      } else {
        this.turnHeld = true
      }
      const loop: Effect.Effect<void> = Effect.suspend(() => {
        const delay = this.delay(clock.unsafeCurrentTimeMillis())
        if (delay === 0) {
          this.take()
          return Effect.void
        }
        if (delay !== Infinity) return Effect.zipRight(Effect.sleep(delay), loop)
        if (this.settled === undefined) this.settled = Deferred.unsafeMake<void>(FiberId.none)
        return Effect.zipRight(Deferred.await(this.settled), loop)
      })
      return Effect.zipRight(turn, loop).pipe(
        Effect.ensuring(Effect.sync(() => {
          // Interrupted before its turn came: it leaves the queue. Otherwise it held the turn: the next one has it.
          const waiting = ticket === undefined ? -1 : this.tickets.indexOf(ticket)
          if (waiting >= 0) this.tickets.splice(waiting, 1)
          else this.passTurn()
        }))
      )
    })
  }

  /** The shared budget's verdict slept through; when it cannot answer, the local limiter alone paces. */
  private shared(shared: RateLimit.SharedBudget): Effect.Effect<number> {
    const key = this.key !== undefined
      ? Effect.succeed(this.key)
      : Effect.tap(
        Effect.tryPromise(() => sharedKey(Redacted.value(this.token))),
        (key) => Effect.sync(() => (this.key = key))
      )
    const limit = this.perMinute
    return key.pipe(
      Effect.flatMap((key) => shared.take({ key, limit, window: Duration.minutes(1) })),
      Effect.flatMap((delay) => {
        const millis = Duration.toMillis(delay)
        return millis > 0 && Number.isFinite(millis)
          ? Effect.as(this.held(Effect.sleep(delay)), millis)
          : Effect.succeed(0)
      }),
      Effect.catchAll(fallBack),
      Effect.catchAllDefect(fallBack)
    )
  }

  /** Counts the effect's fiber as held back while it runs. */
  private held<A>(self: Effect.Effect<A>): Effect.Effect<A> {
    const queued = this.budget.queued
    return Effect.suspend(() => {
      MutableRef.increment(queued)
      return Effect.ensuring(self, Effect.sync(() => MutableRef.decrement(queued)))
    })
  }

  /**
   * Sends one exchange within the budget: at once when it allows, else once it does (`waited` is told how long that
   * took). The exchange is counted from its start until it settles, then in the minute from when it settled.
   */
  pace<A extends Exchanged, E, R>(
    exchange: Effect.Effect<A, E, R>,
    waited: (millis: number) => Effect.Effect<void>
  ): Effect.Effect<A, E, R> {
    return Effect.clockWith((clock) => {
      const send = Effect.onExit(exchange, (exit) => {
        this.settle(clock.unsafeCurrentTimeMillis(), exit)
        return Effect.void
      })
      const shared = this.budget.shared
      if (shared === undefined && !this.turnHeld && this.delay(clock.unsafeCurrentTimeMillis()) === 0) {
        this.take()
        return send
      }
      const start = clock.unsafeCurrentTimeMillis()
      const local = this.held(this.queue(clock))
      return (shared === undefined ? local : Effect.zipRight(this.shared(shared), local)).pipe(
        Effect.flatMap(() => {
          const millis = clock.unsafeCurrentTimeMillis() - start
          return millis > 0 ? Effect.zipRight(waited(millis), send) : send
        })
      )
    })
  }
}

const fallBack = (cause: unknown): Effect.Effect<number> =>
  Effect.as(
    Effect.logDebug("doapi: the shared budget did not answer; this process's own limiter paces alone", cause),
    0
  )

const pacers = new WeakMap<DoConfig.Budget, Pacer>()

/**
 * The limiter of a configuration's budget (one per `DoConfig.make`, whatever copies of the service are made); `undefined`
 * when pacing is off.
 *
 * @internal
 */
export const pacerOf = (config: DoConfig.Service): Pacer | undefined => {
  const budget = config.budget
  if (budget === undefined) return undefined
  let pacer = pacers.get(budget)
  if (pacer === undefined) {
    pacer = new Pacer(budget, config.token)
    pacers.set(budget, pacer)
  }
  return pacer
}

/**
 * The shared budget's key for a token: `doapi:` and the first 32 hex digits of its SHA-256 (Web Crypto, in Node and
 * browsers alike), which names the token without revealing it.
 *
 * @internal
 */
export const sharedKey = async (token: string): Promise<string> => {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("")
  return `doapi:${hex.slice(0, 32)}`
}
