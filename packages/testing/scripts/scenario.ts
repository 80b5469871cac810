/**
 * The fake, checked against DigitalOcean's official OpenAPI document: a scenario drives every endpoint the fake serves
 * through `@doapi/core`'s public API (`Api.request` for the few endpoints no operation calls), with real ids created
 * along the way (create → act → wait for the actions → list → update → delete), through Prism as a validating proxy
 * in front of the fake's HTTP server, on the real clock:
 *
 *   client (FetchHttpClient) → prism proxy --errors → recorder → FakeDigitalOcean.serve (actions take 300 ms)
 *
 * Prism with `--errors` answers a request that breaks the spec with its own 422 (the request never reaches the fake),
 * and a response that breaks it with a 500 problem+json whose `validation` array says what broke. The recorder, a
 * pass-through in front of the fake, keeps what the fake answered, so that a violation is shown with the offending
 * JSON. Error answers are validated too: a wrong token (401), an injected server error (500) and rate limit (429),
 * things deleted (404), impossible operations (422, and the 400 of an invalid tag name); an action that ends
 * `errored` (fault injection), and a droplet backup (seeded in the fake's state, which makes no backups itself).
 *
 * Known spec mistakes (`MISTAKES` in `packages/core/scripts/conformance/operations.ts`, digest §13) that make Prism
 * reject a correct request are tolerated precisely: such a step goes through a second, lenient Prism proxy (no
 * `--errors`: the request is forwarded, the violations are reported in `sl-violations`), and it is `known` when the
 * only violations are that mistake's, on the request, on that endpoint; any other violation (the fake's response
 * included) fails it.
 *
 * Each step prints one line: `ok`, `known` (with the mistake), `stale` (a known mistake that did not reproduce) or
 * `FAIL` (with Prism's violations and the offending JSON, or the error). Sections that touch different resources run
 * concurrently; each prints its lines when it ends. At the end, the endpoints (method and path template) that answered
 * and passed validation are compared with the fake's route table (`FakeDigitalOcean.routeKeys`): every endpoint the
 * fake serves must have been exercised.
 *
 *   npx -y pnpm@10.34.9 scenario
 *   pnpm --filter @doapi/testing exec tsx scripts/scenario.ts --verbose   # also every request and its violations
 *
 * Exit code: 0 when every step is `ok`, `known` or `stale` and every endpoint was exercised; 1 otherwise; 2 when the
 * scenario could not run (no spec, Prism did not start). Prism, the recorder and the fake are stopped whatever happens
 * (on SIGINT and SIGTERM too).
 */
import {
  Account,
  Action,
  Api,
  App,
  Database,
  DoConfig,
  DoError,
  Domain,
  DomainRecord,
  Droplet,
  FloatingIP,
  Image,
  Kubernetes,
  Region,
  ReservedIP,
  Size,
  Snapshot,
  SSHKey,
  Tag,
  Volume
} from "@doapi/core"
import * as Firewall from "@doapi/core/Firewall"
import * as KubernetesApi from "@doapi/core/generated/Kubernetes"
import * as LoadBalancer from "@doapi/core/LoadBalancer"
import * as Project from "@doapi/core/Project"
import * as VPC from "@doapi/core/VPC"
import { FakeDigitalOcean } from "@doapi/testing"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { createHash } from "node:crypto"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { MISTAKES, type SpecMistake } from "../../core/scripts/conformance/operations.js"
import * as Prism from "../../core/scripts/prism.js"
import * as Spec from "../../core/test/utils/Spec.js"
import * as Unmodelled from "./unmodelled.js"

const TOKEN = FakeDigitalOcean.TOKEN
const ACTION_DURATION = "300 millis"
/** Generous for one step (a wait polls every 100 ms for actions of 300 ms). */
const STEP_TIMEOUT = Duration.seconds(20)
/** The header that ties a client request to what the fake answered it (Prism forwards it). */
const EXCHANGE_HEADER = "x-scenario-exchange"
const REGION = "nyc3"
const VOLUME = "scenario-volume"

const args = process.argv.slice(2)
const verbose = args.includes("--verbose") || args.includes("-v")

// ---------------------------------------------------------------------------------------------------------------------
// The recorder: a pass-through in front of the fake that keeps each answer
// ---------------------------------------------------------------------------------------------------------------------

interface Upstream {
  readonly status: number
  readonly requestBody: string
  readonly body: string
}

/** What the fake answered, by exchange number. */
const upstreams = new Map<string, Upstream>()

/** Headers not to pass on (hop-by-hop, or recomputed by fetch). */
const HOP = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "content-encoding",
  "accept-encoding"
])

