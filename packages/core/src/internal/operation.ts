/**
 * The generated operations' one helper (`src/generated/*.ts`, `pnpm codegen`): each generated function is one call
 * of `effect` or `stream` with the operation's row of the spec, and this turns the row into requests on the one
 * request path (`http.ts`) and the one pagination (`pagination.ts`).
 *
 * A generated function takes the operation's path parameters first (in the path's order), then its JSON body if it
 * has one, then its query and header parameters if it has any. The body and the parameters are in the generated
 * Schema's `Encoded` form (the API's JSON) and are encoded through the Schema (its encoded side, refinements
 * included) before anything is sent; path parameters are checked against the spec's type and format (`segment.ts`,
 * the one checker of parameters) and percent-encoded. A value that does not fit is an `Encode` failure, and nothing
 * is sent.
 *
 * Each operation's endpoint (method, path, path parameters and their kinds, header parameters) is its own export of
 * the generated module (`getEndpoint` beside `get`), holding no Schema: the hand-written modules send their requests
 * to the same endpoints (`request`, `listing`) and decode with their own Schemas, and a program that imports only a
 * hand-written operation does not bundle the generated operation's Schemas.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DOAPIError } from "../DoError.js"
import * as Http from "./http.js"
import * as Pagination from "./pagination.js"
import * as Schemas from "./schema.js"
import * as Segment from "./segment.js"

/**
 * What a path parameter must be (`segment.ts`).
 *
 * @internal
 */
export type PathKind = Segment.PathKind

/**
 * One endpoint of the API: the method, the path template, its parameters' kinds (in the path's order, the order the
 * generated function takes them) and which of the parameters are request headers. The one definition of where an
 * operation's request goes, shared by the generated function and a hand-written one.
 *
 * @internal
 */
export interface Endpoint<M extends Http.Method = Http.Method, P extends string = string> {
  readonly method: M
  readonly path: string
  readonly pathParams?: { readonly [K in P]: PathKind } | undefined
  readonly headers?: ReadonlyArray<string> | undefined
}

/**
 * An endpoint: `endpoint("GET", "/v2/droplets/{droplet_id}", { droplet_id: "id" })`. Nothing is built at load.
 *
 * @internal
 */
export const endpoint = <const M extends Http.Method, const P extends string = never>(
  method: M,
  path: string,
  pathParams?: { readonly [K in P]: PathKind },
  headers?: ReadonlyArray<string>
): Endpoint<M, P> => ({ method, path, pathParams, headers })

/**
 * One operation's row: what `effect` and `stream` need besides its name and endpoint.
 *
 * @internal
 */
export interface Row {
  /** The schema of the JSON body, when the operation takes one. */
  readonly body?: Schema.Schema<any, any> | undefined
  /** The schema of the query and header parameters, when the operation takes any. */
  readonly params?: Schema.Schema<any, any> | undefined
  /** The schema of the successful response's JSON body; none: the operation returns `void`. */
  readonly response?: Schema.Schema<any, any> | undefined
  /** The successful response's media type when it is text (CSV, YAML): it is asked for, and returned as a string. */
  readonly text?: string | undefined
}

/** A value computed on first use (a module of operations builds nothing at load). */
const lazy = <A>(f: () => A): () => A => {
  let value: { readonly a: A } | undefined
  return () => (value ??= { a: f() }).a
}

type Part = string | { readonly name: string; readonly check: (name: string, value: unknown) => Segment.Segment }

/** The endpoint's path as literal parts and checked parameters, computed once per endpoint, on first use. */
const partsCache = new WeakMap<Endpoint<any, any>, ReadonlyArray<Part>>()

const partsOf = (endpoint: Endpoint<any, any>): ReadonlyArray<Part> => {
  let parts = partsCache.get(endpoint)
  if (parts === undefined) {
    const kinds: Readonly<Record<string, PathKind>> = endpoint.pathParams ?? {}
    parts = endpoint.path.split(/\{([^}]+)\}/).map((part, i) =>
      i % 2 === 0 ? part : { name: part, check: Segment.ofKind(kinds[part] ?? "string") }
    )
    partsCache.set(endpoint, parts)
  }
  return parts
}

/**
 * The route of a call of `endpoint`: each path parameter's value is checked with its kind, unless it is already a
 * checked parameter (a `Segment` of a hand-written module's own kind, which takes its models too: a `Droplet` for
 * `droplet_id`), which is used as it is.
 *
 * @internal
 */
export const route = (endpoint: Endpoint<any, any>, values: Readonly<Record<string, unknown>>): Http.Route =>
  routeOf(endpoint, values, true)

const routeOf = (endpoint: Endpoint<any, any>, values: Readonly<Record<string, unknown>>, checked: boolean) =>
  Http.routeOf(
    partsOf(endpoint).map((part) => {
      if (typeof part === "string") return part
      const value = values[part.name]
      return checked && Segment.isSegment(value)
        ? (value.name === part.name ? value : { ...value, name: part.name })
        : part.check(part.name, value)
    })
  )

/** The values of the path parameters of a call of an endpoint whose parameters are `P`. */
type PathValues<P extends string> = [P] extends [never] ? { readonly path?: undefined }
  : { readonly path: { readonly [K in P]: unknown } }

