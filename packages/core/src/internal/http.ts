/**
 * The one request path: every API call of every module goes through `execute`.
 *
 * @internal
 */
import type * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import { constTrue, identity } from "effect/Function"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as Tracer from "effect/Tracer"
import type * as DoConfigModule from "../DoConfig.js"
import { DoConfig } from "../DoConfig.js"
import { DOAPIError } from "../DoError.js"
import * as RateLimit from "../RateLimit.js"
import * as Describe from "./describe.js"
import * as Pacer from "./pacer.js"
import * as Schemas from "./schema.js"
import * as Segment from "./segment.js"

/** @internal */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/** @internal */
export type Requirements = HttpClient.HttpClient | DoConfig

/**
 * A request path with its template: `routeOf(["/v2/droplets/", Segment.id("droplet_id", 5)])` gives the path
 * `/v2/droplets/5` (each value percent-encoded) and the template `/v2/droplets/{droplet_id}` (for spans). When a
 * parameter is not of its kind, `invalid` says why, the path is the template, and the request is refused (an `Encode`
 * failure, nothing sent).
 *
 * @internal
 */
export interface Route {
  readonly path: string
  readonly template: string
  readonly invalid?: string | undefined
}

/**
 * The route of literal parts and checked parameters, in order: the one path builder.
 *
 * @internal
 */
export const routeOf = (parts: ReadonlyArray<string | Segment.Segment>): Route => {
  let path = ""
  let template = ""
  const invalid: Array<string> = []
  for (const part of parts) {
    if (typeof part === "string") {
      path += part
      template += part
    } else {
      template += `{${part.name}}`
      if (Either.isRight(part.value)) path += segment(part.value.right)
      else invalid.push(part.value.left)
    }
  }
  return invalid.length === 0 ? { path, template } : { path: template, template, invalid: invalid.join("; ") }
}

/**
 * A value as one path segment: percent-encoded, except `:` and `@`, which a segment may hold as they are (RFC 3986),
 * so SSH key fingerprints and tags such as `env:prod` read as DigitalOcean's own clients send them.
 */
const segment = (value: string | number): string =>
  encodeURIComponent(String(value)).replace(/%3A/gi, ":").replace(/%40/g, "@")

/**
 * Query parameters: an array is sent as the parameter repeated (`a=1&a=2`, OpenAPI's default `form` style); `null`
 * and `undefined` are left out.
 *
 * @internal
 */
export type Params = Readonly<
  Record<
    string,
    string | number | boolean | ReadonlyArray<string | number | boolean> | Segment.Segment | null | undefined
  >
>

/** @internal */
export interface Request {
  /** The span name, e.g. `Account.fetch`. */
  readonly operation: string
  readonly method: Method
  readonly route: Route
  readonly params?: Params | undefined
  /**
   * The body, sent as JSON: in the API's encoding, or encoded with `bodySchema` when there is one. Its top-level fields
   * may be checked parameters (`Segment`s), as the params may: each is replaced by its value, or refuses the request.
   */
  readonly body?: unknown
  /** The schema whose encoded form is the API's body (typed options objects). */
  readonly bodySchema?: Schema.Schema<any, any> | undefined
  /** The schema the params are encoded with before anything is sent (generated operations). */
  readonly paramsSchema?: Schema.Schema<any, any> | undefined
  /** The params that are request headers, not query parameters (sent as strings: `true` as `"true"`). */
  readonly headerParams?: ReadonlyArray<string> | undefined
  /**
   * The media type of a successful response that is text, not JSON (`text/csv`, `application/yaml`): it is sent as
   * the `accept` header, and the body is handed to the decoder as text.
   */
  readonly text?: string | undefined
}

/**
 * Turns a successful response's parsed JSON body (`undefined` when it is empty) into the result.
 *
 * @internal
 */
export type Decoder<A> = (body: unknown) => Effect.Effect<A, ParseResult.ParseError>

/**
 * The value under `key` of the body's envelope (`{"account": {...}}`), decoded with `schema`.
 *
 * @internal
 */
export const envelope = <A, I>(key: string, schema: Schema.Schema<A, I>): Decoder<A> => {
  const decode = Schemas.decodeUnknown(Schema.Struct({ [key]: schema }))
  return (body) => Effect.map(decode(body), (decoded) => decoded[key] as A)
}

/**
 * The whole body, decoded with `schema` (responses with several top-level keys).
 *
 * @internal
 */
