#!/usr/bin/env node
/**
 * The `doapi-fake` command: serves a fake DigitalOcean API until SIGINT or SIGTERM, and prints its URL and token.
 * `doapi-fake --help` lists its options. Bad usage prints one line on stderr and exits 2; a port or host it cannot
 * listen on prints one line and exits 1.
 *
 * @since 0.1.0
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Span from "@effect/cli/HelpDoc/Span"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { readFileSync } from "node:fs"
import * as CliEnvironment from "./internal/cliEnvironment.js"
import * as Token from "./internal/token.js"

const NAME = "doapi-fake"

const invalid = (message: string): Effect.Effect<never, ValidationError.ValidationError> =>
  Effect.fail(ValidationError.invalidValue(HelpDoc.p(message)))

/** A text option with a default, checked and converted by `parse` (which also sees the default). */
const option = <A>(
  name: string,
  pseudoName: string,
  description: string,
  fallback: string,
  parse: (raw: string) => A | undefined,
  expected: string
): Options.Options<A> =>
  Options.text(name).pipe(
    Options.withPseudoName(pseudoName),
    Options.withDescription(`${description} Default: ${fallback}.`),
    Options.withDefault(fallback),
    Options.mapEffect((raw) => {
      const value = parse(raw)
      return value === undefined
        ? invalid(`--${name} must be ${expected}, got ${JSON.stringify(raw)}`)
        : Effect.succeed(value)
    })
  )

const parsePort = (raw: string): number | undefined =>
  /^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : undefined

const parseSeed = (raw: string): number | undefined =>
  /^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined

