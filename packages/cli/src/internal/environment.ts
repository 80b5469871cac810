/**
 * What @effect/cli needs to run on Node without @effect/platform-node: its environment (`FileSystem`, `Path`,
 * `Terminal`) on the Host, a `Console` that writes help to the Host's stdout and keeps @effect/cli's own error dumps
 * quiet (the caller reports them in one line), and a main that turns the outcome into `process.exitCode` and
 * SIGINT/SIGTERM into interruption. (The approach of @doapi/testing's `doapi-fake`.)
 *
 * @internal
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as PlatformRuntime from "@effect/platform/Runtime"
import * as Terminal from "@effect/platform/Terminal"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { Host } from "./host.js"

/** The defect a prompt (`--wizard`) meets: this terminal reads no input. @internal */
export class NotInteractive extends Data.TaggedError("NotInteractive")<{}> {
  override get message(): string {
    return "this command is not interactive (--wizard is not supported)"
  }
}

/** `CliApp.Environment` on the Host: a terminal that only writes. @internal */
export const layer: Layer.Layer<CliApp.CliApp.Environment, never, Host> = Layer.mergeAll(
  Path.layer,
  FileSystem.layerNoop({}),
  Layer.effect(
    Terminal.Terminal,
    Effect.map(Host, (host): Terminal.Terminal => ({
      columns: Effect.succeed(host.columns),
      rows: Effect.succeed(24),
      isTTY: Effect.succeed(host.stdoutIsTTY),
      readInput: Effect.die(new NotInteractive()),
      readLine: Effect.fail(new Terminal.QuitException()),
      display: (text) => Effect.sync(() => host.stdout(text))
    }))
  )
)

// eslint-disable-next-line no-control-regex
const ansiEscape = /\u001b\[[0-9;]*[A-Za-z]/g

/** Removes ANSI colors and styles. @internal */
export const stripAnsi = (text: string): string => text.replace(ansiEscape, "")

/**
 * Runs `effect` with a Console whose `log` writes to the Host's stdout (plain text unless it is a terminal, edited
 * by `edit`) and whose `error` writes nothing.
 *
 * @internal
 */
export const withQuietErrors = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  edit: (text: string) => string = (text) => text
): Effect.Effect<A, E, R | Host> =>
  Effect.flatMap(Host, (host) =>
    Console.consoleWith((current) =>
      Console.withConsole(effect, {
        ...current,
        log: (...args: ReadonlyArray<unknown>) =>
          Effect.sync(() => {
            const text = args.map(String).join(" ")
            host.stdout(`${edit(host.stdoutIsTTY ? text : stripAnsi(text)).trimEnd()}\n`)
          }),
        error: () => Effect.void
      })
    ))

const runMainWith = PlatformRuntime.makeRunMain(({ fiber, teardown }) => {
  // A reader that goes away (`| head`) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error
  })
  // Node would exit while the fiber waits on nothing it knows of.
  const keepAlive = setInterval(() => {}, 2 ** 31 - 1)
  const onSignal = () => {
    // A second signal ends the process at once (Node's default).
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
    fiber.unsafeInterruptAsFork(fiber.id())
  }
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)
  fiber.addObserver((exit) => {
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
    clearInterval(keepAlive)
    // Setting the code rather than exiting lets stdout and stderr drain.
    teardown(exit, (code) => {
      process.exitCode = code
    })
  })
})

/**
 * Runs the program as the process's main: its result is the exit code; SIGINT/SIGTERM interrupt it (exit 130) and
 * a defect prints its cause (exit 1).
 *
 * @internal
 */
export const runMain = (effect: Effect.Effect<number>): void =>
  runMainWith(effect, {
    disableErrorReporting: true,
    disablePrettyLogger: true,
    teardown: (exit, onExit) => {
      if (Exit.isSuccess(exit)) return onExit(exit.value as number)
      if (Cause.isInterruptedOnly(exit.cause)) return onExit(130)
      process.stderr.write(`doapi: unexpected error\n${Cause.pretty(exit.cause)}\n`)
      return onExit(1)
    }
  })
