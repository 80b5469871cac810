/**
 * Cloud firewalls: their rules, droplets and tags, and holding exactly a given set of rules.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError } from "./DoError.js"
import type { Droplet } from "./Droplet.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Ids from "./internal/ids.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, withDefault } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"

/**
 * The status of a firewall whose changes are being applied.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_WAITING = "waiting"

/**
 * The status of a firewall whose changes are applied.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_SUCCEEDED = "succeeded"

/**
 * The status of a firewall whose changes could not be applied.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_FAILED = "failed"

const targetFields = {
  /** IPv4 and IPv6 addresses and CIDR blocks (`0.0.0.0/0`, `::/0` for any). */
  addresses: Schema.optional(Schema.Array(Schema.String)),
  droplet_ids: Schema.optional(Schema.Array(Schema.Int)),
  load_balancer_uids: Schema.optional(Schema.Array(Schema.String)),
  kubernetes_ids: Schema.optional(Schema.Array(Schema.String)),
  tags: Schema.optional(Schema.Array(Schema.String))
}

/**
 * Where a rule's traffic comes from (an inbound rule's `sources`) or goes to (an outbound rule's `destinations`).
 *
 * @since 0.3.0
 * @category models
 */
export class Target extends Class<Target>("@doapi/core/Firewall/Target")(targetFields) {}

const ruleBase = {
  /** `tcp`, `udp` or `icmp`. */
  protocol: openEnum("tcp", "udp", "icmp"),
  /** A port (`"22"`), a range (`"8000-9000"`), or all ports (`"0"` or `"all"`). */
  ports: Schema.String
}

const inboundFields = { ...ruleBase, sources: Schema.Struct(targetFields) }
const outboundFields = { ...ruleBase, destinations: Schema.Struct(targetFields) }

/**
 * An inbound rule: traffic from `sources` on `protocol` and `ports` is allowed in.
 *
 * @since 0.3.0
 * @category models
 */
export class InboundRule extends Class<InboundRule>("@doapi/core/Firewall/InboundRule")({
  ...ruleBase,
  sources: Target
}) {}

/**
 * An outbound rule: traffic to `destinations` on `protocol` and `ports` is allowed out.
 *
 * @since 0.3.0
 * @category models
 */
export class OutboundRule extends Class<OutboundRule>("@doapi/core/Firewall/OutboundRule")({
  ...ruleBase,
  destinations: Target
}) {}

/**
 * A change to a droplet the firewall has not finished applying.
 *
 * @since 0.3.0
 * @category models
 */
export class PendingChange extends Class<PendingChange>("@doapi/core/Firewall/PendingChange")({
  droplet_id: Schema.Int,
  removing: Schema.Boolean,
  status: Schema.String
}) {}

/**
 * A cloud firewall. `null` rule lists, droplet ids and tags (as the API may send them) decode to empty arrays.
 *
 * @since 0.3.0
 * @category models
 */
export class Firewall extends Class<Firewall>("@doapi/core/Firewall")({
  id: Schema.String,
  name: Schema.String,
  /** `waiting`, `succeeded` or `failed` (see the `STATUS_*` constants). */
  status: openEnum(STATUS_WAITING, STATUS_SUCCEEDED, STATUS_FAILED),
  created_at: Schema.DateTimeUtc,
  pending_changes: withDefault(Schema.Array(PendingChange), () => []),
  inbound_rules: withDefault(nullAsEmpty(InboundRule), () => []),
  outbound_rules: withDefault(nullAsEmpty(OutboundRule), () => []),
  droplet_ids: withDefault(nullAsEmpty(Schema.Int), () => []),
  tags: withDefault(nullAsEmpty(Schema.String), () => [])
}) {}

/** An array that the API may send as `null`: decoded as `[]`. */
function nullAsEmpty<A, I>(item: Schema.Schema<A, I>): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I> | null> {
  return Schema.transform(Schema.NullOr(Schema.Array(item)), Schema.typeSchema(Schema.Array(item)), {
    strict: true,
    decode: (items) => items ?? [],
    encode: (items) => items
  })
}

