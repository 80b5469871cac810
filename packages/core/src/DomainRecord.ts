/**
 * Domain records: the DNS records of a domain (`/v2/domains/{domain_name}/records`).
 *
 * A record does not know its domain (the API's object does not carry it), so every function here takes the domain
 * explicitly, as a `Domain` or its name, before the record (a `DomainRecord` or its id).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import type { Domain } from "./Domain.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, orNull } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"

/**
 * The record types DigitalOcean serves.
 *
 * @since 0.1.0
 * @category constants
 */
export const TYPES = ["A", "AAAA", "CAA", "CNAME", "MX", "NS", "SOA", "SRV", "TXT"] as const

/**
 * @since 0.1.0
 * @category models
 */
export type RecordType = typeof TYPES[number]

/** A CAA record's property tag: `issue`, `issuewild` or `iodef` (open: RFC 9495 adds `issuemail`, for one). */
const CaaTag = openEnum("issue", "issuewild", "iodef")

/**
 * A domain record, with every field of the spec's `domain_record` object; the fields that do not apply to its type
 * are `null`. It does not carry its domain: the functions of this module take the domain explicitly.
 *
 * @since 0.1.0
 * @category models
 */
export class DomainRecord extends Class<DomainRecord>("@doapi/core/DomainRecord")({
  id: Schema.Int,
  /** `A`, `AAAA`, `CAA`, `CNAME`, `MX`, `NS`, `SOA`, `SRV` or `TXT`. */
  type: openEnum(...TYPES),
  /** The host name, alias or service, relative to the domain (`@` for the apex, `www`, `_sip._tcp`). */
  name: Schema.optional(Schema.String),
  /** What the record says: an address for A/AAAA, a host name for CNAME/MX/NS/SRV, text for TXT, a CA for CAA. */
  data: Schema.optional(Schema.String),
  /** MX and SRV. */
  priority: orNull(Schema.Int),
  /** SRV. */
  port: orNull(Schema.Int),
  /** The time to live, in seconds. */
  ttl: Schema.optional(Schema.Int),
  /** SRV. */
  weight: orNull(Schema.Int),
  /** CAA: 0 to 255. */
  flags: orNull(Schema.Int),
  /** CAA: `issue`, `issuewild` or `iodef`. */
  tag: orNull(CaaTag)
}) {}

const ttl = Schema.optional(Schema.Int)
const flags = Schema.Int.pipe(Schema.between(0, 255))
const record = <Type extends RecordType, Fields extends Schema.Struct.Fields>(type: Type, fields: Fields) =>
  Schema.Struct({ type: Schema.Literal(type), ...fields, ttl })
const named = { name: Schema.String, data: Schema.String }

// The spec's create body is an `anyOf` of per-type schemas (`domain_record_a`, ...), each the whole `domain_record`
// object with some fields required. Its NS, TXT and SRV variants require `flags` and `tag`, which are CAA's fields
// (and the `anyOf` makes those requirements void: any body with `type`, `name` and `data` matches the A variant;
// digest §13.4), while it does not require SRV's `weight`, which every SRV record has (RFC 2782: priority, weight,
// port, target). The variants below keep each type to its own fields: `flags` and `tag` are left out of NS, TXT and
// SRV, and `weight` is required for SRV. An MX record's `name` is optional, as in the spec (the apex when omitted).
const A = record("A", named)
const AAAA = record("AAAA", named)
const CAA = record("CAA", { ...named, flags, tag: CaaTag })
const CNAME = record("CNAME", named)
const MX = record("MX", { name: Schema.optional(Schema.String), data: Schema.String, priority: Schema.Int })
const NS = record("NS", named)
const SOA = Schema.Struct({ type: Schema.Literal("SOA"), ttl: Schema.Int })
const SRV = record("SRV", { ...named, priority: Schema.Int, port: Schema.Int, weight: Schema.Int })
const TXT = record("TXT", named)

/**
 * The options of `create`, by `type` (its encoded form is the API's body); `ttl` is optional except for SOA:
 * - `A`, `AAAA`, `CNAME`, `NS`, `TXT`: `name`, `data`;
 * - `CAA`: `name`, `data`, `flags` (0-255), `tag` (`issue`, `issuewild`, `iodef`);
 * - `MX`: `data`, `priority` (and an optional `name`);
 * - `SRV`: `name`, `data`, `priority`, `port`, `weight`;
 * - `SOA`: `ttl` (the only thing of the SOA record that can change).
 *
 * A body missing a field its type requires is a `DOAPIError` with reason `Encode`, and nothing is sent.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Union(A, AAAA, CAA, CNAME, MX, NS, SOA, SRV, TXT)

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `update` (a `PUT`): `type` (required by the spec) and any field valid for that type; `null` clears
 * a field that does not apply.
 *
 * @since 0.1.0
 * @category models
 */
