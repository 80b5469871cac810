/**
 * One budget for a fleet, end to end: three processes on one token share their per-minute allowance through a real
 * redis-server, against one fake DigitalOcean served over HTTP with a small allowance (120 a minute), each process
 * asking for five times the whole allowance. No request is answered 429. One process is killed (SIGKILL) while it waits for its
 * turn: the others go on. Redis is stopped: the processes pace locally and no call fails; Redis is started again
 * (empty): they share through it again.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as RedisServer from "../../core/test/utils/RedisServer.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

const PER_MINUTE = 120

interface Worker {
  readonly child: ChildProcess
  /** The latest `{ ok, failed }` it printed. */
  readonly progress: () => { readonly ok: number; readonly failed: number }
  readonly stderr: () => string
  readonly exit: Promise<number | null>
  readonly exitCode: () => number | null
}

const startWorker = (args: Record<string, unknown>): Worker => {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/fleetWorker.ts", JSON.stringify(args)], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"]
  })
  let latest = { ok: 0, failed: 0 }
  let buffer = ""
  let stderr = ""
  child.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8")
    const lines = buffer.split("\n")
    buffer = lines.pop() ?? ""
    for (const line of lines) if (line.trim() !== "") latest = JSON.parse(line)
  })
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  return { child, progress: () => latest, stderr: () => stderr, exit, exitCode: () => child.exitCode }
}

describe("RedisBudget: a fleet of processes on one token", () => {
  it.scopedLive(
    "shares one allowance (no 429), survives a killed process and Redis going away",
    () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.make
        const server = yield* FakeDigitalOcean.serve({ rateLimit: { minute: PER_MINUTE, hourly: 1_000_000 } })
        const { state, token } = server.fake
        const accepted = () => state.requests.get(token)?.times.length ?? 0
        const answered429 = () => state.served - accepted()

        // Each asks for up to 10 calls a second (the allowance is 2 a second): each pacing alone, the three would pass
        // the allowance within five seconds and be answered 429.
        const args = { endpoint: server.url, token, redisUrl: redis.url, perMinute: PER_MINUTE, gapMs: 100 }
        const survivors = [startWorker({ ...args, seconds: 120 }), startWorker({ ...args, seconds: 120 })]
        const doomed = startWorker({ ...args, seconds: 120 })
        const workers = [...survivors, doomed]
        yield* Effect.addFinalizer(() => Effect.sync(() => workers.forEach((worker) => worker.child.kill("SIGKILL"))))
        // Node and tsx take a few seconds to start on a busy machine: the run starts once each has made a call.
        yield* Effect.sleep("200 millis").pipe(
          Effect.repeat({
            until: () => workers.every((worker) => worker.progress().ok > 0 || worker.exitCode() !== null)
          })
        )
        for (const worker of workers) {
          assert.isAbove(worker.progress().ok, 0, `a process made no call: ${worker.stderr()}`)
        }

        // Sharing: all three send; none is answered 429.
        yield* Effect.sleep("6 seconds")
        doomed.child.kill("SIGKILL")
        yield* Effect.promise(() => doomed.exit)
        const atKill = accepted()

        // The two others go on with the whole allowance.
        yield* Effect.sleep("4 seconds")
        assert.isAbove(accepted(), atKill, "the others went on after the third was killed")
        assert.strictEqual(answered429(), 0, "no 429 while the budget was shared")

        // Redis goes away: each process paces locally; no call fails.
        yield* redis.stop
        const atStop = accepted()
        yield* Effect.sleep("1500 millis")
        assert.isAbove(accepted(), atStop, "calls go on while Redis is away")
        yield* redis.start
        const atStart = accepted()

        // Back (empty): the processes share through it again, and the fleet goes on to the end.
        yield* Effect.sleep("5 seconds")
        survivors.forEach((worker) => worker.child.kill("SIGTERM"))
        const codes = yield* Effect.promise(() => Promise.all(survivors.map((worker) => worker.exit)))
        const keys = yield* Effect.promise(() => redisKeys(redis.port))
        assert.isTrue(keys.some((key) => key.startsWith("doapi:budget:")), `no budget in Redis again: ${keys}`)
        assert.isAbove(accepted(), atStart)
        for (const [i, worker] of survivors.entries()) {
          assert.strictEqual(codes[i], 0, worker.stderr())
          assert.strictEqual(worker.progress().failed, 0, worker.stderr())
          assert.isAbove(worker.progress().ok, 0)
        }
        // The fake never saw more than its allowance in a minute, Redis away or not (the local pacers kept the short
        // outage under it here): no request of the whole run was answered 429.
        assert.strictEqual(answered429(), 0)
      }),
    { timeout: 90_000 }
  )
})

/** The keys in Redis, read with redis-cli. */
const redisKeys = (port: number): Promise<ReadonlyArray<string>> =>
  new Promise((resolve, reject) => {
    const child = spawn("redis-cli", ["-p", String(port), "--raw", "keys", "*"], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")))
    child.once("error", reject)
    child.once("exit", () => resolve(out.split("\n").filter((line) => line.trim() !== "")))
  })
