/**
 * Starts `fake-server.ts` in a child process and talks to it over IPC.
 */
import { type ChildProcess, fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import type { ServerOptions } from "../fake-server.js"

export interface FakeServer {
  readonly url: string
  readonly token: string
  /** Requests the server has answered so far. */
  readonly requests: () => Promise<number>
  /** Adds `count` in-progress actions, each finishing at a random time within `withinMs` from now. */
  readonly seedActions: (
    count: number,
    withinMs: number,
    seed: number
  ) => Promise<{ readonly ids: ReadonlyArray<number>; readonly finishAt: ReadonlyArray<number> }>
  readonly stop: () => Promise<void>
}

const script = fileURLToPath(new URL("../fake-server.ts", import.meta.url))

const running = new Set<ChildProcess>()
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL")
})

export const startServer = (options: ServerOptions = {}): Promise<FakeServer> =>
  new Promise((resolve, reject) => {
    const child = fork(script, [JSON.stringify(options)], {
      execArgv: ["--import", import.meta.resolve("tsx")],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    running.add(child)
    let nextId = 1
    const waiting = new Map<number, (message: any) => void>()
    const call = <A>(message: Record<string, unknown>): Promise<A> =>
      new Promise((done) => {
        const id = nextId++
        waiting.set(id, done)
        child.send({ ...message, id })
      })
    child.once("exit", (code) => {
      running.delete(child)
      reject(new Error(`fake server exited (${code}) before it was ready`))
    })
    child.on("message", (message: any) => {
      if (message.type === "ready") {
        resolve({
          url: message.url,
          token: message.token,
          requests: () => call<{ requests: number }>({ type: "requests" }).then((m) => m.requests),
          seedActions: (count, withinMs, seed) => call({ type: "seed-actions", count, withinMs, seed }),
          stop: async () => {
            if (child.exitCode !== null) return
            const exited = new Promise<void>((done) => child.once("exit", () => done()))
            await call({ type: "stop" })
            await exited
          }
        })
        return
      }
      const done = waiting.get(message.id)
      if (done !== undefined) {
        waiting.delete(message.id)
        done(message)
      }
    })
  })
