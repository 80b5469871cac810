/**
 * (a) of #11: waiting on many actions within the token's budget. 100 actions finishing at random over 5 minutes, the
 * fake in process at DigitalOcean's real limits (250 a minute, 5,000 an hour) with a fixed latency per request,
 * TestClock (five minutes of waiting take a few seconds), interval 2 s. For each contender: the requests the fake
 * served, how many it answered 429, and the lateness of each action (from its finish to the wait reporting it).
 */
import { Action, DoConfig } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { seedActions } from "../lib/actions.js"
import type { Settings } from "../lib/config.js"
import type { ScenarioReport } from "../lib/report.js"
import { int, ms } from "../lib/stats.js"

interface Outcome {
  readonly requests: number
  readonly answered429: number
  /** Per reported action: when it was reported minus when it finished (ms, virtual time). */
  readonly lateness: ReadonlyArray<number>
  /** How the wait ended: `done`, or the error that ended it. */
  readonly ended: string
  /** Virtual time from the start to the end of the wait. */
  readonly wall: number
}

type Report = (id: number) => Effect.Effect<void>
type Needs = HttpClient.HttpClient | DoConfig.DoConfig
type Program = (ids: ReadonlyArray<number>, intervalMs: number, report: Report) => Effect.Effect<void, unknown, Needs>

interface Contender {
  readonly name: string
  /** DoConfig options of the program (the token and endpoint are the fake's). */
  readonly config: Omit<DoConfig.Options, "token" | "endpoint">
  readonly program: Program
}

/** A deterministic PRNG (the same finishing times for every contender). */
const prng = (seed: number) => {
  let x = seed >>> 0
  return () => {
    x = (x + 0x6D2B79F5) >>> 0
    let t = x
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Rounds that start `intervalMs` apart, start to start (a round that overran is followed at once). */
const rounds = (intervalMs: number, round: Effect.Effect<boolean, unknown, Needs>) =>
  Effect.gen(function*() {
    for (;;) {
      const start = yield* Clock.currentTimeMillis
      if (yield* round) return
      yield* Effect.sleep(Math.max(0, start + intervalMs - (yield* Clock.currentTimeMillis)))
    }
  })

/** Today's per-action polling (`Action.waitAll` before #11): each round, one GET per unfinished action, at once. */
const perAction: Program = (ids, intervalMs, report) => {
  let pending = [...ids]
  return rounds(
    intervalMs,
    Effect.gen(function*() {
      const fresh = yield* Effect.forEach(pending, (id) => Action.fetch(id), { concurrency: "unbounded" })
      for (const action of fresh) if (action.done) yield* report(action.id)
      pending = fresh.filter((action) => !action.done).map((action) => action.id)
      return pending.length === 0
    })
  )
}

/** doapi's `wait_actions` loop: each round, one GET after another for each unfinished action. */
const doapiLoop: Program = (ids, intervalMs, report) => {
  let pending = [...ids]
  return rounds(
    intervalMs,
    Effect.gen(function*() {
      const still: Array<number> = []
      for (const id of pending) {
        const action = yield* Action.fetch(id)
        if (action.done) yield* report(action.id)
        else still.push(id)
      }
      pending = still
      return pending.length === 0
    })
  )
}

/** The batched wait. */
const batched: Program = (ids, intervalMs, report) =>
  Stream.runForEach(Action.waitAll(ids, { interval: `${intervalMs} millis` }), (action) => report(action.id))

const once = (contender: Contender, after: ReadonlyArray<number>, intervalMs: number, latencyMs: number) =>
  Effect.gen(function*() {
    // DigitalOcean's limits are the fake's defaults.
    const fake = yield* FakeDigitalOcean.make({ faults: [{ latency: `${latencyMs} millis` }] })
    let answered429 = 0
    const client = HttpClient.tap(FakeDigitalOcean.httpClient(fake), (response) =>
      Effect.sync(() => {
        if (response.status === 429) answered429++
      }))
    const layer = Layer.mergeAll(
      Layer.succeed(HttpClient.HttpClient, client),
      DoConfig.layer({ ...contender.config, token: fake.token, endpoint: "https://api.digitalocean.com" })
    )
    const start = yield* Clock.currentTimeMillis
    const ids = seedActions(fake, after, start)
    const finish = new Map(ids.map((id, i) => [id, start + after[i]]))
    const lateness: Array<number> = []
    const report: Report = (id) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        lateness.push(now - finish.get(id)!)
      })
    const fiber = yield* Effect.fork(
      Effect.either(Effect.provide(contender.program(ids, intervalMs, report), layer))
    )
    // Drive the TestClock in small steps until the wait ends (or an hour has passed).
    for (let step = 0; step < 36_000; step++) {
      const polled = yield* fiber.poll
      if (polled._tag === "Some") break
      yield* TestClock.adjust("100 millis")
    }
    const result = yield* Fiber.join(fiber)
    const wall = (yield* Clock.currentTimeMillis) - start
    const ended = Either.isRight(result) ? "done" : describe(result.left)
    return { requests: fake.state.served, answered429, lateness, ended, wall } satisfies Outcome
  })

