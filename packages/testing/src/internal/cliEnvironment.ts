/**
 * What a command built on @effect/cli needs to run on Node without @effect/platform-node: its environment
 * (`FileSystem`, `Path`, `Terminal`), a `Console` that writes help to stdout and keeps @effect/cli's own error
 * dumps quiet, and a main that turns the outcome into `process.exitCode` and SIGINT/SIGTERM into interruption.
 *
 * @since 0.1.0
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
import * as Option from "effect/Option"

/**
 * How a command ends early: `message` (one line) goes to stderr, and the process exits with `exitCode` (2 for bad
 * usage, 1 for a failure at run time).
 *
 * @since 0.1.0
 */
export class CommandFailure extends Data.TaggedError("CommandFailure")<{
  readonly message: string
  readonly exitCode: number
}> {}

/**
 * The defect a prompt (e.g. `--wizard`) meets: this terminal reads no input.
 *
 * @since 0.1.0
 */
export class NotInteractive extends Data.TaggedError("NotInteractive")<{}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return "this command is not interactive (--wizard is not supported)"
  }
}

/**
 * A terminal that only writes: its width is stdout's (80 columns when stdout is not a terminal), and it reads no
 * input (`readLine` quits, `readInput` dies with `NotInteractive`).
 *
 * @since 0.1.0
 */
export const terminal: Terminal.Terminal = {
  columns: Effect.sync(() => process.stdout.columns ?? 80),
  rows: Effect.sync(() => process.stdout.rows ?? 24),
  isTTY: Effect.sync(() => process.stdout.isTTY === true),
  readInput: Effect.die(new NotInteractive()),
  readLine: Effect.fail(new Terminal.QuitException()),
  display: (text) => Effect.sync(() => void process.stdout.write(text))
}

/**
 * `CliApp.Environment` for a command that reads no files: the portable `Path`, a `FileSystem` that supports
 * nothing, and `terminal`.
 *
 * @since 0.1.0
 */
export const layer: Layer.Layer<CliApp.CliApp.Environment> = Layer.mergeAll(
  Path.layer,
  FileSystem.layerNoop({}),
  Layer.succeed(Terminal.Terminal, terminal)
)

// eslint-disable-next-line no-control-regex
const ansiEscape = /\u001b\[[0-9;]*[A-Za-z]/g

/**
 * Removes ANSI colors and styles.
 *
 * @since 0.1.0
 */
export const stripAnsi = (text: string): string => text.replace(ansiEscape, "")

const format = (args: ReadonlyArray<unknown>): string => args.map(String).join(" ")

/**
 * Runs `effect` with a Console whose `log` writes to stdout (plain text unless stdout is a terminal, edited by
 * `edit`) and whose `error` writes nothing: @effect/cli prints its errors there, then help; the caller reports them
 * in one line.
 *
 * @since 0.1.0
 */
export const withQuietErrors = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  edit: (text: string) => string = (text) => text
): Effect.Effect<A, E, R> =>
  Console.consoleWith((current) =>
    Console.withConsole(effect, {
      ...current,
      log: (...args: ReadonlyArray<unknown>) =>
        Effect.sync(() => {
          const text = format(args)
          process.stdout.write(`${edit(process.stdout.isTTY === true ? text : stripAnsi(text)).trimEnd()}\n`)
        }),
      error: () => Effect.void
    })
  )

/** The exit code of an outcome, after printing what the user must see. */
const teardown = (name: string): PlatformRuntime.Teardown => (exit, onExit) => {
  if (Exit.isSuccess(exit) || Cause.isInterruptedOnly(exit.cause)) return onExit(0)
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && failure.value instanceof CommandFailure) {
    process.stderr.write(`${name}: ${failure.value.message}\n`)
    return onExit(failure.value.exitCode)
  }
  const notInteractive = Cause.find(
    exit.cause,
    (reason) => Cause.isDieType(reason) && reason.defect instanceof NotInteractive ? Option.some(reason) : Option.none()
  )
  if (Option.isSome(notInteractive)) {
    process.stderr.write(`${name}: ${new NotInteractive().message}\n`)
    return onExit(2)
  }
  // Anything else is a bug: all of it, for a report.
  process.stderr.write(`${name}: unexpected error\n${Cause.pretty(exit.cause)}\n`)
  return onExit(1)
}

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
 * Runs a command's program as the process's main: a `CommandFailure` prints its one line and sets its exit code,
 * success or SIGINT/SIGTERM (which interrupt the program, so its finalizers run) exit 0, and a defect prints its
 * cause and exits 1.
 *
 * @since 0.1.0
 */
export const runMain = (name: string, effect: Effect.Effect<void, CommandFailure>): void =>
  runMainWith(effect, { disableErrorReporting: true, disablePrettyLogger: true, teardown: teardown(name) })
