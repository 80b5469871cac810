/**
 * 8. A burst against the rate budget (issue #11's scenario b): N GETs started at once by one process against the
 * fake at DigitalOcean's real limits (250 a minute, 5,000 an hour), under TestClock (real time would be minutes).
 * doapi paces them (the default) or not (`budget: false`, the 429s left to the retry policy); the fake counts what it
 * answered 429, and each request notes the (TestClock) time it finished.
 */
import { Account, DoConfig } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import type { Settings } from "../lib/config.js"
import type { ScenarioReport } from "../lib/report.js"
import { int, ratio } from "../lib/stats.js"

const PER_MINUTE = 250

interface Outcome {
  /** TestClock time from the start to the last response. */
  readonly total: number
  readonly tooMany: number
  readonly failed: number
  /** What the process spent running it (real time). */
  readonly realMs: number
}

const burst = (requests: number, budget: DoConfig.Options["budget"]): Promise<Outcome> =>
  Effect.gen(function*() {
    const fake = yield* FakeDigitalOcean.make()
    let tooMany = 0
    const client = HttpClient.tap(FakeDigitalOcean.httpClient(fake), (response) =>
      Effect.sync(() => {
        if (response.status === 429) tooMany++
      }))
    const config = yield* DoConfig.make({ token: fake.token, budget })
    const layer = Layer.merge(Layer.succeed(HttpClient.HttpClient, client), Layer.succeed(DoConfig.DoConfig, config))
    const start = yield* Clock.currentTimeMillis
    const realStart = performance.now()
    const fiber = yield* Effect.fork(
      Effect.all(
        Array.from({ length: requests }, () =>
          Account.fetch.pipe(
            Effect.zipRight(Clock.currentTimeMillis),
            Effect.either
          )),
        { concurrency: "unbounded" }
      ).pipe(Effect.provide(layer))
    )
    // Far past any floor: every sleep on the way (the budget's, the retries') is run in order.
    yield* TestClock.adjust(`${Math.ceil(requests / PER_MINUTE) + 5} minutes`)
    const results = yield* Fiber.join(fiber)
    const finished = results.flatMap((r) => (r._tag === "Right" ? [r.right] : []))
    return {
      total: Math.max(...finished) - start,
      tooMany,
      failed: results.length - finished.length,
      realMs: performance.now() - realStart
    }
  }).pipe(Effect.provide(TestContext.TestContext), Effect.runPromise)

const minutes = (millis: number) => `${(millis / 60_000).toFixed(millis % 60_000 === 0 ? 0 : 2)} min`

const seconds = (millis: number) => `${(millis / 1000).toFixed(millis % 1000 === 0 ? 0 : 1)} s`

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const requests = settings.quick ? 500 : 1000
  // 250 go at once into an empty minute, then 250 as each minute ends: the last of N can go no sooner than this.
  const burstFloor = (Math.ceil(requests / PER_MINUTE) - 1) * 60_000
  // N requests at 250 a minute on average: the budget's long-run rate.
  const rateFloor = (requests / PER_MINUTE) * 60_000
  const paced = await burst(requests, undefined)
  const unpaced = await burst(requests, false)
  const row = (name: string, o: Outcome) => [
    name,
    int(o.tooMany),
    int(o.failed),
    seconds(o.total),
    ratio(o.total / burstFloor),
    ratio(o.total / rateFloor),
    `${(o.realMs / 1000).toFixed(1)} s`
  ]
  return {
    id: 8,
    title: "A burst against the rate budget",
    method:
      `${int(requests)} \`Account.fetch\` started at once (\`concurrency: "unbounded"\`) by one process against ` +
      "the fake in process (`FakeDigitalOcean.httpClient`) at DigitalOcean's limits (250 a minute, 5,000 an hour), " +
      "under TestClock, with no latency. Total = TestClock time from the start to the last response. Two floors: " +
      `the **burst floor**, ${minutes(burstFloor)} = (ceil(N / 250) − 1) minutes (250 go at once into an empty ` +
      "minute, then 250 as each minute ends, so the last 250 can go no sooner), which is the one the target is " +
      `against; and the **rate floor**, ${minutes(rateFloor)} = N / 250 minutes (the budget's long-run rate). The ` +
      "fake's 429s are counted by an `HttpClient.tap`. \"Unpaced\" is `budget: false`, the 429s left to the retry " +
      "policy (retry-after honoured, 4 retries). Real time is what running it took on this machine.",
    tables: [{
      head: ["Client", "Answered 429", "Failed", "Total", "× burst floor", "× rate floor", "Real time"],
      rows: [row("doapi, paced (the default)", paced), row("doapi, budget: false", unpaced)]
    }],
    verdicts: [
      {
        target: "0 answered 429",
        measured: `${int(paced.tooMany)} (unpaced: ${int(unpaced.tooMany)})`,
        met: paced.tooMany === 0 && paced.failed === 0
      },
      {
        target: `total ≤ 1.1× the floor 250 a minute sets (burst floor ${minutes(burstFloor)})`,
        measured: `${ratio(paced.total / burstFloor)} (${seconds(paced.total)} against ${seconds(burstFloor)})`,
        met: paced.total <= 1.1 * burstFloor
      }
    ],
    notes: [
      "The paced client sends its first request alone (its headers say what is left of the hour), then 249 at " +
      "once, then 250 a minute and a second after each batch's responses: the log holds when each response " +
      "arrived, and the second is the margin for a server that counts in whole seconds or a little late. That " +
      "margin is the whole gap to the burst floor (one second a minute).",
      `Unpaced, the same burst finishes about as soon (each 429's retry-after sends its retry when the minute ` +
      `frees) but the token is answered 429 ${int(unpaced.tooMany)} times on the way: every other program on it ` +
      "is refused meanwhile, and a request still refused after 4 retries fails."
    ]
  }
}
