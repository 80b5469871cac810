/**
 * Everything the command touches outside itself: its environment variables, home folder, standard streams and
 * whether stderr is a terminal. The binary builds it from `process`; tests build it from sinks.
 *
 * @internal
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"

/** @internal */
export interface Service {
  readonly env: Readonly<Record<string, string | undefined>>
  /** The user's home folder, for `~/.doapi`. */
  readonly home: string
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly stdoutIsTTY: boolean
  /** Progress lines are drawn only when this is true. */
  readonly stderrIsTTY: boolean
  /** The width of the terminal (80 when there is none). */
  readonly columns: number
  /** All of standard input, for `-` and `@-` arguments. */
  readonly readStdin: Effect.Effect<string>
}

/** @internal */
export class Host extends Context.Tag("@doapi/cli/Host")<Host, Service>() {}
