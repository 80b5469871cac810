/**
 * VPCs: private networks in a region, and their members.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"

/**
 * A VPC: a private network in one region. Each region has one default VPC (the first created there), which can be
 * neither changed from default nor deleted.
 *
 * @since 0.3.0
 * @category models
 */
export class VPC extends Class<VPC>("@doapi/core/VPC")({
  id: Schema.String,
  /** `do:vpc:<id>`. */
  urn: Schema.String,
  /** Letters, digits, `-` and `.`; unique in the account. */
  name: Schema.String,
  description: Schema.optional(Schema.String),
  /** The region's slug. */
  region: Schema.String,
  /** The private range, e.g. `10.10.10.0/24`. */
  ip_range: Schema.String,
  /** Whether it is its region's default VPC. */
  default: Schema.Boolean,
  created_at: Schema.DateTimeUtc
}) {
  /**
   * The name.
   *
   * @since 0.3.0
   */
  override toString(): string {
    return this.name
  }
}

/**
 * A resource in a VPC, by its URN (`do:droplet:5`, `do:loadbalancer:<id>`, ...).
 *
 * @since 0.3.0
 * @category models
 */
export class Member extends Class<Member>("@doapi/core/VPC/Member")({
  urn: Schema.String,
  name: Schema.String,
  created_at: Schema.String
}) {
  /** The kind of resource: `droplet`, `loadbalancer`, `kubernetes`, `dbaas`, ... */
  get resourceType(): string {
    return this.urn.split(":")[1] ?? ""
  }
}

/**
 * The options of `create`: its encoded form is the API's body.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  name: Schema.String,
  /** A region's slug. */
  region: Schema.String,
  description: Schema.optional(Schema.String.pipe(Schema.maxLength(255))),
  /** A private range (RFC 1918), `/28` to `/16`; DigitalOcean picks one when it is left out. */
  ip_range: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * The options of `update` (PUT: `name` is required) and `patch` (only what is given changes). `default: true` makes
 * the VPC its region's default (a default cannot be made not default).
 *
 * @since 0.3.0
 * @category models
 */
export const UpdateOptions = Schema.Struct({
  name: Schema.String,
  description: Schema.optional(Schema.String.pipe(Schema.maxLength(255))),
  default: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.3.0
 * @category models
 */
export type UpdateOptions = typeof UpdateOptions.Type

const PatchOptions = Schema.partial(UpdateOptions)

/**
 * @since 0.3.0
 * @category models
 */
export type PatchOptions = typeof PatchOptions.Type

/**
 * The filter of `members`: one kind of resource (`droplet`, `load_balancer`, ...).
 *
 * @since 0.3.0
 * @category models
 */
export interface MembersOptions {
  readonly resource_type?: string | undefined
}

type R = HttpClient.HttpClient | DoConfig
const path = (vpc: VPC | string) => ({ vpc_id: Segment.uuid("vpc_id", vpc) })
const decodeVpc = Http.envelope("vpc", VPC)
const decodeVpcs = Pagination.page("vpcs", VPC)
const decodeMembers = Pagination.page("members", Member)

/**
 * `GET /v2/vpcs/{vpc_id}`.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetch = (vpc: VPC | string): Effect.Effect<VPC, DOAPIError, R> =>
  Http.execute(Op.request(E.VPCsGet, { operation: "VPC.fetch", path: path(vpc) }), decodeVpc)

/**
 * `GET /v2/vpcs`: every VPC of the account (the regions' defaults included).
 *
 * @since 0.3.0
 * @category listings
 */
export const stream: Stream.Stream<VPC, DOAPIError, R> = Op.listing(E.VPCsList, {
  operation: "VPC.stream",
  decode: decodeVpcs
})

/**
 * `GET /v2/vpcs`, collected.
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<VPC>, DOAPIError, R> = Pagination.collect(stream)

/**
 * A region's default VPC, from the listing (`None` when the region has no VPC yet).
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchDefault = (
  region: string | { readonly slug: string }
): Effect.Effect<Option.Option<VPC>, DOAPIError, R> => {
  const slug = typeof region === "string" ? region : region.slug
  return Effect.map(fetchAll, (vpcs) => Option.fromNullable(vpcs.find((vpc) => vpc.default && vpc.region === slug)))
}

/**
 * `POST /v2/vpcs`: creates a VPC (the first in a region becomes its default).
 *
 * @since 0.3.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<VPC, DOAPIError, R> =>
  Http.execute(
    Op.request(E.VPCsCreate, { operation: "VPC.create", body: options, bodySchema: CreateOptions }),
    decodeVpc
  )

/**
 * `PUT /v2/vpcs/{vpc_id}`: replaces the name, the description (left out: emptied) and, optionally, makes it the
 * default.
 *
 * @since 0.3.0
 * @category operations
 */
export const update = (vpc: VPC | string, options: UpdateOptions): Effect.Effect<VPC, DOAPIError, R> =>
  Http.execute(
    Op.request(E.VPCsUpdate, { operation: "VPC.update", path: path(vpc), body: options, bodySchema: UpdateOptions }),
    decodeVpc
  )

/**
 * `PATCH /v2/vpcs/{vpc_id}`: changes only the fields given.
 *
 * @since 0.3.0
 * @category operations
 */
export const patch = (vpc: VPC | string, options: PatchOptions): Effect.Effect<VPC, DOAPIError, R> =>
  Http.execute(
    Op.request(E.VPCsPatch, { operation: "VPC.patch", path: path(vpc), body: options, bodySchema: PatchOptions }),
    decodeVpc
  )

/**
 * `DELETE /v2/vpcs/{vpc_id}`: only a VPC that is not its region's default and has no members (else a 403).
 *
 * @since 0.3.0
 * @category operations
 */
export const remove = (vpc: VPC | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(Op.request(E.VPCsDelete, { operation: "VPC.delete", path: path(vpc) }), Http.noContent)

export {
  /**
   * `DELETE /v2/vpcs/{vpc_id}` (`delete` is a reserved word: `VPC.delete` works as a property).
   *
   * @since 0.3.0
   * @category operations
   */
  remove as delete
}

/**
 * `GET /v2/vpcs/{vpc_id}/members`: the resources in the VPC, or those of one kind.
 *
 * @since 0.3.0
 * @category listings
 */
export const members = (
  vpc: VPC | string,
  options?: MembersOptions | undefined
): Stream.Stream<Member, DOAPIError, R> =>
  Op.listing(E.VPCsListMembers, {
    operation: "VPC.members",
    path: path(vpc),
    params: options?.resource_type === undefined ? undefined : { resource_type: options.resource_type },
    decode: decodeMembers,
    key: (member) => member.urn
  })

/**
 * `GET /v2/vpcs/{vpc_id}/members`, collected.
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchAllMembers = (
  vpc: VPC | string,
  options?: MembersOptions | undefined
): Effect.Effect<ReadonlyArray<Member>, DOAPIError, R> => Pagination.collect(members(vpc, options))
