/**
 * 9. One budget for a fleet (issue #11's scenario c): four processes on one token share its per-minute allowance
 * through Redis (`RedisBudget.layer`), each listing droplets and polling them one by one with more calls under way
 * than the budget allows, against one fake DigitalOcean at DigitalOcean's real limits (250 a minute, 5,000 an
 * hour) and on the real clock. The fake counts what it accepted and what it answered 429.
 *
 * Redis: `REDIS_URL` when set (.ci/run starts one), else a redis-server of its own on a free loopback port.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import { type ChildProcess, execFileSync, fork, spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import * as Net from "node:net"
import { fileURLToPath } from "node:url"
import type { Settings } from "../lib/config.js"
import type { ScenarioReport } from "../lib/report.js"
import { int, sleep } from "../lib/stats.js"

const PER_MINUTE = 250
const PER_HOUR = 5000
const PROCESSES = 4
/** Calls each process has under way besides its lister: far more than the budget lets through. */
const POLLERS = 4

/** The run: a warm-up (the processes start, the bucket's burst is spent), then the measured window. */
const plan = (settings: Settings) =>
  settings.quick ? { warmupMs: 3_000, windowMs: 15_000 } : { warmupMs: 15_000, windowMs: 120_000 }

const worker = fileURLToPath(new URL("../fleet-worker.ts", import.meta.url))

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = Net.connect({ port, host: "127.0.0.1" })
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })

/** REDIS_URL, or a redis-server of our own (stopped by the returned function). */
const redis = async (): Promise<{ readonly url: string; readonly origin: string; readonly stop: () => void }> => {
  const fromEnv = process.env.REDIS_URL
  if (fromEnv !== undefined && fromEnv !== "") return { url: fromEnv, origin: "REDIS_URL", stop: () => {} }
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" })
  } catch {
    throw new Error("scenario 9 needs Redis: set REDIS_URL, or install redis-server (apt-get install -y redis-server)")
  }
  const port = await freePort()
  const child = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no"
  ], {
    stdio: "ignore"
  })
  for (let i = 0; i < 500 && !(await accepts(port)); i++) await sleep(10)
  return { url: `redis://127.0.0.1:${port}`, origin: "a redis-server of its own", stop: () => child.kill("SIGKILL") }
}

interface Worker {
  readonly child: ChildProcess
  readonly ready: Promise<void>
  readonly done: Promise<{ readonly calls: number; readonly failed: number }>
}

const startWorker = (args: Record<string, unknown>): Worker => {
  const child = fork(worker, [JSON.stringify(args)], {
    execArgv: ["--import", import.meta.resolve("tsx")],
    stdio: ["ignore", "pipe", "inherit", "ipc"]
  })
  let output = ""
  let onReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => (onReady = resolve))
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8")
    if (output.includes("ready\n")) onReady()
  })
  const done = new Promise<{ calls: number; failed: number }>((resolve, reject) =>
    child.once("exit", (code) => {
      const last = output.trim().split("\n").at(-1) ?? ""
      if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last))
      else reject(new Error(`a fleet process exited with ${code}: ${output}`))
    })
  )
  return { child, ready, done }
}

