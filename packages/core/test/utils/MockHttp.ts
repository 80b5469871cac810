/**
 * A scripted HttpClient for tests: answers requests from a table of routes and records every request it receives.
 *
 *   const mock = yield* MockHttp.make({ "GET /v2/account": MockHttp.json(200, { account }) })
 *   const account = yield* Account.fetch.pipe(mock.provide)
 *   const [request] = yield* mock.requests
 */
import { DoConfig } from "@doapi/core"
import { Headers, HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import type { HttpClientRequest } from "@effect/platform"
import { assert } from "@effect/vitest"
import type { Duration } from "effect"
import { Clock, Effect, Layer, Option, Ref, Stream } from "effect"
import type { Tracer } from "effect"

/** The token every mock test uses; tests assert it never leaks. */
export const TOKEN = "dop_v1_test_secret_token_0123456789abcdef"

/** The endpoint the mock's DoConfig points at. */
export const ENDPOINT = "https://api.example.test"

/** A request as the mock saw it. */
export interface Recorded {
  readonly method: string
  readonly url: URL
  /** `url.pathname`. */
  readonly path: string
  /** The query parameters, as strings. */
  readonly query: Record<string, string>
  readonly headers: Record<string, string>
  /** The parsed JSON body, or undefined. */
  readonly body: unknown
  /** The span the request was made in (the operation's span is its parent). */
  readonly span: unknown
  /** When the request arrived, on the Clock (TestClock in tests). */
  readonly at: number
}

/** What the mock answers: a response, or a transport failure. */
export type Reply =
  | {
    readonly _tag: "Response"
    readonly status: number
    readonly body: string
    readonly headers: Record<string, string>
  }
  | { readonly _tag: "Transport"; readonly code: string; readonly message: string }
  | { readonly _tag: "Hang" }
  | { readonly _tag: "Delayed"; readonly delay: Duration.DurationInput; readonly reply: Reply }

/** A route's answer: one reply, a sequence (the last one repeats), or a function of the request. */
export type Script = Reply | ReadonlyArray<Reply> | ((request: Recorded, index: number) => Reply)

const defaultHeaders = {
  "content-type": "application/json; charset=utf-8",
  "ratelimit-limit": "5000",
  "ratelimit-remaining": "4999",
  "ratelimit-reset": "1700000000"
}

/** A JSON response. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  _tag: "Response",
  status,
  body: JSON.stringify(body),
  headers: { ...defaultHeaders, ...headers }
})

/** A response with a raw text body. */
export const text = (status: number, body: string, headers: Record<string, string> = {}): Reply => ({
  _tag: "Response",
  status,
  body,
  headers: { ...defaultHeaders, "content-type": "text/plain", ...headers }
})

/** An empty response (204 by default). */
export const empty = (status = 204, headers: Record<string, string> = {}): Reply => text(status, "", headers)

/** An error body as DigitalOcean sends it. */
export const error = (
  status: number,
  id: string,
  message: string,
  headers: Record<string, string> = {},
  request_id = "req-" + id
): Reply => json(status, { id, message, request_id }, headers)

/** A transport failure, as fetch reports one (e.g. `ECONNREFUSED`, `ECONNRESET`). */
export const transport = (code: string, message = "fetch failed"): Reply => ({ _tag: "Transport", code, message })

/** The reply, after `delay` (on the Clock, so TestClock drives it). */
export const delayed = (delay: Duration.DurationInput, reply: Reply): Reply => ({ _tag: "Delayed", delay, reply })

/** A request that never gets an answer (for timeouts). */
export const hang: Reply = { _tag: "Hang" }

const toRecorded = (request: HttpClientRequest.HttpClientRequest, url: URL, span: unknown, at: number): Recorded => {
  let body: unknown = undefined
  if (request.body._tag === "Uint8Array") body = JSON.parse(new TextDecoder().decode(request.body.body))
  return {
    method: request.method,
    url,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...request.headers },
    body,
    span,
    at
  }
}

/**
 * Builds the mock. `provide` gives an effect (or stream) the mock HttpClient and a DoConfig with TOKEN and
 * `config`; `requests` reads what was sent so far.
 */
export const make = (routes: Record<string, Script>, config: Omit<DoConfig.Options, "token"> = {}) =>
  Effect.gen(function*() {
    const log = yield* Ref.make<ReadonlyArray<Recorded>>([])
    const counts = new Map<string, number>()
    const client = HttpClient.make((request, url, _signal, fiber) =>
      Effect.gen(function*() {
        const span = fiber.currentSpan
        const recorded = toRecorded(request, url, span, yield* Clock.currentTimeMillis)
        yield* Ref.update(log, (all) => [...all, recorded])
        const key = `${request.method} ${url.pathname}`
        const script = routes[key]
        const index = counts.get(key) ?? 0
        counts.set(key, index + 1)
        let reply: Reply = script === undefined
          ? error(404, "not_found", `mock has no route for ${key}`)
          : typeof script === "function"
          ? script(recorded, index)
          : Array.isArray(script)
          ? script[Math.min(index, script.length - 1)]
          : script as Reply
        while (reply._tag === "Delayed") {
          yield* Effect.sleep(reply.delay)
          reply = reply.reply
        }
        switch (reply._tag) {
          case "Hang":
            return yield* Effect.never
          case "Transport": {
            const cause = Object.assign(new TypeError(reply.message), {
              cause: Object.assign(new Error(`connect ${reply.code} 127.0.0.1:443`), { code: reply.code })
            })
            return yield* new HttpClientError.RequestError({ request, reason: "Transport", cause })
          }
          case "Response":
            return HttpClientResponse.fromWeb(
              request,
              new Response(reply.status === 204 ? null : reply.body, {
                status: reply.status,
                headers: Headers.fromInput(reply.headers)
              })
            )
        }
      })
    )
    const service = yield* DoConfig.make({ token: TOKEN, endpoint: ENDPOINT, ...config })
    const layer = Layer.merge(
      Layer.succeed(HttpClient.HttpClient, client),
      Layer.succeed(DoConfig.DoConfig, service)
    )
    return {
      layer,
      config: service,
      requests: Ref.get(log),
      provide: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.provide(self, layer),
      provideStream: <A, E, R>(self: Stream.Stream<A, E, R>) => Stream.provideSomeLayer(self, layer)
    }
  })

/** The operation's span: the parent of the HTTP client's own span that the mock saw. */
export const operationSpan = (request: Recorded): Tracer.Span => {
  let span = request.span as Tracer.AnySpan | undefined
  while (span !== undefined && span._tag === "Span" && span.name.startsWith("http.client")) {
    span = Option.getOrUndefined(span.parent)
  }
  if (span === undefined || span._tag !== "Span") throw new Error("no operation span")
  return span
}

/** Asserts what one request sent: method, path, query, body, and the operation (span) it was made in. */
export const assertSent = (
  request: Recorded | undefined,
  method: string,
  path: string,
  operation: string,
  extra: { readonly query?: Record<string, string>; readonly body?: unknown } = {}
) => {
  if (request === undefined) return assert.fail(`no ${method} ${path} was sent`)
  assert.deepStrictEqual(
    [request.method, request.path, request.query, request.body, operationSpan(request).name],
    [method, path, extra.query ?? {}, extra.body, operation]
  )
}
