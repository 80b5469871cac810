/**
 * The fake's request pipeline, shared by the in-process layer and the HTTP server: faults, authentication, rate
 * limits, finishing due actions, routing, and DigitalOcean's headers on every response.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fallback from "./fallback.js"
import type { Behaviour, FakeRequest, FakeResponse, Route } from "./router.js"
import { error, match, notFound, Reject, settle } from "./router.js"
import type { Json, State } from "./store.js"
import { uuid, wallTime } from "./store.js"

/** A fault injected into matching requests. */
export interface Fault {
  /** Which requests: a route as the table writes it (`POST /v2/droplets`, `GET /v2/droplets/:droplet_id`), or `*`. */
  readonly route?: string | undefined
  /** The chance a matching request is hit (default 1), drawn from the seeded PRNG. */
  readonly probability?: number | undefined
  /** Hit at most this many requests. */
  readonly times?: number | undefined
  /** Answer after this delay (on the Clock). */
  readonly latency?: Duration.DurationInput | undefined
  /** Answer with this status instead (a 5xx with `server_error`, a 429 with `retry-after`). */
  readonly status?: number | undefined
  /** Seconds of `retry-after` for an injected 429 (default 1). */
  readonly retryAfter?: number | undefined
  /** Drop the connection without an answer. */
  readonly reset?: boolean | undefined
  /** Answer 200 with a body that is not JSON. */
  readonly malformed?: boolean | undefined
}

/** What the fake answers: a response, or a dropped connection. */
export type Outcome =
  | {
    readonly _tag: "Response"
    readonly status: number
    readonly headers: Record<string, string>
    readonly body: string
  }
  | { readonly _tag: "Reset" }

export interface EngineOptions {
  readonly routes: ReadonlyArray<Route>
  readonly state: State
  readonly behaviour: Behaviour
  readonly faults: ReadonlyArray<Fault>
  /** Requests per hour and per minute per token. */
  readonly rateLimit: { readonly hourly: number; readonly minute: number }
}

const HOUR = 3_600_000
const MINUTE = 60_000

