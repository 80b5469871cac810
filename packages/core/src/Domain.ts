/**
 * Domains: the DNS zones DigitalOcean's name servers serve (their records are in `DomainRecord`).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, orNull } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"

/**
 * A domain, identified by its name. `toString()` gives the name. (`ip_address` is write-only: it is only in
 * `CreateOptions`.)
 *
 * @since 0.1.0
 * @category models
 */
export class Domain extends Class<Domain>("@doapi/core/Domain")({
  /** The domain itself, e.g. `example.com`. */
  name: Schema.String,
  /** The time to live of the domain's records, in seconds. */
  ttl: orNull(Schema.Int),
  /** The whole zone file (the only place the SOA record shows); `null` right after `create`. */
  zone_file: orNull(Schema.String)
}) {
  /**
   * The domain name.
   *
   * @since 0.1.0
   */
  override toString(): string {
    return this.name
  }
}

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  /** The domain, e.g. `example.com`. (The spec marks nothing required; the API needs it.) */
  name: Schema.String,
  /** When given, an A record for the apex pointing at this address is created with the domain. */
  ip_address: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

type R = HttpClient.HttpClient | DoConfig

/**
 * A domain's name (its identifier), from the object or the name.
 *
 * @since 0.1.0
 * @category utils
 */
export const domainName = (domain: Domain | string): string => typeof domain === "string" ? domain : domain.name

const path = (domain: Domain | string) => ({ domain_name: Segment.name("domain_name", domain) })

const decodeDomain = Http.envelope("domain", Domain)
const decodeDomains = Pagination.page("domains", Domain)

/**
 * `GET /v2/domains/{domain_name}`.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (domain: Domain | string): Effect.Effect<Domain, DOAPIError, R> =>
  Http.execute(Op.request(E.DomainsGet, { operation: "Domain.fetch", path: path(domain) }), decodeDomain)

/**
 * `GET /v2/domains`: every domain of the account.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream: Stream.Stream<Domain, DOAPIError, R> = Op.listing(E.DomainsList, {
  operation: "Domain.stream",
  decode: decodeDomains,
  key: domainName
})

/**
 * `GET /v2/domains`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Domain>, DOAPIError, R> = Pagination.collect(stream)

/**
 * `POST /v2/domains`: adds a domain (and, with `ip_address`, an A record for its apex).
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<Domain, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DomainsCreate, { operation: "Domain.create", body: options, bodySchema: CreateOptions }),
    decodeDomain
  )

/**
 * `DELETE /v2/domains/{domain_name}`: removes the domain and all its records.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (domain: Domain | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(Op.request(E.DomainsDelete, { operation: "Domain.delete", path: path(domain) }), Http.noContent)

export {
  /**
   * `DELETE /v2/domains/{domain_name}` (`delete` is a reserved word: `Domain.delete` works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}
