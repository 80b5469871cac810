/**
 * What a command prints: results on stdout (JSON, one value a line, written as each arrives; or a table at the
 * end), warnings and errors on stderr, and, while waiting and only when stderr is a terminal, a progress line.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import { ExitStatus } from "./errors.js"
import { Host } from "./host.js"
import * as Json from "./json.js"
import * as Table from "./table.js"

/** @internal */
export type Format = "json" | "table"

/** @internal */
export interface Service {
  readonly format: Format
  /** Prints one result. */
  readonly emit: (value: unknown) => Effect.Effect<void>
  /** A line on stderr (`doapi: warning: ...`), without disturbing the progress line. */
  readonly warn: (message: string) => Effect.Effect<void>
  /** A line on stderr (`doapi: ...`) that does not end the command. */
  readonly error: (message: string) => Effect.Effect<void>
  /** Records an exit code for the end of the command (the highest one wins). */
  readonly setExitCode: (code: number) => Effect.Effect<void>
  readonly exitCode: Effect.Effect<number>
  /**
   * Shows `label: done/total, elapsed` on stderr (terminals only) until the scope closes, redrawn every second;
   * `advance` counts finished objects.
   */
  readonly progress: (label: string, total: number) => Effect.Effect<Progress, never, Scope.Scope>
  /** Prints what was held back (the table). */
  readonly flush: Effect.Effect<void>
}

/** @internal */
export interface Progress {
  readonly advance: (n?: number) => Effect.Effect<void>
}

/** @internal */
export class Output extends Context.Tag("@doapi/cli/Output")<Output, Service>() {}

const CLEAR = "\r\u001b[K"

const elapsed = (millis: number): string => {
  const seconds = Math.floor(millis / 1000)
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`
}

/** @internal */
export const make = (format: Format): Effect.Effect<Service, never, Host | ExitStatus> =>
  Effect.gen(function*() {
    const host = yield* Host
    const exitCode = yield* ExitStatus
    const rows: Array<unknown> = []
    // The progress line on screen, if any.
    let shown: { readonly label: string; done: number; readonly total: number; readonly start: number } | undefined
    let now = 0
    const draw = () => {
      if (shown === undefined || !host.stderrIsTTY) return
      host.stderr(`${CLEAR}${shown.label}: ${shown.done}/${shown.total} done, ${elapsed(now - shown.start)} elapsed`)
    }
    const clear = () => {
      if (shown !== undefined && host.stderrIsTTY) host.stderr(CLEAR)
    }
    const around = (write: () => void) =>
      Effect.flatMap(Clock.currentTimeMillis, (millis) =>
        Effect.sync(() => {
          now = millis
          clear()
          write()
          draw()
        }))
    const stderrLine = (text: string) => around(() => host.stderr(`doapi: ${text}\n`))
    return Output.of({
      format,
      emit: (value) =>
        format === "table"
          ? Effect.sync(() => void rows.push(value))
          : around(() => host.stdout(`${Json.line(value)}\n`)),
      warn: (message) => stderrLine(`warning: ${message}`),
      error: stderrLine,
      setExitCode: (code) => Ref.update(exitCode, (current) => Math.max(current, code)),
      exitCode: Ref.get(exitCode),
      progress: (label, total) =>
        Effect.gen(function*() {
          const start = yield* Clock.currentTimeMillis
          const state = { label, done: 0, total, start }
          yield* Effect.acquireRelease(
            Effect.sync(() => {
              now = start
              shown = state
              draw()
            }),
            () =>
              Effect.sync(() => {
                clear()
                if (shown === state) shown = undefined
              })
          )
          if (host.stderrIsTTY) {
            yield* Effect.forkScoped(
              Effect.repeat(around(() => {}), Schedule.spaced("1 second"))
            )
          }
          return {
            advance: (n = 1) =>
              around(() => {
                state.done += n
              })
          }
        }),
      flush: Effect.sync(() => {
        if (rows.length > 0) host.stdout(Table.render(rows, host.columns))
        rows.length = 0
      })
    })
  })

/** Prints one result. @internal */
export const emit = (value: unknown): Effect.Effect<void, never, Output> =>
  Effect.flatMap(Output, (output) => output.emit(value))

/** @internal */
export const warn = (message: string): Effect.Effect<void, never, Output> =>
  Effect.flatMap(Output, (output) => output.warn(message))
