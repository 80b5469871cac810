/**
 * Freeform access, as doapi's `request()` and `paginate()`: for endpoints the typed modules do not cover yet. Same
 * auth, retries, rate-limit tracking, errors and pagination as every typed call.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { DoConfig } from "./DoConfig.js"
import { DOAPIError } from "./DoError.js"
import * as Http from "./internal/http.js"
import * as Pagination from "./internal/pagination.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Method = Http.Method

/**
 * @since 0.1.0
 * @category models
 */
export interface RequestOptions {
  /** Query parameters; `undefined` values are left out. */
  readonly params?: Readonly<Record<string, string | number | boolean | undefined>> | undefined
  /** A JSON body. */
  readonly body?: unknown
}

/**
 * A path on the endpoint: `/v2/...`, or an absolute URL on the configured endpoint's origin (a pagination link).
 * Any other origin is refused, so the token is never sent elsewhere.
 */
const resolve = (method: Method, path: string) =>
  Effect.flatMap(DoConfig, (config): Effect.Effect<Http.Route, DOAPIError> => {
    if (path.startsWith("/")) return Effect.succeed({ path, template: path })
    const refuse = (description: string) => Effect.fail(new DOAPIError({ reason: "Encode", method, path, description }))
    let url: URL
    try {
      url = new URL(path)
    } catch {
      return refuse("not a path starting with / nor an absolute URL")
    }
    if (url.origin !== new URL(config.endpoint).origin) {
      return refuse(`${url.origin} is not the configured endpoint's origin; the token is only sent there`)
    }
    return Effect.succeed({ path: url.pathname + url.search, template: url.pathname })
  })

/**
 * Any request: the parsed JSON body of the response (`undefined` for 204 or an empty body).
 *
 * @example
 * ```ts
 * import { Api } from "@doapi/core"
 * import { Effect, Schema } from "effect"
 *
 * // An endpoint no typed module covers yet; decode the JSON with a Schema of your own
 * const Envelope = Schema.Struct({
 *   project: Schema.Struct({ id: Schema.String, name: Schema.String, is_default: Schema.Boolean })
 * })
 *
 * const defaultProject = Api.request("GET", "/v2/projects/default").pipe(
 *   Effect.flatMap(Schema.decodeUnknown(Envelope)),
 *   Effect.map(({ project }) => project)
 * )
 *
 * // A JSON body, and query parameters (`undefined` ones are left out)
 * const created = Api.request("POST", "/v2/projects", {
 *   body: { name: "web", purpose: "Web Application", environment: "Production" }
 * })
 * const apps = Api.request("GET", "/v2/apps", { params: { with_projects: true, page: undefined } })
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const request = (
  method: Method,
  path: string,
  options?: RequestOptions | undefined
): Effect.Effect<unknown, DOAPIError, HttpClient.HttpClient | DoConfig> =>
  Effect.flatMap(resolve(method, path), (route) =>
    Http.execute({
      operation: "Api.request",
      method,
      route,
      params: options?.params,
      body: options?.body
    }, Http.json))

/**
 * Every item under `key` of a paginated listing, as the typed listings page (concurrently, in order, duplicates
 * dropped by `id`).
 *
 * @since 0.1.0
 * @category listings
 */
export const paginate = (
  path: string,
  key: string,
  params?: RequestOptions["params"]
): Stream.Stream<unknown, DOAPIError, HttpClient.HttpClient | DoConfig> =>
  Stream.unwrap(Effect.map(resolve("GET", path), (route) =>
    Pagination.stream({
      operation: "Api.paginate",
      route,
      params,
      decode: Pagination.page(key, Schema.Unknown)
    })))
