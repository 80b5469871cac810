/**
 * Runs the `doapi` program in process, on whatever HttpClient the test provides (the fake's), with its streams
 * captured: the exit code, stdout, stderr, and stdout's lines decoded as JSON.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import type { HttpClient } from "@effect/platform"
import { Effect, Fiber, TestClock } from "effect"
import { Host } from "../../src/internal/host.js"
import * as Main from "../../src/internal/main.js"

export interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  /** Every line of stdout, as JSON. */
  readonly json: ReadonlyArray<any>
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>
  readonly stderrIsTTY?: boolean
  readonly stdin?: string
  readonly home?: string
  /** Sees stdout as it is written. */
  readonly onStdout?: (text: string) => void
}

export const doapi = (
  args: ReadonlyArray<string>,
  options: RunOptions = {}
): Effect.Effect<Result, never, HttpClient.HttpClient> => {
  let stdout = ""
  let stderr = ""
  return Main.run(args).pipe(
    Effect.provideService(Host, {
      env: options.env ?? { DIGITALOCEAN_TOKEN: FakeDigitalOcean.TOKEN },
      home: options.home ?? "/nonexistent-home-for-doapi-tests",
      stdout: (text) => {
        stdout += text
        options.onStdout?.(text)
      },
      stderr: (text) => void (stderr += text),
      stdoutIsTTY: false,
      stderrIsTTY: options.stderrIsTTY ?? false,
      columns: 120,
      readStdin: Effect.succeed(options.stdin ?? "")
    }),
    Effect.map((code) => ({
      code,
      stdout,
      stderr,
      json: stdout.split("\n").filter((line) => line.length > 0).map((line) => {
        try {
          return JSON.parse(line)
        } catch {
          return line
        }
      })
    }))
  )
}

/** Runs `doapi` in the background and moves the TestClock on by `time` (so waits finish), then joins it. */
export const doapiWhile = (
  args: ReadonlyArray<string>,
  time: Parameters<typeof TestClock.adjust>[0],
  options: RunOptions = {}
): Effect.Effect<Result, never, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(doapi(args, options))
    yield* TestClock.adjust(time)
    return yield* Fiber.join(fiber)
  })