/**
 * An inbound rule as the bodies take it (an `InboundRule` of a fetched firewall fits too).
 *
 * @since 0.3.0
 * @category models
 */
export const InboundRuleInput = Schema.Struct(inboundFields)

/**
 * @since 0.3.0
 * @category models
 */
export type InboundRuleInput = typeof InboundRuleInput.Type

/**
 * An outbound rule as the bodies take it (an `OutboundRule` of a fetched firewall fits too).
 *
 * @since 0.3.0
 * @category models
 */
export const OutboundRuleInput = Schema.Struct(outboundFields)

/**
 * @since 0.3.0
 * @category models
 */
export type OutboundRuleInput = typeof OutboundRuleInput.Type

/**
 * Rules: the body of `addRules` and `removeRules`, and what `ensureRules` holds a firewall to.
 *
 * @since 0.3.0
 * @category models
 */
export const Rules = Schema.Struct({
  inbound_rules: Schema.optional(Schema.Array(InboundRuleInput)),
  outbound_rules: Schema.optional(Schema.Array(OutboundRuleInput))
})

/**
 * @since 0.3.0
 * @category models
 */
export type Rules = typeof Rules.Type

/**
 * The options of `create` and `update` (`update` replaces the whole firewall): at least one rule.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  /** Letters, digits, `.` and `-`, starting with a letter or digit. */
  name: Schema.String,
  ...Rules.fields,
  droplet_ids: Schema.optional(Schema.Array(Schema.Int)),
  tags: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

type R = HttpClient.HttpClient | DoConfig
const path = (firewall: Firewall | string) => ({ firewall_id: Segment.uuid("firewall_id", firewall) })
const decodeFirewall = Http.envelope("firewall", Firewall)
const decodeFirewalls = Pagination.page("firewalls", Firewall)

/**
 * `GET /v2/firewalls/{firewall_id}`.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetch = (firewall: Firewall | string): Effect.Effect<Firewall, DOAPIError, R> =>
  Http.execute(Op.request(E.FirewallsGet, { operation: "Firewall.fetch", path: path(firewall) }), decodeFirewall)

/**
 * `GET /v2/firewalls`: every firewall of the account.
 *
 * @since 0.3.0
 * @category listings
 */
export const stream: Stream.Stream<Firewall, DOAPIError, R> = Op.listing(E.FirewallsList, {
  operation: "Firewall.stream",
  decode: decodeFirewalls
})

/**
 * `GET /v2/firewalls`, collected.
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<Firewall>, DOAPIError, R> = Pagination.collect(stream)

/**
 * `POST /v2/firewalls`: creates a firewall (with at least one rule).
 *
 * @since 0.3.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<Firewall, DOAPIError, R> =>
  Http.execute(
    Op.request(E.FirewallsCreate, { operation: "Firewall.create", body: options, bodySchema: CreateOptions }),
    decodeFirewall
  )

/**
 * `PUT /v2/firewalls/{firewall_id}`: replaces the firewall (its name, rules, droplets and tags: what is left out is
 * emptied).
 *
 * @since 0.3.0
 * @category operations
 */
export const update = (firewall: Firewall | string, options: CreateOptions): Effect.Effect<Firewall, DOAPIError, R> =>
  Http.execute(
    Op.request(E.FirewallsUpdate, {
      operation: "Firewall.update",
      path: path(firewall),
      body: options,
      bodySchema: CreateOptions
    }),
    decodeFirewall
  )

/**
 * `DELETE /v2/firewalls/{firewall_id}`.
 *
 * @since 0.3.0
 * @category operations
 */
