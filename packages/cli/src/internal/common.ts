/**
 * The options every command takes (token, endpoint, timeout, format), the wait options of the commands that start
 * actions, and `run`: a command's body with its DoConfig and Output, its failures turned into messages and exit
 * codes.
 *
 * @internal
 */
import { Action, DoConfig, DoError } from "@doapi/core"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { readFileSync } from "node:fs"
import * as Path from "node:path"
import { CommandFailure, EXIT, type ExitStatus, usage } from "./errors.js"
import { Host } from "./host.js"
import * as Output from "./output.js"

/** @internal */
export const DEFAULT_WAIT_TIME = 3600

/** A number of seconds. @internal */
export const seconds = (name: string, description: string): Options.Options<Option.Option<number>> =>
  Options.float(name).pipe(Options.withPseudoName("SECONDS"), Options.withDescription(description), Options.optional)

/** @internal */
export const common = {
  apiToken: Options.redacted("api-token").pipe(
    Options.withPseudoName("TOKEN"),
    Options.withDescription(
      "The DigitalOcean API token. Default: --api-token-file, else $DIGITALOCEAN_TOKEN, else $DO_API_TOKEN, " +
        "else the contents of ~/.doapi."
    ),
    Options.optional
  ),
  apiTokenFile: Options.text("api-token-file").pipe(
    Options.withPseudoName("FILE"),
    Options.withDescription("Reads the API token from FILE (surrounding whitespace is ignored)."),
    Options.optional
  ),
  endpoint: Options.text("endpoint").pipe(
    Options.withPseudoName("URL"),
    Options.withDescription(
      `The API's origin. Default: $DIGITALOCEAN_ENDPOINT, else ${DoConfig.DEFAULT_ENDPOINT}.`
    ),
    Options.optional
  ),
  timeout: seconds("timeout", "Limit on each HTTP request. Default: 30."),
  format: Options.choice("format", ["json", "table"]).pipe(
    Options.withDescription(
      "json: one JSON object a line, printed as each result arrives; table: aligned columns, printed at the end."
    ),
    Options.withDefault("json" as const)
  )
}

/** @internal */
export interface Common {
  readonly apiToken: Option.Option<Redacted.Redacted<string>>
  readonly apiTokenFile: Option.Option<string>
  readonly endpoint: Option.Option<string>
  readonly timeout: Option.Option<number>
  readonly format: Output.Format
}

/** The limits of a wait, on every command that waits. @internal */
export const waitLimits = {
  waitTime: seconds(
    "wait-time",
    `Gives up waiting after this long: prints what is unfinished and exits 3. Default: ${DEFAULT_WAIT_TIME}; ` +
      "a negative number waits forever."
  ),
  waitInterval: seconds("wait-interval", "Time between polls while waiting. Default: 2.")
}

/** @internal */
export interface WaitLimits {
  readonly waitTime: Option.Option<number>
  readonly waitInterval: Option.Option<number>
}

/** `--wait` and its limits, on every command that starts actions. @internal */
export const waitOptions = {
  wait: Options.boolean("wait").pipe(
    Options.withAlias("w"),
    Options.withDescription("Waits until the actions are done, printing each result as it finishes.")
  ),
  ...waitLimits
}

/** @internal */
export interface WaitOptions extends WaitLimits {
  readonly wait: boolean
}

/** `--multiple` (`-M`). @internal */
export const multiple = Options.boolean("multiple").pipe(
  Options.withAlias("M"),
  Options.withDescription("Lets a name stand for every object it matches (ID, slug or fingerprint, and name).")
)

/** `--unique`. @internal */
export const unique = Options.boolean("unique").pipe(
  Options.withDescription("Refuses a name that another object already has (by default, only a warning).")
)

/**
 * A positional argument; one that looks like an option (an unknown one, or one given after the arguments it
 * cannot follow) is refused rather than taken for a name.
 */
