/**
 * The generated operations' one helper (`src/generated/*.ts`, `pnpm codegen`): each generated function is one call
 * of `effect` or `stream` with the operation's row of the spec, and this turns the row into requests on the one
 * request path (`http.ts`) and the one pagination (`pagination.ts`).
 *
 * A generated function takes the operation's path parameters first (in the path's order), then its JSON body if it
 * has one, then its query and header parameters if it has any. The body and the parameters are in the generated
 * Schema's `Encoded` form (the API's JSON) and are encoded through the Schema (its encoded side, refinements
 * included) before anything is sent; path parameters are checked against the spec's type and format and
 * percent-encoded. A value that does not fit is an `Encode` failure, and nothing is sent.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DOAPIError } from "../DoError.js"
import * as Describe from "./describe.js"
import * as Http from "./http.js"
import * as Pagination from "./pagination.js"

/**
 * What a path parameter must be, from its schema in the spec: `int` (an integer), `id` (a positive integer),
 * `idOrString` (a positive integer or a non-empty string: an image's id or slug), `string` (a non-empty string), `uuid`, `ipv4`, `ipv6`, `date` (`YYYY-MM-DD`), or a string matching a pattern.
 *
 * @internal
 */
export type PathKind = "int" | "id" | "idOrString" | "string" | "uuid" | "ipv4" | "ipv6" | "date" | RegExp

/**
 * One operation's row: what `effect` and `stream` need besides its name, method and path.
 *
 * @internal
 */
export interface Row {
  /** The path parameters, in the order the function takes them. */
  readonly path?: Readonly<Record<string, PathKind>> | undefined
  /** The schema of the JSON body, when the operation takes one. */
  readonly body?: Schema.Schema<any, any> | undefined
  /** The schema of the query and header parameters, when the operation takes any. */
  readonly params?: Schema.Schema<any, any> | undefined
  /** Which of the parameters are request headers. */
  readonly headers?: ReadonlyArray<string> | undefined
  /** The schema of the successful response's JSON body; none: the operation returns `void`. */
  readonly response?: Schema.Schema<any, any> | undefined
  /** The successful response's media type when it is text (CSV, YAML): it is asked for, and returned as a string. */
  readonly text?: string | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/
const IPV6 = /^(?=.*:)[0-9a-f:.]{2,45}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

const expected = (kind: PathKind): string =>
  kind === "int"
    ? "an integer"
    : kind === "id"
    ? "a positive integer"
    : kind === "idOrString"
    ? "a positive integer or a non-empty string"
    : kind === "string"
    ? "a non-empty string"
    : kind === "uuid"
    ? "a UUID"
    : kind === "ipv4"
    ? "an IPv4 address"
    : kind === "ipv6"
    ? "an IPv6 address"
    : kind === "date"
    ? "a date (YYYY-MM-DD)"
    : `a string matching ${kind.source}`

const accepts = (kind: PathKind, value: unknown): boolean => {
  if (kind === "int") return typeof value === "number" && Number.isSafeInteger(value)
  if (kind === "id" || (kind === "idOrString" && typeof value === "number")) {
    return typeof value === "number" && Number.isSafeInteger(value) && value > 0
  }
  if (typeof value !== "string" || value === "" || value === "." || value === "..") return false
  return kind === "string" || kind === "idOrString" ||
    (kind === "uuid" ? UUID : kind === "ipv4" ? IPV4 : kind === "ipv6" ?
      IPV6 :
      kind === "date"
      ? DATE
      : kind).test(value)
}

/** One path parameter's value as it goes in the path, or why it cannot. */
const checkPath = (name: string, kind: PathKind, value: unknown): Either.Either<string | number, string> =>
  accepts(kind, value)
    ? Either.right(value as string | number)
    : Either.left(`${name} must be ${expected(kind)}, got ${Describe.show(value)}`)

/** A value computed on first use (a module of operations builds nothing at load). */
const lazy = <A>(f: () => A): () => A => {
  let value: { readonly a: A } | undefined
  return () => (value ??= { a: f() }).a
}

/** Splits a call's arguments into the request's route, body and params. */
const prepare = (path: string, row: Row) => {
  const names = Object.entries(row.path ?? {})
  const bodySchema = lazy(() => row.body === undefined ? undefined : Schema.encodedBoundSchema(row.body))
  const paramsSchema = lazy(() => row.params === undefined ? undefined : Schema.encodedBoundSchema(row.params))
  return (args: ReadonlyArray<unknown>) => {
    const values: Record<string, Either.Either<string | number, string>> = {}
    names.forEach(([name, kind], i) => {
      values[name] = checkPath(name, kind, args[i])
    })
    const body = row.body === undefined ? undefined : args[names.length]
    const params = row.params === undefined ? undefined : args[names.length + (row.body === undefined ? 0 : 1)]
    return {
      route: Http.templateRoute(path, values),
      body,
      // `null` for a body the caller left out would be sent as `null`: an absent body is not sent.
      bodySchema: body === undefined ? undefined : bodySchema(),
      params: (params ?? {}) as Http.Params,
      paramsSchema: paramsSchema(),
      headerParams: row.headers
    }
  }
}

const textDecoder: Http.Decoder<string> = (body) => Effect.succeed(typeof body === "string" ? body : "")

/**
 * A generated operation returning an `Effect`: `effect("LoadBalancers.get", "GET", "/v2/load_balancers/{lb_id}",
 * { path: { lb_id: "uuid" }, response: S.LoadBalancersGet200 })`. The span is named `name`.
 *
 * @internal
 */
export const effect = (
  name: string,
  method: Http.Method,
  path: string,
  row: Row
): (...args: ReadonlyArray<any>) => any => {
  const request = prepare(path, row)
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
  const decode = Schema.decodeUnknown(schema)
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
  path: string,
  key: string,
  row: Row & { readonly response: Schema.Schema<any, any> }
): (...args: ReadonlyArray<any>) => Stream.Stream<any, DOAPIError, Http.Requirements> => {
  const request = prepare(path, row)
  const decode = lazy(() => page(row.response, key))
  return (...args) => {
    const { headerParams, params, paramsSchema, route } = request(args)
    return Pagination.stream({ operation: name, route, params, paramsSchema, headerParams, decode: decode() })
  }
}