/** Builds the request handler. */
export const make = (options: EngineOptions) => {
  const { behaviour, rateLimit, routes, state } = options
  const hits = options.faults.map(() => 0)

  const faultFor = (request: FakeRequest, routeKey: string | undefined): Fault | undefined => {
    for (let i = 0; i < options.faults.length; i++) {
      const fault = options.faults[i]
      const applies = fault.route === undefined || fault.route === "*" || fault.route === routeKey ||
        fault.route === `${request.method} ${request.path}`
      if (!applies) continue
      if (fault.times !== undefined && hits[i] >= fault.times) continue
      if (fault.probability !== undefined && state.random() >= fault.probability) continue
      hits[i]++
      return fault
    }
    return undefined
  }

  /** Counts the request against the token's budget; the rate-limit headers, or a 429. */
  const budget = (token: string, now: number): { headers: Record<string, string>; limited?: FakeResponse } => {
    let log = state.requests.get(token)
    if (log === undefined) {
      log = { times: [], hour: 0, minute: 0 }
      state.requests.set(token, log)
    }
    const { times } = log
    while (log.hour < times.length && times[log.hour] <= now - HOUR) log.hour++
    log.minute = Math.max(log.minute, log.hour)
    while (log.minute < times.length && times[log.minute] <= now - MINUTE) log.minute++
    if (log.hour > 4096 && log.hour * 2 > times.length) {
      times.splice(0, log.hour)
      log.minute -= log.hour
      log.hour = 0
    }
    const inHour = times.length - log.hour
    const inMinute = times.length - log.minute
    const oldest = inHour > 0 ? times[log.hour] : now
    const headers = (used: number) => ({
      // The server's clock, as DigitalOcean sends it: a client relates `ratelimit-reset` to its own clock by it.
      "date": new Date(wallTime(now)).toUTCString(),
      "ratelimit-limit": String(rateLimit.hourly),
      "ratelimit-remaining": String(Math.max(0, rateLimit.hourly - used)),
      "ratelimit-reset": String(Math.ceil(wallTime(oldest + HOUR) / 1000))
    })
    if (inHour >= rateLimit.hourly || inMinute >= rateLimit.minute) {
      const retryAfter = inMinute >= rateLimit.minute
        ? Math.max(1, Math.ceil((times[log.minute] + MINUTE - now) / 1000))
        : Math.max(1, Math.ceil((oldest + HOUR - now) / 1000))
      return {
        headers: headers(inHour),
        limited: {
          status: 429,
          headers: { "retry-after": String(retryAfter) },
          body: { id: "too_many_requests", message: "API rate limit exceeded." }
        }
      }
    }
    times.push(now)
    return { headers: headers(inHour + 1) }
  }

  const respond = (requestId: string, headers: Record<string, string>, response: FakeResponse): Outcome => {
    const body = response.body
    const withId = body !== undefined && typeof body === "object" && response.status >= 400
      ? { ...body, request_id: requestId }
      : body
    return {
      _tag: "Response",
      status: response.status,
      headers: {
        ...(withId === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
        "x-request-id": requestId,
        ...headers,
        ...response.headers
      },
      body: withId === undefined ? "" : typeof withId === "string" ? withId : JSON.stringify(withId)
    }
  }

  const handle = (request: FakeRequest): Effect.Effect<Outcome> =>
    Effect.gen(function*() {
      const found = match(routes, request.method, request.path)
      const routeKey = found ? `${found.route.method} ${found.route.pattern}` : undefined
      const fault = faultFor(request, routeKey)
      if (fault?.latency !== undefined) yield* Effect.sleep(fault.latency)
      if (fault?.reset) return { _tag: "Reset" } as const

      const now = yield* Clock.currentTimeMillis
      state.served++
      const requestId = uuid(state.random)
      const authorization = request.headers["authorization"] ?? ""
      const token = authorization.startsWith("Bearer ") ? authorization.slice(7) : ""
      if (!state.tokens.has(token)) {
        const anonymous = {
          "date": new Date(wallTime(now)).toUTCString(),
          "ratelimit-limit": String(rateLimit.hourly),
          "ratelimit-remaining": String(rateLimit.hourly),
          "ratelimit-reset": String(Math.ceil(wallTime(now) / 1000))
        }
        return respond(requestId, anonymous, error(401, "unauthorized", "Unable to authenticate you."))
      }
      const { headers, limited } = budget(token, now)
      if (limited) return respond(requestId, headers, limited)
      if (fault?.status === 429) {
        return respond(requestId, headers, {
          status: 429,
          headers: { "retry-after": String(fault.retryAfter ?? 1) },
          body: { id: "too_many_requests", message: "API rate limit exceeded." }
        })
      }
      if (fault?.status !== undefined) {
        return respond(requestId, headers, error(fault.status, "server_error", "Unexpected server-side error"))
      }
      if (fault?.malformed) {
        return respond(requestId, headers, {
          status: 200,
          headers: { "content-type": "application/json" },
          body: "{\"droplet\": {"
        })
      }

      settle(state, now)
      if (found === undefined) {
        // Every other operation of the API: a response built from its generated Schema (or 404 off the API).
        return respond(requestId, headers, (yield* Fallback.answer(state, request, now)) ?? notFound())
      }
      let body: Json = {}
      if (request.body.trim() !== "") {
        try {
          body = JSON.parse(request.body)
        } catch {
          return respond(requestId, headers, error(400, "bad_request", "error parsing request body"))
        }
        if (body === null || typeof body !== "object" || Array.isArray(body)) {
          return respond(requestId, headers, error(422, "unprocessable_entity", "request body must be a JSON object"))
        }
      }
      let response: FakeResponse
      try {
        response = found.route.handler({ state, request, params: found.params, body, now, behaviour })
      } catch (thrown) {
        if (!(thrown instanceof Reject)) throw thrown
        response = thrown.response
      }
      // A stateful route took, as its parameter, a segment the API spells (`/v2/droplets/autoscale` for
      // `/v2/droplets/:droplet_id`): the operation the API has there answers.
      if (response.status === 404 && found.route.pattern.includes("/:")) {
        response = (yield* Fallback.answer(state, request, now, found.route.pattern)) ?? response
      }
      return respond(requestId, headers, response)
    })

  return { handle }
}

/** Milliseconds of a duration input. */
export const millis = (input: Duration.DurationInput): number => Duration.toMillis(Duration.decode(input))