const recorder = (target: string): Effect.Effect<string, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.async<Http.Server>((resume) => {
        const server = Http.createServer((req, res) => {
          const chunks: Array<Buffer> = []
          req.on("data", (chunk: Buffer) => chunks.push(chunk))
          req.on("end", () => {
            const requestBody = Buffer.concat(chunks).toString("utf8")
            const headers: Record<string, string> = {}
            for (const [name, value] of Object.entries(req.headers)) {
              if (typeof value === "string" && !HOP.has(name)) headers[name] = value
            }
            fetch(`${target}${req.url ?? "/"}`, {
              method: req.method ?? "GET",
              headers,
              ...(requestBody === "" ? {} : { body: requestBody })
            }).then(async (response) => {
              const body = await response.text()
              const exchange = req.headers[EXCHANGE_HEADER]
              if (typeof exchange === "string") upstreams.set(exchange, { status: response.status, requestBody, body })
              const out: Record<string, string> = {}
              response.headers.forEach((value, name) => {
                if (!HOP.has(name)) out[name] = value
              })
              res.writeHead(response.status, out)
              res.end(response.status === 204 ? undefined : body)
            }, (error: unknown) => {
              res.writeHead(502, { "content-type": "text/plain" })
              res.end(`recorder: the fake did not answer: ${String(error)}`)
            })
          })
        })
        server.listen(0, Prism.HOST, () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    ),
    (server) => `http://${Prism.HOST}:${(server.address() as AddressInfo).port}`
  )

// ---------------------------------------------------------------------------------------------------------------------
// Endpoints: the fake's route table
// ---------------------------------------------------------------------------------------------------------------------

const routeTable = FakeDigitalOcean.routeKeys.map((key) => {
  const [method, pattern] = key.split(" ")
  return { key, method, segments: pattern.split("/") }
})

/** The route key (`GET /v2/droplets/:droplet_id`) of a request, matched as the fake matches it (first in order). */
const endpointOf = (method: string, pathname: string): string | undefined => {
  const segments = pathname.replace(/\/+$/, "").split("/")
  const route = routeTable.find((r) =>
    r.method === method && r.segments.length === segments.length &&
    r.segments.every((segment, i) => segment.startsWith(":") ? segments[i] !== "" : segment === segments[i])
  )
  return route?.key
}

// ---------------------------------------------------------------------------------------------------------------------
// Recording each exchange: what Prism said, and what the fake answered
// ---------------------------------------------------------------------------------------------------------------------

interface Violation {
  readonly location: ReadonlyArray<string | number>
  readonly severity: string
  readonly code: string
  readonly message: string
}

interface Exchange {
  readonly id: string
  readonly method: string
  /** Path and query. */
  readonly url: string
  readonly endpoint: string | undefined
  /** The status the client got. */
  readonly status: number
  /** What the fake answered; undefined when Prism answered itself (the request never reached the fake). */
  readonly upstream: Upstream | undefined
  readonly violations: ReadonlyArray<Violation>
  /** Prism's own problem+json title, when it answered itself. */
  readonly problem: string | undefined
}

const toViolations = (raw: unknown, prefix?: string): Array<Violation> =>
  Array.isArray(raw)
    ? raw.map((item: Record<string, unknown>) => {
      const location = Array.isArray(item.location) ? item.location as Array<string | number> : []
      return {
        location: prefix !== undefined && location[0] !== "request" && location[0] !== "response"
          ? [prefix, ...location]
          : location,
        severity: String(item.severity ?? "Error"),
        code: String(item.code ?? ""),
        message: String(item.message ?? JSON.stringify(item))
      }
    })
    : []

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The violations of an exchange: the `sl-violations` header, and the `validation` of Prism's problem+json. */
const violationsOf = (
  header: string | undefined,
  status: number,
  problem: Record<string, unknown> | undefined
): Array<Violation> => {
  const all: Array<Violation> = []
  if (header !== undefined && header.trim() !== "") {
    const parsed = parseJson(header.replace(/^Too many violations! /, ""))
    all.push(
      ...(parsed === undefined
        ? [{ location: [], severity: "Error", code: "", message: header }]
        : toViolations(parsed))
    )
  }
  // Prism's own 422 locates request violations without the `request` prefix; its 500 prefixes them `response`.
  if (problem !== undefined) all.push(...toViolations(problem.validation, status === 422 ? "request" : undefined))
  const seen = new Set<string>()
  return all.filter((violation) => {
    const key = JSON.stringify(violation)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Where the step running in this fiber records its exchanges (sections run concurrently, steps one at a time). */
const currentExchanges = FiberRef.unsafeMake<Array<Exchange> | undefined>(undefined)
let exchangeCount = 0

/** `FetchHttpClient`, numbering each request (a header the recorder reads) and recording each response. */
const RecordingHttpClient: Layer.Layer<HttpClient.HttpClient> = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    client.pipe(
      HttpClient.mapRequest((request) =>
        HttpClientRequest.setHeader(request, EXCHANGE_HEADER, String(++exchangeCount))
      ),
      HttpClient.tap((response) =>
        Effect.gen(function*() {
          const id = response.request.headers[EXCHANGE_HEADER]
          const upstream = upstreams.get(id)
          const contentType = response.headers["content-type"] ?? ""
          let problem: Record<string, unknown> | undefined
          if (contentType.includes("problem+json")) {
            const text = yield* Effect.orElseSucceed(response.text, () => "")
            const parsed = parseJson(text)
            if (typeof parsed === "object" && parsed !== null) problem = parsed as Record<string, unknown>
          }
          const url = new URL(response.request.url)
          const query = response.request.urlParams.length > 0
            ? `?${new URLSearchParams(response.request.urlParams as Array<[string, string]>)}`
            : ""
          const exchanges = yield* FiberRef.get(currentExchanges)
          exchanges?.push({
            id,
            method: response.request.method,
            url: url.pathname + query,
            endpoint: endpointOf(response.request.method, url.pathname),
            status: response.status,
            upstream,
            violations: violationsOf(response.headers["sl-violations"], response.status, problem),
            problem: problem === undefined || upstream !== undefined
              ? undefined
              : `${String(problem.title ?? "")}: ${String(problem.detail ?? "")}`
          })
        })
      )
    ))
).pipe(Layer.provide(FetchHttpClient.layer))

// ---------------------------------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------------------------------

type Requirements = HttpClient.HttpClient | DoConfig.DoConfig

/** A spec mistake that makes Prism reject a correct request, on one endpoint. */
interface Known {
  readonly endpoint: string
  readonly mistake: SpecMistake
}

const KNOWN = {
  dropletActionsByTag: { endpoint: "POST /v2/droplets/actions", mistake: MISTAKES.dropletActionsByTag },
  changeBackupPolicy: { endpoint: "POST /v2/droplets/:droplet_id/actions", mistake: MISTAKES.changeBackupPolicy }
} satisfies Record<string, Known>

type Kind = "ok" | "known" | "stale" | "FAIL"

interface Result {
  readonly name: string
  readonly kind: Kind
}

const results: Array<Result> = []
/** Endpoints that answered and passed validation. */
const exercised = new Set<string>()
/** Endpoints that answered but failed validation (or the step failed). */
const touched = new Set<string>()

class StepFailed extends Schema.TaggedError<StepFailed>()("StepFailed", { name: Schema.String }) {}

/** The clients: through the strict proxy (`--errors`), and through the lenient one (for known spec mistakes). */
interface Clients {
  readonly strict: Context.Context<Requirements>
  readonly lenient: Context.Context<Requirements>
}

let clients: Clients | undefined
/** The strict proxy's URL. */
let strictUrl = ""

const isCombinator = (violation: Violation) => violation.code === "oneOf" || violation.code === "anyOf"

/** The violations of a step's exchanges that its known mistake explains (only on its endpoint, on the request). */
const tolerated = (known: Known | undefined, exchange: Exchange): ReadonlyArray<Violation> => {
  if (known === undefined || exchange.endpoint !== known.endpoint) return []
  const pattern = known.mistake.violation
  const onRequest = exchange.violations.filter((v) => v.severity === "Error" && v.location[0] === "request")
  if (pattern === undefined || !onRequest.some((v) => pattern.test(v.message))) return []
  return onRequest.filter((v) => pattern.test(v.message) || isCombinator(v))
}

/** The JSON at a violation's location (`response.body.droplet.networks`): the offending value, shortened. */
const offending = (exchange: Exchange, violation: Violation): string | undefined => {
  const [side, part, ...path] = violation.location
  if (part !== "body" || exchange.upstream === undefined) return undefined
  let node: unknown = parseJson(side === "request" ? exchange.upstream.requestBody : exchange.upstream.body)
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined
    node = (node as Record<string | number, unknown>)[key]
  }
  if (node === undefined) return undefined
  const text = JSON.stringify(node)
  return text.length > 600 ? `${text.slice(0, 600)}…` : text
}

const describeViolations = (exchange: Exchange, violations: ReadonlyArray<Violation>): Array<string> =>
  violations.map((violation) => {
    const where = violation.location.join(".")
    const value = offending(exchange, violation)
    return `${exchange.status} ${exchange.method} ${exchange.url}: ${where}: ${violation.message}` +
      (value === undefined ? "" : `\n        at ${where}: ${value}`)
  })

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

/** `GET /v2/droplets/:droplet_id 200 ×3, ...`: what a step sent, and what it got. */
const summary = (sent: ReadonlyArray<Exchange>): string => {
  const counts = new Map<string, number>()
  for (const exchange of sent) {
    const key = `${exchange.endpoint ?? `${exchange.method} ${exchange.url}`} ${exchange.status}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, count]) => (count > 1 ? `${key} ×${count}` : key)).join(", ")
}

/** The lines of the section running in this fiber, printed together when it ends (sections run concurrently). */
const currentLines = FiberRef.unsafeMake<Array<string> | undefined>(undefined)

const output = (line: string) =>
  Effect.map(FiberRef.get(currentLines), (lines) => (lines === undefined ? console.log(line) : lines.push(line)))

const print = (kind: Kind, name: string, detail: string) =>
  output(`${kind.padEnd(6)} ${name}${detail === "" ? "" : `${kind === "FAIL" ? "\n    " : ": "}${detail}`}`)

interface StepOptions<A> {
  /** A spec mistake Prism trips on: the step goes through the lenient proxy, and only that violation is tolerated. */
  readonly known?: Known | undefined
  /** Checks the result: a message when it is wrong. */
  readonly check?: ((a: A) => string | undefined) | undefined
  /** The step must fail with this status, answered by the fake (validated by Prism like any answer). */
  readonly expectStatus?: number | undefined
}

/**
 * Runs one step through the proxy and prints its line. Fails with `StepFailed` (after printing) when a request or
 * response broke the spec (beyond the step's known mistake), the operation failed, or the check did not hold.
 */
const step = <A, E>(
  name: string,
  effect: Effect.Effect<A, E, Requirements>,
  options: StepOptions<A> = {}
): Effect.Effect<A, StepFailed> =>
  Effect.suspend(() => {
    const sent: Array<Exchange> = []
    const context = options.known === undefined ? clients!.strict : clients!.lenient
    return effect.pipe(
      Effect.timeoutFail({
        duration: STEP_TIMEOUT,
        onTimeout: () => `timed out after ${Duration.format(STEP_TIMEOUT)}`
      }),
      Effect.provide(context),
      Effect.locally(currentExchanges, sent),
      Effect.exit,
      Effect.flatMap((exit) => {
        const problems: Array<string> = []
        let explained = 0
        for (const exchange of sent) {
          const allowed = tolerated(options.known, exchange)
          explained += allowed.length
          const errors = exchange.violations.filter((v) => v.severity === "Error" && !allowed.includes(v))
          if (errors.length > 0) problems.push(...describeViolations(exchange, errors))
          else if (exchange.upstream === undefined) {
            problems.push(
              `${exchange.status} ${exchange.method} ${exchange.url}: Prism answered itself: ${exchange.problem ?? "?"}`
            )
          }
          if (exchange.endpoint !== undefined && exchange.upstream !== undefined) {
            if (errors.length === 0) exercised.add(exchange.endpoint)
            else touched.add(exchange.endpoint)
          }
        }
        let value: A | undefined
        if (options.expectStatus !== undefined) {
          const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
          const status = Option.isSome(failure) && DoError.isDOAPIError(failure.value)
            ? failure.value.status
            : undefined
          if (status !== options.expectStatus) {
            problems.push(
              `expected a ${options.expectStatus} from the fake, got ${
                Exit.isSuccess(exit) ? "success" : describeFailure(exit.cause)
              }`
            )
          }
        } else if (Exit.isFailure(exit)) {
          problems.push(`error: ${describeFailure(exit.cause)}`)
        } else {
          value = exit.value
          const wrong = options.check?.(exit.value)
          if (wrong !== undefined) problems.push(`check: ${wrong}`)
        }
        const kind: Kind = problems.length > 0
          ? "FAIL"
          : options.known === undefined
          ? "ok"
          : explained > 0
          ? "known"
          : "stale"
        const detail = kind === "FAIL"
          ? problems.join("\n    ")
          : kind === "known"
          ? `${options.known!.mistake.reason} [${summary(sent)}]`
          : kind === "stale"
          ? `the known spec mistake did not reproduce (${options.known!.mistake.reason}) [${summary(sent)}]`
          : summary(sent)
        const lines = verbose
          ? sent.flatMap((exchange) => [
            `         ${exchange.status} ${exchange.method} ${exchange.url}`,
            ...exchange.violations.map((v) => `           ${v.severity} ${v.location.join(".")}: ${v.message}`)
          ])
          : []
        results.push({ name, kind })
        return print(kind, name, detail).pipe(
          Effect.zipRight(Effect.forEach(lines, output, { discard: true })),
          Effect.zipRight(kind === "FAIL" ? Effect.fail(new StepFailed({ name })) : Effect.succeed(value as A))
        )
      })
    )
  })

/** A step that must fail with `status` (a 404 for something deleted, a 422 for an impossible operation). */
const refused = <A, E>(name: string, status: number, effect: Effect.Effect<A, E, Requirements>) =>
  Effect.asVoid(step(`${name} (${status})`, effect, { expectStatus: status }))

/** Runs a listing to the end. */
const all = <A, E>(stream: Stream.Stream<A, E, Requirements>) =>
  Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

/** The action's wait: fails unless it completed. */
const completes = (action: Action.Action) => Effect.flatMap(Action.wait(action), Action.raiseForError)

const isCompleted = (action: Action.Action) => (action.completed ? undefined : `the action is ${action.status}`)

/** Starts an action and waits for it to complete: two steps (the action, then its wait). */
const actAndWait = <E>(name: string, act: Effect.Effect<Action.Action, E, Requirements>, known?: Known) =>
  Effect.flatMap(
    step(name, act, { known }),
    (action) => step(`${name}: wait for ${action.type} ${action.id}`, completes(action), { check: isCompleted })
  )

/** Waits for several actions (e.g. the ones a by-tag action started). */
const waitForAll = (name: string, actions: ReadonlyArray<Action.Action>) =>
  step(
    `${name}: wait for ${actions.length} action${actions.length === 1 ? "" : "s"}`,
    all(Action.waitAll(actions)),
    { check: (done) => done.find((a) => !a.completed) === undefined ? undefined : "an action did not complete" }
  )

const isSome = <A>(option: Option.Option<A>) => (Option.isSome(option) ? undefined : "found nothing (None)")
const isNone = <A>(option: Option.Option<A>) => (Option.isNone(option) ? undefined : "expected None")
const nonEmpty = <A>(items: ReadonlyArray<A>) => (items.length > 0 ? undefined : "empty")
const expect = (condition: boolean, message: unknown) => (condition ? undefined : String(message))

// ---------------------------------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------------------------------

/** An OpenSSH ed25519 public key (a fixed 32-byte key: the fake checks the format, not the curve). */
const publicKey = (() => {
  const field = (bytes: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(bytes.length)
    return Buffer.concat([length, bytes])
  }
  const key = createHash("sha256").update("doapi scenario").digest()
  const blob = Buffer.concat([field(Buffer.from("ssh-ed25519")), field(key)])
  return `ssh-ed25519 ${blob.toString("base64")} scenario@doapi`
})()

type Fake = FakeDigitalOcean.Fake

/** What the droplet section makes, for the others. */
interface World {
  /** Acted on by the droplet actions. */
  readonly web: Droplet.Droplet
  /** Holds the IPs (tagged `scenario-bulk`: the by-tag actions act on them). */
  readonly bulk: ReadonlyArray<Droplet.Droplet>
  /** Holds the volumes. */
  readonly store: Droplet.Droplet
  readonly key: SSHKey.SSHKey
  readonly distribution: Image.Image
}

/** The faults the fake is served with: one server error and one rate limit, for the error responses' shapes. */
const FAULTS: ReadonlyArray<FakeDigitalOcean.Fault> = [
  { route: "GET /v2/regions", times: 1, status: 500 },
  { route: "GET /v2/sizes", times: 1, status: 429, retryAfter: 2 }
]

const basics = Effect.gen(function*() {
  yield* step("Account.fetch", Account.fetch, { check: (a) => expect(a.status === "active", a.status) })
  yield* refused(
    "Account.fetch (a wrong token)",
    401,
    Effect.provide(Account.fetch, DoConfig.layer({ token: "dop_v1_wrong", endpoint: strictUrl, retry: false }))
  )
  yield* refused("Region.fetchAll (a server error injected)", 500, Region.fetchAll)
  yield* step("Region.fetchAll", Region.fetchAll, { check: nonEmpty })
  yield* refused("Size.fetchAll (a rate limit injected)", 429, Size.fetchAll)
  yield* step("Size.fetchAll", Size.fetchAll, { check: nonEmpty })
  yield* step("Action.fetchAll (none yet)", Action.fetchAll)
})

const setup = Effect.gen(function*() {
  const images = yield* step("Image.fetchAll", Image.fetchAll(), { check: nonEmpty })
  yield* step("Image.fetchAll (distribution)", Image.fetchAll({ type: "distribution" }), { check: nonEmpty })
  const distribution = yield* step("Image.fetch (slug)", Image.fetch(images[0].slug ?? "ubuntu-24-04-x64"))
  yield* step("Image.fetch (id)", Image.fetch(distribution.id))

  const key = yield* step("SSHKey.create", SSHKey.create({ name: "scenario key", public_key: publicKey }))
  yield* refused("SSHKey.create (the same key again)", 422, SSHKey.create({ name: "again", public_key: publicKey }))
  yield* step("SSHKey.fetch (id)", SSHKey.fetch(key.id))
  yield* step("SSHKey.fetch (fingerprint)", SSHKey.fetch(key.fingerprint))
  yield* step("SSHKey.fetchAll", SSHKey.fetchAll, { check: (keys) => expect(keys.length === 1, `${keys.length} keys`) })
  yield* step("SSHKey.update", SSHKey.update(key.fingerprint, { name: "scenario key (renamed)" }), {
    check: (k) => expect(k.name === "scenario key (renamed)", k.name)
  })

  yield* step("Tag.create", Tag.create("scenario"))
  yield* refused("Tag.create (an invalid name)", 400, Tag.create("not a tag!"))
  const web = yield* step(
    "Droplet.create",
    Droplet.create({
      name: "scenario-web-1",
      region: REGION,
      size: "s-1vcpu-1gb",
      image: distribution.slug ?? distribution.id,
      ssh_keys: [key.id, key.fingerprint],
      backups: true,
      backup_policy: { plan: "weekly", weekday: "SUN", hour: 8 },
      ipv6: true,
      monitoring: true,
      tags: ["scenario"],
      user_data: "#cloud-config\nruncmd:\n  - touch /scenario\n",
      with_droplet_agent: true
    }),
    { check: (d) => expect(d.new && d.locked, `status ${d.status}, locked ${d.locked}`) }
  )
  const created = yield* step(
    "Droplet.createMultiple",
    Droplet.createMultiple({
      names: ["scenario-bulk-1", "scenario-bulk-2"],
      region: REGION,
      size: "s-1vcpu-1gb",
      image: distribution.id,
      tags: ["scenario", "scenario-bulk"]
    }),
    { check: (c) => expect(c.droplets.length === 2 && c.links.actions.length === 2, "two droplets, two actions") }
  )
  const store = yield* step(
    "Droplet.create (minimal)",
    Droplet.create({ name: "scenario-store", size: "s-1vcpu-2gb", image: distribution.id, region: REGION })
  )
  const active = yield* step("Droplet.waitForAction (create)", Droplet.waitForAction(web), {
    check: (d) => expect(Option.isSome(d) && d.value.active && !d.value.locked, "not active")
  })
  const others = yield* step(
    "Droplet.waitAll (active)",
    all(Droplet.waitAll([...created.droplets, store], { status: Droplet.STATUS_ACTIVE })),
    {
      check: (ds) => expect(ds.length === 3 && ds.every((d) => d.ipv4Address !== undefined), "not active with an IPv4")
    }
  )
  return {
    web: Option.getOrThrow(active),
    bulk: others.filter((d) => d.id !== store.id).sort((a, b) => a.id - b.id),
    store,
    key,
    distribution
  } satisfies World
})

const dropletReads = (world: World) =>
  Effect.gen(function*() {
    const { web } = world
    yield* step("Droplet.fetch", Droplet.fetch(web), { check: (d) => expect(d.ipv6Address !== undefined, "no IPv6") })
    yield* step("Droplet.fetchAll", Droplet.fetchAll(), { check: (ds) => expect(ds.length === 4, `${ds.length}`) })
    yield* step(
      "Api.request (GET /v2/droplets, page 2 of 4)",
      Api.request("GET", "/v2/droplets", { params: { page: 2, per_page: 1 } }),
      {
        check: (page: any) =>
          expect(
            ["first", "prev", "next", "last"].every((link) => typeof page?.links?.pages?.[link] === "string"),
            "no first, prev, next and last links"
          )
      }
    )
    yield* step("Droplet.fetchAll (tag_name)", Droplet.fetchAll({ tag_name: "scenario-bulk" }), {
      check: (ds) => expect(ds.length === 2, `${ds.length}`)
    })
    yield* step("Droplet.fetchAll (name)", Droplet.fetchAll({ name: web.name }), {
      check: (ds) => expect(ds.length === 1, `${ds.length}`)
    })
    yield* step("Droplet.fetchAll (gpus)", Droplet.fetchAll({ type: "gpus" }), {
      check: (ds) => expect(ds.length === 0, `${ds.length}`)
    })
    yield* step("Droplet.neighbors", Droplet.neighbors(web))
    yield* step("Droplet.fetchAllNeighbors", Droplet.fetchAllNeighbors)
    yield* step("Droplet.kernels", all(Droplet.kernels(web)), { check: nonEmpty })
  })

/** Every droplet action on the web droplet, each waited for; returns its snapshot's image id. */
const dropletActions = (world: World, fake: Fake) =>
  Effect.gen(function*() {
    const { web } = world
    yield* actAndWait("Droplet.reboot", Droplet.reboot(web))
    yield* actAndWait("Droplet.powerCycle", Droplet.powerCycle(web))
    yield* actAndWait("Droplet.shutdown", Droplet.shutdown(web))
    yield* step("Droplet.fetch (off)", Droplet.fetch(web), { check: (d) => expect(d.off, d.status) })
    yield* actAndWait("Droplet.powerOn", Droplet.powerOn(web))
    yield* refused("Droplet.resize (while active)", 422, Droplet.resize(web, "s-2vcpu-2gb"))
    yield* actAndWait("Droplet.powerOff", Droplet.powerOff(web))
    yield* actAndWait("Droplet.resize", Droplet.resize(web, "s-2vcpu-2gb", { disk: true }))
    yield* step("Droplet.fetch (resized)", Droplet.fetch(web), {
      check: (d) => expect(d.size_slug === "s-2vcpu-2gb" && d.disk === 60, `${d.size_slug}, ${d.disk} GB`)
    })
    yield* step("Droplet.ensureOn", Droplet.ensureOn(web), { check: (d) => expect(d.active, d.status) })
    yield* actAndWait("Droplet.rename", Droplet.rename(web, "scenario-web-renamed"))
    yield* actAndWait("Droplet.enableIpv6", Droplet.enableIpv6(web))
    // Fault injection: password resets end `errored` (the fake's `actionErrors`).
    const reset = yield* step("Droplet.passwordReset", Droplet.passwordReset(web))
    yield* step(`Droplet.passwordReset: wait for password_reset ${reset.id} (errored)`, Action.wait(reset), {
      check: (action) => expect(action.errored, action.status)
    })
    yield* actAndWait("Droplet.disableBackups", Droplet.disableBackups(web))
    yield* actAndWait("Droplet.enableBackups", Droplet.enableBackups(web))
    yield* actAndWait("Droplet.enableBackups (policy)", Droplet.enableBackups(web, { plan: "daily", hour: 20 }))
    yield* actAndWait(
      "Droplet.changeBackupPolicy",
      Droplet.changeBackupPolicy(web, { plan: "weekly", weekday: "MON", hour: 4 }),
      KNOWN.changeBackupPolicy
    )
    yield* actAndWait("Droplet.rebuild (slug)", Droplet.rebuild(web, "ubuntu-22-04-x64"))
    yield* actAndWait("Droplet.rebuild (id)", Droplet.rebuild(web, world.distribution))
    yield* actAndWait("Droplet.changeKernel", Droplet.changeKernel(web, 7515))
    yield* actAndWait("Droplet.act (reboot)", Droplet.act(web, { type: "reboot" }))
    yield* actAndWait("Droplet.snapshot", Droplet.snapshot(web, "scenario-web-snapshot"))
    const snapshots = yield* step("Droplet.snapshots", all(Droplet.snapshots(web)), {
      check: (s) => expect(s.length === 1, `${s.length} snapshots`)
    })
    // The fake makes no backups by itself: one is seeded, a copy of the snapshot's image as the fake wrote it.
    const backupId = seedBackup(fake, web.id, snapshots[0].id)
    yield* step("Droplet.backups (one seeded)", all(Droplet.backups(web)), {
      check: (b) => expect(b.length === 1 && b[0].id === backupId, `${b.length} backups`)
    })
    yield* actAndWait("Droplet.restore", Droplet.restore(web, backupId))
    yield* step("Droplet.ensureOff", Droplet.ensureOff(web), { check: (d) => expect(d.off, d.status) })
    yield* step("Droplet.ensureOn (again)", Droplet.ensureOn(web), { check: (d) => expect(d.active, d.status) })

    const actions = yield* step("Droplet.fetchAllActions", Droplet.fetchAllActions(web), { check: nonEmpty })
    yield* step("Droplet.streamActions", all(Droplet.streamActions(web)), {
      check: (a) => expect(a.length === actions.length, `${a.length}, not ${actions.length}`)
    })
    const last = yield* step("Droplet.fetchLastAction", Droplet.fetchLastAction(web), { check: isSome })
    yield* step("Droplet.fetchCurrentAction (none)", Droplet.fetchCurrentAction(web), { check: isNone })
    yield* step(
      "Api.request (GET /v2/droplets/{id}/actions/{action_id})",
      Api.request("GET", `/v2/droplets/${web.id}/actions/${Option.getOrThrow(last).id}`)
    )
    yield* step("Action.fetchAll", Action.fetchAll, { check: nonEmpty })
    yield* step("Action.stream", all(Action.stream), { check: nonEmpty })
    yield* step(
      "Api.paginate (GET /v2/actions, 10 a page)",
      Stream.runCount(Api.paginate("/v2/actions", "actions", { per_page: 10 })),
      { check: (count) => expect(count > 10, `${count} actions`) }
    )
    yield* step("Action.fetchLast", Action.fetchLast, { check: isSome })
    // The newest action may be another section's (they run concurrently): the droplet's last one is fetched.
    const action = yield* step("Action.fetch", Action.fetch(Option.getOrThrow(last).id))
    yield* step("Action.fetchResource", Action.fetchResource(action), {
      check: (resource) =>
        expect(
          Option.isSome(resource) && resource.value instanceof Droplet.Droplet && resource.value.id === web.id,
          "not the droplet"
        )
    })
    return { snapshot: snapshots[0].id, backup: backupId }
  })

/** Seeds a backup of a droplet in the fake's state: a copy of one of its snapshots' image, typed `backup`. */
const seedBackup = (fake: Fake, dropletId: number, snapshotImageId: number): number => {
  const { state } = fake
  const id = state.counters.image++
  const image = state.images.get(snapshotImageId)!
  state.images.set(id, { ...image, id, name: `${image.name} (backup)`, type: "backup", tags: [] })
  const droplet = state.droplets.get(dropletId)!
  droplet.backup_ids = [...droplet.backup_ids, id]
  return id
}

const images = (backup: number) =>
  Effect.gen(function*() {
    const custom = yield* step(
      "Image.create",
      Image.create({
        name: "scenario-custom",
        url: "https://example.com/images/scenario.qcow2",
        region: REGION,
        distribution: "Ubuntu",
        description: "A custom image of the scenario",
        tags: ["scenario"]
      }),
      { check: (i) => expect(i.status === "NEW", i.status ?? "no status") }
    )
    yield* step("Image.waitForAction (import)", Image.waitForAction(custom), {
      check: (i) => expect(Option.isSome(i) && i.value.status === "available", "not available")
    })
    yield* step("Image.fetchAll (private)", Image.fetchAll({ private: true }), { check: nonEmpty })
    yield* step("Image.fetchAll (tag_name)", Image.fetchAll({ tag_name: "scenario" }), {
      check: (i) => expect(i.length === 1, `${i.length}`)
    })
    yield* step(
      "Image.update",
      Image.update(custom, { name: "scenario-custom-2", distribution: "Debian", description: "" }),
      {
        check: (i) => expect(i.name === "scenario-custom-2", i.name)
      }
    )
    yield* actAndWait("Image.transfer", Image.transfer(custom, "sfo3"))
    yield* actAndWait("Image.act (transfer)", Image.act(custom, { type: "transfer", region: "ams3" }))
    yield* step("Image.fetch (transferred)", Image.fetch(custom), {
      check: (i) => expect(i.regions?.length === 3, `regions ${i.regions?.join(", ")}`)
    })
    const actions = yield* step("Image.fetchAllActions", Image.fetchAllActions(custom), { check: nonEmpty })
    yield* step("Image.streamActions", all(Image.streamActions(custom)), { check: nonEmpty })
    yield* step("Image.fetchLastAction", Image.fetchLastAction(custom), { check: isSome })
    yield* step("Image.fetchCurrentAction (none)", Image.fetchCurrentAction(custom), { check: isNone })
    yield* step(
      "Api.request (GET /v2/images/{id}/actions/{action_id})",
      Api.request("GET", `/v2/images/${custom.id}/actions/${actions[0].id}`)
    )
    yield* actAndWait("Image.convert (the seeded backup)", Image.convert(backup))
    yield* step("Image.fetch (converted)", Image.fetch(backup), { check: (i) => expect(i.type === "snapshot", i.type) })
    yield* step("Image.delete", Image.remove(custom))
    yield* refused("Image.fetch (deleted)", 404, Image.fetch(custom))
  })

const ips = (world: World) =>
  Effect.forEach(
    [
      { name: "ReservedIP", IP: ReservedIP },
      { name: "FloatingIP", IP: FloatingIP }
    ] as const,
    ({ IP, name }) =>
      Effect.gen(function*() {
        // The families run one after the other: each assigns its IPs to the two bulk droplets, and releases them.
        const [droplet, other] = world.bulk
        const free = yield* step(`${name}.create (region)`, IP.create({ region: REGION }), {
          check: (ip) => expect(ip.droplet === null, "assigned")
        })
        const assigned = yield* step(`${name}.create (droplet)`, IP.create({ droplet_id: droplet.id }))
        yield* step(`${name}.waitForAction (assign)`, IP.waitForAction(assigned), {
          check: (ip) => expect(Option.isSome(ip) && ip.value.droplet?.id === droplet.id, "not assigned")
        })
        yield* step(`${name}.fetch`, IP.fetch(free.ip))
        yield* step(`${name}.fetchAll`, IP.fetchAll, { check: (all) => expect(all.length >= 2, `${all.length}`) })
        yield* actAndWait(`${name}.assign`, IP.assign(free, other))
        yield* step(`${name}.fetch (assigned)`, IP.fetch(free), {
          check: (ip) => expect(ip.droplet?.id === other.id, "not assigned")
        })
        yield* actAndWait(`${name}.unassign`, IP.unassign(free))
        yield* actAndWait(`${name}.act (assign)`, IP.act(free, { type: "assign", droplet_id: other.id }))
        yield* actAndWait(`${name}.act (unassign)`, IP.act(free, { type: "unassign" }))
        const actions = yield* step(`${name}.fetchAllActions`, IP.fetchAllActions(free), { check: nonEmpty })
        yield* step(`${name}.streamActions`, all(IP.streamActions(free)), { check: nonEmpty })
        yield* step(`${name}.fetchLastAction`, IP.fetchLastAction(free), { check: isSome })
        yield* step(`${name}.fetchCurrentAction (none)`, IP.fetchCurrentAction(free), { check: isNone })
        const collection = name === "ReservedIP" ? "reserved_ips" : "floating_ips"
        yield* step(
          `Api.request (GET /v2/${collection}/{ip}/actions/{action_id})`,
          Api.request("GET", `/v2/${collection}/${free.ip}/actions/${actions[0].id}`)
        )
        yield* step(`${name}.delete`, IP.remove(free))
        yield* step(`${name}.delete (assigned)`, IP.remove(assigned))
        yield* refused(`${name}.fetch (deleted)`, 404, IP.fetch(free))
      }),
    { discard: true }
  )

const domains = Effect.gen(function*() {
  const domain = yield* step("Domain.create", Domain.create({ name: "scenario-example.com", ip_address: "192.0.2.10" }))
  yield* step("Domain.create (no address)", Domain.create({ name: "scenario-bare.net" }))
  yield* step("Domain.fetch", Domain.fetch(domain), { check: (d) => expect(d.zone_file !== null, "no zone file") })
  yield* step("Domain.fetchAll", Domain.fetchAll, { check: (d) => expect(d.length === 2, `${d.length}`) })
  const initial = yield* step("DomainRecord.fetchAll", DomainRecord.fetchAll(domain), {
    check: (r) => expect(r.length === 5, `${r.length} records (SOA, 3 NS, A)`)
  })
  const name = domain.name
  const created = yield* Effect.forEach(
    [
      { type: "A", name: "www", data: "192.0.2.11", ttl: 600 },
      { type: "AAAA", name: "www", data: "2001:db8::11" },
      { type: "CAA", name: "@", data: "letsencrypt.org", flags: 0, tag: "issue" },
      { type: "CNAME", name: "blog", data: "@" },
      { type: "MX", data: "mail.example.com.", priority: 10 },
      { type: "NS", name: "sub", data: "ns1.example.com." },
      { type: "SRV", name: "_sip._tcp", data: "sip.example.com.", priority: 10, port: 5060, weight: 5 },
      { type: "TXT", name: "@", data: "v=spf1 -all" }
    ] as const satisfies ReadonlyArray<DomainRecord.CreateOptions>,
    (options) => step(`DomainRecord.create (${options.type})`, DomainRecord.create(domain, options))
  )
  const [a] = created
  const txt = created[created.length - 1]
  yield* step("DomainRecord.fetch", DomainRecord.fetch(domain, a))
  yield* step(
    "DomainRecord.fetchAll (name and type)",
    DomainRecord.fetchAll(domain, { name: `www.${name}`, type: "A" }),
    {
      check: (r) => expect(r.length === 1, `${r.length}`)
    }
  )
  yield* step("DomainRecord.stream", all(DomainRecord.stream(domain)), {
    check: (r) => expect(r.length === initial.length + created.length, `${r.length}`)
  })
  yield* step("DomainRecord.update", DomainRecord.update(domain, a, { type: "A", data: "192.0.2.12", ttl: 1800 }), {
    check: (r) => expect(r.data === "192.0.2.12", r.data)
  })
  const soa = initial.find((r) => r.type === "SOA")!
  yield* step("DomainRecord.update (SOA ttl)", DomainRecord.update(domain, soa, { type: "SOA", ttl: 3600 }))
  yield* step(
    "Api.request (PATCH /v2/domains/{name}/records/{id})",
    Api.request("PATCH", `/v2/domains/${name}/records/${txt.id}`, { body: { type: "TXT", data: "v=spf1 mx -all" } })
  )
  yield* refused("DomainRecord.delete (SOA)", 422, DomainRecord.remove(domain, soa))
  yield* step("DomainRecord.delete", DomainRecord.remove(domain, a))
  yield* refused("DomainRecord.fetch (deleted)", 404, DomainRecord.fetch(domain, a))
  yield* step("Domain.delete", Domain.remove(domain))
  yield* step("Domain.delete (no address)", Domain.remove("scenario-bare.net"))
  yield* refused("Domain.fetch (deleted)", 404, Domain.fetch(domain))
})

/**
 * Kubernetes: the options; a cluster created (a bad node size refused: 422; the 409 of an upgrade while it
 * provisions depends on timing here: it is tested under TestClock), waited on until it and its nodes run, listed,
 * updated; its kubeconfig, credentials and user; a node pool added and scaled, a node replaced and one recycled, the
 * pool deleted; an upgrade waited on; status messages, clusterlint and registries; the cluster deleted (404 after);
 * two more deleted with their associated resources (a volume tagged for one).
 */
const kubernetes = Effect.gen(function*() {
  const options = yield* step("Kubernetes.fetchOptions", Kubernetes.fetchOptions, {
    check: (o) => expect(o.versions.length > 1 && o.sizes.length > 0, "no versions or sizes")
  })
  const workers: Kubernetes.NodePoolOptions = {
    name: "workers",
    size: "s-2vcpu-4gb",
    count: 2,
    tags: ["scenario-workers"],
    labels: { role: "web" },
    taints: [{ key: "dedicated", value: "web", effect: "NoSchedule" }]
  }
  const created = yield* step(
    "Kubernetes.create",
    Kubernetes.create({
      name: "scenario-k8s",
      region: REGION,
      version: options.versions[2].slug,
      tags: ["scenario-k8s"],
      node_pools: [workers],
      maintenance_policy: { start_time: "04:00", day: "sunday" },
      surge_upgrade: true
    }),
    { check: (c) => expect(c.provisioning, c.state) }
  )
  yield* refused(
    "Kubernetes.create (a bad node size)",
    422,
    Kubernetes.create({
      name: "scenario-bad",
      region: REGION,
      version: "latest",
      node_pools: [{ name: "tiny", size: "s-1vcpu-1gb", count: 1 }]
    })
  )
  const cluster = yield* step("Kubernetes.waitUntilRunning", Kubernetes.waitUntilRunning(created), {
    check: (c) => expect(c.ready && c.endpoint !== "", `${c.state}, nodes running: ${c.nodesRunning}`)
  })
  yield* step("Kubernetes.fetch", Kubernetes.fetch(cluster.id))
  yield* step("Kubernetes.fetchAll", Kubernetes.fetchAll, { check: nonEmpty })
  yield* step(
    "Kubernetes.update",
    Kubernetes.update(cluster, { name: "scenario-k8s", tags: ["scenario-k8s", "web"], auto_upgrade: true })
  )
  yield* step("Kubernetes.fetchKubeconfig", Kubernetes.fetchKubeconfig(cluster, { expiry_seconds: 600 }), {
    check: (yaml) => expect(yaml.includes("kind: Config"), "not a kubeconfig")
  })
  yield* step("Kubernetes.fetchCredentials", Kubernetes.fetchCredentials(cluster, { expiry_seconds: 600 }))
  yield* step("Kubernetes.fetchUser", Kubernetes.fetchUser(cluster))

  const batch = yield* step(
    "Kubernetes.addNodePool",
    Kubernetes.addNodePool(cluster, {
      name: "batch",
      size: "s-4vcpu-8gb",
      count: 1,
      auto_scale: true,
      min_nodes: 1,
      max_nodes: 3
    })
  )
  yield* refused(
    "Kubernetes.addNodePool (a bad size)",
    422,
    Kubernetes.addNodePool(cluster, { name: "tiny", size: "s-1vcpu-512mb-10gb", count: 1 })
  )
  yield* step("Kubernetes.fetchNodePools", Kubernetes.fetchNodePools(cluster), {
    check: (pools) => expect(pools.length === 2, `${pools.length} pools`)
  })
  yield* step(
    "Kubernetes.updateNodePool",
    Kubernetes.updateNodePool(cluster, batch, {
      name: "batch",
      count: 2,
      auto_scale: true,
      min_nodes: 1,
      max_nodes: 3
    }),
    { check: (p) => expect(p.nodes.length === 2, `${p.nodes.length} nodes`) }
  )
  yield* step("Kubernetes.waitAllUntilRunning", all(Kubernetes.waitAllUntilRunning([cluster])))
  const pool = yield* step("Kubernetes.fetchNodePool", Kubernetes.fetchNodePool(cluster, cluster.node_pools[0]))
  yield* step(
    "Kubernetes.removeNode (replaced)",
    Kubernetes.removeNode(cluster, pool, pool.nodes[0], { skip_drain: true, replace: true })
  )
  yield* step("Kubernetes.recycleNodes", Kubernetes.recycleNodes(cluster, pool, [pool.nodes[1]]))
  yield* step("Kubernetes.removeNodePool", Kubernetes.removeNodePool(cluster, batch))
  yield* refused("Kubernetes.fetchNodePool (deleted)", 404, Kubernetes.fetchNodePool(cluster, batch))
  yield* step("Kubernetes.waitUntilRunning (nodes replaced)", Kubernetes.waitUntilRunning(cluster))

  const upgrades = yield* step("Kubernetes.fetchUpgrades", Kubernetes.fetchUpgrades(cluster), { check: nonEmpty })
  yield* step("Kubernetes.upgrade", Kubernetes.upgrade(cluster, upgrades[0]))
  yield* step("Kubernetes.waitUntilRunning (upgraded)", Kubernetes.waitUntilRunning(cluster), {
    check: (c) => expect(c.version === upgrades[0].slug, c.version)
  })
  // The rest of the family, through the generated operations.
  yield* step("Kubernetes.getStatusMessages (generated)", KubernetesApi.getStatusMessages(cluster.id))
  const lint = yield* step(
    "Kubernetes.runClusterLint (generated)",
    KubernetesApi.runClusterLint(cluster.id, { include_groups: ["basic", "doks"] })
  )
  yield* step(
    "Kubernetes.getClusterLintResults (generated)",
    KubernetesApi.getClusterLintResults(cluster.id, { run_id: lint.run_id ?? "" }),
    { check: (r) => expect(r.run_id === lint.run_id, r.run_id) }
  )
  yield* step("Kubernetes.addRegistry (generated)", KubernetesApi.addRegistry({ cluster_uuids: [cluster.id] }))
  yield* step(
    "Kubernetes.addRegistries (generated)",
    KubernetesApi.addRegistries({ cluster_uuids: [cluster.id], registries: ["scenario"] })
  )
  yield* step("Kubernetes.fetch (a registry)", Kubernetes.fetch(cluster), {
    check: (c) => expect(c.registry_enabled && c.registries?.includes("scenario") === true, c.registries)
  })
  yield* step(
    "Kubernetes.removeRegistries (generated)",
    KubernetesApi.removeRegistries({ cluster_uuids: [cluster.id], registries: ["scenario"] })
  )
  yield* step("Kubernetes.removeRegistry (generated)", KubernetesApi.removeRegistry({ cluster_uuids: [cluster.id] }))
  yield* step("Kubernetes.delete", Kubernetes.remove(cluster))
  yield* refused("Kubernetes.fetch (deleted)", 404, Kubernetes.fetch(cluster))

  const spare = (name: string) =>
    Kubernetes.create({
      name,
      region: REGION,
      version: "latest",
      node_pools: [{ name: "pool", size: "s-2vcpu-2gb", count: 1 }]
    })
  const withVolume = yield* step("Kubernetes.create (to delete with its volume)", spare("scenario-k8s-2"))
  const pvc = yield* step(
    "Volume.create (tagged k8s:<cluster id>)",
    Volume.create({ name: "scenario-pvc", size_gigabytes: 1, region: REGION, tags: [`k8s:${withVolume.id}`] })
  )
  yield* step(
    "Kubernetes.listAssociatedResources (generated)",
    KubernetesApi.listAssociatedResources(withVolume.id),
    { check: (r) => expect(r.volumes?.length === 1 && r.volumes[0].id === pvc.id, JSON.stringify(r.volumes)) }
  )
  yield* step(
    "Kubernetes.destroyAssociatedResourcesSelective (generated)",
    KubernetesApi.destroyAssociatedResourcesSelective(withVolume.id, { volumes: [pvc.id] })
  )
  yield* refused("Volume.fetch (deleted with its cluster)", 404, Volume.fetch(pvc))
  const dangerous = yield* step("Kubernetes.create (to delete with everything)", spare("scenario-k8s-3"))
  yield* step(
    "Kubernetes.destroyAssociatedResourcesDangerous (generated)",
    KubernetesApi.destroyAssociatedResourcesDangerous(dangerous.id)
  )
  yield* refused("Kubernetes.fetch (deleted with everything)", 404, Kubernetes.fetch(dangerous))
})

/**
 * Managed databases: a pg cluster created, waited on until online, resized; its databases, users, pools, trusted
 * sources and replicas (waited on, one promoted); a mysql cluster for the engine's refusals; the 404s, 409s
 * and 422s; every cluster deleted. (The 412 of a replica asked of a creating primary is tested in Databases.test.ts:
 * here the clusters come online in 300 ms, too soon to be sure of it.)
 */
const databases = (world: World) =>
  Effect.gen(function*() {
    yield* step("Database.fetchOptions", Database.fetchOptions, {
      check: (o) => expect(o.options.pg?.versions.includes("16") === true, "no pg 16")
    })
    const created = yield* step(
      "Database.create",
      Database.create({
        name: "scenario-db",
        engine: "pg",
        version: "16",
        num_nodes: 1,
        size: "db-s-1vcpu-2gb",
        region: REGION,
        tags: ["scenario-db"],
        rules: [{ type: "ip_addr", value: "203.0.113.7" }]
      }),
      { check: (c) => expect(c.status === "creating", c.status) }
    )
    yield* refused(
      "Database.create (a bad size)",
      422,
      Database.create({ name: "scenario-bad", engine: "pg", num_nodes: 1, size: "s-1vcpu-1gb", region: REGION })
    )
    const mysql = yield* step(
      "Database.create (mysql)",
      Database.create({ name: "scenario-mysql", engine: "mysql", num_nodes: 2, size: "db-s-1vcpu-1gb", region: REGION })
    )
    yield* step("Database.waitAllUntilOnline", Stream.runCollect(Database.waitAllUntilOnline([created, mysql])), {
      check: (up) => expect(Chunk.size(up) === 2, `${Chunk.size(up)} online`)
    })
    const cluster = yield* step("Database.waitUntilOnline", Database.waitUntilOnline(created))
    yield* step("Database.fetch", Database.fetch(cluster.id))
    yield* step("Database.fetchAll (tag)", Database.fetchAll({ tag_name: "scenario-db" }), { check: nonEmpty })
    yield* step("Database.fetchAll", Database.fetchAll(), { check: nonEmpty })

    yield* step("Database.addDB", Database.addDB(cluster, "scenario"))
    yield* refused("Database.addDB (a name in use)", 409, Database.addDB(cluster, "scenario"))
    yield* step("Database.listDBs", Database.listDBs(cluster), { check: nonEmpty })
    yield* step("Database.fetchDB", Database.fetchDB(cluster, "scenario"))
    const user = yield* step("Database.addUser", Database.addUser(cluster, { name: "scenario-user" }))
    yield* refused("Database.addUser (a name in use)", 409, Database.addUser(cluster, { name: "scenario-user" }))
    yield* step("Database.listUsers", Database.listUsers(cluster), { check: nonEmpty })
    yield* step("Database.fetchUser", Database.fetchUser(cluster, user))
    yield* step("Database.resetUserAuth", Database.resetUserAuth(cluster, user), {
      check: (u) => expect(u.password !== user.password, "the same password")
    })
    yield* step(
      "Database.resetUserAuth (mysql_settings)",
      Database.resetUserAuth(mysql, "doadmin", { mysql_settings: { auth_plugin: "mysql_native_password" } })
    )
    const pool = yield* step(
      "Database.addPool",
      Database.addPool(cluster, {
        name: "scenario-pool",
        mode: "transaction",
        size: 5,
        db: "scenario",
        user: user.name
      })
    )
    yield* refused(
      "Database.addPool (mysql)",
      422,
      Database.addPool(mysql, { name: "p", mode: "transaction", size: 1, db: "defaultdb" })
    )
    yield* step("Database.listPools", Database.listPools(cluster), { check: nonEmpty })
    yield* step("Database.updatePool", Database.updatePool(cluster, pool, { mode: "session", size: 3, db: "scenario" }))
    yield* step("Database.fetchPool", Database.fetchPool(cluster, pool), {
      check: (p) => expect(p.mode === "session", p.mode)
    })
    yield* refused("Database.removeDB (held by a pool)", 422, Database.removeDB(cluster, "scenario"))
    yield* step("Database.removePool", Database.removePool(cluster, pool))
    yield* step("Database.removeUser", Database.removeUser(cluster, user))
    yield* step("Database.removeDB", Database.removeDB(cluster, "scenario"))
    yield* refused("Database.fetchUser (deleted)", 404, Database.fetchUser(cluster, user))

    yield* step(
      "Database.updateFirewallRules",
      Database.updateFirewallRules(cluster, [
        { type: "droplet", value: String(world.web.id) },
        { type: "tag", value: "scenario" },
        { type: "ip_addr", value: "198.51.100.0/24" }
      ])
    )
    yield* step("Database.fetchFirewallRules", Database.fetchFirewallRules(cluster), {
      check: (rules) => expect(rules.length === 3, `${rules.length} rules`)
    })

    yield* step("Database.resize", Database.resize(cluster, { size: "db-s-2vcpu-4gb", num_nodes: 2 }))
    yield* step("Database.waitUntilOnline (resized)", Database.waitUntilOnline(cluster), {
      check: (c) => expect(c.size === "db-s-2vcpu-4gb", c.size)
    })
    const replica = yield* step(
      "Database.createReplica",
      Database.createReplica(cluster, { name: "scenario-read", size: "db-s-1vcpu-2gb", region: REGION })
    )
    yield* step(
      "Database.createReplica (another)",
      Database.createReplica(cluster, { name: "scenario-read-2", size: "db-s-1vcpu-2gb" })
    )
    yield* step(
      "Database.waitAllReplicasUntilOnline",
      Stream.runCollect(Database.waitAllReplicasUntilOnline(cluster, [replica, "scenario-read-2"]))
    )
    yield* step("Database.waitReplicaUntilOnline", Database.waitReplicaUntilOnline(cluster, replica))
    yield* step("Database.listReplicas", Database.listReplicas(cluster), { check: nonEmpty })
    yield* step("Database.fetchReplica", Database.fetchReplica(cluster, replica))
    yield* step("Database.promoteReplica", Database.promoteReplica(cluster, "scenario-read-2"))
    yield* step("Database.removeReplica", Database.removeReplica(cluster, replica))
    yield* refused("Database.fetchReplica (deleted)", 404, Database.fetchReplica(cluster, replica))

    const all = yield* step("Database.fetchAll (the promoted replica)", Database.fetchAll(), {
      check: (clusters) => expect(clusters.some((c) => c.name === "scenario-read-2"), "no promoted cluster")
    })
    for (const c of all) yield* step(`Database.delete (${c.name})`, Database.delete(c))
    yield* refused("Database.fetch (deleted)", 404, Database.fetch(cluster))
  })

/** Volumes and volume snapshots; returns the volume and its snapshot (the tags section tags them). */
const volumes = (world: World) =>
  Effect.gen(function*() {
    const web = world.store
    const volume = yield* step(
      "Volume.create",
      Volume.create({
        name: VOLUME,
        size_gigabytes: 10,
        region: REGION,
        description: "The scenario's volume",
        tags: ["scenario"],
        filesystem_type: "ext4",
        filesystem_label: "scenario"
      })
    )
    yield* step("Volume.fetch", Volume.fetch(volume))
    yield* step("Volume.fetchAll", Volume.fetchAll(), { check: nonEmpty })
    yield* step("Volume.fetchAll (name and region)", Volume.fetchAll({ name: VOLUME, region: REGION }), {
      check: (v) => expect(v.length === 1, `${v.length}`)
    })
    yield* step("Volume.fetchByName", Volume.fetchByName(VOLUME, REGION), { check: isSome })
    const attached = (expected: boolean) =>
      step(`Volume.waitForAction (${expected ? "attached" : "detached"})`, Volume.waitForAction(volume), {
        check: (v) =>
          expect(Option.isSome(v) && (v.value.droplet_ids ?? []).includes(web.id) === expected, "wrong droplet_ids")
      })
    yield* step("Volume.attach", Volume.attach(volume, web))
    yield* attached(true)
    yield* refused("Volume.delete (attached)", 422, Volume.remove(volume))
    yield* step("Volume.detach", Volume.detach(volume, web, { region: REGION }))
    yield* attached(false)
    yield* step("Volume.attachByName", Volume.attachByName(VOLUME, web, REGION, { tags: ["scenario-attached"] }))
    yield* attached(true)
    yield* step("Volume.detachByName", Volume.detachByName(VOLUME, web, REGION))
    yield* attached(false)
    yield* actAndWait("Volume.resize", Volume.resize(volume, 20))
    yield* actAndWait("Volume.resize (region)", Volume.resize(volume, 25, REGION))
    yield* actAndWait("Volume.resizeByName", Volume.resizeByName(VOLUME, REGION, 30))
    yield* step("Volume.fetch (resized)", Volume.fetch(volume), {
      check: (v) => expect(v.size_gigabytes === 30, `${v.size_gigabytes} GB`)
    })
    yield* step("Volume.act (attach)", Volume.act(volume, { type: "attach", droplet_id: web.id, region: REGION }))
    yield* attached(true)
    yield* step("Volume.act (detach)", Volume.act(volume, { type: "detach", droplet_id: web.id }))
    yield* attached(false)
    const actions = yield* step("Volume.fetchAllActions", Volume.fetchAllActions(volume), { check: nonEmpty })
    yield* step("Volume.streamActions", all(Volume.streamActions(volume)), { check: nonEmpty })
    yield* step("Volume.fetchLastAction", Volume.fetchLastAction(volume), { check: isSome })
    yield* step("Volume.fetchCurrentAction (none)", Volume.fetchCurrentAction(volume), { check: isNone })
    yield* step(
      "Api.request (GET /v2/volumes/{id}/actions/{action_id})",
      Api.request("GET", `/v2/volumes/${volume.id}/actions/${actions[0].id}`)
    )

    const snapshot = yield* step(
      "Volume.createSnapshot",
      Volume.createSnapshot(volume, { name: "scenario-volume-snapshot", tags: ["scenario"] })
    )
    yield* step("Volume.snapshots", all(Volume.snapshots(volume)), {
      check: (s) => expect(s.length === 1, `${s.length}`)
    })
    yield* step("Volume.fetchSnapshot", Volume.fetchSnapshot(snapshot))
    yield* step("Snapshot.fetch (volume snapshot)", Snapshot.fetch(snapshot.id))
    yield* step("Snapshot.fetchAll (volume)", Snapshot.fetchAll({ resource_type: Snapshot.RESOURCE_VOLUME }), {
      check: (s) => expect(s.length === 1, `${s.length}`)
    })
    yield* step(
      "Volume.create (from the snapshot)",
      Volume.create({
        name: "scenario-restored",
        size_gigabytes: 30,
        region: REGION,
        snapshot_id: snapshot.id,
        filesystem_type: "xfs",
        filesystem_label: "restored"
      })
    )
    yield* step("Volume.removeByName", Volume.removeByName("scenario-restored", REGION))
    yield* step("Volume.fetchByName (removed)", Volume.fetchByName("scenario-restored", REGION), { check: isNone })
    return { volume, snapshot }
  })

const tags = (world: World, volume: Volume.Volume, snapshot: Snapshot.Snapshot, snapshotImage: number) =>
  Effect.gen(function*() {
    yield* step("Tag.create (existing, another case)", Tag.create("Scenario"), {
      check: (t) => expect(t.name === "scenario", t.name)
    })
    yield* step("Tag.create (with a colon)", Tag.create("env:scenario"))
    yield* step(
      "Tag.tagResources",
      Tag.tagResources("env:scenario", [
        world.web,
        { resource_id: String(snapshotImage), resource_type: "image" },
        { resource_id: volume.id, resource_type: "volume" },
        { resource_id: snapshot.id, resource_type: "volume_snapshot" }
      ])
    )
    yield* step("Tag.fetch", Tag.fetch("env:scenario"), {
      check: (t) => expect(t.resources?.count === 4, `${t.resources?.count} resources`)
    })
    yield* step("Tag.fetchAll", Tag.fetchAll, { check: nonEmpty })
    yield* step("Tag.untagResources", Tag.untagResources("env:scenario", [world.web]))
    yield* step("Tag.fetch (untagged)", Tag.fetch("env:scenario"), {
      check: (t) => expect(t.resources?.droplets?.count === 0, `${t.resources?.droplets?.count} droplets`)
    })

    const byTag = (name: string, act: Effect.Effect<ReadonlyArray<Action.Action>, DoError.DOAPIError, Requirements>) =>
      Effect.flatMap(
        step(name, act, {
          known: KNOWN.dropletActionsByTag,
          check: (actions) => expect(actions.length === 2, `${actions.length} actions`)
        }),
        (actions) => waitForAll(name, actions)
      )
    yield* byTag("Tag.actOnDroplets (power_cycle)", Tag.actOnDroplets("scenario-bulk", { type: "power_cycle" }))
    yield* byTag("Tag.powerCycleDroplets", Tag.powerCycleDroplets("scenario-bulk"))
    yield* byTag("Tag.shutdownDroplets", Tag.shutdownDroplets("scenario-bulk"))
    yield* byTag("Tag.powerOnDroplets", Tag.powerOnDroplets("scenario-bulk"))
    yield* byTag("Tag.powerOffDroplets", Tag.powerOffDroplets("scenario-bulk"))
    yield* byTag("Tag.enableIpv6Droplets", Tag.enableIpv6Droplets("scenario-bulk"))
    yield* byTag("Tag.enableBackupsDroplets", Tag.enableBackupsDroplets("scenario-bulk"))
    yield* byTag("Tag.disableBackupsDroplets", Tag.disableBackupsDroplets("scenario-bulk"))
    yield* byTag("Tag.snapshotDroplets", Tag.snapshotDroplets("scenario-bulk", "scenario-bulk-snapshot"))
    yield* step("Droplet.fetchAll (tag_name, after by-tag actions)", Droplet.fetchAll({ tag_name: "scenario-bulk" }), {
      check: (ds) => expect(ds.every((d) => d.off && d.snapshot_ids.length === 1), "not off with one snapshot each")
    })
  })

const snapshots = (snapshotImage: number) =>
  Effect.gen(function*() {
    yield* step("Snapshot.fetchAll", Snapshot.fetchAll(), { check: nonEmpty })
    yield* step("Snapshot.stream", all(Snapshot.stream()), { check: nonEmpty })
    yield* step("Snapshot.fetchAll (droplet)", Snapshot.fetchAll({ resource_type: Snapshot.RESOURCE_DROPLET }), {
      check: nonEmpty
    })
    yield* step("Snapshot.fetch (droplet snapshot)", Snapshot.fetch(snapshotImage))
    yield* step("Snapshot.delete (droplet snapshot)", Snapshot.remove(snapshotImage))
    yield* refused("Snapshot.fetch (deleted)", 404, Snapshot.fetch(snapshotImage))
  })

const cleanup = (world: World, volume: Volume.Volume | undefined, snapshot: Snapshot.Snapshot | undefined) =>
  Effect.gen(function*() {
    if (snapshot !== undefined) {
      yield* step("Volume.removeSnapshot", Volume.removeSnapshot(snapshot))
      yield* refused("Volume.fetchSnapshot (deleted)", 404, Volume.fetchSnapshot(snapshot))
    }
    if (volume !== undefined) {
      yield* step("Volume.delete", Volume.remove(volume))
      yield* refused("Volume.fetch (deleted)", 404, Volume.fetch(volume))
    }
    yield* step("Droplet.deleteByTag", Droplet.deleteByTag("scenario-bulk"))
    yield* step("Droplet.fetchAll (tag_name, deleted)", Droplet.fetchAll({ tag_name: "scenario-bulk" }), {
      check: (ds) => expect(ds.length === 0, `${ds.length} left`)
    })
    yield* step("Droplet.delete", Droplet.remove(world.web))
    yield* refused("Droplet.fetch (deleted)", 404, Droplet.fetch(world.web))
    yield* step("Tag.delete", Tag.remove("scenario"))
    yield* step("Tag.delete (with a colon)", Tag.remove("env:scenario"))
    yield* refused("Tag.fetch (deleted)", 404, Tag.fetch("scenario"))
    yield* step("SSHKey.delete", SSHKey.remove(world.key))
    yield* refused("SSHKey.fetch (deleted)", 404, SSHKey.fetch(world.key.id))
  })

/**
 * Runs a section: a failed step ends it (its line is printed), and the scenario goes on. Its lines are printed
 * together when it ends, as sections run concurrently.
 */
const section = <A>(name: string, body: Effect.Effect<A, StepFailed>): Effect.Effect<Option.Option<A>> =>
  Effect.suspend(() => {
    const lines: Array<string> = []
    const started = Date.now()
    return body.pipe(
      Effect.asSome,
      Effect.catchTag(
        "StepFailed",
        (failed) => Effect.as(output(`       (${name}: stopped at "${failed.name}")`), Option.none())
      ),
      Effect.locally(currentLines, lines),
      Effect.ensuring(Effect.sync(() => {
        console.log(`\n== ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
        for (const line of lines) console.log(line)
      }))
    )
  })