export const decodeWith = <A, I>(schema: Schema.Schema<A, I>): Decoder<A> => Schemas.decodeUnknown(schema)

/**
 * For 204 and other bodies that carry nothing.
 *
 * @internal
 */
export const noContent: Decoder<void> = () => Effect.void

/**
 * The parsed JSON as it is (freeform requests).
 *
 * @internal
 */
export const json: Decoder<unknown> = Effect.succeed

/** A failed attempt, with what the retry policy needs to know. */
class Failure {
  constructor(readonly error: DOAPIError, readonly reached: boolean) {}
}

/** A response, read to its end. */
interface Reply {
  readonly status: number
  readonly headers: Headers.Headers
  readonly text: string
  /** The response's rate-limit headers, read once. */
  readonly rateLimit: RateLimit.RateLimit | undefined
}

const receive = <R>(
  client: HttpClient.HttpClient.With<HttpClientError.HttpClientError, R>,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<Reply, HttpClientError.HttpClientError, R> =>
  Effect.flatMap(
    client.execute(request),
    (response) =>
      Effect.map(response.text, (text) => ({
        status: response.status,
        headers: response.headers,
        text,
        rateLimit: Option.getOrUndefined(RateLimit.fromHeaders(response.headers))
      }))
  )

/** The attempt ran out of time (its request aborted). */
class TimedOut {
  readonly _tag = "TimedOut"
}

/** The class of the live clock: under it the time limit is one timer; under any other (TestClock) it is Effect's. */
const LiveClock = /* @__PURE__ */ Clock.make().constructor

/** The longest delay `setTimeout` takes (about 24.8 days); a longer limit is no limit. */
const maxTimer = 2 ** 31 - 1

const scopedClients = new WeakMap<
  HttpClient.HttpClient,
  HttpClient.HttpClient.With<HttpClientError.HttpClientError, Scope.Scope>
>()

/**
 * One attempt, limited in time. Under the live clock the limit costs one timer and no fiber: the request is sent
 * through `HttpClient.withScope`, whose scope is the one place the platform lets a caller abort a request (every
 * transport made with `HttpClient.make` hands its AbortSignal to fetch, undici or Node's http); when the timer fires
 * it closes that scope, the transport fails, and the failure reads as a timeout. `Effect.timeout` (two fibers and a
 * timer per attempt, the request path's largest cost) is kept for other clocks, so TestClock still drives timeouts.
 */
const limited = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  timeout: Duration.Duration,
  span: Tracer.Span
): Effect.Effect<Reply, HttpClientError.HttpClientError | TimedOut> =>
  Effect.clockWith((clock) => {
    const millis = Duration.toMillis(timeout)
    if (!(millis <= maxTimer)) return Effect.withParentSpan(receive(client, request), span)
    if (!(clock instanceof LiveClock)) {
      return Effect.timeoutFail(Effect.withParentSpan(receive(client, request), span), {
        duration: timeout,
        onTimeout: () => new TimedOut()
      })
    }
    let scoped = scopedClients.get(client)
    if (scoped === undefined) {
      scoped = HttpClient.withScope(client)
      scopedClients.set(client, scoped)
    }
    const send = receive(scoped, request)
    return Effect.flatMap(Scope.make(), (scope) => {
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        Effect.runFork(Scope.close(scope, Exit.void))
      }, millis)
      return send.pipe(
        // The transport runs in the attempt's scope, under the operation's span (what a wrapped client sees as its
        // current span): one change of the context for both.
        Effect.mapInputContext((context: Context.Context<never>) =>
          Context.add(Context.add(context, Scope.Scope, scope), Tracer.ParentSpan, span)
        ),
        // The request is aborted when the attempt fails or is interrupted (the scope's finalizer), not after a
        // response read to its end.
        Effect.onExit((exit) => {
          clearTimeout(timer)
          return Exit.isSuccess(exit) ? Effect.void : Scope.close(scope, exit)
        }),
        Effect.catchAll((error) => Effect.fail(timedOut ? new TimedOut() : error))
      )
    })
  })

const idempotent = (method: Method) => method === "GET" || method === "PUT" || method === "DELETE"

/** Error codes of a connection that was never made: the request cannot have reached the server. */
const notConnected = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])

const errorCode = (cause: unknown): string | undefined => {
  for (let current = cause, depth = 0; current !== null && typeof current === "object" && depth < 5; depth++) {
    const { code, errors } = current as { code?: unknown; errors?: unknown }
    if (typeof code === "string") return code
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : (current as { cause?: unknown }).cause
  }
  return undefined
}

