/**
 * An in-memory fake DigitalOcean: every endpoint @doapi/core covers, with state, time (from Effect's Clock, so
 * `TestClock.adjust` finishes actions), rate limits and injectable faults. Use it in process as a Layer that
 * provides `HttpClient` and `DoConfig`, or serve it over HTTP on loopback.
 *
 * @since 0.1.0
 */
import { DoConfig } from "@doapi/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Engine from "./internal/engine.js"
import * as Apps from "./internal/handlers/apps.js"
import * as Core from "./internal/handlers/core.js"
import * as Databases from "./internal/handlers/databases.js"
import * as Domains from "./internal/handlers/domains.js"
import * as Droplets from "./internal/handlers/droplets.js"
import * as Firewalls from "./internal/handlers/firewalls.js"
import * as Images from "./internal/handlers/images.js"
import * as Ips from "./internal/handlers/ips.js"
import * as Keys from "./internal/handlers/keys.js"
import * as Kubernetes from "./internal/handlers/kubernetes.js"
import * as LoadBalancers from "./internal/handlers/loadBalancers.js"
import * as Projects from "./internal/handlers/projects.js"
import * as Snapshots from "./internal/handlers/snapshots.js"
import * as Tags from "./internal/handlers/tags.js"
import * as Volumes from "./internal/handlers/volumes.js"
import * as Vpcs from "./internal/handlers/vpcs.js"
import type { FakeRequest, Route } from "./internal/router.js"
import * as Seed from "./internal/seed.js"
import type { Json, State } from "./internal/store.js"
import { prng, timestamp } from "./internal/store.js"
import * as Token from "./internal/token.js"

/**
 * The token a fake accepts unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const TOKEN = Token.TOKEN

/**
 * A fault injected into matching requests: latency, a status (5xx, 429), a reset connection or a malformed body.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Engine.Fault

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The tokens the fake accepts (default `[TOKEN]`); any other gets 401. The layer uses the first. */
  readonly tokens?: ReadonlyArray<string> | undefined
  /** Seeds the PRNG behind generated values and fault probabilities (default 1). */
  readonly seed?: number | undefined
  /**
   * How long actions take: one duration, or per action type with a `default` (default 10 seconds). The families'
   * transitions are types too, with defaults of minutes when neither they nor `default` are given: `database_create`
   * (5 minutes: `creating` → `online`), `database_resize` (3 minutes), `database_replica_create` (5 minutes),
   * `kubernetes_cluster_create` (5 minutes: `provisioning` → `running`), `kubernetes_node_create` (6 minutes, the
   * nodes of one request a tenth of it apart), `kubernetes_cluster_upgrade` (5 minutes: `upgrading` → `running`),
   * `load_balancer_create` (1 minute: `new` → `active`). A firewall's change (`firewall_update`) takes the default.
   */
  readonly actionDuration?:
    | Duration.DurationInput
    | {
      readonly default?: Duration.DurationInput | undefined
      readonly [type: string]: Duration.DurationInput | undefined
    }
    | undefined
  /** Actions that end `errored` instead of completing: by type and/or target (`droplet:5`), with a probability. */
  readonly actionErrors?:
    | ReadonlyArray<{
      readonly type?: string | undefined
      readonly target?: string | undefined
      readonly probability?: number | undefined
    }>
    | undefined
  /** The per-token budget (default 5,000 per hour and 250 per minute, as DigitalOcean's). */
  readonly rateLimit?: { readonly hourly?: number | undefined; readonly minute?: number | undefined } | undefined
  readonly faults?: ReadonlyArray<Fault> | undefined
  /** DoConfig options for the layer (the token and endpoint are the fake's). */
  readonly config?: Omit<DoConfig.Options, "token" | "endpoint"> | undefined
}