/**
 * App Platform: the regions and a proposal; an app created from a spec (a service and a static site), its first
 * deployment waited on through its phases, its logs (the four endpoints), a redeploy canceled (and refused a second
 * cancel: 409), an update waited on; an app whose build fails (the spec's `DOAPI_FAKE_FAIL`), as a
 * DeploymentFailedError; the 404s, the 409 of a name in use and the 422 of a spec without components; both deleted.
 */
const apps = Effect.gen(function*() {
  const spec: App.AppSpec = {
    name: "scenario-app",
    region: "ams",
    services: [{
      name: "api",
      github: { repo: "digitalocean/sample-golang", branch: "main", deploy_on_push: true },
      instance_size_slug: "apps-s-1vcpu-1gb",
      instance_count: 2,
      http_port: 8080,
      envs: [{ key: "MODE", value: "scenario", scope: "RUN_TIME", type: "GENERAL" }]
    }],
    static_sites: [{ name: "docs", github: { repo: "digitalocean/sample-html", branch: "main" } }]
  }
  yield* step("App.regions", App.regions, { check: nonEmpty })
  yield* step("App.propose", App.propose({ spec }), { check: (p) => expect(p.app_name_available === true, "taken") })
  const created = yield* step("App.create", App.create({ spec }), {
    check: (a) => expect(a.pending_deployment?.phase === App.PHASE_PENDING_BUILD, a.pending_deployment?.phase)
  })
  yield* refused("App.create (a name in use)", 409, App.create({ spec }))
  yield* refused("App.create (no component)", 422, App.create({ spec: { name: "scenario-empty", region: "ams" } }))
  yield* step("App.propose (an update)", App.propose({ spec, app_id: created.id }))
  const first = created.pending_deployment!
  yield* step("App.fetchDeployment", App.fetchDeployment(created, first))
  yield* step("App.waitForDeployment", App.waitForDeployment(created, first), {
    check: (d) => expect(d.active && d.progress.success_steps === d.progress.total_steps, d.phase)
  })
  const app = yield* step("App.fetch", App.fetch(created.id), {
    check: (a) => expect(a.active_deployment?.id === first.id && a.live_url !== undefined, "not live")
  })
  yield* step("App.fetchAll", App.fetchAll({ with_projects: true }), { check: nonEmpty })
  yield* step("App.logs", App.logs(app, { type: "RUN" }), { check: (l) => nonEmpty(l.historic_urls) })
  yield* step("App.logs (component, follow)", App.logs(app, { type: "RUN", component: "api", follow: true }), {
    check: (l) => expect(l.live_url !== undefined, "no live_url")
  })
  yield* step("App.logs (deployment)", App.logs(app, { type: "BUILD", deployment: first }))
  yield* step(
    "App.logs (deployment and component)",
    App.logs(app, { type: "DEPLOY", deployment: first, component: "docs", pod_connection_timeout: "1m" })
  )
  const redeploy = yield* step("App.createDeployment", App.createDeployment(app, { force_build: true }))
  yield* step("App.cancelDeployment", App.cancelDeployment(app, redeploy), {
    check: (d) => expect(d.phase === App.PHASE_CANCELED, d.phase)
  })
  yield* refused("App.cancelDeployment (finished)", 409, App.cancelDeployment(app, redeploy))
  yield* step("App.fetchAllDeployments", App.fetchAllDeployments(app), {
    check: (ds) => expect(ds.length === 2, `${ds.length} deployments`)
  })
  const updated = yield* step("App.update", App.update(app, { spec: { ...spec, region: "fra" } }), {
    check: (a) => expect(a.pending_deployment?.cause === "app spec updated", a.pending_deployment?.cause)
  })
  yield* step("App.waitUntilDeployed", App.waitUntilDeployed(updated), {
    check: (a) => expect(a.active_deployment?.spec.region === "fra", a.active_deployment?.spec.region)
  })

  const failing = yield* step(
    "App.create (a build that fails)",
    App.create({ spec: { ...spec, name: "scenario-failing", envs: [{ key: "DOAPI_FAKE_FAIL", value: "BUILD" }] } })
  )
  yield* step(
    "App.waitForDeployment (ERROR)",
    Effect.flip(App.waitForDeployment(failing, failing.pending_deployment!)),
    {
      check: (e) =>
        expect(
          e._tag === "DeploymentFailedError" && e.phase === "ERROR" && e.step === "build/components/api",
          e.message
        )
    }
  )
  yield* refused("App.fetch (unknown)", 404, App.fetch("00000000-0000-4000-8000-000000000000"))
  yield* refused("App.fetchDeployment (unknown)", 404, App.fetchDeployment(app, "00000000-0000-4000-8000-000000000000"))
  yield* step("App.delete", App.delete(app))
  yield* step("App.delete (the failing app)", App.delete(failing))
  yield* refused("App.fetch (deleted)", 404, App.fetch(app))
})