/**
 * A hand-written module's call of an endpoint: its span name, its path parameters' values (raw, or checked with its
 * own kind: `route`), and its query parameters and body as `Http.Request` has them (the body encoded with the
 * module's own options Schema).
 *
 * @internal
 */
export type Call<P extends string> = PathValues<P> & {
  readonly operation: string
  readonly params?: Http.Params | undefined
  readonly body?: unknown
  readonly bodySchema?: Schema.Schema<any, any> | undefined
}

/**
 * The request of a hand-written module's call of `endpoint`, for `Http.execute` with the module's own decoder.
 *
 * @internal
 */
export const request = <P extends string>(endpoint: Endpoint<Http.Method, P>, call: Call<P>): Http.Request => ({
  operation: call.operation,
  method: endpoint.method,
  route: route(endpoint, call.path ?? {}),
  params: call.params,
  body: call.body,
  bodySchema: call.bodySchema,
  headerParams: endpoint.headers
})

/**
 * A hand-written module's listing of a `GET` endpoint: `Pagination.stream` with the endpoint's route, the module's
 * own page decoder and key.
 *
 * @internal
 */
export const listing = <A, P extends string>(
  endpoint: Endpoint<"GET", P>,
  listing: PathValues<P> & Omit<Pagination.Listing<A>, "route" | "paramsSchema" | "headerParams">
): Stream.Stream<A, DOAPIError, Http.Requirements> => {
  const { path, ...rest } = listing
  return Pagination.stream({ ...rest, route: route(endpoint, path ?? {}), headerParams: endpoint.headers })
}

/** Splits a call's arguments into the request's route, body and params. */
const prepare = (endpoint: Endpoint<any, any>, row: Row) => {
  const names = Object.keys(endpoint.pathParams ?? {})
  const bodySchema = lazy(() => row.body === undefined ? undefined : Schema.encodedBoundSchema(row.body))
  const paramsSchema = lazy(() => row.params === undefined ? undefined : Schema.encodedBoundSchema(row.params))
  return (args: ReadonlyArray<unknown>) => {
    const values: Record<string, unknown> = {}
    names.forEach((name, i) => {
      values[name] = args[i]
    })
    const body = row.body === undefined ? undefined : args[names.length]
    const params = row.params === undefined ? undefined : args[names.length + (row.body === undefined ? 0 : 1)]
    return {
      // A generated function's caller passes values: each is checked with its kind (a `Segment` too, as a value).
      route: routeOf(endpoint, values, false),
      body,
      // `null` for a body the caller left out would be sent as `null`: an absent body is not sent.
      bodySchema: body === undefined ? undefined : bodySchema(),
      params: (params ?? {}) as Http.Params,
      paramsSchema: paramsSchema(),
      headerParams: endpoint.headers
    }
  }
}

const textDecoder: Http.Decoder<string> = (body) => Effect.succeed(typeof body === "string" ? body : "")

/**
 * A generated operation returning an `Effect`: `effect("LoadBalancers.get", getEndpoint,
 * { response: S.LoadBalancersGet200 })`. The span is named `name`.
 *
 * @internal
 */
export const effect = (
  name: string,
  endpoint: Endpoint<any, any>,
  row: Row
): (...args: ReadonlyArray<any>) => any => {
  const request = prepare(endpoint, row)
  const method = endpoint.method
  const response = row.response
  const decode: Http.Decoder<unknown> = row.text !== undefined
    ? textDecoder
    : response === undefined
    ? Http.noContent
    : Http.decodeWith(response)
  return (...args) =>
    Effect.suspend(() => Http.execute({ operation: name, method, text: row.text, ...request(args) }, decode))
}

/**
 * A page of a listing decoded with the whole response's schema: its items are under `key`, `meta.total` and
 * `links.pages.next` say whether there are more.
 */
const page = (schema: Schema.Schema<any, any>, key: string): Http.Decoder<Pagination.Page<unknown>> => {
  const decode = Schemas.decodeUnknown(schema)
  return (body) =>
    Effect.map(decode(body), (decoded: any) => ({
      items: decoded[key] ?? [],
      total: typeof decoded.meta?.total === "number" ? decoded.meta.total : undefined,
      hasNext: decoded.links?.pages?.next !== undefined
    }))
}

/**
 * A generated paged listing (its response has `links` or `meta`, and one list under `key`): a `Stream` of the
 * items of every page, as the hand-written listings are (`pagination.ts`).
 *
 * @internal
 */
export const stream = (
  name: string,
  endpoint: Endpoint<"GET", any>,
  key: string,
  row: Row & { readonly response: Schema.Schema<any, any> }
): (...args: ReadonlyArray<any>) => Stream.Stream<any, DOAPIError, Http.Requirements> => {
  const request = prepare(endpoint, row)
  const decode = lazy(() => page(row.response, key))
  return (...args) => {
    const { headerParams, params, paramsSchema, route } = request(args)
    return Pagination.stream({ operation: name, route, params, paramsSchema, headerParams, decode: decode() })
  }
}
