/**
 * The fake DigitalOcean, served over HTTP on 127.0.0.1 in its own process (so that its CPU and memory do not count
 * against the client being measured). Started by `lib/server.ts` with an IPC channel; its options come as JSON in
 * argv[2]. It answers a few control messages over IPC: the number of requests served, seeding actions that finish
 * at random times, and stop.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { seedActions } from "./lib/actions.js"

export interface ServerOptions {
  /** Active droplets to seed. */
  readonly droplets?: number | undefined
  /** Latency added to every request (the fake's `faults: [{ route: "*", latency }]`). */
  readonly latencyMs?: number | undefined
  readonly seed?: number | undefined
}

export type Control =
  | { readonly id: number; readonly type: "requests" }
  | {
    readonly id: number
    readonly type: "seed-actions"
    readonly count: number
    /** Each action finishes at a uniformly random time within this many milliseconds from now. */
    readonly withinMs: number
    readonly seed: number
  }
  | { readonly id: number; readonly type: "stop" }

const options: ServerOptions = JSON.parse(process.argv[2] ?? "{}")

/** mulberry32, as the fake's own PRNG. */
const prng = (seed: number): () => number => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const program: Effect.Effect<never, FakeDigitalOcean.ServeError, Scope.Scope> = Effect.gen(function*() {
  const server = yield* FakeDigitalOcean.serve({
    seed: options.seed ?? 1,
    // The benchmarks make tens of thousands of requests: no rate limit.
    rateLimit: { hourly: 1e12, minute: 1e12 },
    faults: options.latencyMs ? [{ route: "*", latency: `${options.latencyMs} millis` }] : []
  })
  const { fake } = server
  if (options.droplets) yield* fake.seedDroplets(options.droplets)

  // Counted by the fake itself: every request it answered.
  const requests = () => fake.state.served

  const seedWithin = (count: number, withinMs: number, seed: number) => {
    const random = prng(seed)
    const now = Date.now()
    const after = Array.from({ length: count }, () => Math.floor(random() * withinMs))
    return { ids: seedActions(fake, after, now), finishAt: after.map((offset) => now + offset) }
  }

  process.on("message", (message: Control) => {
    switch (message.type) {
      case "requests":
        process.send!({ id: message.id, requests: requests() })
        break
      case "seed-actions":
        process.send!({ id: message.id, ...seedWithin(message.count, message.withinMs, message.seed) })
        break
      case "stop":
        process.send!({ id: message.id }, () => process.exit(0))
        break
    }
  })
  process.on("disconnect", () => process.exit(0))
  process.send!({ type: "ready", url: server.url, token: fake.token })
  return yield* Effect.never
})

// A server that cannot listen says why; lib/server.ts then reports the exit.
Effect.runFork(
  Effect.scoped(program).pipe(Effect.catchTag("ServeError", (error) =>
    Effect.sync(() => {
      process.stderr.write(`fake server: ${error.message}\n`)
      process.exitCode = 1
    })))
)