const describeCause = (cause: unknown): string => {
  const code = errorCode(cause)
  const messages: Array<string> = []
  for (let current = cause, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.message && !messages.includes(current.message)) messages.push(current.message)
    current = current.cause
  }
  const text = messages.join(": ") || "transport failure"
  return code !== undefined && !text.includes(code) ? `${text} (${code})` : text
}

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

/** The parts of an error body `{id, message, request_id}` that are there (and the `POST /v2/tags` variant). */
const errorFields = (text: string) => {
  const body = parseJson(text).pipe(
    Option.filter((u): u is Record<string, unknown> => u !== null && typeof u === "object")
  )
  if (Option.isNone(body)) {
    const description = text.trim() === "" ? "empty error body" : `non-JSON error body: ${Describe.oneLine(text)}`
    return { id: undefined, api_message: undefined, request_id: undefined, description }
  }
  const { error, id, message, request_id } = body.value
  const str = (u: unknown) => (typeof u === "string" ? u : undefined)
  return { id: str(id), api_message: str(message) ?? str(error), request_id: str(request_id), description: undefined }
}

const definedOnly = <A extends object>(a: A): A =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as A

const retryDelay = (policy: DoConfigModule.RetryPolicy) => (failure: Failure, backoff: Duration.Duration) => {
  const { rate_limit, retry_after, status } = failure.error
  const capped = Duration.min(backoff, policy.cap)
  if (status !== 429) return Effect.succeed(capped)
  if (retry_after !== undefined) return Effect.succeed(Duration.seconds(retry_after))
  if (rate_limit === undefined) return Effect.succeed(capped)
  return Effect.map(Clock.currentTimeMillis, (now) => {
    const untilReset = rate_limit.reset * 1000 - now
    return untilReset > 0 ? Duration.min(capped, Duration.millis(untilReset)) : capped
  })
}

const retrySchedule = (policy: DoConfigModule.RetryPolicy, method: Method) =>
  Schedule.exponential(policy.base).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(policy.times)),
    Schedule.whileInput((failure: Failure) => {
      const { reason, retry_after, status } = failure.error
      // A retry-after longer than the cap is handed to the caller (the error carries it) rather than slept through.
      if (status === 429) return retry_after === undefined || retry_after * 1000 <= Duration.toMillis(policy.cap)
      if (reason === "Transport") return idempotent(method) || !failure.reached
      return reason === "ErrorResponse" && status !== undefined && status >= 500 && status !== 501 &&
        idempotent(method)
    }),
    Schedule.passthrough,
    Schedule.modifyDelayEffect(retryDelay(policy))
  )

type Fields = Omit<ConstructorParameters<typeof DOAPIError>[0], "method" | "path">

/** The call's error, naming its method and path. */
const failure = (request: Request, fields: Fields): DOAPIError =>
  new DOAPIError(definedOnly({ method: request.method, path: request.route.path, ...fields }))

const transportFailure = (
  config: DoConfigModule.Service,
  request: Request,
  error: HttpClientError.HttpClientError | TimedOut
): Effect.Effect<never, Failure> =>
  Effect.flatMap(Ref.get(config.rateLimit), (rateLimit) => {
    const timedOut = error._tag === "TimedOut"
    const cause = timedOut ? undefined : error.cause
    const description = timedOut
      ? `timed out after ${Duration.format(config.timeout)}`
      : describeCause(cause ?? error)
    // A request the client could not even build (an invalid URL, an unencodable body) was never sent.
    const unsent = error._tag === "RequestError" && error.reason !== "Transport"
    const reached = !unsent &&
      (timedOut || error._tag === "ResponseError" || !notConnected.has(errorCode(cause) ?? ""))
    const reason = unsent ? "Encode" : "Transport"
    return Effect.fail(
      new Failure(failure(request, { reason, description, rate_limit: Option.getOrUndefined(rateLimit) }), reached)
    )
  })

/** What an error response says, worked out only for one. */
const errorResponse = (request: Request, reply: Reply): Failure => {
  const fields = errorFields(reply.text)
  const retryAfter = Number(reply.headers["retry-after"])
  return new Failure(
    failure(request, {
      reason: "ErrorResponse",
      status: reply.status,
      ...fields,
      request_id: fields.request_id ?? reply.headers["x-request-id"],
      rate_limit: reply.rateLimit,
      retry_after: reply.headers["retry-after"] !== undefined && Number.isFinite(retryAfter)
        ? retryAfter
        : undefined
    }),
    true
  )
}

