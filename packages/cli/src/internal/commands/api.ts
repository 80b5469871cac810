/**
 * `doapi api`: every generated operation of @doapi/core (`@doapi/core/generated/<Tag>`), found by name in the
 * manifest (`@doapi/core/generated/Operations`): `doapi api` lists the tags, `doapi api <Tag>` a tag's operations,
 * and `doapi api <Tag> <operation> [--<path parameter> VALUE ...] [--param NAME=VALUE ...] [--body JSON |
 * --body-file FILE]` calls one. Its arguments are built in the generated function's order (path parameters, body,
 * parameters) and checked by its Schemas before anything is sent: a bad one is one line and exit 2.
 *
 * @internal
 */
import { DoError } from "@doapi/core"
import * as Manifest from "@doapi/core/generated/Operations"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import * as Common from "../common.js"
import { CommandFailure, type ExitStatus, usage } from "../errors.js"
import * as Files from "../files.js"
import { Host } from "../host.js"
import * as Output from "../output.js"

type Operation = Manifest.Operation

/** The tags (the generated modules), in order, and their operations. */
const byModule: ReadonlyMap<string, ReadonlyArray<Operation>> = (() => {
  const map = new Map<string, Array<Operation>>()
  for (const op of Manifest.operations) map.set(op.module, [...(map.get(op.module) ?? []), op])
  return map
})()

/** A name as given, else the one name that matches it ignoring case. */
const lookup = <A>(names: Iterable<readonly [string, A]>, given: string): A | undefined => {
  const entries = [...names]
  const exact = entries.find(([name]) => name === given)
  if (exact !== undefined) return exact[1]
  const folded = entries.filter(([name]) => name.toLowerCase() === given.toLowerCase())
  return folded.length === 1 ? folded[0]![1] : undefined
}

/** `--name VALUE` and `--name=VALUE` pairs, and the words between them. */
const splitWords = (words: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const positional: Array<string> = []
    const flags: Array<readonly [string, string]> = []
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!
      if (!word.startsWith("--") || word === "--") {
        if (/^-./.test(word)) return yield* usage(`unknown option ${word} (see doapi api --help)`)
        positional.push(word)
        continue
      }
      const at = word.indexOf("=")
      if (at > 2) {
        flags.push([word.slice(2, at), word.slice(at + 1)])
        continue
      }
      const value = words[i + 1]
      if (value === undefined) return yield* usage(`${word} needs a value`)
      flags.push([word.slice(2), value])
      i++
    }
    return { positional, flags }
  })

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

/**
 * A value of a path, query or header parameter, as the API's JSON has it: a number for `integer` and `number`, a
 * boolean for `true`/`false`, an ID (digits) or else a string for `integer | string`, JSON (else the string
 * itself) for `json`.
 */
const parseValue = (what: string, type: Manifest.ParamType, value: string): Effect.Effect<unknown, CommandFailure> => {
  switch (type.replace(/\[\]$/, "")) {
    case "integer":
    case "number":
      return NUMBER.test(value)
        ? Effect.succeed(Number(value))
        : Effect.fail(usage(`${what} must be a number, got ${JSON.stringify(value)}`))
    case "boolean":
      return value === "true" || value === "false"
        ? Effect.succeed(value === "true")
        : Effect.fail(usage(`${what} must be true or false, got ${JSON.stringify(value)}`))
    case "integer | string":
      return Effect.succeed(/^\d+$/.test(value) ? Number(value) : value)
    case "json":
      try {
        return Effect.succeed(JSON.parse(value) as unknown)
      } catch {
        return Effect.succeed(value)
      }
    default:
      return Effect.succeed(value)
  }
}

/** `--param NAME=VALUE ...` as the generated function's parameters object (undefined when there are none). */
const parseParams = (op: Operation, given: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const title = `${op.module} ${op.name}`
    if (given.length > 0 && op.params.length === 0) return yield* usage(`${title} takes no --param`)
    const values = new Map<string, Array<unknown>>()
    for (const pair of given) {
      const at = pair.indexOf("=")
      if (at <= 0) return yield* usage(`--param takes NAME=VALUE, got ${JSON.stringify(pair)}`)
      const name = pair.slice(0, at)
      const param = op.params.find(([known]) => known === name)
      if (param === undefined) {
        return yield* usage(
          `${title} has no parameter ${JSON.stringify(name)} (its parameters: ${
            op.params.map(([known]) => known).join(", ")
          })`
        )
      }
      const value = yield* parseValue(`--param ${name}`, param[1], pair.slice(at + 1))
      values.set(name, [...(values.get(name) ?? []), value])
    }
    if (values.size === 0) return undefined
    const params: Record<string, unknown> = {}
    for (const [name, type] of op.params) {
      const list = values.get(name)
      if (list === undefined) continue
      if (type.endsWith("[]")) params[name] = list
      else if (list.length === 1) params[name] = list[0]
      else if (type === "json") params[name] = list
      else return yield* usage(`--param ${name} is given twice (it takes one value)`)
    }
    return params
  })

