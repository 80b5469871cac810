/**
 * Where the per-request time of scenario 1 goes: the CPU cost of each layer, in process, with an in-memory
 * transport (no I/O), and of the Effect combinators `Http.execute` wraps every attempt in.
 */
import { Account, DoConfig } from "@doapi/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { unlimitedBudget } from "./config.js"
import { median, rotate } from "./stats.js"

export interface Cost {
  readonly name: string
  /** Microseconds per call. */
  readonly us: number
}

/** A retry schedule shaped like core's (exponential, jittered, capped in count, filtered on the input). */
const retrySchedule = Schedule.exponential("500 millis").pipe(
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(4)),
  Schedule.whileInput((_: unknown) => true),
  Schedule.passthrough,
  Schedule.modifyDelayEffect((_, delay) => Effect.succeed(Duration.min(delay, Duration.minutes(1))))
)

export const measure = async (
  body: string,
  headers: Record<string, string>,
  iterations: number
): Promise<ReadonlyArray<Cost>> => {
  const endpoint = "http://127.0.0.1:9"
  const client = HttpClient.make((request) =>
    Effect.sync(() => HttpClientResponse.fromWeb(request, new Response(body, { status: 200, headers })))
  )
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      Layer.succeed(HttpClient.HttpClient, client),
      DoConfig.layer({ token: "token", endpoint, budget: unlimitedBudget })
    )
  )
  const loop = (effect: Effect.Effect<unknown, unknown, any>) => () =>
    runtime.runPromise(Effect.gen(function*() {
      for (let i = 0; i < iterations; i++) yield* effect
    }))
  const get = Effect.flatMap(
    HttpClient.HttpClient,
    (c) => Effect.flatMap(c.get(`${endpoint}/v2/account`), (r) => Effect.map(r.text, JSON.parse))
  )
  const decodeEnvelope = Schema.decodeUnknown(Schema.Struct({ account: Account.Account }))
  const parsed = JSON.parse(body)
  const cases: ReadonlyArray<{ readonly name: string; readonly run: () => Promise<unknown> }> = [
    {
      name: "raw: new Response(body) + text() + JSON.parse",
      run: async () => {
        for (let i = 0; i < iterations; i++) JSON.parse(await new Response(body, { headers }).text())
      }
    },
    { name: "Effect HttpClient GET + text + JSON.parse", run: loop(get) },
    { name: "  … with the tracer off (no http.client span)", run: loop(Effect.withTracerEnabled(get, false)) },
    { name: "doapi Account.fetch", run: loop(Account.fetch) },
    { name: "  … with the tracer off (no spans at all)", run: loop(Effect.withTracerEnabled(Account.fetch, false)) },
    {
      name: "Effect.timeout(no-op, 30 s) (Http.execute's limit under TestClock only)",
      run: loop(Effect.timeout(Effect.void, "30 seconds"))
    },
    { name: "Effect.retry(success, a schedule like core's)", run: loop(Effect.retry(Effect.void, retrySchedule)) },
    { name: "Effect.withSpan(no-op)", run: loop(Effect.withSpan(Effect.void, "Account.fetch")) },
    {
      name: "decode the account envelope (Schema.decodeUnknown)",
      run: loop(Effect.suspend(() => decodeEnvelope(parsed)))
    }
  ]
  const samples = new Map<string, Array<number>>(cases.map((c) => [c.name, []]))
  try {
    for (const c of cases) await c.run()
    for (let round = 0; round < 7; round++) {
      for (const c of rotate(cases, round)) {
        const start = performance.now()
        await c.run()
        samples.get(c.name)!.push(((performance.now() - start) * 1000) / iterations)
      }
    }
  } finally {
    await runtime.dispose()
  }
  return cases.map((c) => ({ name: c.name, us: median(samples.get(c.name)!) }))
}