const parseHost = (raw: string): string | undefined => (/^[^\s/?#@]+$/.test(raw) ? raw : undefined)

// Printed in `DIGITALOCEAN_TOKEN=…` and sent in a header: no spaces or control characters.
const parseToken = (raw: string): string | undefined => (/^[\x21-\x7e]+$/.test(raw) ? raw : undefined)

/** Unit names, short and long, singular and plural, in milliseconds. */
const units: Record<string, number> = {
  ns: 1e-6,
  nano: 1e-6,
  nanos: 1e-6,
  nanosecond: 1e-6,
  nanoseconds: 1e-6,
  us: 1e-3,
  micro: 1e-3,
  micros: 1e-3,
  microsecond: 1e-3,
  microseconds: 1e-3,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1e3,
  sec: 1e3,
  secs: 1e3,
  second: 1e3,
  seconds: 1e3,
  m: 60e3,
  min: 60e3,
  mins: 60e3,
  minute: 60e3,
  minutes: 60e3,
  h: 3_600e3,
  hr: 3_600e3,
  hrs: 3_600e3,
  hour: 3_600e3,
  hours: 3_600e3,
  d: 86_400e3,
  day: 86_400e3,
  days: 86_400e3,
  w: 604_800e3,
  week: 604_800e3,
  weeks: 604_800e3
}

/** `2s`, `500ms`, `1.5 minutes`, `10 seconds`, `250 millis`…: a non-negative number and a unit. */
const parseDuration = (raw: string): Duration.Duration | undefined => {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(raw.trim())
  if (match === null) return undefined
  const unit = units[match[2]!.toLowerCase()]
  const millis = Number(match[1]) * (unit ?? Number.NaN)
  return Number.isFinite(millis) ? Duration.millis(millis) : undefined
}

const command = Command.make(NAME, {
  port: option(
    "port",
    "PORT",
    "The TCP port to listen on, from 0 to 65535 (0 picks a free one).",
    "0",
    parsePort,
    "an integer from 0 to 65535"
  ),
  host: option(
    "host",
    "HOST",
    "The address to listen on (keep it on loopback: the fake has no real security).",
    "127.0.0.1",
    parseHost,
    "a host name or IP address"
  ),
  token: option(
    "token",
    "TOKEN",
    "The bearer token the fake accepts; any other gets 401.",
    Token.TOKEN,
    parseToken,
    "a non-empty token without spaces"
  ),
  actionDuration: option(
    "action-duration",
    "DURATION",
    "How long actions (power, resize, snapshot…) take to complete: a number and a unit, e.g. 2s, 500ms, " +
      "10 seconds, 1 minute.",
    "10 seconds",
    parseDuration,
    "a duration such as 2s, 500ms, 10 seconds or 1 minute"
  ),
  seed: option(
    "seed",
    "INTEGER",
    "Seeds the generated values (ids, IPs, fault probabilities): the same seed gives the same fake.",
    "1",
    parseSeed,
    "an integer"
  )
}, (flags) =>
  Effect.gen(function*() {
    // Loaded only to serve: --help, --version and bad usage answer without loading the fake (or @doapi/core).
    const FakeDigitalOcean = yield* Effect.promise(() => import("./FakeDigitalOcean.js"))
    const server = yield* FakeDigitalOcean.serve({
      port: flags.port,
      host: flags.host,
      tokens: [flags.token],
      seed: flags.seed,
      actionDuration: flags.actionDuration
    })
    yield* Effect.sync(() => {
      process.stdout.write(`fake DigitalOcean API on ${server.url}\n`)
      process.stdout.write(`  DIGITALOCEAN_ENDPOINT=${server.url} DIGITALOCEAN_TOKEN=${server.fake.token}\n`)
    })
    return yield* Effect.never
  }).pipe(Effect.scoped)).pipe(
    Command.withDescription("Serves a fake DigitalOcean API over HTTP until interrupted (Ctrl-C, SIGTERM).")
  )

// @effect/cli's built-in options are hidden (--wizard needs a terminal that reads, --log-level has nothing to log):
// these two are listed after the command's own.
const footer = HelpDoc.blocks([
  HelpDoc.descriptionList([
    [Span.text("-h, --help"), HelpDoc.p("Shows this help.")],
    [Span.text("--version"), HelpDoc.p("Prints the version.")]
  ]),
  HelpDoc.h1("EXAMPLE"),
  HelpDoc.p(`$ ${NAME} --port 8080 --action-duration 2s`),
  HelpDoc.p(
    "prints the fake's URL, then DIGITALOCEAN_ENDPOINT=… DIGITALOCEAN_TOKEN=… for any client, and serves until " +
      "interrupted."
  )
])

/** The version in the package's own package.json: one folder up from src/ and dist/ alike. */
const version = Effect.try({
  try: () => {
    const json: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    const found = typeof json === "object" && json !== null && "version" in json ? json.version : undefined
    if (typeof found !== "string") throw new Error("package.json has no version")
    return found
  },
  catch: (error) =>
    new CliEnvironment.CommandFailure({
      message: `cannot read its version: ${error instanceof Error ? error.message : String(error)}`,
      exitCode: 1
    })
})

const flagNames = ["--port", "--host", "--token", "--action-duration", "--seed"]

/** One line for what @effect/cli says about bad usage (its first line, without styling, reworded where vague). */
const usageLine = (error: ValidationError.ValidationError, args: ReadonlyArray<string>): string => {
  const text = CliEnvironment.stripAnsi(HelpDoc.toAnsiText(error.error))
  const line = text.split("\n").map((line) => line.trim()).find((line) => line.length > 0) ?? "bad usage"
  const unknown = /^Received unknown argument: '(.*)'$/.exec(line)
  if (unknown === null) return line
  const argument = unknown[1]!
  // A flag of ours is left over when its value is missing, or when it comes twice.
  if (flagNames.includes(argument)) {
    return args.at(-1) === argument ? `${argument} needs a value` : `${argument} is given more than once`
  }
  return argument.startsWith("-")
    ? `unknown option ${argument} (${NAME} --help lists the options)`
    : `unexpected argument ${JSON.stringify(argument)} (${NAME} takes options only)`
}

// @effect/cli's help has a line saying what the type of each option is and that it is optional: all are text
// checked by the command, and all are optional, which each description says with its default.
const editHelp = (text: string): string =>
  text.replace(/\n *(A user-defined piece of text\.|This setting is optional\.)\n/g, "")

const program: Effect.Effect<void, CliEnvironment.CommandFailure> = Effect.gen(function*() {
  const run = Command.run(command, { name: NAME, version: yield* version, executable: NAME, footer })
  yield* CliEnvironment.withQuietErrors(run(process.argv), editHelp).pipe(
    Effect.provide(Layer.merge(CliEnvironment.layer, CliConfig.layer({ showBuiltIns: false }))),
    Effect.catchAll((error) =>
      Effect.fail(
        ValidationError.isValidationError(error)
          ? new CliEnvironment.CommandFailure({ message: usageLine(error, process.argv.slice(2)), exitCode: 2 })
          : new CliEnvironment.CommandFailure({ message: error.message, exitCode: 1 })
      )
    )
  )
})

CliEnvironment.runMain(NAME, program)