const text = (name: string, description: string): Args.Args<string> =>
  Args.text({ name }).pipe(
    Args.withDescription(description),
    Args.mapEffect((value) =>
      /^-./.test(value)
        ? Effect.fail(HelpDoc.p(`unknown option ${value} (see --help)`))
        : Effect.succeed(value)
    )
  )

/** Any number of positional arguments. @internal */
export const many = (name: string, description: string): Args.Args<ReadonlyArray<string>> =>
  text(name, description).pipe(Args.repeated)

/** At least one positional argument. @internal */
export const some = (name: string, description: string): Args.Args<ReadonlyArray<string>> =>
  text(name, description).pipe(Args.atLeast(1))

/** One positional argument. @internal */
export const one = (name: string, description: string): Args.Args<string> => text(name, description)

/**
 * A description followed by examples: `[command line, what it does]`.
 *
 * @internal
 */
export const help = (description: string, examples: ReadonlyArray<readonly [string, string]>): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    HelpDoc.p(description),
    ...(examples.length === 0 ? [] : [
      HelpDoc.p(examples.length === 1 ? "Example:" : "Examples:"),
      ...examples.flatMap(([line, what]) => [HelpDoc.p(`  $ ${line}`), HelpDoc.p(`    ${what}`)])
    ])
  ])

/** @internal */
export const describe =
  (description: string, ...examples: ReadonlyArray<readonly [string, string]>) =>
  <Name extends string, R, E, A>(
    command: Command.Command<Name, R, E, A>
  ): Command.Command<Name, R, E, A> => Command.withDescription(command, help(description, examples))

const readToken = (file: string, what: string) =>
  Effect.try({
    try: () => readFileSync(file, "utf8").trim(),
    catch: (error) => usage(`cannot read ${what}: ${(error as Error).message}`)
  })

/** The token, from the first of --api-token, --api-token-file, the two variables and ~/.doapi. @internal */
export const token = (options: Common): Effect.Effect<Redacted.Redacted<string>, CommandFailure, Host> =>
  Effect.gen(function*() {
    const host = yield* Host
    if (Option.isSome(options.apiToken) && Option.isSome(options.apiTokenFile)) {
      return yield* usage("--api-token and --api-token-file cannot be used together")
    }
    if (Option.isSome(options.apiToken)) {
      const value = Redacted.value(options.apiToken.value).trim()
      if (value === "") return yield* usage("--api-token is empty")
      return Redacted.make(value)
    }
    if (Option.isSome(options.apiTokenFile)) {
      const value = yield* readToken(options.apiTokenFile.value, `--api-token-file ${options.apiTokenFile.value}`)
      if (value === "") return yield* usage(`--api-token-file ${options.apiTokenFile.value} is empty`)
      return Redacted.make(value)
    }
    for (const name of ["DIGITALOCEAN_TOKEN", "DO_API_TOKEN"]) {
      const value = host.env[name]?.trim()
      if (value !== undefined && value !== "") return Redacted.make(value)
    }
    const file = Path.join(host.home, ".doapi")
    const fromFile = yield* readToken(file, file).pipe(Effect.orElseSucceed(() => ""))
    if (fromFile !== "") return Redacted.make(fromFile)
    return yield* usage(
      "no DigitalOcean API token: pass --api-token or --api-token-file, set DIGITALOCEAN_TOKEN (or DO_API_TOKEN), " +
        "or put it in ~/.doapi"
    )
  })

const endpoint = (options: Common): Effect.Effect<string, CommandFailure, Host> =>
  Effect.flatMap(Host, (host) => {
    const value = Option.getOrElse(options.endpoint, () =>
      host.env.DIGITALOCEAN_ENDPOINT?.trim() || DoConfig.DEFAULT_ENDPOINT)
    const where = Option.isSome(options.endpoint) ? "--endpoint" : "DIGITALOCEAN_ENDPOINT"
    try {
      const url = new URL(value)
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new Error("not http(s)")
      }
      return Effect.succeed(value)
    } catch {
      return Effect.fail(usage(`${where} must be an http(s) URL, got ${JSON.stringify(value)}`))
    }
  })

