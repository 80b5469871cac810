/**
 * Load balancers: creating, updating and deleting them, their droplets and forwarding rules, and waiting until one is active.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Action from "./ActionModel.js"
import type { DoConfig } from "./DoConfig.js"
import type { DOAPIError, WaitTimeoutError } from "./DoError.js"
import type { Droplet } from "./Droplet.js"
import * as E from "./generated/internal/endpoints.js"
import * as Http from "./internal/http.js"
import * as Ids from "./internal/ids.js"
import * as Op from "./internal/operation.js"
import * as Pagination from "./internal/pagination.js"
import { Class, openEnum, withDefault } from "./internal/schema.js"
import * as Segment from "./internal/segment.js"
import * as Wait from "./internal/wait.js"
import { Region } from "./Region.js"

/**
 * The status of a load balancer being provisioned.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_NEW = "new"

/**
 * The status of a load balancer that serves traffic.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_ACTIVE = "active"

/**
 * The status of a load balancer whose provisioning failed.
 *
 * @since 0.3.0
 * @category constants
 */
export const STATUS_ERRORED = "errored"

const forwardingRuleFields = {
  /** `http`, `https`, `http2`, `http3`, `tcp` or `udp`. */
  entry_protocol: openEnum("http", "https", "http2", "http3", "tcp", "udp"),
  entry_port: Schema.Int,
  /** `http`, `https`, `http2`, `tcp` or `udp`. */
  target_protocol: openEnum("http", "https", "http2", "tcp", "udp"),
  target_port: Schema.Int,
  /** The certificate for TLS termination (an `https` or `http2` entry). */
  certificate_id: Schema.optional(Schema.String),
  /** Whether TLS is passed through to the droplets instead of terminated. */
  tls_passthrough: Schema.optional(Schema.Boolean)
}

/**
 * A forwarding rule: traffic on `entry_protocol`/`entry_port` goes to the droplets on `target_protocol`/`target_port`.
 *
 * @since 0.3.0
 * @category models
 */
export class ForwardingRule extends Class<ForwardingRule>("@doapi/core/LoadBalancer/ForwardingRule")(
  forwardingRuleFields
) {}

/**
 * A forwarding rule as `create`, `update`, `addForwardingRules` and `removeForwardingRules` take it (a
 * `ForwardingRule` of a fetched load balancer fits too).
 *
 * @since 0.3.0
 * @category models
 */
export const ForwardingRuleInput = Schema.Struct(forwardingRuleFields)

/**
 * @since 0.3.0
 * @category models
 */
export type ForwardingRuleInput = typeof ForwardingRuleInput.Type

const healthCheckFields = {
  /** `http`, `https` or `tcp`. */
  protocol: openEnum("http", "https", "tcp"),
  port: Schema.Int,
  /** The path of `http` and `https` checks. */
  path: Schema.optional(Schema.String),
  check_interval_seconds: Schema.Int,
  response_timeout_seconds: Schema.Int,
  unhealthy_threshold: Schema.Int,
  healthy_threshold: Schema.Int
}

/**
 * How the load balancer checks its droplets' health (DigitalOcean fills in every field it is not given).
 *
 * @since 0.3.0
 * @category models
 */
export class HealthCheck extends Class<HealthCheck>("@doapi/core/LoadBalancer/HealthCheck")(healthCheckFields) {}

const stickySessionsFields = {
  /** `cookies` or `none`. */
  type: openEnum("cookies", "none"),
  cookie_name: Schema.optional(Schema.String),
  cookie_ttl_seconds: Schema.optional(Schema.Int)
}

/**
 * Whether a client's requests stick to one droplet (by cookie).
 *
 * @since 0.3.0
 * @category models
 */
export class StickySessions extends Class<StickySessions>("@doapi/core/LoadBalancer/StickySessions")(
  stickySessionsFields
) {}

const firewallFields = {
  /** `ip:1.2.3.4` or `cidr:2.3.0.0/16` entries. */
  deny: withDefault(Schema.Array(Schema.String), () => []),
  allow: withDefault(Schema.Array(Schema.String), () => [])
}

/**
 * The load balancer's own firewall: the sources it denies and allows.
 *
 * @since 0.3.0
 * @category models
 */
export class LbFirewall extends Class<LbFirewall>("@doapi/core/LoadBalancer/LbFirewall")(firewallFields) {}

/**
 * A load balancer. `status` is `new` until it is provisioned, then `active` (or `errored`).
 *
 * @since 0.3.0
 * @category models
 */
