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

/**
 * The objects to wait on, as a list. From a caller outside TypeScript they may be one object or nothing at all: that
 * is then the one item to wait on, whose refresh refuses it as any bad id is refused (an `Encode` failure naming the
 * parameter, nothing sent), rather than a crash or a wait on nothing.
 *
 * @internal
 */
export const items = <I>(objects: Iterable<I>): Array<I> =>
  objects !== null && objects !== undefined &&
    typeof (objects as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function" &&
    typeof objects !== "string"
    ? Array.from(objects)
    : [objects as unknown as I]

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
 * it done. A round polls every unfinished item concurrently, or all of them at once with `condition.refreshAll` (see
 * `listed`, which reads the resource's listing when that takes fewer requests); rounds start `interval` apart (start
 * to start), and the last one is at the deadline, after which the wait fails with a `WaitTimeoutError` listing the
 * latest states of all that had not finished. Interrupting the stream stops all polling.
 *
 * @internal
 */
export const until = <I, A, E, R>(
  objects: Iterable<I>,
  condition: Condition<I, A, E, R>,
  options?: Options | undefined
): Stream.Stream<A, E | WaitTimeoutError, R | DoConfig> =>
  Stream.unwrap(Effect.gen(function*() {
    const config = yield* DoConfig
    const interval = options?.interval === undefined ? config.waitInterval : Duration.decode(options.interval)
    const waitTime = options?.timeout === undefined ? config.waitTime : decodeWaitTime(options.timeout)
    let pending: ReadonlyArray<I | A> = items(objects)
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
 * What `listed` needs to poll many objects of one resource with its listing.
 *
 * @internal
 */
export interface Listed<I, A, K, E, R> {
  /**
   * The resource's listing (`Op.listing`, e.g. `GET /v2/actions` or `GET /v2/droplets?tag_name=`), read page by page
   * (one page at a time, `perPage` items a page) and only as far as the round needs. Any order works; the order of
   * the API (actions: newest first) only decides how deep the unfinished objects are, which `listed` learns. Its
   * `per_page` must be left to `DoConfig` (which `listed` sets to `perPage` while it reads).
   */
  readonly listing: Stream.Stream<A, E, R>
  /**
   * What identifies an object, for the objects as passed (`I`, e.g. an id) and as listed or fetched (`A`);
   * `undefined` for an object that cannot be found in a listing (say, a bad id from a caller outside TypeScript):
   * a round with one polls each object with `refresh`, which fails for it as it would alone.
   */
  readonly key: (item: I | A) => K | undefined
  /** One object's current state (`GET` by id), for what the listing did not show. */
  readonly refresh: (item: I | A) => Effect.Effect<A, E, R>
  /** The listing's page size; default `DoConfig.perPage` (200, the API's maximum, unless configured lower). */
  readonly perPage?: number | undefined
}

/**
 * A `refreshAll` (`Condition`) that polls a round's unfinished objects with the resource's listing when that costs
 * fewer requests than one `GET` each, and falls back to `GET`s for what the listing did not show.
 *
 * Each round it estimates, from where each object was last seen in the listing, how many pages it must read: it
 * picks the number of pages `P` (from 0) that minimises `P` plus the objects expected beyond page `P` (each then one
 * `GET`), a cost never above `N` `GET`s for `N` objects (`P = 0`: it simply `GET`s each, as with one object). It
 * reads the listing page by page and stops as soon as every object expected within those pages has been seen, then
 * `GET`s the rest concurrently. Objects never seen yet are expected at the top, in the order given (new actions
 * are at the top of the account's newest-first listing); one not found where it was expected is expected one page
 * further down next time. The estimates live in the returned function (make one per wait); they only ever cost requests, never
 * change results: every object comes back in the state the API gives for it, in the order given, and a failing
 * page or `GET` fails the round as one `GET` would.
 *
 * @example
 * ```ts
 * // Action.waitAll: the account's actions, newest first, 200 a page
 * const condition: Wait.Condition<Action | number, Action, DOAPIError, R> = {
 *   refresh: fetch,
 *   refreshAll: Wait.listed({
 *     listing: Op.listing(E.ActionsList, { operation: "Action.waitAll", decode: decodePage }),
 *     key: (action) => typeof action === "number" ? action : action.id,
 *     refresh: fetch
 *   }),
 *   isDone: (action) => action.done,
 *   attr: "done",
 *   value: true
 * }
 * Wait.until(actions, condition, options)
 * ```
 *
 * @internal
 */
export const listed = <I, A, K, E, R>(
  spec: Listed<I, A, K, E, R>
): (items: ReadonlyArray<I | A>) => Effect.Effect<ReadonlyArray<A>, E, R | DoConfig> => {
  // Where each object was last seen in the listing (its index), or the least index it can have.
  const position = new Map<K, number>()
  return (items) =>
    Effect.gen(function*() {
      const config = yield* DoConfig
      const perPage = Math.min(200, Math.max(1, Math.floor(spec.perPage ?? config.perPage)))
      const keys = items.map(spec.key)
      if (items.length < 2 || keys.some((key) => key === undefined)) {
        return yield* Effect.forEach(items, spec.refresh, { concurrency: "unbounded" })
      }
      // The page each object is expected on (1-based); those never seen yet, at the top, in the order given.
      let unseen = 0
      const need = keys.map((key) => Math.floor((position.get(key!) ?? unseen++) / perPage) + 1)

      // The cheapest number of pages: P pages plus one GET for each object expected beyond them.
      let pages = 0
      let cost = items.length
      for (const p of new Set(need)) {
        const c = p + need.filter((n) => n > p).length
        if (c < cost || (c === cost && p < pages)) {
          pages = p
          cost = c
        }
      }

      const found = new Map<K, A>()
      if (pages > 0) {
        const wanted = new Set(keys.filter((_, i) => need[i] <= pages) as ReadonlyArray<K>)
        const pendingKeys = new Set(keys as ReadonlyArray<K>)
        let index = 0
        // One page at a time, so that no page is requested past the one that showed the last object wanted.
        yield* spec.listing.pipe(
          Stream.take(pages * perPage),
          Stream.map((item) => {
            const key = spec.key(item)
            if (key !== undefined && pendingKeys.has(key) && !found.has(key)) {
              found.set(key, item)
              position.set(key, index)
              wanted.delete(key)
            }
            index++
          }),
          Stream.takeUntil(() => wanted.size === 0),
          Stream.runDrain,
          Effect.provideService(DoConfig, { ...config, perPage, pageConcurrency: 1 })
        )
        // Not where it was expected: it is further down (the listing grew above it), or gone.
        keys.forEach((key, i) => {
          if (!found.has(key!) && need[i] <= pages) position.set(key!, pages * perPage)
        })
      }
      return yield* Effect.forEach(items, (item, i) => {
        const listed = found.get(keys[i]!)
        return listed !== undefined ? Effect.succeed(listed) : spec.refresh(item)
      }, { concurrency: "unbounded" })
    })
}

/**
 * The first item a wait stream emits (the single-object form).
 *
 * @internal
 */
export const one = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.map(Stream.runHead(stream), Option.getOrThrow)

/**
 * `until` with `listed` as the rounds' `refreshAll`: the one shape of a batched wait (`Kubernetes.waitAllUntilRunning`,
 * `Database.waitAllUntilOnline`, ...). Each run of the stream makes its own `listed`, so what it learns about where
 * the objects are in the listing stays within one wait.
 *
 * @internal
 */
export const untilListed = <I, A, K, E, R>(
  objects: Iterable<I>,
  condition: Listed<I, A, K, E, R> & Omit<Condition<I, A, E, R>, "refresh" | "refreshAll">,
  options?: Options | undefined
): Stream.Stream<A, E | WaitTimeoutError, R | DoConfig> =>
  Stream.suspend(() => until(objects, { ...condition, refreshAll: listed(condition) }, options))

/**
 * A `Listed` key for objects given by their string id or as a model (`key: Wait.stringKey(Cluster, (c) => c.id)`):
 * `undefined` for anything else (a bad value from a caller outside TypeScript, then fetched and refused alone).
 *
 * @internal
 */
export const stringKey = <A extends object>(
  Model: abstract new(...args: ReadonlyArray<any>) => A,
  key: (object: A) => string
) =>
(item: A | string): string | undefined =>
  typeof item === "string" ? item : item instanceof Model ? key(item) : undefined
