/**
 * The client of the memory scenario, run in a fresh process per measurement (bundled by esbuild and run with plain
 * `node --expose-gc`, so no TypeScript loader sits in its memory): lists every droplet of the fake at argv[2] and
 * prints one JSON line with its memory figures.
 *
 *   node --expose-gc memory-client.mjs URL TOKEN stream|collect|live
 *
 * `live` streams too, but forces a GC every tenth of the way and records the heap then: what the stream really holds
 * (not garbage waiting for a collection). Its timings and peaks are perturbed by those GCs, so it is a separate run.
 */
import { DoConfig, Droplet } from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { unlimitedBudget } from "./lib/config.js"

const [url, token, mode] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

const main = async () => {
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(FetchHttpClient.layer, DoConfig.layer({ token, endpoint: url, budget: unlimitedBudget }))
  )
  // Warm-up: the code paths and a connection (the first page, and the ones fetched ahead of it).
  await runtime.runPromise(Stream.runDrain(Stream.take(Droplet.stream(), 1)))
  gc()
  const baseline = process.memoryUsage()
  let peakRss = baseline.rss
  let peakHeap = baseline.heapUsed
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    if (m.rss > peakRss) peakRss = m.rss
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed
  }, 2)

  const start = performance.now()
  let count = 0
  const live: Array<number> = []
  if (mode === "live") {
    const total = Number(process.argv[5])
    const step = Math.max(1, Math.floor(total / 10))
    await runtime.runPromise(Stream.runForEach(Droplet.stream(), () =>
      Effect.sync(() => {
        count++
        if (count % step === 0) {
          gc()
          live.push(process.memoryUsage().heapUsed)
        }
      })))
  } else if (mode === "collect") {
    const all = await runtime.runPromise(Droplet.fetchAll())
    count = all.length
  } else {
    await runtime.runPromise(Stream.runForEach(Droplet.stream(), () =>
      Effect.sync(() => {
        count++
      })))
  }
  const elapsed = performance.now() - start
  clearInterval(sampler)
  const m = process.memoryUsage()
  peakRss = Math.max(peakRss, m.rss)
  peakHeap = Math.max(peakHeap, m.heapUsed)
  await runtime.dispose()
  process.stdout.write(
    JSON.stringify({
      count,
      ms: elapsed,
      baselineRss: baseline.rss,
      baselineHeap: baseline.heapUsed,
      peakRss,
      peakHeap,
      maxRss: process.resourceUsage().maxRSS * 1024,
      live
    }) + "\n"
  )
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
