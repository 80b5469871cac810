/**
 * Arguments that may name a file: doapi's `@FILE` (and `@-` for standard input), and plain files.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { readFileSync, writeFileSync } from "node:fs"
import { type CommandFailure, usage } from "./errors.js"
import { Host } from "./host.js"

/** A file's text; `-` is standard input. @internal */
export const read = (path: string, what: string): Effect.Effect<string, CommandFailure, Host> =>
  path === "-"
    ? Effect.flatMap(Host, (host) => host.readStdin)
    : Effect.try({
      try: () => readFileSync(path, "utf8"),
      catch: (error) => usage(`cannot read ${what} ${path}: ${(error as Error).message}`)
    })

/** `@FILE` is the file's text, `@-` standard input, anything else itself. @internal */
export const stringOrFile = (value: string, what: string): Effect.Effect<string, CommandFailure, Host> =>
  value.startsWith("@") && value.length > 1 ? read(value.slice(1), what) : Effect.succeed(value)

/** Writes a file; `-` is standard output. @internal */
export const write = (path: string, text: string, what: string): Effect.Effect<void, CommandFailure, Host> =>
  path === "-"
    ? Effect.flatMap(Host, (host) => Effect.sync(() => host.stdout(text)))
    : Effect.try({
      try: () => writeFileSync(path, text),
      catch: (error) => usage(`cannot write ${what} ${path}: ${(error as Error).message}`)
    })