const positive = (name: string, value: Option.Option<number>) =>
  Option.isSome(value) && !(value.value > 0)
    ? Effect.fail(usage(`--${name} must be a positive number of seconds, got ${value.value}`))
    : Effect.void

/** A DoConfig from the options. @internal */
export const config = (
  options: Common,
  waits?: WaitLimits | undefined
): Effect.Effect<DoConfig.Service, CommandFailure, Host> =>
  Effect.gen(function*() {
    yield* positive("timeout", options.timeout)
    if (waits !== undefined) yield* positive("wait-interval", waits.waitInterval)
    const waitTime = waits === undefined ? DEFAULT_WAIT_TIME : Option.getOrElse(waits.waitTime, () => DEFAULT_WAIT_TIME)
    return yield* DoConfig.make({
      token: yield* token(options),
      endpoint: yield* endpoint(options),
      timeout: Option.match(options.timeout, { onNone: () => undefined, onSome: (s) => Duration.millis(s * 1000) }),
      waitTime: waitTime < 0 ? -1 : Duration.millis(waitTime * 1000),
      waitInterval: Option.match(waits?.waitInterval ?? Option.none(), {
        onNone: () => undefined,
        onSome: (s) => Duration.millis(s * 1000)
      })
    })
  })

/** The one line for an API error. @internal */
export const apiMessage = (error: DoError.DOAPIError): string => {
  const request = error.request_id === undefined ? "" : ` [request ${error.request_id}]`
  if (error.status === 401) {
    return `the API refused the token: ${error.message}${request} (check --api-token, --api-token-file, ` +
      "DIGITALOCEAN_TOKEN, DO_API_TOKEN or ~/.doapi)"
  }
  return `${error.message}${request}`
}

/**
 * Runs a command's body with a DoConfig from the options and an Output in the chosen format. What is held back
 * (a table) is printed however the body ends. An API error, a wait that ran out of time (its unfinished objects
 * printed first) and an errored action become `CommandFailure`s with their exit codes.
 *
 * @internal
 */
export const run = <E, R>(
  options: Common,
  waits: WaitLimits | undefined,
  body: Effect.Effect<void, E, R>
): Effect.Effect<
  void,
  CommandFailure,
  Host | ExitStatus | Exclude<R, DoConfig.DoConfig | Output.Output>
> =>
  Effect.gen(function*() {
    const output = yield* Output.make(options.format)
    const doConfig = yield* config(options, waits)
    yield* body.pipe(
      Effect.catchAll((error: unknown): Effect.Effect<never, CommandFailure> => {
        if (error instanceof CommandFailure) return Effect.fail(error)
        if (DoError.isDOAPIError(error)) {
          return Effect.fail(new CommandFailure({ message: apiMessage(error), exitCode: EXIT.api }))
        }
        if (error instanceof DoError.WaitTimeoutError) {
          return Effect.zipRight(
            Effect.forEach(error.in_progress, output.emit, { discard: true }),
            Effect.fail(new CommandFailure({ message: error.message, exitCode: EXIT.timeout }))
          )
        }
        if (error instanceof Action.ActionError) {
          return Effect.fail(new CommandFailure({ message: error.message, exitCode: EXIT.actionErrored }))
        }
        return Effect.fail(
          new CommandFailure({ message: error instanceof Error ? error.message : String(error), exitCode: 1 })
        )
      }),
      Effect.ensuring(output.flush),
      Effect.provideService(Output.Output, output),
      Effect.provideService(DoConfig.DoConfig, doConfig)
    ) as Effect.Effect<void, CommandFailure, Exclude<R, DoConfig.DoConfig | Output.Output>>
  })

/** Prints every element of a stream as it arrives. @internal */
export const emitAll = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<void, E, R | Output.Output> =>
  Stream.runForEach(stream, Output.emit)