export const UpdateOptions = Schema.Struct({
  type: openEnum(...TYPES),
  name: Schema.optional(Schema.String),
  data: Schema.optional(Schema.String),
  priority: Schema.optional(Schema.NullOr(Schema.Int)),
  port: Schema.optional(Schema.NullOr(Schema.Int)),
  ttl,
  weight: Schema.optional(Schema.NullOr(Schema.Int)),
  flags: Schema.optional(Schema.NullOr(flags)),
  tag: Schema.optional(Schema.NullOr(CaaTag))
})

/**
 * @since 0.1.0
 * @category models
 */
export type UpdateOptions = typeof UpdateOptions.Type

/**
 * Filters of `stream` and `fetchAll`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  /** A fully qualified record name, e.g. `www.example.com` (not `www`). */
  readonly name?: string | undefined
  readonly type?: RecordType | undefined
}

type R = HttpClient.HttpClient | DoConfig
const domainSegment = (domain: Domain | string) => Segment.name("domain_name", domain)
const records = (domain: Domain | string) => ({ domain_name: domainSegment(domain) })
const route = (domain: Domain | string, record: DomainRecord | number) => ({
  domain_name: domainSegment(domain),
  domain_record_id: Segment.id("domain_record_id", record)
})
const decodeRecord = Http.envelope("domain_record", DomainRecord)
const decodeRecords = Pagination.page("domain_records", DomainRecord)

/**
 * `GET /v2/domains/{domain_name}/records/{domain_record_id}`.
 *
 * @since 0.1.0
 * @category operations
 */
export const fetch = (
  domain: Domain | string,
  record: DomainRecord | number
): Effect.Effect<DomainRecord, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DomainRecordsGetRecord, { operation: "DomainRecord.fetch", path: route(domain, record) }),
    decodeRecord
  )

/**
 * `GET /v2/domains/{domain_name}/records`: the domain's records, or those with a (fully qualified) name or a type.
 *
 * @since 0.1.0
 * @category listings
 */
export const stream = (
  domain: Domain | string,
  options?: ListOptions | undefined
): Stream.Stream<DomainRecord, DOAPIError, R> =>
  Op.listing(E.DomainRecordsListRecords, {
    operation: "DomainRecord.stream",
    path: records(domain),
    params: options === undefined ? undefined : { name: options.name, type: options.type },
    decode: decodeRecords
  })

/**
 * `GET /v2/domains/{domain_name}/records`, collected.
 *
 * @since 0.1.0
 * @category listings
 */
export const fetchAll = (
  domain: Domain | string,
  options?: ListOptions | undefined
): Effect.Effect<ReadonlyArray<DomainRecord>, DOAPIError, R> => Pagination.collect(stream(domain, options))

/**
 * `POST /v2/domains/{domain_name}/records`: adds a record; the options are checked against the fields its type
 * requires before anything is sent.
 *
 * @since 0.1.0
 * @category operations
 */
export const create = (domain: Domain | string, options: CreateOptions): Effect.Effect<DomainRecord, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DomainRecordsCreateRecord, {
      operation: "DomainRecord.create",
      path: records(domain),
      body: options,
      bodySchema: CreateOptions
    }),
    decodeRecord
  )

/**
 * `PUT /v2/domains/{domain_name}/records/{domain_record_id}`: changes a record's fields.
 *
 * @since 0.1.0
 * @category operations
 */
export const update = (
  domain: Domain | string,
  record: DomainRecord | number,
  options: UpdateOptions
): Effect.Effect<DomainRecord, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DomainRecordsUpdateRecord, {
      operation: "DomainRecord.update",
      path: route(domain, record),
      body: options,
      bodySchema: UpdateOptions
    }),
    decodeRecord
  )

/**
 * `DELETE /v2/domains/{domain_name}/records/{domain_record_id}`.
 *
 * @since 0.1.0
 * @category operations
 */
export const remove = (domain: Domain | string, record: DomainRecord | number): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.DomainRecordsDeleteRecord, { operation: "DomainRecord.delete", path: route(domain, record) }),
    Http.noContent
  )

export {
  /**
   * `DELETE /v2/domains/{domain_name}/records/{domain_record_id}` (`delete` is a reserved word: `DomainRecord.delete`
   * works as a property).
   *
   * @since 0.1.0
   * @category operations
   */
  remove as delete
}
