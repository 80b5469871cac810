/**
 * 2. Listing N droplets with a fixed latency per request: doapi's concurrent paging vs sequential paging that
 * follows `links.pages.next` (raw fetch + JSON.parse: what most clients do) and vs dots-wrapper paged by hand.
 */
import { DoConfig, Droplet } from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { createApiClient } from "dots-wrapper"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Settings } from "../lib/config.js"
import type { ScenarioReport } from "../lib/report.js"
import { startServer } from "../lib/server.js"
import { median, ms, ratio, rotate } from "../lib/stats.js"

const PER_PAGE = 200

interface Contender {
  readonly name: string
  /** Lists every droplet; returns how many (unique ids). */
  readonly run: () => Promise<number>
}

/** Round trips when the first page is fetched alone, then the rest `concurrency` at a time. */
export const roundTrips = (pages: number, concurrency: number): number =>
  pages <= 1 ? 1 : 1 + Math.ceil((pages - 1) / concurrency)

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { droplets, latencyMs, rounds } = settings.listing
  const server = await startServer({ droplets, latencyMs })
  const headers = { authorization: `Bearer ${server.token}` }
  const runtimes = new Map<number, ManagedRuntime.ManagedRuntime<any, never>>()
  const runtimeFor = (pageConcurrency: number) => {
    let runtime = runtimes.get(pageConcurrency)
    if (runtime === undefined) {
      runtime = ManagedRuntime.make(Layer.mergeAll(
        FetchHttpClient.layer,
        DoConfig.layer({ token: server.token, endpoint: server.url, pageConcurrency, perPage: PER_PAGE })
      ))
      runtimes.set(pageConcurrency, runtime)
    }
    return runtime
  }
  const unique = (ids: Iterable<number>) => new Set(ids).size
  const ours = (pageConcurrency: number): Contender => ({
    name: `doapi Droplet.fetchAll, pageConcurrency ${pageConcurrency}${pageConcurrency === 4 ? " (default)" : ""}`,
    run: async () => unique((await runtimeFor(pageConcurrency).runPromise(Droplet.fetchAll())).map((d) => d.id))
  })
  const sequential: Contender = {
    name: "sequential links.pages.next (raw fetch + JSON.parse)",
    run: async () => {
      const ids: Array<number> = []
      let next: string | undefined = `${server.url}/v2/droplets?per_page=${PER_PAGE}`
      while (next !== undefined) {
        const response = await fetch(next, { headers })
        const body = JSON.parse(await response.text())
        for (const droplet of body.droplets) ids.push(droplet.id)
        next = body.links?.pages?.next
      }
      return unique(ids)
    }
  }
  const dots = createApiClient({ token: server.token, endpoint: `${server.url}/v2` })
  const dotsWrapper: Contender = {
    name: "dots-wrapper listDroplets, paged by hand",
    run: async () => {
      const ids: Array<number> = []
      for (let page = 1;; page++) {
        const { data } = await dots.droplet.listDroplets({ page, per_page: PER_PAGE })
        for (const droplet of data.droplets) ids.push(droplet.id)
        if (data.links?.pages?.next === undefined) break
      }
      return unique(ids)
    }
  }
  const oursDefault = ours(4)
  const eight = ours(8)
  const contenders = [oursDefault, eight, ours(1), sequential, dotsWrapper]
  const times = new Map<string, Array<number>>(contenders.map((c) => [c.name, []]))
  const cpus = new Map<string, Array<number>>(contenders.map((c) => [c.name, []]))
  const requests = new Map<string, number>()

  try {
    // Warm-up: each contender once (JIT, connections), not counted.
    for (const contender of contenders) {
      const before = await server.requests()
      const count = await contender.run()
      if (count !== droplets) throw new Error(`${contender.name} listed ${count} droplets, expected ${droplets}`)
      requests.set(contender.name, (await server.requests()) - before)
    }
    for (let round = 0; round < rounds; round++) {
      for (const contender of rotate(contenders, round)) {
        const cpuBefore = process.cpuUsage()
        const start = performance.now()
        const value = await contender.run()
        const elapsed = performance.now() - start
        const cpu = process.cpuUsage(cpuBefore)
        if (value !== droplets) throw new Error(`${contender.name} listed ${value} droplets`)
        times.get(contender.name)!.push(elapsed)
        cpus.get(contender.name)!.push((cpu.user + cpu.system) / 1000)
      }
    }
  } finally {
    for (const runtime of runtimes.values()) await runtime.dispose()
    await server.stop()
  }

  const pages = Math.ceil(droplets / PER_PAGE)
  const floor = (c: number) => roundTrips(pages, c) * latencyMs
  const t = (c: Contender) => median(times.get(c.name)!)
  const seq = t(sequential)
  const oursT = t(oursDefault)
  const concurrencyOf = (c: Contender) => {
    const m = /pageConcurrency (\d+)/.exec(c.name)
    return m === null ? 1 : Number(m[1])
  }
  const ceiling = pages / roundTrips(pages, 4)
  return {
    id: 2,
    title: "Listing droplets with latency",
    method: `${droplets.toLocaleString("en-US")} droplets, \`per_page\` ${PER_PAGE} (${pages} pages), ` +
      `${latencyMs} ms latency added by the fake to every request (\`faults: [{ route: "*", latency }]\`), fake ` +
      `in a child process. ${rounds} rounds after a warm-up, contenders interleaved. Floor = round trips × ` +
      `latency, where round trips = 1 + ceil((pages − 1) / pageConcurrency) (the first page alone, since it ` +
      `tells the total; then the rest, pageConcurrency at a time); sequential paging needs ${pages} round trips. ` +
      "Client CPU = process.cpuUsage() of the bench process over the run (the fake is another process).",
    tables: [{
      head: ["Contender", "Median", "Client CPU", "Requests", "Floor", "vs floor", "Sequential / this"],
      rows: contenders.map((c) => {
        const k = concurrencyOf(c)
        return [
          c.name,
          ms(t(c)),
          ms(median(cpus.get(c.name)!)),
          String(requests.get(c.name)),
          `${ms(floor(k))} (${roundTrips(pages, k)} RT)`,
          ratio(t(c) / floor(k)),
          ratio(seq / t(c))
        ]
      })
    }],
    verdicts: [
      {
        target: "doapi (default pageConcurrency 4) ≥ 5× faster than sequential",
        measured: `${ratio(seq / oursT)} (${ms(seq)} vs ${ms(oursT)})`,
        met: seq / oursT >= 5,
        missed: `With pageConcurrency 4 the best possible speed-up over sequential is pages / round trips = ` +
          `${pages} / ${roundTrips(pages, 4)} = ${ratio(ceiling)}, so the target needs pageConcurrency ≥ 8 ` +
          `(${pages} / ${roundTrips(pages, 8)} = ${ratio(pages / roundTrips(pages, 8))}). That alone is not ` +
          `enough: measured at 8 it is ${ratio(seq / t(eight))}, because the listing is then bound by the ` +
          `client's CPU: ${ms(median(cpus.get(eight.name)!))} of CPU for ${pages} pages ` +
          `(${ms(median(cpus.get(eight.name)!) / pages)} a page, against ` +
          `${ms(median(cpus.get(sequential.name)!) / pages)} for raw fetch + JSON.parse), mostly decoding ` +
          `(scenario 3). 5× means ≤ ${ms(seq / 5)} in all: a default pageConcurrency of 8 and the client's CPU ` +
          `per page brought to about ${ms(seq / 5 / pages)} or less (from ${
            ms(median(cpus.get(eight.name)!) / pages)
          }).`
      },
      {
        target: "doapi within 1.5× of the floor",
        measured: `${ratio(oursT / floor(4))} (${ms(oursT)} vs floor ${ms(floor(4))})`,
        met: oursT / floor(4) <= 1.5,
        missed: "The time above the floor is the client's CPU per page (decoding, scenario 3) and the fake's, " +
          "each serialized on one core while pages are in flight."
      }
    ],
    notes: [
      `Sequential / its own floor (${pages} × ${latencyMs} ms = ${ms(pages * latencyMs)}): ` +
      `${ratio(seq / (pages * latencyMs))}; dots-wrapper: ${ratio(t(dotsWrapper) / (pages * latencyMs))}.`
    ]
  }
}