export const remove = (firewall: Firewall | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(Op.request(E.FirewallsDelete, { operation: "Firewall.delete", path: path(firewall) }), Http.noContent)

export {
  /**
   * `DELETE /v2/firewalls/{firewall_id}` (`delete` is a reserved word: `Firewall.delete` works as a property).
   *
   * @since 0.3.0
   * @category operations
   */
  remove as delete
}

/**
 * `GET /v2/droplets/{droplet_id}/firewalls`: the firewalls that apply to a droplet (by id or by tag).
 *
 * @since 0.3.0
 * @category listings
 */
export const ofDroplet = (droplet: Droplet | number): Stream.Stream<Firewall, DOAPIError, R> =>
  Op.listing(E.DropletsListFirewalls, {
    operation: "Firewall.ofDroplet",
    path: { droplet_id: Segment.id("droplet_id", droplet) },
    decode: decodeFirewalls
  })

const dropletsCall = (
  endpoint: typeof E.FirewallsAssignDroplets | typeof E.FirewallsDeleteDroplets,
  operation: string
) =>
(firewall: Firewall | string, droplets: Iterable<Droplet | number>): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(endpoint, {
      operation: `Firewall.${operation}`,
      path: path(firewall),
      ...Ids.dropletIdsBody(droplets)
    }),
    Http.noContent
  )

/**
 * `POST /v2/firewalls/{firewall_id}/droplets`: applies the firewall to droplets.
 *
 * @since 0.3.0
 * @category droplets and tags
 */
export const addDroplets: (
  firewall: Firewall | string,
  droplets: Iterable<Droplet | number>
) => Effect.Effect<void, DOAPIError, R> = dropletsCall(E.FirewallsAssignDroplets, "addDroplets")

/**
 * `DELETE /v2/firewalls/{firewall_id}/droplets`: removes droplets from the firewall.
 *
 * @since 0.3.0
 * @category droplets and tags
 */
export const removeDroplets: (
  firewall: Firewall | string,
  droplets: Iterable<Droplet | number>
) => Effect.Effect<void, DOAPIError, R> = dropletsCall(E.FirewallsDeleteDroplets, "removeDroplets")

const TagsBody = Schema.Struct({ tags: Schema.Array(Schema.String) })

const tagsCall = (endpoint: typeof E.FirewallsAddTags | typeof E.FirewallsDeleteTags, operation: string) =>
(
  firewall: Firewall | string,
  tags: Iterable<string | { readonly name: string }>
): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(endpoint, {
      operation: `Firewall.${operation}`,
      path: path(firewall),
      body: { tags: Array.from(tags, (tag) => typeof tag === "object" && tag !== null ? tag.name : tag) },
      bodySchema: TagsBody
    }),
    Http.noContent
  )

/**
 * `POST /v2/firewalls/{firewall_id}/tags`: applies the firewall to every droplet with the tags (which must exist).
 *
 * @since 0.3.0
 * @category droplets and tags
 */
export const addTags: (
  firewall: Firewall | string,
  tags: Iterable<string | { readonly name: string }>
) => Effect.Effect<void, DOAPIError, R> = tagsCall(E.FirewallsAddTags, "addTags")

/**
 * `DELETE /v2/firewalls/{firewall_id}/tags`.
 *
 * @since 0.3.0
 * @category droplets and tags
 */
export const removeTags: (
  firewall: Firewall | string,
  tags: Iterable<string | { readonly name: string }>
) => Effect.Effect<void, DOAPIError, R> = tagsCall(E.FirewallsDeleteTags, "removeTags")

const rulesCall =
  (endpoint: typeof E.FirewallsAddRules | typeof E.FirewallsDeleteRules, operation: string) =>
  (firewall: Firewall | string, rules: Rules): Effect.Effect<void, DOAPIError, R> =>
    Http.execute(
      Op.request(endpoint, {
        operation: `Firewall.${operation}`,
        path: path(firewall),
        body: rules,
        bodySchema: Rules
      }),
      Http.noContent
    )

/**
 * `POST /v2/firewalls/{firewall_id}/rules`: adds rules.
 *
 * @since 0.3.0
 * @category rules
 */
export const addRules: (firewall: Firewall | string, rules: Rules) => Effect.Effect<void, DOAPIError, R> = rulesCall(
  E.FirewallsAddRules,
  "addRules"
)

/**
 * `DELETE /v2/firewalls/{firewall_id}/rules`: removes rules (given as they are).
 *
 * @since 0.3.0
 * @category rules
 */
export const removeRules: (firewall: Firewall | string, rules: Rules) => Effect.Effect<void, DOAPIError, R> = rulesCall(
  E.FirewallsDeleteRules,
  "removeRules"
)

