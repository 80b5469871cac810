/**
 * Routing for the fake: a table of `METHOD /v2/path/:param` routes, each a function of the request context that
 * reads and changes the state and returns a response.
 *
 * @internal
 */
import type { Json, PendingAction, State } from "./store.js"
import { timestamp } from "./store.js"

/** A request as the fake sees it. */
export interface FakeRequest {
  readonly method: string
  /** The URL's origin, for absolute pagination links. */
  readonly origin: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string>>
  /** The raw body text ("" when there is none). */
  readonly body: string
}

/** A response, before the fake adds its headers. */
export interface FakeResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** A JSON body, or raw text (a fault's malformed body), or nothing. */
  readonly body?: Json | string | undefined
}

/** What a handler gets. */
export interface Context {
  readonly state: State
  readonly request: FakeRequest
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>
  /** The parsed JSON body (an object), or `{}`. */
  readonly body: Json
  /** The Clock's time (ms). */
  readonly now: number
  /** Options that shape behaviour (durations, errored actions). */
  readonly behaviour: Behaviour
}

/** How long actions take, and which end errored. */
export interface Behaviour {
  /** Milliseconds an action takes, by action type (`default` for the rest). */
  readonly actionDuration: (type: string) => number
  /** Whether an action of this type on this target ends `errored` (fault injection). */
  readonly actionErrors: (type: string, target: string) => boolean
}

export type Handler = (context: Context) => FakeResponse

export interface Route {
  readonly method: string
  readonly pattern: string
  readonly handler: Handler
}

/** A route table entry. */
export const route = (method: string, pattern: string, handler: Handler): Route => ({ method, pattern, handler })

/** Finds the route of a request, with its decoded path parameters. */
export const match = (
  routes: ReadonlyArray<Route>,
  method: string,
  path: string
): { readonly route: Route; readonly params: Record<string, string> } | undefined => {
  const segments = path.replace(/\/+$/, "").split("/")
  for (const route of routes) {
    if (route.method !== method) continue
    const pattern = route.pattern.split("/")
    if (pattern.length !== segments.length) continue
    const params: Record<string, string> = {}
    let ok = true
    for (let i = 0; i < pattern.length && ok; i++) {
      if (pattern[i].startsWith(":")) {
        try {
          params[pattern[i].slice(1)] = decodeURIComponent(segments[i])
        } catch {
          ok = false
        }
      } else ok = pattern[i] === segments[i]
    }
    if (ok) return { route, params }
  }
  return undefined
}

/** A JSON response. */
export const json = (status: number, body: Json): FakeResponse => ({ status, body })

/** 204 No Content. */
export const noContent: FakeResponse = { status: 204 }

/** An error in DigitalOcean's shape (the request id is filled in by the engine). */
export const error = (status: number, id: string, message: string): FakeResponse => ({
  status,
  body: { id, message }
})

export const notFound = (): FakeResponse => error(404, "not_found", "The resource you requested could not be found.")

export const unprocessable = (message: string): FakeResponse => error(422, "unprocessable_entity", message)

/** A 409, to throw: the request conflicts with the resource's state (a name taken, a cluster busy). */
export const conflict = (message: string): Reject => new Reject(error(409, "conflict", message))

/** A 412, to throw: the resource is not in the state the request needs. */
export const preconditionFailed = (message: string): Reject => new Reject(error(412, "precondition_failed", message))

/** A UUID, in any case (ids of the resources DigitalOcean names with UUIDs). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Thrown by validation helpers inside a handler; the engine turns it into its response. */
export class Reject {
  constructor(readonly response: FakeResponse) {}
}

/** Fails the request with a 422 unless the condition holds. */
export const require = (condition: unknown, message: string): void => {
  if (!condition) throw new Reject(unprocessable(message))
}

/** A required string field of the body. */
export const str = (body: Json, key: string): string => {
  require(typeof body[key] === "string" && body[key] !== "", `${key} is required and must be a string`)
  return body[key]
}

/** An optional field of a given JSON type. */
export const optional = <A>(
  body: Json,
  key: string,
  type: "string" | "number" | "boolean" | "array"
): A | undefined => {
  const value = body[key]
  if (value === undefined || value === null) return undefined
  require(type === "array" ? Array.isArray(value) : typeof value === type, `${key} must be a ${type}`)
  return value as A
}

/** A required integer field. */
export const int = (body: Json, key: string): number => {
  require(Number.isInteger(body[key]), `${key} is required and must be an integer`)
  return body[key]
}

/** An integer path parameter, or 404. */
export const intParam = (context: Context, name: string): number => {
  const value = Number(context.params[name])
  if (!Number.isInteger(value) || value < 1) throw new Reject(notFound())
  return value
}

/** A lookup that 404s. */
export const found = <A>(value: A | undefined): A => {
  if (value === undefined) throw new Reject(notFound())
  return value
}

/**
 * One page of a listing, as DigitalOcean pages: `page` (from 1) and `per_page` (default 20, at most 200, 422
 * beyond), `links.pages` with absolute URLs (`first`/`prev`, `next`/`last` where they apply) and `meta.total`.
 */