export class LoadBalancer extends Class<LoadBalancer>("@doapi/core/LoadBalancer")({
  id: Schema.String,
  name: Schema.String,
  /** The public IPv4 address (empty while `new`). */
  ip: Schema.String,
  ipv6: Schema.optional(Schema.String),
  /** The number of nodes (1 to 100). */
  size_unit: Schema.optional(Schema.Int),
  /** Deprecated by DigitalOcean: use `size_unit`. */
  size: Schema.optional(Schema.String),
  /** Deprecated by DigitalOcean (always `round_robin`). */
  algorithm: Schema.optional(Schema.String),
  /** `new`, `active` or `errored` (see the `STATUS_*` constants). */
  status: openEnum(STATUS_NEW, STATUS_ACTIVE, STATUS_ERRORED),
  created_at: Schema.DateTimeUtc,
  forwarding_rules: Schema.Array(ForwardingRule),
  health_check: HealthCheck,
  sticky_sessions: StickySessions,
  /** Absent on global load balancers. */
  region: Schema.optional(Region),
  /** The tag whose droplets are behind the load balancer ("" when it has droplets by id). */
  tag: Schema.optional(Schema.String),
  droplet_ids: withDefault(Schema.Array(Schema.Int), () => []),
  redirect_http_to_https: Schema.Boolean,
  enable_proxy_protocol: Schema.Boolean,
  enable_backend_keepalive: Schema.Boolean,
  http_idle_timeout_seconds: Schema.optional(Schema.Int),
  vpc_uuid: Schema.optional(Schema.String),
  project_id: Schema.optional(Schema.String),
  disable_lets_encrypt_dns_records: Schema.optional(Schema.Boolean),
  firewall: Schema.optional(LbFirewall),
  /** `EXTERNAL` or `INTERNAL`. */
  network: Schema.optional(openEnum("EXTERNAL", "INTERNAL")),
  /** `IPV4` or `DUALSTACK`. */
  network_stack: Schema.optional(openEnum("IPV4", "DUALSTACK")),
  /** `REGIONAL`, `REGIONAL_NETWORK` or `GLOBAL`. */
  type: Schema.optional(openEnum("REGIONAL", "REGIONAL_NETWORK", "GLOBAL")),
  domains: Schema.optional(Schema.Array(Schema.Struct({
    name: Schema.optional(Schema.String),
    is_managed: Schema.optional(Schema.Boolean),
    certificate_id: Schema.optional(Schema.String)
  }))),
  glb_settings: Schema.optional(Schema.Unknown),
  target_load_balancer_ids: Schema.optional(Schema.Array(Schema.String)),
  /** `DEFAULT` or `STRONG`. */
  tls_cipher_policy: Schema.optional(openEnum("DEFAULT", "STRONG"))
}) {
  /** `status` is `active`. */
  get active(): boolean {
    return this.status === STATUS_ACTIVE
  }
  /** `status` is `new`. */
  get new(): boolean {
    return this.status === STATUS_NEW
  }
  /** `status` is `errored`. */
  get errored(): boolean {
    return this.status === STATUS_ERRORED
  }
  /** The slug of the load balancer's region, if it has one. */
  get regionSlug(): string | undefined {
    return this.region?.slug
  }
  /** The load balancer's URN, as projects name it: `do:loadbalancer:<id>`. */
  get urn(): string {
    return `do:loadbalancer:${this.id}`
  }
}

/**
 * The options of `create` and `update` (the whole load balancer: `update` replaces it): its encoded form is the
 * API's body. Give either `droplet_ids` or `tag`.
 *
 * @since 0.3.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  name: Schema.String,
  /** A region's slug (required for regional load balancers). */
  region: Schema.optional(Schema.String),
  forwarding_rules: Schema.Array(ForwardingRuleInput).pipe(Schema.minItems(1)),
  droplet_ids: Schema.optional(Schema.Array(Schema.Int)),
  tag: Schema.optional(Schema.String),
  size_unit: Schema.optional(Schema.Int.pipe(Schema.between(1, 100))),
  /** Deprecated by DigitalOcean: use `size_unit`. */
  size: Schema.optional(Schema.String),
  health_check: Schema.optional(Schema.partial(Schema.Struct(healthCheckFields))),
  sticky_sessions: Schema.optional(Schema.Struct(stickySessionsFields)),
  redirect_http_to_https: Schema.optional(Schema.Boolean),
  enable_proxy_protocol: Schema.optional(Schema.Boolean),
  enable_backend_keepalive: Schema.optional(Schema.Boolean),
  http_idle_timeout_seconds: Schema.optional(Schema.Int.pipe(Schema.between(30, 600))),
  vpc_uuid: Schema.optional(Schema.String),
  project_id: Schema.optional(Schema.String),
  disable_lets_encrypt_dns_records: Schema.optional(Schema.Boolean),
  firewall: Schema.optional(Schema.partial(Schema.Struct({
    deny: Schema.Array(Schema.String),
    allow: Schema.Array(Schema.String)
  }))),
  network: Schema.optional(openEnum("EXTERNAL", "INTERNAL")),
  network_stack: Schema.optional(openEnum("IPV4", "DUALSTACK")),
  type: Schema.optional(openEnum("REGIONAL", "REGIONAL_NETWORK", "GLOBAL")),
  tls_cipher_policy: Schema.optional(openEnum("DEFAULT", "STRONG"))
})

