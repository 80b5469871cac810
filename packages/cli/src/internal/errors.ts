/**
 * How a command ends, and with which exit code.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Ref from "effect/Ref"

/**
 * The exit codes, as the README documents them.
 *
 * @internal
 */
export const EXIT = {
  /** Everything was done. */
  ok: 0,
  /** An action errored (its `ActionError` is on stderr). */
  actionErrored: 1,
  /** Bad usage: unknown options or commands, bad values, names that match nothing or too much, no token. */
  usage: 2,
  /** A wait ran out of time (the unfinished objects are printed). */
  timeout: 3,
  /** The API failed: an error response (a refused token too), no response, or a body that is not what it promised. */
  api: 4
} as const

/**
 * Ends the command: `message` (one line) goes to stderr as `doapi: message`, and the process exits with `exitCode`.
 *
 * @internal
 */
export class CommandFailure extends Data.TaggedError("CommandFailure")<{
  readonly message: string
  readonly exitCode: number
}> {}

/** @internal */
export const usage = (message: string): CommandFailure => new CommandFailure({ message, exitCode: EXIT.usage })

/**
 * The exit code a command ends with when it did not fail outright (e.g. an action errored but the others were
 * still waited on and printed): the highest one recorded.
 *
 * @internal
 */
export class ExitStatus extends Context.Tag("@doapi/cli/ExitStatus")<ExitStatus, Ref.Ref<number>>() {}
