/**
 * Spec conformance: runs every operation of `@doapi/core` (the table in `operations.ts`) through the public API
 * against Prism mocking DigitalOcean's official OpenAPI document in static mode (responses are the spec's examples),
 * and checks, for each operation, that
 *   (a) Prism accepted every request it sent (Prism answers a request that breaks the spec with a 422 whose
 *       `sl-violations` header says what broke), and
 *   (b) the operation succeeded: its responses decoded (a 204 endpoint returns void).
 * Then it does the same for every generated operation (`src/generated/<Tag>.ts`, `generated.ts`: arguments from the
 * spec's examples, the spec's mistakes listed there with the reason), 8 at a time, and prints both counts.
 *
 *   npx -y pnpm@10.34.9 conformance                      # every operation
 *   npx -y pnpm@10.34.9 conformance Droplet.re Account    # the operations whose names start with these
 *   npx -y pnpm@10.34.9 conformance --verbose            # also each request, its status and violations
 *   npx -y pnpm@10.34.9 conformance --generated          # the generated operations only (--no-generated: none)
 *
 * The spec is read from `../shared/do-openapi/DigitalOcean-public.v2.json` beside the repository. Prism
 * (`@stoplight/prism-cli`, a root devDependency, started by `../prism.ts`) listens on 127.0.0.1 on a free port, and
 * is stopped at the end whatever happens. Exit code: 0 when every operation is `ok` or a `known` spec mistake, 1 when any fails or an
 * exported operation is missing from the table, 2 when the check could not run (no spec, Prism did not start).
 */
import { DoConfig, DoError } from "@doapi/core"
import * as Core from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Spec from "../../test/utils/Spec.js"
import * as Prism from "../prism.js"
import * as Generated from "./generated.js"
import { type Entry, type Group, groups, notResources } from "./operations.js"

const TOKEN = "dop_v1_conformance0fake0token0not0a0real0one"
/** Generous: one listing (a droplet's kernels) pages through 171 example pages. */
const OPERATION_TIMEOUT = Duration.seconds(30)

// ---------------------------------------------------------------------------------------------------------------------
// Recording what Prism said about each request
// ---------------------------------------------------------------------------------------------------------------------

interface Violation {
  readonly location: ReadonlyArray<string | number>
  readonly severity: string
  readonly code: string
  readonly message: string
}

interface Exchange {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly violations: ReadonlyArray<Violation>
}

const parseViolations = (header: string | undefined): ReadonlyArray<Violation> => {
  if (header === undefined || header.trim() === "") return []
  try {
    const parsed: unknown = JSON.parse(header)
    if (Array.isArray(parsed)) {
      return parsed.map((raw: Record<string, unknown>) => ({
        location: Array.isArray(raw.location) ? raw.location as Array<string | number> : [],
        severity: String(raw.severity ?? "Error"),
        code: String(raw.code ?? ""),
        message: String(raw.message ?? JSON.stringify(raw))
      }))
    }
  } catch {
    // Not JSON: kept whole below.
  }
  return [{ location: [], severity: "Error", code: "", message: header }]
}

/** The exchanges of the operation being run, and its `Prefer` header: per fiber, so operations may run concurrently. */
const current = FiberRef.unsafeMake<{ readonly exchanges: Array<Exchange>; readonly prefer: string | undefined }>({
  exchanges: [],
  prefer: undefined
})

/** `FetchHttpClient`, adding the entry's `Prefer` header and recording each response's status and `sl-violations`. */
const RecordingHttpClient: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    client.pipe(
      HttpClient.mapRequestEffect((request) =>
        Effect.map(FiberRef.get(current), ({ prefer }) =>
          prefer === undefined ? request : HttpClientRequest.setHeader(request, "prefer", prefer))
      ),
      HttpClient.tap((response) =>
        Effect.flatMap(FiberRef.get(current), ({ exchanges }) =>
          Effect.sync(() => {
            const url = new URL(response.request.url)
            exchanges.push({
              method: response.request.method,
              url: url.pathname + url.search,
              status: response.status,
              violations: parseViolations(response.headers["sl-violations"])
            })
          }))
      )
    ))
).pipe(Layer.provide(FetchHttpClient.layer))

// ---------------------------------------------------------------------------------------------------------------------
// Running the table
// ---------------------------------------------------------------------------------------------------------------------

type Outcome =
  | { readonly kind: "ok"; readonly detail?: string }
  | { readonly kind: "known"; readonly detail: string }
  | { readonly kind: "stale"; readonly detail: string }
  | { readonly kind: "FAIL"; readonly detail: string }
  | { readonly kind: "skip"; readonly detail: string }

interface Result {
  readonly name: string
  readonly outcome: Outcome
  readonly exchanges: ReadonlyArray<Exchange>
}

const errors = (exchange: Exchange) => exchange.violations.filter((violation) => violation.severity === "Error")

/** A violation that only says "none of the alternatives matched" (its reasons are the other violations). */
const isCombinator = (violation: Violation) => violation.code === "anyOf" || violation.code === "oneOf"