// ---------------------------------------------------------------------------------------------------------------
// Holding exactly a set of rules
// ---------------------------------------------------------------------------------------------------------------

const ALL_PORTS = new Set(["", "0", "all", "1-65535"])

type AnyTarget = { readonly [K in keyof typeof targetFields]?: ReadonlyArray<string | number> | undefined }

/**
 * A rule's identity, for comparing rules: the protocol, the ports (every spelling of "all ports" is `0`; ICMP has
 * none) and the target's non-empty lists, each sorted.
 *
 * @since 0.3.0
 * @category rules
 */
export const ruleKey = (
  protocol: string,
  ports: string,
  target: AnyTarget
): string => {
  const normalPorts = protocol === "icmp" || ALL_PORTS.has(ports.trim().toLowerCase()) ? "0" : ports.trim()
  const lists = (Object.keys(targetFields) as Array<keyof typeof targetFields>).flatMap((key) => {
    const values = target[key]
    return values === undefined || values.length === 0 ? [] : [[key, values.map(String).sort()]]
  })
  return JSON.stringify([protocol, normalPorts, lists])
}

const inboundKey = (rule: InboundRuleInput) => `in:${ruleKey(rule.protocol, rule.ports, rule.sources)}`
const outboundKey = (rule: OutboundRuleInput) => `out:${ruleKey(rule.protocol, rule.ports, rule.destinations)}`

const difference = <A>(from: ReadonlyArray<A>, minus: ReadonlyArray<A>, key: (a: A) => string): Array<A> => {
  const keys = new Set(minus.map(key))
  const seen = new Set<string>()
  return from.filter((rule) => {
    const k = key(rule)
    if (keys.has(k) || seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * What `ensureRules` did: the firewall as it now is, and the rules it added and removed (none when the firewall
 * already held exactly the rules).
 *
 * @since 0.3.0
 * @category models
 */
export interface Ensured {
  readonly firewall: Firewall
  readonly added: {
    readonly inbound_rules: ReadonlyArray<InboundRuleInput>
    readonly outbound_rules: ReadonlyArray<OutboundRuleInput>
  }
  readonly removed: {
    readonly inbound_rules: ReadonlyArray<InboundRuleInput>
    readonly outbound_rules: ReadonlyArray<OutboundRuleInput>
  }
  /** Whether any request changed the firewall. */
  readonly changed: boolean
}

/**
 * Makes the firewall hold exactly these rules: fetches it, removes the rules it has that are not given, adds the
 * given ones it lacks (rules are compared by `ruleKey`), and touches nothing else. A second run with the same rules
 * sends no change. An absent list (`inbound_rules` or `outbound_rules`) means none of that direction.
 *
 * @since 0.3.0
 * @category rules
 */
export const ensureRules = (firewall: Firewall | string, rules: Rules): Effect.Effect<Ensured, DOAPIError, R> =>
  Effect.gen(function*() {
    const current = yield* fetch(firewall)
    const wantIn = rules.inbound_rules ?? []
    const wantOut = rules.outbound_rules ?? []
    const removed = {
      inbound_rules: difference<InboundRuleInput>(current.inbound_rules, wantIn, inboundKey),
      outbound_rules: difference<OutboundRuleInput>(current.outbound_rules, wantOut, outboundKey)
    }
    const added = {
      inbound_rules: difference<InboundRuleInput>(wantIn, current.inbound_rules, inboundKey),
      outbound_rules: difference<OutboundRuleInput>(wantOut, current.outbound_rules, outboundKey)
    }
    const nonEmpty = (r: typeof added) => r.inbound_rules.length + r.outbound_rules.length > 0
    const body = (r: typeof added): Rules => ({
      ...(r.inbound_rules.length > 0 ? { inbound_rules: r.inbound_rules } : {}),
      ...(r.outbound_rules.length > 0 ? { outbound_rules: r.outbound_rules } : {})
    })
    if (nonEmpty(removed)) yield* removeRules(current, body(removed))
    if (nonEmpty(added)) yield* addRules(current, body(added))
    const changed = nonEmpty(removed) || nonEmpty(added)
    return { firewall: changed ? yield* fetch(current) : current, added, removed, changed }
  })