const describe = (error: unknown): string => {
  if (error !== null && typeof error === "object" && "_tag" in error) {
    const e = error as { _tag: string; status?: number }
    return e.status !== undefined ? `${e._tag} ${e.status}` : e._tag
  }
  return String(error)
}

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { actions, intervalMs, latencyMs, withinMs } = settings.waitBudget
  const random = prng(20_261_129)
  const after = Array.from({ length: actions }, () => 1 + Math.floor(random() * withinMs))
  const contenders: ReadonlyArray<Contender> = [
    {
      name: "today's per-action polling (one GET per unfinished action per round, at once; retries 429s; no pacing)",
      config: { budget: false },
      program: perAction
    },
    {
      name: "doapi's loop (one GET after another; a 429 raises, as doapi does)",
      config: { budget: false, retry: false },
      program: doapiLoop
    },
    {
      name: "doapi's loop with this client's retries (retry-after honoured; no pacing)",
      config: { budget: false },
      program: doapiLoop
    },
    { name: "new batched Action.waitAll (defaults: pacing on)", config: {}, program: batched }
  ]
  const outcomes: Array<Outcome> = []
  for (const contender of contenders) {
    outcomes.push(
      await Effect.runPromise(
        once(contender, after, intervalMs, latencyMs).pipe(Effect.provide(TestContext.TestContext))
      )
    )
  }
  const ours = outcomes[outcomes.length - 1]
  const maxLate = (o: Outcome) => o.lateness.length === 0 ? NaN : Math.max(...o.lateness)
  const meanLate = (o: Outcome) =>
    o.lateness.length === 0 ? NaN : o.lateness.reduce((a, b) => a + b, 0) / o.lateness.length
  const bound = intervalMs + latencyMs
  return {
    id: 7,
    title: "Waiting on many actions within the budget (#11 a)",
    method: `${actions} actions seeded in the fake's state, each finishing at a random time within ${ms(withinMs)} ` +
      `(the same times for every contender); the fake in process at DigitalOcean's limits (250 requests a minute, ` +
      `5,000 an hour, 429 past them) with ${latencyMs} ms latency per request, under TestClock (virtual time: ` +
      `the figures are exact, not sampled); interval ${ms(intervalMs)}. Requests = what the fake served (429s ` +
      `included); lateness = when the wait reported an action minus when it finished.`,
    tables: [{
      head: ["Contender", "Requests", "Answered 429", "Reported", "Late (max)", "Late (mean)", "Wall", "Ended"],
      rows: contenders.map((c, i) => {
        const o = outcomes[i]
        return [
          c.name,
          int(o.requests),
          int(o.answered429),
          `${o.lateness.length} of ${actions}`,
          ms(maxLate(o)),
          ms(meanLate(o)),
          ms(o.wall),
          o.ended
        ]
      })
    }],
    verdicts: [
      {
        target: settings.quick ? `≤ 2 requests per interval of the wait` : "≤ 200 requests (from 1,490)",
        measured: `${int(ours.requests)} requests`,
        met: ours.requests <= (settings.quick ? 2 * Math.ceil(withinMs / intervalMs) + 2 : 200)
      },
      {
        target: "0 answered 429",
        measured: `${int(ours.answered429)}`,
        met: ours.answered429 === 0
      },
      {
        target: `every action reported no later than one interval plus one round trip (${ms(bound)}) after it finished`,
        measured: `${ours.lateness.length} of ${actions} reported; max ${ms(maxLate(ours))}, mean ${
          ms(meanLate(ours))
        }`,
        met: ours.lateness.length === actions && maxLate(ours) <= bound
      }
    ],
    notes: [
      "The batched wait reads the account's action listing (`GET /v2/actions`, newest first, 200 a page) once a " +
      "round while two or more actions are unfinished, and only as many pages as reach the oldest unfinished one; " +
      "it falls back to one GET per action for what the pages read did not show, and to the action's own GET when " +
      "one is left.",
      `Per-action polling sends one request per unfinished action per round, so ${actions} actions at ` +
      `${ms(intervalMs)} ask for up to ${int((actions * 60_000) / intervalMs)} a minute against an allowance of ` +
      "250: the fake answers 429 and the client's retries (retry-after) spend more of the budget. doapi (Python) " +
      "does not retry: its wait raises at the first 429."
    ]
  }
}