/** A reply noted (its rate-limit snapshot, the span's status and request id): itself, or the failure it says. */
const replied = (
  config: DoConfigModule.Service,
  request: Request,
  reply: Reply,
  span: Tracer.Span
): Effect.Effect<Reply, Failure> => {
  span.attribute("http.response.status_code", reply.status)
  span.attribute("doapi.request_id", reply.headers["x-request-id"] ?? "")
  const noted = reply.rateLimit === undefined
    ? Effect.void
    : Ref.set(config.rateLimit, Option.some(reply.rateLimit))
  return reply.status < 400
    ? Effect.as(noted, reply)
    : Effect.zipRight(noted, Effect.fail(errorResponse(request, reply)))
}

const decodeFailure = (request: Request, reply: Reply, description: string): DOAPIError =>
  failure(request, {
    reason: "Decode",
    status: reply.status,
    description,
    request_id: reply.headers["x-request-id"],
    rate_limit: reply.rateLimit
  })

/**
 * Sends a request (retrying as the policy says), and decodes its body: the result, or a `DOAPIError`. What only a
 * failure needs is built only for one (the functions above), so a successful call allocates no closure of its own
 * beyond the attempt's.
 *
 * @internal
 */
export const execute = <A>(request: Request, decode: Decoder<A>): Effect.Effect<A, DOAPIError, Requirements> =>
  // The operation's one span (the platform's `http.client` span is off, below). Its attributes are set on it
  // directly, and it is the current span of the transport only (`limited`), where a wrapped client may look for it.
  Effect.useSpan(request.operation, {
    kind: "client",
    // The span's stack trace is an `Error` built on every call; the operation's name already says where it is.
    captureStackTrace: false,
    attributes: {
      "http.request.method": request.method,
      "url.path": request.route.path,
      "http.route": request.route.template
    }
  }, (span) =>
    Effect.contextWithEffect((context: Context.Context<Requirements>) => {
      const config = Context.get(context, DoConfig)
      let built: Effect.Effect<HttpClientRequest.HttpClientRequest, string>
      try {
        built = build(config, request)
      } catch (defect) {
        built = Effect.fail(`the request could not be built: ${Describe.thrown(defect)}`)
      }
      return Effect.matchEffect(built, {
        onFailure: (description) => Effect.fail(failure(request, { reason: "Encode", description })),
        onSuccess: (httpRequest) =>
          send(config, Context.get(context, HttpClient.HttpClient), request, httpRequest, decode, span)
      })
    }))

/** The request sent (each attempt paced, limited in time, retried as the policy says), its reply decoded. */
const send = <A>(
  config: DoConfigModule.Service,
  client: HttpClient.HttpClient,
  request: Request,
  httpRequest: HttpClientRequest.HttpClientRequest,
  decode: Decoder<A>,
  span: Tracer.Span
): Effect.Effect<A, DOAPIError> => {
  // Every attempt is a request: each is paced by the budget (when pacing is on), retries too.
  const pacer = Pacer.pacerOf(config)
  const exchange = limited(client, httpRequest, config.timeout, span)
  let waited = 0
  const attempt: Effect.Effect<Reply, Failure> = Effect.matchEffect(
    pacer === undefined ? exchange : pacer.pace(exchange, (millis) => {
      waited += millis
      return Effect.sync(() => span.attribute("doapi.budget.wait_ms", waited))
    }),
    {
      onFailure: (error) => transportFailure(config, request, error),
      onSuccess: (reply) => replied(config, request, reply, span)
    }
  )
  return attempt.pipe(
    // The retry driver starts only after a first failure: it is handed that failure first, then runs the attempt
    // again, so it sees what it would have seen had it run from the start.
    Effect.catchAll((first) => {
      let replayed = false
      const again = Effect.suspend(() => replayed ? attempt : (replayed = true, Effect.fail(first)))
      return again.pipe(
        Effect.retry(retrySchedule(config.retry, request.method)),
        Effect.mapError((failure) => failure.error)
      )
    }),
    // The operation's own span is the one that tells what happened; the platform's extra `http.client` span per
    // attempt costs more than the request's decoding, and its trace headers mean nothing to the API.
    Effect.locally(HttpClient.currentTracerDisabledWhen, constTrue),
    Effect.flatMap((reply) => decoded(request, reply, decode))
  )
}