/** The most requests in any sliding minute `(t - 60 s, t]`. */
const busiestMinute = (times: ReadonlyArray<number>): number => {
  let most = 0
  let first = 0
  for (let last = 0; last < times.length; last++) {
    while (times[first] <= times[last] - 60_000) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { warmupMs, windowMs } = plan(settings)
  const store = await redis()
  const scope = Effect.runSync(Scope.make())
  const workers: Array<Worker> = []
  try {
    const server = await Effect.runPromise(
      Scope.extend(
        FakeDigitalOcean.serve({ rateLimit: { minute: PER_MINUTE, hourly: PER_HOUR }, seed: 9 }),
        scope
      )
    )
    const { state, token } = server.fake
    await Effect.runPromise(server.fake.seedDroplets(250))
    const accepted = (): ReadonlyArray<number> => [...(state.requests.get(token)?.times ?? [])]
    const prefix = `doapi:bench:${randomUUID()}:`
    for (let i = 0; i < PROCESSES; i++) {
      workers.push(startWorker({ endpoint: server.url, token, redisUrl: store.url, prefix, pollers: POLLERS }))
    }
    await Promise.all(workers.map((w) => w.ready))
    const started = Date.now()
    await sleep(warmupMs)
    const servedAtStart = state.served
    const acceptedAtStart = accepted().length
    const from = Date.now()
    await sleep(windowMs)
    const to = Date.now()
    const times = accepted()
    const inWindow = times.filter((t) => t > from && t <= to).length
    const servedInWindow = state.served - servedAtStart
    const acceptedInWindow = times.length - acceptedAtStart
    for (const w of workers) w.child.kill("SIGTERM")
    const outcomes = await Promise.all(workers.map((w) => w.done))
    const all = accepted()
    const total429 = state.served - all.length
    const window429 = servedInWindow - acceptedInWindow
    const floor = (PER_MINUTE * windowMs) / 60_000
    const share = inWindow / floor
    const calls = outcomes.reduce((n, o) => n + o.calls, 0)
    const failed = outcomes.reduce((n, o) => n + o.failed, 0)
    const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`

    return {
      id: 9,
      title: "One budget for a fleet: four processes sharing one token through Redis (issue #11, c)",
      method: `${PROCESSES} Node processes on one token, each with \`RedisBudget.layer\` (Redis: ${store.origin}), ` +
        `each listing the 250 droplets (3 pages of 100) in a loop and polling them one by one with ${POLLERS} ` +
        `calls under way: far more demand than the budget. One fake DigitalOcean (in the bench's process, on the ` +
        `real clock) at DigitalOcean's real limits: ${PER_MINUTE} a minute (sliding) and ${int(PER_HOUR)} an hour. ` +
        `After every process made its first call, a warm-up of ${seconds(warmupMs)} (the bucket's burst is spent), ` +
        `then a measured window of ${seconds(windowMs)} at the real rate` +
        (settings.quick ? " (quick pass: a shorter window, the same rate and limits)." : ".") +
        " The fake counts what it accepted and what it answered 429; the floor is what the budget allows in " +
        "the window.",
      tables: [{
        head: ["Measure", "Value"],
        rows: [
          ["Requests accepted in the window", int(inWindow)],
          ["The budget's floor in the window (250 a minute)", int(floor)],
          ["Throughput, share of the budget", `${(share * 100).toFixed(1)}%`],
          ["Answered 429 in the window", int(window429)],
          ["Answered 429 in the whole run (warm-up and stop included)", int(total429)],
          ["Most requests in any sliding minute (allowance 250)", int(busiestMinute(all))],
          ["Calls made by the processes (a listing is one call of 3 requests)", int(calls)],
          ["Calls failed", int(failed)],
          ["Run, from the first call of the last process to the stop", seconds(Date.now() - started)]
        ]
      }],
      verdicts: [
        {
          target: "(c) 0 answered 429 across the processes",
          measured: `${int(total429)} in the whole run`,
          met: total429 === 0
        },
        {
          target: "(c) throughput ≥ 90% of the budget",
          measured: `${(share * 100).toFixed(1)}% (${int(inWindow)} of ${int(floor)})`,
          met: share >= 0.9,
          missed: "RedisBudget.bucket sets the bucket's steady rate at 94% of the allowance"
        }
      ],
      notes: [
        "RedisBudget's bucket for 250 a minute: a burst of 10, then one request every 255 ms (235 a minute, 94%); " +
        "the 6% left covers the burst, the spacing of requests and the network's jitter, so that no sliding minute " +
        "passes 250. Each process keeps one request waiting in Redis at a time: the others queue in the process."
      ]
    }
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL")
    await Effect.runPromise(Scope.close(scope, Exit.void))
    store.stop()
  }
}
