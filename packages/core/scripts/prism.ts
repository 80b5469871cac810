/**
 * Starting and stopping Prism (`@stoplight/prism-cli`, a root devDependency) for the scripts that check against
 * DigitalOcean's official OpenAPI document: the conformance run (`prism mock`, `conformance/run.ts`) and the fake's
 * spec-validated scenario (`prism proxy --errors`, `packages/testing/scripts/scenario.ts`).
 *
 *   const prism = yield* Prism.start({ command: "mock", flags: ["--dynamic=false", "--errors=false"] })
 *   const proxy = yield* Prism.start({ command: "proxy", upstream: "http://127.0.0.1:4321", flags: ["--errors"] })
 *
 * `start` picks a free port on 127.0.0.1, spawns Prism detached (as the leader of its own process group) on the spec
 * at `Spec.specPath`, and waits until it answers; when the scope closes, the whole process group is stopped (SIGTERM,
 * then SIGKILL after 3 seconds). A Prism still running when the process exits, or gets SIGINT or SIGTERM, is killed.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as path from "node:path"
import * as Spec from "../test/utils/Spec.js"

/** Prism listens on loopback only. */
export const HOST = "127.0.0.1"

const STARTUP_TIMEOUT = Duration.seconds(90)
const STOP_GRACE_MS = 3000

/** Prism could not run: it is not installed, found no free port, exited or did not answer in time. */
export class SetupError extends Schema.TaggedError<SetupError>()("SetupError", { message: Schema.String }) {}

/** Where `@stoplight/prism-cli` is installed (the repository root's node_modules). */
export const prismPackage: string = path.join(Spec.repositoryRoot, "node_modules", "@stoplight", "prism-cli")

/** Prism's command-line entry point. */
export const prismBin: string = path.join(prismPackage, "dist", "index.js")

/** The installed Prism's version, e.g. `5.14.2`. */
export const version = (): string =>
  JSON.parse(fs.readFileSync(path.join(prismPackage, "package.json"), "utf8")).version as string

/** A port free on `HOST` right now. */
export const freePort: Effect.Effect<number, SetupError> = Effect.async((resume) => {
  const server = net.createServer()
  server.once("error", (error) => resume(Effect.fail(new SetupError({ message: `no free port: ${error.message}` }))))
  server.listen(0, HOST, () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** A running Prism. */
export interface Prism {
  readonly child: ChildProcess
  readonly port: number
  /** e.g. `http://127.0.0.1:43817` */
  readonly url: string
  /** The last lines Prism printed (for when it fails to start, or to explain a failure). */
  readonly output: () => string
}

export interface Options {
  /** `mock` serves the spec's examples; `proxy` forwards to `upstream` and validates both ways. */
  readonly command: "mock" | "proxy"
  /** The server a proxy forwards to, e.g. `http://127.0.0.1:4321`. */
  readonly upstream?: string | undefined
  /** More flags, e.g. `["--dynamic=false", "--errors=false"]` or `["--errors"]`. */
  readonly flags?: ReadonlyArray<string> | undefined
  /** The OpenAPI document (default `Spec.specPath`). */
  readonly spec?: string | undefined
  /** Headers of the readiness probe (`GET /v2/account`; any HTTP status means Prism is up). */
  readonly probeHeaders?: Readonly<Record<string, string>> | undefined
  /** How long Prism may take to answer (default 90 seconds). */
  readonly startupTimeout?: Duration.DurationInput | undefined
}

/** Every Prism started and not stopped yet, so that an exit or a signal still stops them. */
const running = new Set<ChildProcess>()

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null

/** Signals Prism's whole process group (it runs detached, as its group's leader). */
const signal = (child: ChildProcess, name: NodeJS.Signals): void => {
  if (child.pid === undefined || exited(child)) return
  try {
    process.kill(-child.pid, name)
  } catch {
    // Already gone.
  }
}

let guarded = false

/** Once: kills every running Prism when the process exits or is interrupted (SIGINT, SIGTERM: exit code 130). */
const guardExit = (): void => {
  if (guarded) return
  guarded = true
  const killAll = () => {
    for (const child of running) signal(child, "SIGKILL")
  }
  process.once("exit", killAll)
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    process.once(name, () => {
      killAll()
      process.exit(130)
    })
  }
}

/** Stops a Prism: SIGTERM to its process group, SIGKILL if it is still there after 3 seconds. */
export const stop = (prism: Prism): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    const { child } = prism
    if (exited(child)) return resume(Effect.void)
    const killer = setTimeout(() => signal(child, "SIGKILL"), STOP_GRACE_MS)
    child.once("exit", () => {
      clearTimeout(killer)
      resume(Effect.void)
    })
    signal(child, "SIGTERM")
  }).pipe(Effect.ensuring(Effect.sync(() => running.delete(prism.child))))

