/**
 * 4. Waiting on actions that finish at random times: `Action.waitAll` vs doapi's algorithm (each round, one GET per
 * unfinished action, one after another; rounds start `interval` apart), modelled with raw fetch. Requests are
 * counted by the server.
 */
import { Action, DoConfig } from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { type Settings, unlimitedBudget } from "../lib/config.js"
import type { ScenarioReport } from "../lib/report.js"
import { type FakeServer, startServer } from "../lib/server.js"
import { int, median, ms, sleep } from "../lib/stats.js"

interface Outcome {
  /** From the start of the wait to its end. */
  readonly wall: number
  /** From the start of the wait to the last action's finish (as the server scheduled it). */
  readonly lastFinish: number
  readonly requests: number
  /** The most requests "one per unfinished action per interval" allows: Σ (ceil(finish_i / interval) + 1). */
  readonly allowed: number
  readonly finished: number
}

interface Contender {
  readonly name: string
  readonly wait: (ids: ReadonlyArray<number>) => Promise<number>
}

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { actions, intervalMs, latencyMs, rounds, withinMs } = settings.waiting
  const server: FakeServer = await startServer({ latencyMs })
  const headers = { authorization: `Bearer ${server.token}` }
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      FetchHttpClient.layer,
      DoConfig.layer({ token: server.token, endpoint: server.url, budget: unlimitedBudget })
    )
  )

  const ours: Contender = {
    name: "doapi Action.waitAll",
    wait: async (ids) => {
      let done = 0
      await runtime.runPromise(
        Stream.runForEach(Action.waitAll(ids, { interval: `${intervalMs} millis` }), () =>
          Effect.sync(() => {
            done++
          }))
      )
      return done
    }
  }
  const doapiModel: Contender = {
    name: "doapi (Python) algorithm: one GET after another each round",
    wait: async (ids) => {
      let pending = [...ids]
      let done = 0
      for (;;) {
        const roundStart = performance.now()
        const still: Array<number> = []
        for (const id of pending) {
          const response = await fetch(`${server.url}/v2/actions/${id}`, { headers })
          const body = JSON.parse(await response.text())
          if (body.action.status === "in-progress") still.push(id)
          else done++
        }
        pending = still
        if (pending.length === 0) return done
        await sleep(Math.max(0, roundStart + intervalMs - performance.now()))
      }
    }
  }
  const contenders = [ours, doapiModel]
  const outcomes = new Map<string, Array<Outcome>>(contenders.map((c) => [c.name, []]))

  const once = async (contender: Contender, seed: number): Promise<Outcome> => {
    const before = await server.requests()
    const { finishAt, ids } = await server.seedActions(actions, withinMs, seed)
    // The server's clock is this machine's clock: Date.now() on both sides.
    const start = Date.now()
    const finished = await contender.wait(ids)
    const wall = Date.now() - start
    const requests = (await server.requests()) - before
    const relative = finishAt.map((t) => Math.max(0, t - start))
    return {
      wall,
      lastFinish: Math.max(...relative),
      requests,
      allowed: relative.reduce((sum, t) => sum + Math.ceil(t / intervalMs) + 1, 0),
      finished
    }
  }

  try {
    // Warm-up: a short wait each (JIT, connections).
    for (const contender of contenders) {
      const { ids } = await server.seedActions(5, 200, 999)
      await contender.wait(ids)
    }
    for (let round = 0; round < rounds; round++) {
      for (const contender of round % 2 === 0 ? contenders : [...contenders].reverse()) {
        const outcome = await once(contender, 1000 + round)
        if (outcome.finished !== actions) throw new Error(`${contender.name} saw ${outcome.finished} finish`)
        outcomes.get(contender.name)!.push(outcome)
      }
    }
  } finally {
    await runtime.dispose()
    await server.stop()
  }

  const med = (c: Contender, f: (o: Outcome) => number) => median(outcomes.get(c.name)!.map(f))
  const rtt = latencyMs + 5
  const oursLate = outcomes.get(ours.name)!.map((o) => o.wall - o.lastFinish)
  const oursOver = outcomes.get(ours.name)!.map((o) => o.requests - o.allowed)
  return {
    id: 4,
    title: "Waiting on actions",
    method: `${actions} actions seeded in the fake's state (\`fake.state.actions\`), each finishing at a random ` +
      `time within ${ms(withinMs)} of the start (same seed for both contenders in a round); interval ` +
      `${ms(intervalMs)}, ${latencyMs} ms latency per request (the fake's latency fault). ${rounds} round(s), ` +
      "contenders alternating first. \"Late\" = wall time − last finish. \"Allowed\" = Σ over actions of " +
      "(ceil(finish / interval) + 1): one request per unfinished action per interval, plus the one that sees it " +
      "done. Requests are counted by the server.",
    tables: [{
      head: ["Contender", "Wall", "Last finish", "Late", "Requests", "Allowed"],
      rows: contenders.map((c) => [
        c.name,
        ms(med(c, (o) => o.wall)),
        ms(med(c, (o) => o.lastFinish)),
        ms(med(c, (o) => o.wall - o.lastFinish)),
        int(med(c, (o) => o.requests)),
        int(med(c, (o) => o.allowed))
      ])
    }],
    verdicts: [
      {
        target: `wall time ≤ last finish + one interval + one round trip (${ms(intervalMs)} + ~${ms(rtt)})`,
        measured: `late by ${oursLate.map((l) => ms(l)).join(", ")} (each round)`,
        met: Math.max(...oursLate) <= intervalMs + rtt
      },
      {
        target: "≤ one request per unfinished action per interval",
        measured: `${
          outcomes.get(ours.name)!.map((o) => `${int(o.requests)} requests, allowed ${int(o.allowed)}`).join("; ")
        }`,
        met: Math.max(...oursOver) <= 0
      }
    ],
    notes: [
      `The one-after-another model: late by ${ms(med(doapiModel, (o) => o.wall - o.lastFinish))} (median): ` +
      `one of its rounds takes one round trip (~${ms(rtt)}) per unfinished action, ${ms(actions * rtt)} for ` +
      `${actions}${actions * rtt > intervalMs ? ", longer than the interval" : ""}, so it sees late finishes late ` +
      "when many are pending, and polls back to back (more often than the interval) when rounds overrun.",
      "The fake cannot give each action its own random duration (`actionDuration` is one duration or one per " +
      "action type), so the bench's server seeds `fake.state.actions` directly with random `completesAt`."
    ]
  }
}
