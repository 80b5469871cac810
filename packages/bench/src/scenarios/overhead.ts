/**
 * 1. Per-request overhead: N sequential `Account.fetch` vs raw `fetch` + `JSON.parse` of the same endpoint, and
 * dots-wrapper's `account.getAccount()`, against the fake in a child process on 127.0.0.1; doapi and Effect's
 * HttpClient alone on two transports: `FetchHttpClient` (Node's fetch) and `NodeHttpClient.layerUndici`
 * (@effect/platform-node), each beside its own raw baseline (`fetch`, undici's `request`).
 */
import { Account, DoConfig } from "@doapi/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { createApiClient } from "dots-wrapper"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { request as undiciRequest } from "undici"
import { type Settings, unlimitedBudget } from "../lib/config.js"
import * as Microcosts from "../lib/microcosts.js"
import type { ScenarioReport } from "../lib/report.js"
import { startServer } from "../lib/server.js"
import { collectGarbage, median, ratio, rotate, time, us } from "../lib/stats.js"

interface Contender {
  readonly name: string
  readonly run: (n: number) => Promise<void>
}

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { pairs, requests, warmup } = settings.overhead
  const server = await startServer()
  const headers = { authorization: `Bearer ${server.token}` }
  const config = DoConfig.layer({ token: server.token, endpoint: server.url, budget: unlimitedBudget })
  const runtime = ManagedRuntime.make(Layer.mergeAll(FetchHttpClient.layer, config))
  const undiciRuntime = ManagedRuntime.make(Layer.mergeAll(NodeHttpClient.layerUndici, config))
  const dots = createApiClient({ token: server.token, endpoint: `${server.url}/v2` })

  const raw: Contender = {
    name: "raw fetch + JSON.parse",
    run: async (n) => {
      for (let i = 0; i < n; i++) {
        const response = await fetch(`${server.url}/v2/account`, { headers })
        const body = JSON.parse(await response.text())
        if (response.status !== 200 || body.account.email === undefined) throw new Error("unexpected response")
      }
    }
  }
  const doapi = (name: string, rt: ManagedRuntime.ManagedRuntime<any, never>): Contender => ({
    name,
    run: (n) =>
      rt.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) {
          const account = yield* Account.fetch
          if (account.email === undefined) throw new Error("unexpected response")
        }
      }))
  })
  const effectAlone = (name: string, rt: ManagedRuntime.ManagedRuntime<any, never>): Contender => ({
    name,
    run: (n) =>
      rt.runPromise(Effect.gen(function*() {
        const client = yield* HttpClient.HttpClient
        for (let i = 0; i < n; i++) {
          const response = yield* client.get(`${server.url}/v2/account`, { headers })
          const body = JSON.parse(yield* response.text)
          if (response.status !== 200 || body.account.email === undefined) throw new Error("unexpected response")
        }
      }))
  })
  const ours = doapi("doapi Account.fetch (FetchHttpClient)", runtime)
  const effectHttp = effectAlone("Effect HttpClient + JSON.parse, no doapi (FetchHttpClient)", runtime)
  const rawUndici: Contender = {
    name: "raw undici request + JSON.parse",
    run: async (n) => {
      for (let i = 0; i < n; i++) {
        const response = await undiciRequest(`${server.url}/v2/account`, { headers })
        const body = JSON.parse(await response.body.text())
        if (response.statusCode !== 200 || body.account.email === undefined) throw new Error("unexpected response")
      }
    }
  }
  const oursUndici = doapi("doapi Account.fetch (NodeHttpClient.layerUndici)", undiciRuntime)
  const effectUndici = effectAlone(
    "Effect HttpClient + JSON.parse, no doapi (NodeHttpClient.layerUndici)",
    undiciRuntime
  )
  const dotsWrapper: Contender = {
    name: "dots-wrapper account.getAccount",
    run: async (n) => {
      for (let i = 0; i < n; i++) {
        const { data } = await dots.account.getAccount()
        if (data.account.email === undefined) throw new Error("unexpected response")
      }
    }
  }
  const contenders = [raw, ours, effectHttp, rawUndici, oursUndici, effectUndici, dotsWrapper]
  const sample = await fetch(`${server.url}/v2/account`, { headers })
  const sampleBody = await sample.text()
  const sampleHeaders = Object.fromEntries(sample.headers)
  let cpu = { raw: NaN, ours: NaN }
  let counted = { served: 0, expected: 0 }
  const cpuOf = async (contender: Contender) => {
    const before = process.cpuUsage()
    await contender.run(requests)
    const used = process.cpuUsage(before)
    return (used.user + used.system) / requests
  }
  const times = new Map<string, Array<number>>(contenders.map((c) => [c.name, []]))
  const ratios = new Map<string, Array<number>>(contenders.map((c) => [c.name, []]))
  const pairRatios = new Map<string, Array<number>>()

  try {
    for (const contender of contenders) await contender.run(warmup)
    for (let round = 0; round < settings.rounds; round++) {
      const perRound = new Map<string, number>()
      for (const contender of rotate(contenders, round)) {
        await collectGarbage()
        const { ms } = await time(() => contender.run(requests))
        perRound.set(contender.name, ms)
        times.get(contender.name)!.push(ms)
      }
      for (const contender of contenders) {
        ratios.get(contender.name)!.push(perRound.get(contender.name)! / perRound.get(raw.name)!)
      }
    }
    // The targets' ratio: doapi and Effect's HttpClient alone back to back on one runtime, `pairs` times per
    // transport, which goes first alternating, a full GC before each: no other client's traffic between them.
    for (const [a, b] of [[ours, effectHttp], [oursUndici, effectUndici]] as const) {
      const abRatios: Array<number> = []
      for (let pair = 0; pair < pairs; pair++) {
        const run = async (c: Contender) => {
          await collectGarbage()
          return (await time(() => c.run(requests))).ms
        }
        let ta: number
        let tb: number
        if (pair % 2 === 0) {
          ta = await run(a)
          tb = await run(b)
        } else {
          tb = await run(b)
          ta = await run(a)
        }
        abRatios.push(ta / tb)
      }
      pairRatios.set(a.name, abRatios)
    }
    cpu = { raw: await cpuOf(raw), ours: await cpuOf(ours) }
    const served = await server.requests()
    // The warm-up and rounds of every contender, the two CPU batches, and the sample request.
    const expected = (warmup + requests * settings.rounds) * contenders.length + 4 * pairs * requests +
      2 * requests + 1
    counted = { served, expected }
  } finally {
    await runtime.dispose()
    await undiciRuntime.dispose()
    await server.stop()
  }

  const costs = await Microcosts.measure(sampleBody, sampleHeaders, settings.quick ? 2000 : 5000)
  const base = median(times.get(raw.name)!)
  const ratioOf = (c: Contender) => median(times.get(c.name)!) / base
  /** The median of the per-round ratios of two contenders (each round runs both, back to back). */
  const paired = (a: Contender, b: Contender) => {
    const ta = times.get(a.name)!
    const tb = times.get(b.name)!
    return median(ta.map((t, i) => t / tb[i]))
  }
  const inRounds = { fetch: paired(ours, effectHttp), undici: paired(oursUndici, effectUndici) }
  const overFetch = median(pairRatios.get(ours.name)!)
  const overUndici = median(pairRatios.get(oursUndici.name)!)
  const spread = (c: Contender) => {
    const rs = pairRatios.get(c.name)!
    return `${ratio(Math.min(...rs))}–${ratio(Math.max(...rs))}`
  }
  const dotsRatio = ratioOf(dotsWrapper)
  const undiciRatio = ratioOf(oursUndici)
  const extra = ((median(times.get(ours.name)!) - median(times.get(effectHttp.name)!)) * 1000) / requests
  const cost = (name: string) => costs.find((c) => c.name.startsWith(name))?.us ?? NaN
  const within = 1.15
  return {
    id: 1,
    title: "Per-request overhead",
    method: `${requests.toLocaleString("en-US")} sequential \`GET /v2/account\` per contender per round, ` +
      `${settings.rounds} rounds after a warm-up of ${warmup}, contenders interleaved (each round starts with the ` +
      `next one), each after a full garbage collection (so none pays for the garbage of the one before). The fake runs in a child process on 127.0.0.1 with no latency, so the time is the client's work ` +
      "plus a loopback round trip and the fake's own work. doapi and Effect's HttpClient alone run the loop as one " +
      "Effect on a `ManagedRuntime`, on two transports: `FetchHttpClient` (Node's fetch, as the raw fetch " +
      "contender) and `NodeHttpClient.layerUndici` from @effect/platform-node (undici's dispatcher, as the raw " +
      "undici contender); dots-wrapper uses axios (Node's http). Ratio = median time / median time of raw fetch; " +
      "per-round ratios min–max. \"vs Effect alone\" (the targets) is measured apart, after the rounds: on each " +
      `transport, ${pairs} pairs of doapi and Effect's HttpClient alone run back to back on the same runtime ` +
      "(which goes first alternating, a full garbage collection before each), and the ratio is the median of the " +
      "pairs' ratios. In the rounds, other clients run between the two (axios opens a connection per request), " +
      "which spreads their ratio from round to round; their paired ratio is given in the notes for comparison.",
    tables: [
      {
        head: ["Contender", "Median total", "Per request", "Ratio vs raw fetch", "Per-round ratios"],
        rows: contenders.map((c) => {
          const t = median(times.get(c.name)!)
          const rs = ratios.get(c.name)!
          return [
            c.name,
            `${t.toFixed(0)} ms`,
            us((t * 1000) / requests),
            ratio(t / base),
            `${ratio(Math.min(...rs))}–${ratio(Math.max(...rs))}`
          ]
        })
      },
      {
        title: "Where the time goes: CPU per call in process, in-memory transport (no I/O), medians of 7 rounds",
        head: ["Layer", "CPU per call"],
        rows: costs.map((c) => [c.name, us(c.us)])
      }
    ],
    verdicts: [
      {
        target: `doapi ≤ ${within}× Effect's HttpClient alone, same transport (FetchHttpClient)`,
        measured: `${ratio(overFetch)} (pairs: ${spread(ours)}; ${us(extra)} more per request in the rounds)`,
        met: overFetch <= within,
        missed: limitText(overFetch, (median(times.get(effectHttp.name)!) * 1000) / requests, cost)
      },
      {
        target: `doapi ≤ ${within}× Effect's HttpClient alone, same transport (NodeHttpClient.layerUndici)`,
        measured: `${ratio(overUndici)} (pairs: ${spread(oursUndici)})`,
        met: overUndici <= within,
        missed: limitText(overUndici, (median(times.get(effectUndici.name)!) * 1000) / requests, cost)
      },
      {
        target: "doapi on NodeHttpClient.layerUndici / raw fetch ≤ dots-wrapper / raw fetch",
        measured: `${ratio(undiciRatio)} vs ${ratio(dotsRatio)}`,
        met: undiciRatio <= dotsRatio,
        missed: `dots-wrapper (axios over Node's http) is ${ratio(dotsRatio)} of raw fetch; Effect's HttpClient ` +
          `alone on undici is already ${ratio(ratioOf(effectUndici))}, so the gap is @effect/platform's and the ` +
          "Effect runtime's, not doapi's (its share is the row above)."
      }
    ],
    notes: [
      `doapi / Effect's HttpClient alone in the interleaved rounds (median of the per-round ratios, for ` +
      `comparison): ${ratio(inRounds.fetch)} (FetchHttpClient), ${ratio(inRounds.undici)} ` +
      "(NodeHttpClient.layerUndici).",
      `Raw undici request / raw fetch: ${ratio(ratioOf(rawUndici))}; Effect HttpClient alone / raw fetch: ` +
      `${ratio(ratioOf(effectHttp))} (fetch), ${ratio(ratioOf(effectUndici))} (undici); doapi / raw fetch: ` +
      `${ratio(ratioOf(ours))} (fetch), ${ratio(undiciRatio)} (undici); dots-wrapper / raw fetch: ${ratio(dotsRatio)}.`,
      `Client CPU per request (process.cpuUsage() over one batch, FetchHttpClient): ${us(cpu.ours)} for doapi vs ` +
      `${us(cpu.raw)} for raw fetch, ${((cpu.ours - cpu.raw) / 500).toFixed(1)}% of a 50 ms round trip to the ` +
      `real API. In process, doapi's per-attempt time limit is one timer (Effect.timeout, ` +
      `${us(cost("Effect.timeout"))} in isolation, only under TestClock), its span ${us(cost("Effect.withSpan"))}, ` +
      `decoding the account ${us(cost("decode the account"))}.`,
      "In-process costs are lower bounds: under real I/O every layer also pays for fiber suspension and " +
      "resumption and for the garbage it leaves (GC), which is why the wall-time gap above is larger than " +
      "the sum of the CPU rows.",
      counted.served === counted.expected
        ? `The fake counted ${counted.served.toLocaleString("en-US")} requests, as many as were sent.`
        : `The fake counted ${counted.served} requests, but ${counted.expected} were sent: some were retried.`
    ]
  }
}

const limitText = (measured: number, alone: number, costOf: (name: string) => number) =>
  `Measured ${ratio(measured)}: the target leaves doapi ${us(alone * 0.15)} a call over Effect's HttpClient alone ` +
  `(${us(alone)} a call here). In process, with no I/O, doapi costs ${us(costOf("doapi Account.fetch"))} against ` +
  `${us(costOf("Effect HttpClient GET"))} for Effect's HttpClient with its own span, a gap of ` +
  `${us(costOf("doapi Account.fetch") - costOf("Effect HttpClient GET"))} that is one Effect program: reading ` +
  "DoConfig, building and checking the request, the time limit (one timer, the request sent through " +
  "HttpClient.withScope so the timer can abort it), the pacer's check, its span, the rate-limit snapshot, and " +
  "decoding; no part stands out (the rows below; a CPU profile of 100,000 calls puts the rest in the Effect " +
  "runtime's own steps and garbage collection). Under I/O the gap grows (fiber suspension and resumption, GC): " +
  "that growth is what misses the target."