const describeViolations = (rejected: ReadonlyArray<Exchange>): string => {
  const lines = new Set<string>()
  for (const exchange of rejected) {
    for (const violation of errors(exchange)) {
      const where = violation.location.join(".")
      lines.add(
        `${exchange.status} ${exchange.method} ${exchange.url}: ${where === "" ? "" : `${where}: `}${violation.message}`
      )
    }
  }
  return [...lines].join("\n      ")
}

const describeFailure = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (DoError.isDOAPIError(error)) return error.message
    if (error instanceof Error) return `${error.name}: ${error.message}`
    return typeof error === "string" ? error : JSON.stringify(error)
  }
  return Cause.pretty(cause).split("\n")[0] ?? "failed"
}

const requests = (count: number) => (count > 1 ? ` (${count} requests)` : "")

const classify = (
  entry: Exclude<Entry, { _tag: "Skip" }>,
  exit: Exit.Exit<unknown, unknown>,
  sent: ReadonlyArray<Exchange>
): Outcome => {
  const rejected = sent.filter((exchange) => errors(exchange).length > 0)
  const failure = Exit.isFailure(exit) ? describeFailure(exit.cause) : undefined
  if (entry._tag === "Known") {
    const { mistake } = entry
    const violations = rejected.flatMap(errors)
    const matches = (pattern: RegExp | undefined, text: string) => pattern !== undefined && pattern.test(text)
    const explained = (violation: Violation) => matches(mistake.violation, violation.message) || isCombinator(violation)
    const rejectedForIt = violations.some((violation) => matches(mistake.violation, violation.message)) &&
      violations.every(explained)
    const undecodable = rejected.length === 0 && failure !== undefined && matches(mistake.error, failure)
    if (failure !== undefined && (rejectedForIt || undecodable)) return { kind: "known", detail: mistake.reason }
    if (failure === undefined && rejectedForIt && mistake.decodable === true) {
      return { kind: "known", detail: mistake.reason }
    }
    if (failure === undefined && rejected.length === 0) {
      return { kind: "stale", detail: `passes: the known spec mistake did not reproduce (${mistake.reason})` }
    }
    // Fall through: anything else is a real failure.
  } else if (failure === undefined && rejected.length === 0) {
    return { kind: "ok", detail: requests(sent.length) }
  }
  const details = [
    rejected.length > 0 ? `sl-violations:\n      ${describeViolations(rejected)}` : undefined,
    failure !== undefined ? `error: ${failure}` : "the operation succeeded despite the violations"
  ].filter((line) => line !== undefined)
  return { kind: "FAIL", detail: details.join("\n    ") }
}

const runEntry = (
  name: string,
  entry: Entry
): Effect.Effect<Result, never, HttpClient.HttpClient | DoConfig.DoConfig> => {
  if (entry._tag === "Skip") {
    return Effect.succeed({ name, outcome: { kind: "skip", detail: entry.reason }, exchanges: [] })
  }
  const exchanges: Array<Exchange> = []
  const prefer = entry._tag === "Run" ? entry.prefer : undefined
  return entry.run.pipe(
    Effect.timeoutFail({
      duration: OPERATION_TIMEOUT,
      onTimeout: () => `timed out after ${Duration.format(OPERATION_TIMEOUT)}`
    }),
    Effect.exit,
    Effect.map((exit) => ({ name, outcome: classify(entry, exit, exchanges), exchanges })),
    Effect.locally(current, { exchanges, prefer })
  )
}

// ---------------------------------------------------------------------------------------------------------------------
// Every export in the table
// ---------------------------------------------------------------------------------------------------------------------

const isClass = (value: unknown) =>
  typeof value === "function" && /^class[\s{]/.test(Function.prototype.toString.call(value))

/** An export that calls the API: an Effect, a Stream, or a function (not a schema, class or constant). */
const isOperation = (value: unknown): boolean =>
  Effect.isEffect(value) ||
  (typeof value === "object" && value !== null && Stream.StreamTypeId in value) ||
  (typeof value === "function" && !Schema.isSchema(value) && !isClass(value))

const exportName = (key: string) => key.replace(/\s*\(.*\)$/, "")

/** What is missing from the table, and the keys that name no export. */
const completeness = (table: ReadonlyArray<Group>): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const grouped = new Set(table.map((g) => g.module))
  for (const module of Object.keys(Core)) {
    if (!grouped.has(module) && !notResources.includes(module)) {
      problems.push(`module ${module}: exported by @doapi/core, no group in the conformance table (operations.ts)`)
    }
  }
  for (const { entries, exports, module } of table) {
    const namespace = exports as Record<string, unknown>
    const covered = new Set<unknown>()
    for (const key of Object.keys(entries)) {
      const name = exportName(key)
      if (!(name in namespace)) problems.push(`${module}.${key}: the table names an export ${module} does not have`)
      else covered.add(namespace[name])
    }
    for (const [name, value] of Object.entries(namespace)) {
      if (isOperation(value) && !covered.has(value) && !(name in entries)) {
        problems.push(`${module}.${name}: exported operation missing from the conformance table (operations.ts)`)
      }
    }
  }
  return problems
}