const spawnPrism = (options: Options, port: number): Effect.Effect<Prism, SetupError> =>
  Effect.suspend(() => {
    if (!fs.existsSync(prismBin)) {
      return Effect.fail(
        new SetupError({
          message: `Prism is not installed (${prismBin} is missing): run \`npx -y pnpm@10.34.9 install\` first`
        })
      )
    }
    if (options.command === "proxy" && options.upstream === undefined) {
      return Effect.fail(new SetupError({ message: "prism proxy needs an upstream URL" }))
    }
    const args = [
      prismBin,
      options.command,
      "--host",
      HOST,
      "--port",
      String(port),
      ...(options.flags ?? []),
      options.spec ?? Spec.specPath,
      ...(options.command === "proxy" ? [options.upstream!] : [])
    ]
    guardExit()
    const child = spawn(process.execPath, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] })
    running.add(child)
    const lines: Array<string> = []
    const keep = (chunk: Buffer) => {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line.trim() !== ""))
      if (lines.length > 40) lines.splice(0, lines.length - 40)
    }
    child.stdout?.on("data", keep)
    child.stderr?.on("data", keep)
    return Effect.succeed<Prism>({ child, port, url: `http://${HOST}:${port}`, output: () => lines.join("\n") })
  })

/** Polls until Prism answers (any HTTP status); fails if it exits first or takes longer than the timeout. */
const awaitPrism = (prism: Prism, options: Options): Effect.Effect<void, SetupError> => {
  const timeout = Duration.decode(options.startupTimeout ?? STARTUP_TIMEOUT)
  const notYet = "not yet" as const
  const probe = Effect.suspend((): Effect.Effect<unknown, SetupError | typeof notYet> =>
    exited(prism.child)
      ? Effect.fail(
        new SetupError({
          message: `Prism exited (${prism.child.exitCode ?? prism.child.signalCode}) before answering:\n` +
            prism.output()
        })
      )
      : Effect.tryPromise({
        try: (signal) =>
          fetch(`${prism.url}/v2/account`, { headers: { ...options.probeHeaders }, signal })
            .then((response) => response.arrayBuffer()),
        catch: () => notYet
      })
  )
  const late = () =>
    new SetupError({ message: `Prism did not answer within ${Duration.format(timeout)}:\n${prism.output()}` })
  return probe.pipe(
    Effect.retry({ while: (error) => error === notYet, schedule: Schedule.spaced("200 millis") }),
    Effect.mapError((error) => (error === notYet ? late() : error)),
    Effect.timeoutFail({ duration: timeout, onTimeout: late })
  )
}

/**
 * Starts Prism on a free port of `HOST` and waits until it answers; it is stopped (its whole process group) when the
 * scope closes, whatever happens.
 */
export const start = (options: Options): Effect.Effect<Prism, SetupError, Scope.Scope> =>
  Effect.gen(function*() {
    const port = yield* freePort
    const prism = yield* Effect.acquireRelease(spawnPrism(options, port), stop)
    yield* awaitPrism(prism, options)
    return prism
  })