/**
 * @since 0.3.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

/**
 * A load balancer whose provisioning ended `errored`, as the wait saw it.
 *
 * @since 0.3.0
 * @category errors
 */
export class LoadBalancerError extends Schema.TaggedError<LoadBalancerError>("@doapi/core/LoadBalancerError")(
  "LoadBalancerError",
  { load_balancer: LoadBalancer }
) {
  override get message(): string {
    return `load balancer ${this.load_balancer.id} (${this.load_balancer.name}) is ${this.load_balancer.status}`
  }
}

type R = HttpClient.HttpClient | DoConfig
const segment = (lb: LoadBalancer | string) => Segment.stringId("lb_id", lb)
const path = (lb: LoadBalancer | string) => ({ lb_id: segment(lb) })
const decodeLoadBalancer = Http.envelope("load_balancer", LoadBalancer)
const decodeLoadBalancers = Pagination.page("load_balancers", LoadBalancer)

/**
 * `GET /v2/load_balancers/{lb_id}`: a load balancer's current state.
 *
 * @since 0.3.0
 * @category operations
 */
export const fetch = (lb: LoadBalancer | string): Effect.Effect<LoadBalancer, DOAPIError, R> =>
  Http.execute(Op.request(E.LoadBalancersGet, { operation: "LoadBalancer.fetch", path: path(lb) }), decodeLoadBalancer)

/**
 * `GET /v2/load_balancers`: every load balancer of the account.
 *
 * @since 0.3.0
 * @category listings
 */
export const stream: Stream.Stream<LoadBalancer, DOAPIError, R> = Op.listing(E.LoadBalancersList, {
  operation: "LoadBalancer.stream",
  decode: decodeLoadBalancers
})

/**
 * `GET /v2/load_balancers`, collected.
 *
 * @since 0.3.0
 * @category listings
 */
export const fetchAll: Effect.Effect<ReadonlyArray<LoadBalancer>, DOAPIError, R> = Pagination.collect(stream)

/**
 * `POST /v2/load_balancers`: creates a load balancer (status `new`; wait for `active` with `waitUntilActive`).
 *
 * @since 0.3.0
 * @category operations
 */
export const create = (options: CreateOptions): Effect.Effect<LoadBalancer, DOAPIError, R> =>
  Http.execute(
    Op.request(E.LoadBalancersCreate, { operation: "LoadBalancer.create", body: options, bodySchema: CreateOptions }),
    decodeLoadBalancer
  )

/**
 * `PUT /v2/load_balancers/{lb_id}`: replaces the load balancer's settings (every field: what is left out takes its
 * default).
 *
 * @since 0.3.0
 * @category operations
 */
export const update = (lb: LoadBalancer | string, options: CreateOptions): Effect.Effect<LoadBalancer, DOAPIError, R> =>
  Http.execute(
    Op.request(E.LoadBalancersUpdate, {
      operation: "LoadBalancer.update",
      path: path(lb),
      body: options,
      bodySchema: CreateOptions
    }),
    decodeLoadBalancer
  )

/**
 * `DELETE /v2/load_balancers/{lb_id}`.
 *
 * @since 0.3.0
 * @category operations
 */
export const remove = (lb: LoadBalancer | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(Op.request(E.LoadBalancersDelete, { operation: "LoadBalancer.delete", path: path(lb) }), Http.noContent)

export {
  /**
   * `DELETE /v2/load_balancers/{lb_id}` (`delete` is a reserved word: `LoadBalancer.delete` works as a property).
   *
   * @since 0.3.0
   * @category operations
   */
  remove as delete
}

/**
 * `DELETE /v2/load_balancers/{lb_id}/cache`: empties the CDN cache of a global load balancer.
 *
 * @since 0.3.0
 * @category operations
 */
export const purgeCache = (lb: LoadBalancer | string): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(E.LoadBalancersDeleteCache, { operation: "LoadBalancer.purgeCache", path: path(lb) }),
    Http.noContent
  )

const dropletsCall = (
  endpoint: typeof E.LoadBalancersAddDroplets | typeof E.LoadBalancersRemoveDroplets,
  operation: string
) =>
(lb: LoadBalancer | string, droplets: Iterable<Droplet | number>): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(endpoint, {
      operation: `LoadBalancer.${operation}`,
      path: path(lb),
      ...Ids.dropletIdsBody(droplets)
    }),
    Http.noContent
  )