/**
 * Load balancers, firewalls, VPCs and projects, on droplets of their own: a VPC (refused as a duplicate, and its
 * region's default refused deletion), two droplets in it (its members; deleting it refused while they are), load
 * balancers by id and by tag waited on until active, their droplets and forwarding rules (a duplicate refused), a
 * firewall with every change and `ensureRules`, a project with both kinds of update, the resources moved in and back
 * (its deletion refused while it holds one), and everything deleted (then 404).
 */
const networking = Effect.gen(function*() {
  const http = { entry_protocol: "http", entry_port: 80, target_protocol: "http", target_port: 8080 } as const
  const tcp = { entry_protocol: "tcp", entry_port: 5432, target_protocol: "tcp", target_port: 5432 } as const
  const ssh = { protocol: "tcp", ports: "22", sources: { addresses: ["10.66.0.0/24"], tags: ["scenario-net"] } }
  const web = { protocol: "tcp", ports: "80", sources: { addresses: ["0.0.0.0/0", "::/0"] } }
  const out = { protocol: "tcp", ports: "all", destinations: { addresses: ["0.0.0.0/0", "::/0"] } }

  const vpc = yield* step(
    "VPC.create",
    VPC.create({ name: "scenario-net", region: REGION, description: "scenario", ip_range: "10.66.0.0/24" })
  )
  yield* refused("VPC.create (a name in use)", 422, VPC.create({ name: "scenario-net", region: REGION }))
  yield* step("VPC.fetch", VPC.fetch(vpc.id))
  yield* step("VPC.fetchAll", VPC.fetchAll, { check: nonEmpty })
  const regionDefault = yield* step("VPC.fetchDefault", VPC.fetchDefault(REGION), { check: isSome })
  yield* refused("VPC.delete (a region's default)", 403, VPC.delete(Option.getOrThrow(regionDefault)))
  yield* step("VPC.update", VPC.update(vpc, { name: "scenario-net", description: "put" }), {
    check: (v) => expect(v.description === "put", v.description)
  })
  yield* step("VPC.patch", VPC.patch(vpc, { description: "patched" }), {
    check: (v) => expect(v.description === "patched", v.description)
  })
  yield* step("Tag.create (scenario-net)", Tag.create("scenario-net"))
  const created = yield* step(
    "Droplet.createMultiple (in the VPC)",
    Droplet.createMultiple({
      names: ["scenario-net-1", "scenario-net-2"],
      region: REGION,
      size: "s-1vcpu-1gb",
      image: "ubuntu-24-04-x64",
      vpc_uuid: vpc.id,
      tags: ["scenario-net"]
    })
  )
  const [d1, d2] = yield* step(
    "Droplet.waitAll (in the VPC)",
    all(Droplet.waitAll(created.droplets, { status: Droplet.STATUS_ACTIVE })),
    { check: (ds) => expect(ds.every((d) => d.vpc_uuid === vpc.id), "not in the VPC") }
  ).pipe(Effect.map((ds) => [...ds].sort((a, b) => a.id - b.id)))
  yield* step("VPC.members", all(VPC.members(vpc)), { check: (ms) => expect(ms.length === 2, `${ms.length}`) })
  yield* step("VPC.fetchAllMembers (resource_type)", VPC.fetchAllMembers(vpc, { resource_type: "droplet" }), {
    check: nonEmpty
  })
  yield* refused("VPC.delete (with members)", 403, VPC.delete(vpc))

  const byId = yield* step(
    "LoadBalancer.create",
    LoadBalancer.create({
      name: "scenario-lb",
      region: REGION,
      vpc_uuid: vpc.id,
      forwarding_rules: [http],
      droplet_ids: [d1.id],
      health_check: { protocol: "http", port: 8080, path: "/health" },
      sticky_sessions: { type: "cookies", cookie_name: "LB", cookie_ttl_seconds: 300 }
    }),
    { check: (lb) => expect(lb.new && lb.ip === "", lb.status) }
  )
  const byTag = yield* step(
    "LoadBalancer.create (by tag)",
    LoadBalancer.create({ name: "scenario-lb-tag", region: REGION, forwarding_rules: [tcp], tag: "scenario-net" })
  )
  yield* step("LoadBalancer.waitAllActive", all(LoadBalancer.waitAllActive([byId, byTag])), {
    check: (lbs) => expect(lbs.length === 2 && lbs.every((lb) => lb.active), "not active")
  })
  yield* step("LoadBalancer.waitUntilActive", LoadBalancer.waitUntilActive(byId))
  yield* step("LoadBalancer.fetch", LoadBalancer.fetch(byTag.id), {
    check: (lb) => expect(lb.droplet_ids.length === 2, lb.droplet_ids)
  })
  yield* step("LoadBalancer.fetchAll", LoadBalancer.fetchAll, { check: nonEmpty })
  yield* step("LoadBalancer.stream", all(LoadBalancer.stream), { check: nonEmpty })
  yield* step(
    "LoadBalancer.update",
    LoadBalancer.update(byId, {
      name: "scenario-lb",
      region: REGION,
      forwarding_rules: [http],
      droplet_ids: [d1.id],
      redirect_http_to_https: true
    })
  )
  yield* step("LoadBalancer.addDroplets", LoadBalancer.addDroplets(byId, [d2]))
  yield* step("LoadBalancer.removeDroplets", LoadBalancer.removeDroplets(byId, [d1]))
  yield* step("LoadBalancer.addForwardingRules", LoadBalancer.addForwardingRules(byId, [tcp]))
  yield* refused("LoadBalancer.addForwardingRules (a duplicate)", 422, LoadBalancer.addForwardingRules(byId, [tcp]))
  yield* step("LoadBalancer.removeForwardingRules", LoadBalancer.removeForwardingRules(byId, [tcp]))
  yield* step("LoadBalancer.purgeCache", LoadBalancer.purgeCache(byId))

  const fw = yield* step(
    "Firewall.create",
    Firewall.create({
      name: "scenario-fw",
      inbound_rules: [ssh, web],
      outbound_rules: [out],
      droplet_ids: [d1.id],
      tags: ["scenario-net"]
    })
  )
  yield* step("Firewall.fetch", Firewall.fetch(fw.id))
  yield* step("Firewall.fetchAll", Firewall.fetchAll, { check: nonEmpty })
  yield* step("Firewall.stream", all(Firewall.stream), { check: nonEmpty })
  yield* step("Firewall.ofDroplet", all(Firewall.ofDroplet(d2)), { check: nonEmpty })
  yield* step("Firewall.update", Firewall.update(fw, { name: "scenario-fw", inbound_rules: [ssh], droplet_ids: [] }))
  yield* step("Firewall.addDroplets", Firewall.addDroplets(fw, [d1, d2]))
  yield* step("Firewall.removeDroplets", Firewall.removeDroplets(fw, [d2]))
  yield* step("Firewall.addTags", Firewall.addTags(fw, ["scenario-net"]))
  yield* step("Firewall.removeTags", Firewall.removeTags(fw, ["scenario-net"]))
  yield* step("Firewall.addRules", Firewall.addRules(fw, { inbound_rules: [web], outbound_rules: [out] }))
  yield* step("Firewall.removeRules", Firewall.removeRules(fw, { inbound_rules: [web] }))
  yield* step("Firewall.ensureRules", Firewall.ensureRules(fw, { inbound_rules: [web], outbound_rules: [out] }), {
    check: (e) => expect(e.changed, "nothing changed")
  })
  yield* step(
    "Firewall.ensureRules (again)",
    Firewall.ensureRules(fw, { inbound_rules: [web], outbound_rules: [out] }),
    { check: (e) => expect(!e.changed, "changed again") }
  )

  const project = yield* step("Project.create", Project.create({ name: "scenario", purpose: "Web Application" }))
  yield* refused("Project.create (a name in use)", 422, Project.create({ name: "scenario", purpose: "again" }))
  yield* step("Project.fetch", Project.fetch(project.id))
  yield* step("Project.fetchAll", Project.fetchAll, { check: (ps) => expect(ps.length >= 2, `${ps.length}`) })
  const def = yield* step("Project.fetchDefault", Project.fetchDefault, { check: (p) => expect(p.is_default, p) })
  const fields = { description: "scenario", purpose: "Web Application", environment: "Staging", is_default: false }
  yield* step("Project.update", Project.update(project, { name: "scenario", ...fields }))
  yield* step("Project.patch", Project.patch(project, { environment: "Production" }))
  yield* step("Project.updateDefault", Project.updateDefault({ ...fields, name: def.name, is_default: true }))
  yield* step("Project.patchDefault", Project.patchDefault({ description: def.description }))
  yield* step("Project.assign", Project.assign(project, [d1, byId, vpc]), {
    check: (rs) => expect(rs.length === 3 && rs.every((r) => r.status === "assigned"), rs.map((r) => r.status))
  })
  yield* step("Project.resources", all(Project.resources(project)), { check: (rs) => expect(rs.length === 3, rs) })
  yield* step("Project.defaultResources", all(Project.defaultResources), { check: nonEmpty })
  yield* step("Project.assignDefault", Project.assignDefault([d1, vpc]))
  yield* step("Project.fetchAllResources", Project.fetchAllResources(project), {
    check: (rs) => expect(rs.length === 1 && rs[0].urn === byId.urn, rs.map((r) => r.urn))
  })
  yield* refused("Project.delete (with resources)", 412, Project.delete(project))

  yield* step("LoadBalancer.delete", LoadBalancer.delete(byId))
  yield* step("LoadBalancer.delete (by tag)", LoadBalancer.delete(byTag))
  yield* refused("LoadBalancer.fetch (deleted)", 404, LoadBalancer.fetch(byId))
  yield* step("Project.delete", Project.delete(project))
  yield* refused("Project.fetch (deleted)", 404, Project.fetch(project))
  yield* step("Firewall.delete", Firewall.delete(fw))
  yield* refused("Firewall.fetch (deleted)", 404, Firewall.fetch(fw))
  yield* step("Droplet.delete (in the VPC)", Effect.forEach([d1, d2], Droplet.remove))
  yield* step("VPC.delete", VPC.delete(vpc))
  yield* refused("VPC.fetch (deleted)", 404, VPC.fetch(vpc))
  yield* step("Tag.delete (scenario-net)", Tag.remove("scenario-net"))
})