/**
 * A running fake: its live state (inspect it, or seed it directly), the token it accepts, and its request handler.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fake {
  readonly token: string
  /** The live state; tests may read and change it (the wire JSON of every resource). */
  readonly state: State
  /** Answers one request (what the layer and the server call). */
  readonly handle: (request: FakeRequest) => Effect.Effect<Engine.Outcome>
  /** Adds `count` active droplets at once (for pagination at scale); returns their ids. */
  readonly seedDroplets: (
    count: number,
    options?: { readonly name?: string | undefined; readonly tag?: string | undefined }
  ) => Effect.Effect<ReadonlyArray<number>>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class FakeDigitalOcean extends Context.Tag("@doapi/testing/FakeDigitalOcean")<FakeDigitalOcean, Fake>() {}

const routes: ReadonlyArray<Route> = [
  ...Core.routes,
  ...Droplets.routes,
  ...Images.routes,
  ...Ips.routes,
  ...Keys.routes,
  ...Domains.routes,
  ...Tags.routes,
  ...Volumes.routes,
  ...Snapshots.routes,
  ...LoadBalancers.routes,
  ...Firewalls.routes,
  ...Vpcs.routes,
  ...Projects.routes,
  ...Kubernetes.routes,
  ...Databases.routes,
  ...Apps.routes
]

/**
 * Every endpoint the fake serves, as `METHOD /v2/path/:param` (in the order requests are matched).
 *
 * @since 0.1.0
 * @category constants
 */
export const routeKeys: ReadonlyArray<string> = routes.map((route) => `${route.method} ${route.pattern}`)

/** The default durations of the families' transitions (a database coming online, ...), by `actionDuration` type. */
const familyDurations: Readonly<Record<string, number>> = {
  ...Databases.durations,
  ...Kubernetes.durations,
  ...LoadBalancers.durations
}

const durationOf = (options: Options): (type: string) => number => {
  // Unset: actions take 10 seconds, the families' transitions their own defaults (minutes).
  if (options.actionDuration === undefined) return (type) => familyDurations[type] ?? 10_000
  const spec = options.actionDuration
  // One duration (a Duration, a string, a number of millis, a [seconds, nanos] pair), or a table by action type.
  if (typeof spec !== "object" || Array.isArray(spec) || Duration.isDuration(spec)) {
    const ms = Engine.millis(spec as Duration.DurationInput)
    return () => ms
  }
  const table = spec as Record<string, Duration.DurationInput | undefined>
  const fallback = table.default === undefined ? undefined : Engine.millis(table.default)
  return (type) => table[type] !== undefined ? Engine.millis(table[type]!) : fallback ?? familyDurations[type] ?? 10_000
}

/**
 * Builds a fake with fresh state: the seeded regions, sizes and images, and an account.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Fake> =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const tokens = options.tokens ?? [TOKEN]
    const state: State = {
      account: Seed.account(),
      tokens: new Set(tokens),
      regions: Seed.regions(),
      sizes: Seed.sizes(),
      images: new Map(Seed.images(timestamp(now)).map((image) => [image.id, image])),
      droplets: new Map(),
      actions: new Map(),
      ips: new Map(),
      sshKeys: new Map(),
      domains: new Map(),
      tags: new Map(),
      volumes: new Map(),
      snapshots: new Map(),
      loadBalancers: new Map(),
      firewalls: new Map(),
      vpcs: new Map(),
      projects: new Map(),
      kubernetes: new Map(),
      databases: new Map(),
      apps: new Map(),
      requests: new Map(),
      served: 0,
      counters: {
        droplet: 402_800_001,
        action: 2_100_000_001,
        image: 170_000_001,
        sshKey: 41_000_001,
        record: 330_000_001,
        ip: 0
      },
      random: prng(options.seed ?? 1)
    }
    const errors = options.actionErrors ?? []
    const engine = Engine.make({
      routes,
      state,
      faults: options.faults ?? [],
      rateLimit: { hourly: options.rateLimit?.hourly ?? 5000, minute: options.rateLimit?.minute ?? 250 },
      behaviour: {
        actionDuration: durationOf(options),
        actionErrors: (type, target) =>
          errors.some((e) =>
            (e.type === undefined || e.type === type) && (e.target === undefined || e.target === target) &&
            (e.probability === undefined || state.random() < e.probability)
          )
      }
    })
    const seedDroplets: Fake["seedDroplets"] = (count, seedOptions) =>
      Effect.map(Clock.currentTimeMillis, (at) => Droplets.seed(state, count, at, seedOptions))
    return { token: tokens[0], state, handle: engine.handle, seedDroplets }
  })

const bodyText = (body: { readonly _tag: string }): string => {
  if (body._tag === "Uint8Array") return new TextDecoder().decode((body as unknown as { body: Uint8Array }).body)
  if (body._tag === "Raw") return String((body as unknown as { body: unknown }).body ?? "")
  return ""
}

const headerRecord = (headers: Readonly<Record<string, string>>): Record<string, string> => ({ ...headers })

/**
 * An HttpClient that answers from the fake (in process: no sockets).
 *
 * @since 0.1.0
 * @category constructors
 */