/**
 * `POST /v2/load_balancers/{lb_id}/droplets`: puts droplets behind the load balancer (one that has droplets by id,
 * not by tag).
 *
 * @since 0.3.0
 * @category droplets
 */
export const addDroplets: (
  lb: LoadBalancer | string,
  droplets: Iterable<Droplet | number>
) => Effect.Effect<void, DOAPIError, R> = dropletsCall(E.LoadBalancersAddDroplets, "addDroplets")

/**
 * `DELETE /v2/load_balancers/{lb_id}/droplets`: takes droplets from behind the load balancer.
 *
 * @since 0.3.0
 * @category droplets
 */
export const removeDroplets: (
  lb: LoadBalancer | string,
  droplets: Iterable<Droplet | number>
) => Effect.Effect<void, DOAPIError, R> = dropletsCall(E.LoadBalancersRemoveDroplets, "removeDroplets")

/**
 * The body of `addForwardingRules` and `removeForwardingRules`.
 *
 * @since 0.3.0
 * @category models
 */
export const ForwardingRulesBody = Schema.Struct({
  forwarding_rules: Schema.Array(ForwardingRuleInput).pipe(Schema.minItems(1))
})

const rulesCall = (
  endpoint: typeof E.LoadBalancersAddForwardingRules | typeof E.LoadBalancersRemoveForwardingRules,
  operation: string
) =>
(lb: LoadBalancer | string, rules: Iterable<ForwardingRuleInput>): Effect.Effect<void, DOAPIError, R> =>
  Http.execute(
    Op.request(endpoint, {
      operation: `LoadBalancer.${operation}`,
      path: path(lb),
      body: { forwarding_rules: Array.from(rules) },
      bodySchema: ForwardingRulesBody
    }),
    Http.noContent
  )

/**
 * `POST /v2/load_balancers/{lb_id}/forwarding_rules`: adds forwarding rules.
 *
 * @since 0.3.0
 * @category forwarding rules
 */
export const addForwardingRules: (
  lb: LoadBalancer | string,
  rules: Iterable<ForwardingRuleInput>
) => Effect.Effect<void, DOAPIError, R> = rulesCall(E.LoadBalancersAddForwardingRules, "addForwardingRules")

/**
 * `DELETE /v2/load_balancers/{lb_id}/forwarding_rules`: removes forwarding rules (given as they are).
 *
 * @since 0.3.0
 * @category forwarding rules
 */
export const removeForwardingRules: (
  lb: LoadBalancer | string,
  rules: Iterable<ForwardingRuleInput>
) => Effect.Effect<void, DOAPIError, R> = rulesCall(E.LoadBalancersRemoveForwardingRules, "removeForwardingRules")

// ---------------------------------------------------------------------------------------------------------------
// Waiting until active
// ---------------------------------------------------------------------------------------------------------------

const listingForWait = Op.listing(E.LoadBalancersList, {
  operation: "LoadBalancer.waitAllActive",
  decode: decodeLoadBalancers
})

const settled = (lb: LoadBalancer): boolean => lb.status === STATUS_ACTIVE || lb.status === STATUS_ERRORED

const raiseForError = (lb: LoadBalancer): Effect.Effect<LoadBalancer, LoadBalancerError> =>
  lb.status === STATUS_ERRORED ? Effect.fail(new LoadBalancerError({ load_balancer: lb })) : Effect.succeed(lb)

/**
 * Polls the load balancers together until each is `active`, emitting each as it becomes so, with the same interval,
 * deadline, `WaitTimeoutError` (carrying the last states) and interruption rules as every wait. A round reads the
 * listing (`GET /v2/load_balancers`, only as many pages as it needs) instead of fetching each when that takes fewer
 * requests, and fetches what it did not show. One that ends `errored` fails the stream with a `LoadBalancerError`.
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitAllActive = (
  lbs: Iterable<LoadBalancer | string>,
  options?: Action.WaitOptions | undefined
): Stream.Stream<LoadBalancer, DOAPIError | WaitTimeoutError | LoadBalancerError, R> =>
  Wait.untilListed(lbs, {
    listing: listingForWait,
    key: Wait.stringKey(LoadBalancer, (lb) => lb.id),
    refresh: fetch,
    isDone: settled,
    attr: "status",
    value: STATUS_ACTIVE
  }, options).pipe(Stream.mapEffect(raiseForError))

/**
 * Polls a load balancer until it is `active` and returns it (a `LoadBalancerError` if it ends `errored`).
 *
 * @since 0.3.0
 * @category waiting
 */
export const waitUntilActive = (
  lb: LoadBalancer | string,
  options?: Action.WaitOptions | undefined
): Effect.Effect<LoadBalancer, DOAPIError | WaitTimeoutError | LoadBalancerError, R> =>
  Wait.one(waitAllActive([lb], options))