/**
 * The sections, in dependency order. The droplet actions (on the web droplet), the volumes (on the store droplet),
 * the IPs (on the bulk droplets) and the domains run concurrently; then the images (they need the web droplet's
 * backup) and the tags (the volume and the snapshots; their by-tag actions act on the bulk droplets); then the
 * snapshots and the clean-up.
 */
const scenario = (fake: Fake) =>
  Effect.gen(function*() {
    yield* section("account, regions, sizes, errors", basics)
    const world = yield* section("images, SSH keys, tags and droplets to work with", setup)
    if (Option.isNone(world)) return
    const w = world.value
    yield* section("droplets: listings", dropletReads(w))
    const [made, stored] = yield* Effect.all([
      section("droplets: actions", dropletActions(w, fake)),
      section("volumes and volume snapshots", volumes(w)),
      section("reserved and floating IPs", ips(w)),
      section("managed databases", databases(w)),
      section("App Platform", apps),
      section("domains and records", domains),
      section("Kubernetes clusters", kubernetes),
      section("load balancers, firewalls, VPCs and projects", networking)
    ], { concurrency: "unbounded" })
    if (Option.isSome(made)) {
      yield* Effect.all([
        section("images", images(made.value.backup)),
        Option.isSome(stored)
          ? section("tags", tags(w, stored.value.volume, stored.value.snapshot, made.value.snapshot))
          : Effect.void
      ], { concurrency: "unbounded" })
      yield* section("snapshots", snapshots(made.value.snapshot))
    }
    // Every other operation of the API, answered from its generated Schema (scripts/unmodelled.ts).
    yield* section(
      "every other operation, answered from its Schema",
      Unmodelled.steps((name, effect) => Effect.option(step(name, effect)), output)
    )
    yield* section(
      "clean-up",
      cleanup(
        w,
        Option.getOrUndefined(Option.map(stored, (s) => s.volume)),
        Option.getOrUndefined(Option.map(stored, (s) => s.snapshot))
      )
    )
  })