/** The body, from `--body JSON`, `--body-file FILE` or `--body-file -` (standard input). */
const parseBody = (op: Operation, body: Option.Option<string>, bodyFile: Option.Option<string>) =>
  Effect.gen(function*() {
    const title = `${op.module} ${op.name}`
    if (Option.isSome(body) && Option.isSome(bodyFile)) {
      return yield* usage("--body and --body-file cannot be used together")
    }
    const given: readonly [what: string, text: string] | undefined = Option.isSome(body)
      ? ["--body", body.value]
      : Option.isSome(bodyFile)
      ? [`--body-file ${bodyFile.value}`, yield* Files.read(bodyFile.value, "--body-file")]
      : undefined
    if (op.body === "none") {
      return given !== undefined ? yield* usage(`${title} takes no body`) : undefined
    }
    if (given === undefined) {
      return op.body === "required"
        ? yield* usage(`${title} needs a body: --body JSON, --body-file FILE or --body-file - (standard input)`)
        : undefined
    }
    const [what, text] = given
    try {
      return JSON.parse(text) as unknown
    } catch (error) {
      return yield* usage(`${what} is not JSON: ${(error as Error).message}`)
    }
  })

/** The path parameters, from `--<name> VALUE`, in the path's order. */
const parsePath = (op: Operation, flags: ReadonlyArray<readonly [string, string]>) =>
  Effect.gen(function*() {
    const title = `${op.module} ${op.name}`
    const names = op.pathParams.map(([name]) => `--${name}`)
    const values = new Map<string, string>()
    for (const [name, value] of flags) {
      if (!op.pathParams.some(([known]) => known === name)) {
        return yield* usage(
          `unknown option --${name} for ${title} (${
            names.length === 0 ? "it has no path parameters" : `its path parameters: ${names.join(" ")}`
          }; query parameters are --param NAME=VALUE)`
        )
      }
      if (values.has(name)) return yield* usage(`--${name} is given twice`)
      values.set(name, value)
    }
    const missing = op.pathParams.filter(([name]) => !values.has(name)).map(([name]) => `--${name}`)
    if (missing.length > 0) return yield* usage(`${title} needs ${missing.join(" ")}`)
    return yield* Effect.forEach(op.pathParams, ([name, type]) => parseValue(`--${name}`, type, values.get(name)!))
  })

/** What `doapi api <Tag>` prints of an operation: how to call it. */
const synopsis = (op: Operation): string =>
  [
    `doapi api ${op.module} ${op.name}`,
    ...op.pathParams.map(([name, type]) => `--${name} ${type === "integer | string" ? "ID|NAME" : type.toUpperCase()}`),
    ...(op.body === "required" ? ["--body JSON"] : op.body === "optional" ? ["[--body JSON]"] : []),
    ...(op.params.length > 0 ? ["[--param NAME=VALUE ...]"] : [])
  ].join(" ")

/** Loads the operation's module (named by the manifest, never by the command line) and calls its function. */
const call = (op: Operation, args: ReadonlyArray<unknown>) =>
  Effect.gen(function*() {
    const module = yield* Effect.tryPromise({
      try: () => import(`@doapi/core/generated/${op.module}`) as Promise<Record<string, unknown>>,
      catch: (error) =>
        new CommandFailure({ message: `cannot load @doapi/core/generated/${op.module}: ${String(error)}`, exitCode: 1 })
    })
    const fn = module[op.name]
    if (typeof fn !== "function") {
      return yield* new CommandFailure({
        message: `@doapi/core/generated/${op.module} has no function ${op.name}`,
        exitCode: 1
      })
    }
    return (fn as (...args: ReadonlyArray<unknown>) => unknown)(...args)
  })

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ").trim()

/** Prints a listing of the tags or of a tag's operations (no token needed). */
const list = (
  format: Output.Format,
  rows: ReadonlyArray<unknown>
): Effect.Effect<void, never, Host | ExitStatus> =>
  Effect.gen(function*() {
    const output = yield* Output.make(format)
    yield* Effect.forEach(rows, output.emit, { discard: true })
    yield* output.flush
  })