export const page = <A = Json>(
  context: Context,
  key: string,
  items: ReadonlyArray<A>,
  /** Renders an item of the page (only the page's items are rendered, so large collections stay cheap). */
  render: (item: A) => Json = (item) => item as Json
): FakeResponse => {
  const { query } = context.request
  const perPage = query.has("per_page") ? Number(query.get("per_page")) : 20
  const pageNo = query.has("page") ? Number(query.get("page")) : 1
  require(Number.isInteger(perPage) && perPage >= 1 && perPage <= 200, "per_page must be an integer from 1 to 200")
  require(Number.isInteger(pageNo) && pageNo >= 1, "page must be a positive integer")
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = (n: number) => {
    const params = new URLSearchParams(query)
    params.set("page", String(n))
    params.set("per_page", String(perPage))
    return `${context.request.origin}${context.request.path}?${params}`
  }
  const pages: Json = {}
  if (pageNo > 1) Object.assign(pages, { first: link(1), prev: link(Math.min(pageNo - 1, last)) })
  if (pageNo < last) Object.assign(pages, { last: link(last), next: link(pageNo + 1) })
  return json(200, {
    [key]: items.slice((pageNo - 1) * perPage, pageNo * perPage).map(render),
    links: { pages },
    meta: { total: items.length }
  })
}

/** The actions on a target, newest first (as DigitalOcean lists them). */
export const actionsOf = (state: State, target: string): Array<Json> =>
  [...state.actions.values()].filter((a) => a.target === target).map((a) => a.json).reverse()

/**
 * The action routes of one kind of resource: `GET {path}/actions` (newest first, paged), `POST {path}/actions`
 * (starts the action the body names) and `GET {path}/actions/:action_id` (404 when the action is another's).
 */
export const actionRoutes = (options: {
  /** The resource's path, e.g. `/v2/droplets/:droplet_id`. */
  readonly path: string
  /** The resource's target key (`droplet:5`); its lookup answers 404 for an unknown resource. */
  readonly target: (context: Context) => string
  /** Validates the body and starts the action. */
  readonly act: (context: Context) => Json
  /** 201, or 202 for volumes. */
  readonly status: number
  /** How an action is shown (IPs show their path family's resource_type). */
  readonly show?: ((action: Json) => Json) | undefined
}): ReadonlyArray<Route> => {
  const show = options.show ?? ((action: Json) => action)
  return [
    route(
      "GET",
      `${options.path}/actions`,
      (context) => page(context, "actions", actionsOf(context.state, options.target(context)), show)
    ),
    route("POST", `${options.path}/actions`, (context) => json(options.status, { action: show(options.act(context)) })),
    route("GET", `${options.path}/actions/:action_id`, (context) => {
      const target = options.target(context)
      const action = found(context.state.actions.get(intParam(context, "action_id")))
      return json(200, { action: show(found(action.target === target ? action : undefined).json) })
    })
  ]
}

/** Whether a target has an action in progress. */
export const busy = (state: State, target: string): boolean =>
  [...state.actions.values()].some((a) => a.target === target && a.json.status === "in-progress")

/**
 * Starts an action: in progress now, finishing after the configured duration (then `onComplete` changes the state),
 * or ending `errored` when fault injection says so.
 */
export const startAction = (
  context: Context,
  options: {
    readonly type: string
    readonly target: string
    readonly resource_id: number | null
    readonly resource_type: string
    readonly region?: Json | null | undefined
    readonly extra?: Json | undefined
    readonly onComplete?: PendingAction["onComplete"]
    readonly onError?: PendingAction["onError"]
  }
): Json => {
  const { now, state } = context
  const id = state.counters.action++
  const action: Json = {
    id,
    status: "in-progress",
    type: options.type,
    started_at: timestamp(now),
    completed_at: null,
    resource_id: options.resource_id,
    resource_type: options.resource_type,
    // The spec's Action.region is not nullable: leave it out when the action has no region.
    ...(options.region ? { region: options.region, region_slug: options.region.slug } : { region_slug: null }),
    ...options.extra
  }
  state.actions.set(id, {
    json: action,
    completesAt: now + context.behaviour.actionDuration(options.type),
    outcome: context.behaviour.actionErrors(options.type, options.target) ? "errored" : "completed",
    target: options.target,
    onComplete: options.onComplete,
    onError: options.onError
  })
  return action
}

/** Finishes every action whose time has come, in the order they finish. */
export const settle = (state: State, now: number): void => {
  const due = [...state.actions.values()]
    .filter((a) => a.json.status === "in-progress" && a.completesAt <= now)
    .sort((a, b) => a.completesAt - b.completesAt || a.json.id - b.json.id)
  for (const action of due) {
    action.json.status = action.outcome
    action.json.completed_at = timestamp(action.completesAt)
    if (action.outcome === "completed") action.onComplete?.(state, action.completesAt)
    else action.onError?.(state, action.completesAt)
  }
}
