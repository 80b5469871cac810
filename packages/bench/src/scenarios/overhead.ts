/**
 * 1. Per-request overhead: N sequential `Account.fetch` vs raw `fetch` + `JSON.parse` of the same endpoint, and
 * dots-wrapper's `account.getAccount()`, against the fake in a child process on 127.0.0.1.
 */
import { Account, DoConfig } from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { createApiClient } from "dots-wrapper"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Settings } from "../lib/config.js"
import * as Microcosts from "../lib/microcosts.js"
import type { ScenarioReport } from "../lib/report.js"
import { startServer } from "../lib/server.js"
import { median, ratio, rotate, time, us } from "../lib/stats.js"

interface Contender {
  readonly name: string
  readonly run: (n: number) => Promise<void>
}

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { requests, warmup } = settings.overhead
  const server = await startServer()
  const headers = { authorization: `Bearer ${server.token}` }
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(FetchHttpClient.layer, DoConfig.layer({ token: server.token, endpoint: server.url }))
  )
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
  const ours: Contender = {
    name: "doapi Account.fetch",
    run: (n) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) {
          const account = yield* Account.fetch
          if (account.email === undefined) throw new Error("unexpected response")
        }
      }))
  }
  const effectHttp: Contender = {
    name: "Effect HttpClient + JSON.parse (no doapi)",
    run: (n) =>
      runtime.runPromise(Effect.gen(function*() {
        const client = yield* HttpClient.HttpClient
        for (let i = 0; i < n; i++) {
          const response = yield* client.get(`${server.url}/v2/account`, { headers })
          const body = JSON.parse(yield* response.text)
          if (response.status !== 200 || body.account.email === undefined) throw new Error("unexpected response")
        }
      }))
  }
  const dotsWrapper: Contender = {
    name: "dots-wrapper account.getAccount",
    run: async (n) => {
      for (let i = 0; i < n; i++) {
        const { data } = await dots.account.getAccount()
        if (data.account.email === undefined) throw new Error("unexpected response")
      }
    }
  }
  const contenders = [raw, ours, effectHttp, dotsWrapper]
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

  try {
    for (const contender of contenders) await contender.run(warmup)
    for (let round = 0; round < settings.rounds; round++) {
      const perRound = new Map<string, number>()
      for (const contender of rotate(contenders, round)) {
        const { ms } = await time(() => contender.run(requests))
        perRound.set(contender.name, ms)
        times.get(contender.name)!.push(ms)
      }
      for (const contender of contenders) {
        ratios.get(contender.name)!.push(perRound.get(contender.name)! / perRound.get(raw.name)!)
      }
    }
    cpu = { raw: await cpuOf(raw), ours: await cpuOf(ours) }
    const served = await server.requests()
    // The warm-up and rounds of every contender, the two CPU batches, and the sample request.
    const expected = (warmup + requests * settings.rounds) * contenders.length + 2 * requests + 1
    counted = { served, expected }
  } finally {
    await runtime.dispose()
    await server.stop()
  }

  const costs = await Microcosts.measure(sampleBody, sampleHeaders, settings.quick ? 2000 : 5000)
  const base = median(times.get(raw.name)!)
  const oursRatio = median(times.get(ours.name)!) / base
  const dotsRatio = median(times.get(dotsWrapper.name)!) / base
  const effectRatio = median(times.get(effectHttp.name)!) / base
  const extra = ((median(times.get(ours.name)!) - base) * 1000) / requests
  const cost = (name: string) => costs.find((c) => c.name.startsWith(name))?.us ?? NaN
  return {
    id: 1,
    title: "Per-request overhead",
    method: `${requests.toLocaleString("en-US")} sequential \`GET /v2/account\` per contender per round, ` +
      `${settings.rounds} rounds after a warm-up of ${warmup}, contenders interleaved (each round starts with the ` +
      `next one). The fake runs in a child process on 127.0.0.1 with no latency, so the time is the client's work ` +
      "plus a loopback round trip and the fake's own work. doapi runs the loop as one Effect on a " +
      "`ManagedRuntime` with `FetchHttpClient` (Node's fetch, as the raw contender); dots-wrapper uses axios " +
      "(Node's http). Ratio = median time / median time of raw fetch; per-round ratios min–max.",
    tables: [
      {
        head: ["Contender", "Median total", "Per request", "Ratio vs raw", "Per-round ratios"],
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
    verdicts: [{
      target: "doapi / raw fetch ≤ 1.25",
      measured: `${ratio(oursRatio)} (${us(extra)} more per request)`,
      met: oursRatio <= 1.25,
      missed: `The round trip on loopback is only ${us((base * 1000) / requests)}, so ≤ 1.25 leaves ` +
        `${us((base * 1000 * 0.25) / requests)} per request for everything the client does above fetch. ` +
        `Effect's own HttpClient over the same fetch, with no doapi code, is already ${ratio(effectRatio)}: ` +
        "the target cannot be met while requests go through `@effect/platform`'s HttpClient and the Effect " +
        "runtime. Against the real API what counts is the client's CPU per request, measured with " +
        `process.cpuUsage() over one batch: ${us(cpu.ours)} per request for doapi vs ${
          us(cpu.raw)
        } for raw fetch, about ` +
        `${((cpu.ours - cpu.raw) / 1000).toFixed(2)} ms more, ${((cpu.ours - cpu.raw) / 500).toFixed(1)}% of a 50 ms ` +
        "round trip to the real API. Of " +
        `doapi's own share, the per-attempt \`Effect.timeout\` (${us(cost("Effect.timeout"))} in isolation: it ` +
        `forks two fibers and a timer per attempt), the retry driver (${us(cost("Effect.retry"))}), spans ` +
        `(${us(cost("Effect.withSpan"))} each; the platform adds its own http.client span and trace headers) ` +
        `and decoding (${us(cost("decode the account"))}) are the big items; see the findings at the end.`
    }],
    notes: [
      `Effect HttpClient alone / raw fetch: ${ratio(effectRatio)}; dots-wrapper / raw fetch: ${ratio(dotsRatio)} ` +
      "(for reference; no target).",
      "In-process costs are lower bounds: under real I/O every layer also pays for fiber suspension and " +
      "resumption and for the garbage it leaves (GC), which is why the wall-time gap above is larger than " +
      "the sum of the CPU rows.",
      counted.served === counted.expected
        ? `The fake counted ${counted.served.toLocaleString("en-US")} requests, as many as were sent.`
        : `The fake counted ${counted.served} requests, but ${counted.expected} were sent: some were retried.`
    ]
  }
}