/** @internal */
export const command = Command.make("api", {
  ...Common.common,
  body: Options.text("body").pipe(
    Options.withPseudoName("JSON"),
    Options.withDescription("The request body, as JSON."),
    Options.optional
  ),
  bodyFile: Options.text("body-file").pipe(
    Options.withPseudoName("FILE"),
    Options.withDescription("Reads the request body (JSON) from FILE; - reads it from standard input."),
    Options.optional
  ),
  param: Options.text("param").pipe(
    Options.withPseudoName("NAME=VALUE"),
    Options.withDescription(
      "A query or header parameter. Numbers and booleans are parsed as the parameter's type says; a parameter " +
        "given more than once is an array."
    ),
    Options.repeated
  ),
  words: Args.text({ name: "Tag operation --<path parameter> VALUE" }).pipe(
    Args.withDescription(
      "The tag (doapi api lists them), the operation (doapi api <Tag> lists them), and each path parameter as " +
        "--<name> VALUE."
    ),
    Args.repeated
  )
}, (options) =>
  Effect.gen(function*() {
    const { flags, positional } = yield* splitWords(options.words)
    const [tag, name, ...rest] = positional
    if (rest.length > 0) return yield* usage(`unexpected argument ${JSON.stringify(rest[0])} (see doapi api --help)`)
    if (name === undefined && (flags.length > 0 || options.param.length > 0 || Option.isSome(options.body))) {
      return yield* usage("doapi api needs a tag and an operation (doapi api lists the tags)")
    }
    if (tag === undefined) {
      return yield* list(options.format, [...byModule].map(([tag, ops]) => ({ tag, operations: ops.length })))
    }
    const ops = lookup(byModule, tag)
    if (ops === undefined) return yield* usage(`unknown tag ${JSON.stringify(tag)} (doapi api lists the tags)`)
    const module = ops[0]!.module
    if (name === undefined) {
      return yield* list(
        options.format,
        ops.map((op) => ({ operation: op.name, method: op.method, path: op.path, usage: synopsis(op) }))
      )
    }
    const op = lookup(ops.map((op) => [op.name, op] as const), name)
    if (op === undefined) {
      return yield* usage(`${module} has no operation ${JSON.stringify(name)} (doapi api ${module} lists them)`)
    }
    const path = yield* parsePath(op, flags)
    const body = yield* parseBody(op, options.body, options.bodyFile)
    const params = yield* parseParams(op, options.param)
    const args = [...path, ...(op.body === "none" ? [] : [body]), ...(op.params.length === 0 ? [] : [params])]
    yield* Common.run(
      options,
      undefined,
      Effect.gen(function*() {
        const result = yield* call(op, args)
        if (op.stream) return yield* Common.emitAll(result as Stream.Stream<unknown, DoError.DOAPIError>)
        const value = yield* (result as Effect.Effect<unknown, DoError.DOAPIError>)
        if (value === undefined) return
        if (typeof value === "string") {
          const host = yield* Host
          return host.stdout(value.endsWith("\n") || value === "" ? value : `${value}\n`)
        }
        yield* Output.emit(value)
      }).pipe(
        // A value the Schemas refuse was never sent: bad usage.
        Effect.catchIf(
          (error): error is DoError.DOAPIError => DoError.isDOAPIError(error) && error.reason === "Encode",
          (error) => Effect.fail(usage(oneLine(error.message)))
        )
      )
    )
  })).pipe(Common.describe(
    "Calls any operation of the API by its tag and name (@doapi/core's generated operations): path parameters as " +
      "--<name> VALUE, query and header parameters as --param NAME=VALUE, the body as JSON from --body, " +
      "--body-file FILE or --body-file - (standard input). Every value is checked before anything is sent (a bad " +
      "one exits 2). A paged listing prints every item of every page, one a line, as they arrive; any other " +
      "operation prints the API's answer as one line (nothing for an empty one). doapi api lists the tags; " +
      "doapi api <Tag>, its operations.",
    ["doapi api Droplets --format table", "the operations of the Droplets tag"],
    ["doapi api Droplets get --droplet_id 402800001 | jq .droplet.status", "a droplet's status"],
    ["doapi api Droplets list --param tag_name=web | jq -r .name", "the names of the droplets tagged web"],
    [
      "doapi api SSHKeys create --body '{\"name\":\"laptop\",\"public_key\":\"ssh-ed25519 AAAA...\"}'",
      "registers an SSH key"
    ],
    ["doapi api Domains create --body-file - < domain.json", "creates a domain from the JSON on standard input"]
  ))