// ---------------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------------

const clientContext = (endpoint: string) =>
  Layer.build(
    Layer.mergeAll(
      RecordingHttpClient,
      // The fake's rate limits are off, and so is the client's pacing: at DigitalOcean's 250 a minute, the
      // scenario's ~700 requests would be held back for minutes, past the steps' time limits.
      DoConfig.layer({ token: TOKEN, endpoint, retry: false, waitInterval: "100 millis", budget: false })
    )
  )

const main = Effect.gen(function*() {
  const started = Date.now()
  yield* Effect.try({
    try: () => Spec.load(),
    catch: (error) => new Prism.SetupError({ message: String((error as Error).message) })
  })
  // Rate limits off the way: the scenario polls every 100 ms.
  const server = yield* FakeDigitalOcean.serve({
    actionDuration: ACTION_DURATION,
    actionErrors: [{ type: "password_reset" }],
    faults: FAULTS,
    rateLimit: { hourly: 1_000_000, minute: 1_000_000 }
  })
  const upstream = yield* recorder(server.url)
  const probeHeaders = { authorization: `Bearer ${TOKEN}` }
  const [strict, lenient] = yield* Effect.all([
    Prism.start({ command: "proxy", upstream, flags: ["--errors"], probeHeaders }),
    Prism.start({ command: "proxy", upstream, flags: ["--errors=false"], probeHeaders })
  ], { concurrency: 2 })
  clients = { strict: yield* clientContext(strict.url), lenient: yield* clientContext(lenient.url) }
  strictUrl = strict.url
  const startup = ((Date.now() - started) / 1000).toFixed(1)
  console.log(
    `Prism ${Prism.version()} proxies (${strict.url} with --errors, ${lenient.url} without, for known spec ` +
      `mistakes) in front of the fake at ${server.url} (actions take ${ACTION_DURATION}), up in ${startup} s`
  )

  yield* scenario(server.fake)

  const missing = FakeDigitalOcean.routeKeys.filter((key) => !exercised.has(key))
  console.log(`\n== endpoints`)
  for (const key of missing) {
    console.log(`${"MISS".padEnd(6)} ${key}: ${touched.has(key) ? "answered, but failed validation" : "not exercised"}`)
  }
  const count = (kind: Kind) => results.filter((result) => result.kind === kind).length
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  console.log(
    `\n${results.length} steps: ${count("ok")} ok, ${count("known")} known spec mistakes, ${count("stale")} stale, ` +
      `${count("FAIL")} failed; ${exercised.size} of the fake's ${FakeDigitalOcean.routeKeys.length} endpoints ` +
      `exercised and valid, ${missing.length} not; ${exchangeCount} requests; ${seconds} s`
  )
  return count("FAIL") + missing.length
})

Effect.runPromiseExit(Effect.scoped(main)).then((exit) => {
  if (Exit.isSuccess(exit)) {
    console.log(exit.value === 0 ? "scenario: passed" : "scenario: FAILED")
    process.exitCode = exit.value === 0 ? 0 : 1
    return
  }
  const failure = Cause.failureOption(exit.cause)
  console.error(`scenario: could not run: ${Option.isSome(failure) ? failure.value.message : Cause.pretty(exit.cause)}`)
  process.exitCode = 2
})