/** A successful reply's body, parsed and decoded; a body that does not decode fails with the reply's details. */
const decoded = <A>(request: Request, reply: Reply, decode: Decoder<A>): Effect.Effect<A, DOAPIError> => {
  let body: unknown = undefined
  if (request.text !== undefined) {
    body = reply.text
  } else {
    const text = reply.text.trim()
    if (text !== "") {
      const parsed = parseJson(text)
      if (Option.isNone(parsed)) {
        const contentType = reply.headers["content-type"] ?? "no content-type"
        return Effect.fail(
          decodeFailure(request, reply, `invalid JSON (${contentType}): ${Describe.oneLine(text, 80)}`)
        )
      }
      body = parsed.value
    }
  }
  let result: Effect.Effect<A, ParseResult.ParseError>
  try {
    result = decode(body)
  } catch (defect) {
    result = Effect.die(defect)
  }
  return Effect.catchAllCause(result, (cause) => undecoded(request, reply, body, cause))
}

/**
 * Why a body did not decode: the decoder's failure, described, or what it threw (say, a stack overflow on a body
 * nested deeper than it can walk), so the call fails as any other undecodable body does, with the response's status
 * and request id, rather than killing the fiber. An interruption stays one.
 */
const undecoded = (
  request: Request,
  reply: Reply,
  body: unknown,
  cause: Cause.Cause<ParseResult.ParseError>
): Effect.Effect<never, DOAPIError> => {
  const error = Cause.failureOption(cause)
  if (Option.isSome(error)) {
    return Effect.fail(
      decodeFailure(request, reply, body === undefined ? "empty body" : Describe.parseError(error.value))
    )
  }
  const defect = Cause.dieOption(cause)
  if (Option.isSome(defect)) {
    return Effect.fail(decodeFailure(request, reply, `the decoder failed: ${Describe.thrown(defect.value)}`))
  }
  return Effect.failCause(cause as Cause.Cause<never>)
}

const build = (
  config: DoConfigModule.Service,
  request: Request
): Effect.Effect<HttpClientRequest.HttpClientRequest, string> => {
  if (request.route.invalid !== undefined) return Effect.fail(request.route.invalid)
  const checked = Either.all({
    params: Segment.resolveFields(request.params ?? {}),
    body: Segment.resolveFields(request.body)
  })
  if (Either.isLeft(checked)) return Effect.fail(checked.left)
  let encodedParams: Record<string, unknown> = checked.right.params
  if (request.paramsSchema !== undefined) {
    const encoded = Schema.encodeUnknownEither(request.paramsSchema)(encodedParams)
    if (Either.isLeft(encoded)) {
      return Effect.fail(`invalid parameters: ${Describe.parseError(encoded.left).replace(/^wrong shape: /, "")}`)
    }
    encodedParams = encoded.right
  }
  const headerParams = new Set(request.headerParams ?? [])
  const params: Array<[string, string | number | boolean]> = []
  const headers: Record<string, string> = {}
  for (const [key, value] of Object.entries(encodedParams)) {
    if (value === undefined || value === null) continue
    if (headerParams.has(key)) headers[key] = String(value)
    else if (Array.isArray(value)) { for (const item of value) params.push([key, item]) }
    else params.push([key, value as string | number | boolean])
  }
  const base = HttpClientRequest.make(request.method)(config.endpoint + request.route.path, {
    urlParams: params,
    acceptJson: request.text === undefined
  }).pipe(
    request.text === undefined ? identity : HttpClientRequest.accept(request.text),
    HttpClientRequest.setHeaders(headers),
    HttpClientRequest.bearerToken(config.token),
    HttpClientRequest.setHeader("user-agent", config.userAgent)
  )
  const body = checked.right.body
  if (body === undefined) {
    // A request with a body schema has a body: from a caller outside TypeScript, leaving it out is refused here,
    // rather than sent without one.
    return request.bodySchema === undefined ? Effect.succeed(base) : Effect.fail("invalid options: none were given")
  }
  const encoded = request.bodySchema === undefined
    ? Effect.succeed(body)
    : Schema.encodeUnknown(request.bodySchema)(body).pipe(
      Effect.mapError((error) => `invalid options: ${Describe.parseError(error).replace(/^wrong shape: /, "")}`)
    )
  return Effect.flatMap(encoded, (body) =>
    HttpClientRequest.bodyJson(base, body).pipe(
      Effect.mapError((error) =>
        `body is not JSON: ${
          Describe.oneLine(String((error.reason as { error?: unknown }).error ?? error.reason._tag))
        }`
      )
    ))
}