export const httpClient = (fake: Fake): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.flatMap(
      fake.handle({
        method: request.method,
        origin: url.origin,
        path: url.pathname,
        query: url.searchParams,
        headers: headerRecord(request.headers),
        body: bodyText(request.body)
      }),
      (outcome) =>
        outcome._tag === "Reset"
          ? Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })
            })
          )
          : Effect.succeed(HttpClientResponse.fromWeb(
            request,
            new Response(outcome.status === 204 ? null : outcome.body, {
              status: outcome.status,
              headers: outcome.headers
            })
          ))
    )
  )

/**
 * The fake as a layer: `HttpClient` and `DoConfig` for the program under test, and `FakeDigitalOcean` to inspect
 * and seed its state. Time is Effect's Clock: under `TestClock`, `TestClock.adjust` finishes actions.
 *
 * @example
 * ```ts
 * import { Account, Droplet } from "@doapi/core"
 * import { FakeDigitalOcean } from "@doapi/testing"
 * import { Effect } from "effect"
 *
 * // The program under test only needs an HttpClient and a DoConfig
 * const summary = Effect.gen(function*() {
 *   const account = yield* Account.fetch
 *   const droplets = yield* Droplet.fetchAll({ tag_name: "web" })
 *   return `${account.email}: ${droplets.length} of ${account.droplet_limit} droplets`
 * })
 *
 * const test = Effect.gen(function*() {
 *   // The fake itself, to seed and inspect its state
 *   const fake = yield* FakeDigitalOcean.FakeDigitalOcean
 *   yield* fake.seedDroplets(3, { tag: "web" })
 *   return yield* summary
 * })
 *
 * Effect.runPromise(test.pipe(Effect.provide(FakeDigitalOcean.layer()))).then(console.log)
 * // sammy@example.com: 3 of 25 droplets
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<FakeDigitalOcean | HttpClient.HttpClient | DoConfig.DoConfig> =>
  Layer.unwrapEffect(Effect.map(make(options), (fake) =>
    Layer.mergeAll(
      Layer.succeed(FakeDigitalOcean, fake),
      Layer.succeed(HttpClient.HttpClient, httpClient(fake)),
      DoConfig.layer({ ...options.config, token: fake.token, endpoint: "https://api.digitalocean.com" })
    )))

/**
 * A running HTTP server.
 *
 * @since 0.1.0
 * @category models
 */
export interface Server {
  /** e.g. `http://127.0.0.1:43817` */
  readonly url: string
  readonly fake: Fake
}

