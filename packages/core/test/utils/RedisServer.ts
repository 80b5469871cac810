/**
 * A real `redis-server` for the tests of RedisBudget, on loopback and a free port, without persistence; stopped and
 * started again at will (to take Redis away under a running client), killed when the scope closes. Without
 * redis-server on PATH the test fails, and says how to install it (`.ci/run` does).
 */
import { Effect } from "effect"
import type { Scope } from "effect"
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import * as Net from "node:net"

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops the server (its data goes with it) and resolves once the port is closed. */
  readonly stop: Effect.Effect<void>
  /** Starts it again on the same port and resolves once it accepts connections. */
  readonly start: Effect.Effect<void>
}

const installed = (): boolean => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
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

const waitFor = async (port: number, open: boolean): Promise<void> => {
  for (let i = 0; i < 500; i++) {
    if ((await accepts(port)) === open) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`redis-server on port ${port} did not ${open ? "start" : "stop"} within 5 seconds`)
}

/** Starts a redis-server for the scope. */
export const make: Effect.Effect<RedisServer, never, Scope.Scope> = Effect.gen(function*() {
  if (!installed()) {
    return yield* Effect.die(
      new Error(
        "redis-server is not installed (these tests run a real one): apt-get install -y redis-server, " +
          "as .ci/run does"
      )
    )
  }
  const port = yield* Effect.promise(freePort)
  let child: ChildProcess | undefined
  const start = Effect.promise(async () => {
    child = spawn("redis-server", [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no"
    ], { stdio: "ignore" })
    await waitFor(port, true)
  })
  const stop = Effect.promise(async () => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once("exit", resolve))
    running.kill("SIGKILL")
    await exited
    await waitFor(port, false)
  })
  yield* Effect.acquireRelease(start, () => stop)
  return { port, url: `redis://127.0.0.1:${port}`, start, stop }
})