// ---------------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------------

const args = process.argv.slice(2)
const verbose = args.includes("--verbose") || args.includes("-v")
const filters = args.filter((arg) => !arg.startsWith("-"))
/** `--generated`: the generated operations only; `--no-generated`: the hand-made ones only. */
const onlyGenerated = args.includes("--generated")
const noGenerated = args.includes("--no-generated")
/** Generated operations run concurrently: Prism answers each from the spec's examples, independently. */
const GENERATED_CONCURRENCY = 8

const pad = (kind: string) => kind.padEnd(6)

const main = Effect.gen(function*() {
  const started = Date.now()
  yield* Effect.try({
    try: () => Spec.load(),
    catch: (error) => new Prism.SetupError({ message: String((error as Error).message) })
  })

  const prism = yield* Prism.start({
    command: "mock",
    flags: ["--dynamic=false", "--errors=false"],
    probeHeaders: { authorization: `Bearer ${TOKEN}` }
  })
  const startup = ((Date.now() - started) / 1000).toFixed(1)
  console.log(
    `Prism ${Prism.version()} mocking ${Spec.specPath} on ${Prism.HOST}:${prism.port} (static examples), up in ${startup} s`
  )

  const selected = (name: string) => filters.length === 0 || filters.some((filter) => name.startsWith(filter))
  const layer = Layer.mergeAll(
    RecordingHttpClient,
    DoConfig.layer({ token: TOKEN, endpoint: prism.url, retry: false })
  )

  const report = (result: Result) => {
    const { detail, kind } = result.outcome
    const suffix = kind === "ok" ? detail ?? "" : kind === "FAIL" ? `\n    ${detail}` : `: ${detail}`
    console.log(`${pad(kind)} ${result.name}${suffix}`)
    if (verbose) {
      for (const exchange of result.exchanges) {
        console.log(`         ${exchange.status} ${exchange.method} ${exchange.url}`)
        const violations = new Set(
          exchange.violations.map((v) => `${v.severity} ${v.location.join(".")}: ${v.message}`)
        )
        for (const violation of violations) console.log(`           ${violation}`)
      }
    }
  }
  const count = (results: ReadonlyArray<Result>, kind: Outcome["kind"]) =>
    results.filter((result) => result.outcome.kind === kind).length
  const summary = (results: ReadonlyArray<Result>) =>
    [
      `${count(results, "ok")} ok`,
      `${count(results, "known")} known spec mistakes`,
      `${count(results, "FAIL")} failed`,
      `${count(results, "skip")} skipped`,
      `${count(results, "stale")} stale known marks`
    ].join(", ")

  // The hand-made operations of @doapi/core, one at a time (the table's order).
  const results: Array<Result> = []
  if (!onlyGenerated) {
    for (const { entries, module } of groups) {
      for (const [key, entry] of Object.entries(entries)) {
        const name = `${module}.${key}`
        if (!selected(name)) continue
        const result = yield* runEntry(name, entry).pipe(Effect.provide(layer))
        results.push(result)
        report(result)
      }
    }
  }
  const missing = filters.length === 0 && !onlyGenerated ? completeness(groups) : []
  for (const problem of missing) console.log(`${pad("MISS")} ${problem}`)

  // Every generated operation (src/generated), concurrently.
  const generatedStarted = Date.now()
  const generated = noGenerated ? [] : yield* Effect.promise(() => Generated.entries(filters))
  const generatedResults = yield* Effect.forEach(
    generated,
    ({ entry, name }) => runEntry(name, entry).pipe(Effect.provide(layer)),
    { concurrency: GENERATED_CONCURRENCY }
  )
  generatedResults.forEach(report)

  const failed = count(results, "FAIL") + count(generatedResults, "FAIL") + missing.length
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  console.log(`\nhand-made: ${results.length} entries: ${summary(results)}, ${missing.length} missing from the table`)
  console.log(
    `generated: ${generatedResults.length} operations: ${summary(generatedResults)} ` +
      `(${((Date.now() - generatedStarted) / 1000).toFixed(1)} s, ${GENERATED_CONCURRENCY} at a time)`
  )
  console.log(`${seconds} s in all`)
  return failed
})

Effect.runPromiseExit(Effect.scoped(main)).then((exit) => {
  if (Exit.isSuccess(exit)) {
    console.log(exit.value === 0 ? "conformance: passed" : "conformance: FAILED")
    process.exitCode = exit.value === 0 ? 0 : 1
    return
  }
  const failure = Cause.failureOption(exit.cause)
  console.error(
    `conformance: could not run: ${Option.isSome(failure) ? failure.value.message : Cause.pretty(exit.cause)}`
  )
  process.exitCode = 2
})