/**
 * The server could not listen on `host:port`: `code` is the system error code (`EADDRINUSE`, `EACCES`,
 * `EADDRNOTAVAIL`, `ENOTFOUND`, `ERR_SOCKET_BAD_PORT`…) and `message` says it in words, e.g.
 * `cannot listen on 127.0.0.1:8080: address already in use (EADDRINUSE)`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServeError extends Schema.TaggedError<ServeError>("@doapi/testing/ServeError")("ServeError", {
  host: Schema.String,
  port: Schema.Number,
  code: Schema.optional(Schema.String),
  message: Schema.String
}) {}

const describeListenError = (error: NodeJS.ErrnoException): string => {
  switch (error.code) {
    case "EADDRINUSE":
      return "address already in use"
    case "EACCES":
      return "permission denied"
    case "EADDRNOTAVAIL":
      return "address not available on this machine"
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found"
    default:
      return error.message
  }
}

const serveError = (host: string, port: number, error: unknown): ServeError => {
  const cause: NodeJS.ErrnoException = error instanceof Error ? error : new Error(String(error))
  const described = describeListenError(cause)
  return new ServeError({
    host,
    port,
    ...(cause.code === undefined ? {} : { code: cause.code }),
    message: `cannot listen on ${hostInUrl(host)}:${port}: ${described}${
      cause.code === undefined || described.includes(cause.code) ? "" : ` (${cause.code})`
    }`
  })
}

/** An IPv6 address goes in brackets in a URL. */
const hostInUrl = (host: string): string => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host)

/**
 * Serves a fake over HTTP on loopback (port 0 picks a free one) for as long as the scope lasts. It runs on the
 * caller's Clock. A port or host it cannot listen on (in use, not permitted, out of range) is a `ServeError`.
 *
 * @example
 * ```ts
 * import { Account, DoConfig } from "@doapi/core"
 * import { FakeDigitalOcean } from "@doapi/testing"
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer } from "effect"
 *
 * // A real HTTP server on a free loopback port, for as long as the scope lasts
 * const program = Effect.gen(function*() {
 *   const server = yield* FakeDigitalOcean.serve({ actionDuration: "1 second" })
 *   const client = Layer.merge(
 *     FetchHttpClient.layer,
 *     DoConfig.layer({ token: server.fake.token, endpoint: server.url })
 *   )
 *   const account = yield* Account.fetch.pipe(Effect.provide(client))
 *   return account.email
 * })
 *
 * Effect.runPromise(Effect.scoped(program)).then(console.log)
 * // sammy@example.com
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (
  options: Options & { readonly port?: number | undefined; readonly host?: string | undefined } = {}
): Effect.Effect<Server, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const fake = yield* make(options)
    const runtime = yield* Effect.runtime<never>()
    const server = Http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`)
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === "string") headers[name] = value
        }
        Runtime.runPromise(runtime)(fake.handle({
          method: req.method ?? "GET",
          origin: url.origin,
          path: url.pathname,
          query: url.searchParams,
          headers,
          body: Buffer.concat(chunks).toString("utf8")
        })).then((outcome) => {
          if (outcome._tag === "Reset") return req.socket.destroy()
          res.writeHead(outcome.status, outcome.headers)
          res.end(outcome.status === 204 ? undefined : outcome.body)
        }, (cause) => {
          res.writeHead(500, { "content-type": "application/json" })
          res.end(JSON.stringify({ id: "server_error", message: String(cause) }))
        })
      })
    })
    const host = options.host ?? "127.0.0.1"
    const requested = options.port ?? 0
    yield* Effect.acquireRelease(
      Effect.async<void, ServeError>((resume) => {
        const onError = (error: Error) => {
          server.off("listening", onListening)
          resume(Effect.fail(serveError(host, requested, error)))
        }
        const onListening = () => {
          server.off("error", onError)
          resume(Effect.void)
        }
        server.once("error", onError)
        server.once("listening", onListening)
        try {
          server.listen(requested, host)
        } catch (error) {
          // A port out of range or not an integer is thrown at once (ERR_SOCKET_BAD_PORT).
          server.off("error", onError)
          server.off("listening", onListening)
          resume(Effect.fail(serveError(host, requested, error)))
        }
        return Effect.sync(() => {
          server.off("error", onError)
          server.off("listening", onListening)
          server.close()
        })
      }),
      () =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    const { port } = server.address() as AddressInfo
    return { url: `http://${hostInUrl(host)}:${port}`, fake }
  })

/**
 * The JSON of a resource as the fake holds it.
 *
 * @since 0.1.0
 * @category models
 */
export type ResourceJson = Json
