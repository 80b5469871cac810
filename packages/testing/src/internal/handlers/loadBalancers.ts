/**
 * Load balancers: create, list, fetch, update (PUT), delete, droplets and forwarding rules. A new load balancer is
 * `new` (no IP yet) and becomes `active` with its IP once `load_balancer_create` has taken its time (the fake's
 * `actionDuration`, one minute by default), or `errored` when fault injection says so (`actionErrors` with type
 * `load_balancer_create`, target `load_balancer:<id>`). Its `droplet_ids` are the droplets given by id that still
 * exist (a deleted droplet leaves it), or the droplets carrying its `tag`; deleting it frees them. It joins its
 * region's default VPC unless given one, and its project (or the default project).
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import { found, json, noContent, optional, page, require, route, str } from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"
import * as Projects from "./projects.js"
import { address, regionOf, tagsOf } from "./shared.js"
import * as Vpcs from "./vpcs.js"

/** The default durations of load balancer transitions, by `actionDuration` type. */
export const durations: Readonly<Record<string, number>> = { load_balancer_create: 60_000 }

const ENTRY_PROTOCOLS = new Set(["http", "https", "http2", "http3", "tcp", "udp"])
const TARGET_PROTOCOLS = new Set(["http", "https", "http2", "tcp", "udp"])
const HEALTH_PROTOCOLS = new Set(["http", "https", "tcp"])

/** One entry of the map: the wire JSON, when it is ready, how it ends, and the IP it gets then. */
interface Entry {
  readonly json: Json
  readonly readyAt: number
  readonly outcome: "active" | "errored"
  readonly ip: string
}

const key = (id: string) => `load_balancer:${id}`

/** Applies the end of provisioning when its time has come. */
const settle = (entry: Entry, now: number): void => {
  if (entry.json.status === "new" && now >= entry.readyAt) {
    entry.json.status = entry.outcome
    if (entry.outcome === "active") entry.json.ip = entry.ip
  }
}

const entryOf = (context: Context): Entry => {
  const entry = found(context.state.loadBalancers.get(context.params.lb_id)) as Entry
  settle(entry, context.now)
  return entry
}

/** The load balancer as the API shows it: its droplets are those by id that exist, or those with its tag. */
const show = (state: State, entry: Entry): Json => {
  const lb = entry.json
  const droplet_ids: Array<number> = lb.tag
    ? [...state.droplets.keys()].filter((id) => tagsOf(state, `droplet:${id}`).includes(lb.tag))
    : (lb.droplet_ids as Array<number>).filter((id) => state.droplets.has(id))
  return { ...lb, droplet_ids }
}

const port = (value: unknown, field: string): number => {
  require(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535, `${field} must be a port`)
  return value as number
}

const forwardingRule = (rule: unknown): Json => {
  require(rule !== null && typeof rule === "object" && !Array.isArray(rule), "a forwarding rule must be an object")
  const r = rule as Json
  require(ENTRY_PROTOCOLS.has(r.entry_protocol), `entry_protocol ${String(r.entry_protocol)} is not valid`)
  require(TARGET_PROTOCOLS.has(r.target_protocol), `target_protocol ${String(r.target_protocol)} is not valid`)
  const tls = optional<boolean>(r, "tls_passthrough", "boolean") ?? false
  const certificate = optional<string>(r, "certificate_id", "string") ?? ""
  return {
    entry_protocol: r.entry_protocol,
    entry_port: port(r.entry_port, "entry_port"),
    target_protocol: r.target_protocol,
    target_port: port(r.target_port, "target_port"),
    certificate_id: certificate,
    tls_passthrough: tls
  }
}

const forwardingRules = (body: Json, required: boolean): Array<Json> => {
  const rules = optional<Array<unknown>>(body, "forwarding_rules", "array")
  require(!required || (rules !== undefined && rules.length >= 1), "forwarding_rules must hold at least one rule")
  return (rules ?? []).map(forwardingRule)
}

const ruleKey = (rule: Json) => `${rule.entry_protocol}:${rule.entry_port}:${rule.target_protocol}:${rule.target_port}`

const dropletIdsOf = (state: State, body: Json, region?: string): Array<number> => {
  const ids = optional<Array<unknown>>(body, "droplet_ids", "array") ?? []
  for (const id of ids) {
    require(Number.isInteger(id), "droplet_ids must be integers")
    const droplet = state.droplets.get(id as number)
    require(droplet !== undefined, `droplet ${String(id)} does not exist`)
    require(
      region === undefined || droplet!.region.slug === region,
      `droplet ${String(id)} is in ${droplet?.region.slug}, not ${region}`
    )
  }
  return [...new Set(ids as Array<number>)]
}

/** An optional object field (422 when it is not an object). */
const object = (body: Json, field: string, fallback: Json = {}): Json => {
  const value = body[field]
  if (value === undefined || value === null) return fallback
  require(typeof value === "object" && !Array.isArray(value), `${field} must be an object`)
  return value
}

const healthCheck = (body: Json): Json => {
  const given = object(body, "health_check")
  const protocol = given.protocol ?? "http"
  require(HEALTH_PROTOCOLS.has(protocol), `health_check protocol ${String(protocol)} is not valid`)
  return {
    protocol,
    port: given.port === undefined ? 80 : port(given.port, "health_check port"),
    path: given.path ?? "/",
    check_interval_seconds: given.check_interval_seconds ?? 10,
    response_timeout_seconds: given.response_timeout_seconds ?? 5,
    healthy_threshold: given.healthy_threshold ?? 3,
    unhealthy_threshold: given.unhealthy_threshold ?? 5
  }
}

/** The settings of a create or PUT body, validated (422), in their wire form. */
const settings = (context: Context, region: string, lbId?: string): Json => {
  const { body, now, state } = context
  const name = str(body, "name")
  require(/^[a-zA-Z0-9][a-zA-Z0-9.-]{0,254}$/.test(name), `${name} is not a valid load balancer name`)
  require(
    ![...state.loadBalancers.values()].some((e) => e.json.name === name && e.json.id !== lbId),
    `a load balancer named ${name} already exists`
  )
  const tag = optional<string>(body, "tag", "string") ?? ""
  require(!(tag !== "" && body.droplet_ids !== undefined), "give either droplet_ids or tag, not both")
  const sizeUnit = optional<number>(body, "size_unit", "number") ?? 1
  require(Number.isInteger(sizeUnit) && sizeUnit >= 1 && sizeUnit <= 100, "size_unit must be from 1 to 100")
  const idle = optional<number>(body, "http_idle_timeout_seconds", "number") ?? 60
  require(Number.isInteger(idle) && idle >= 30 && idle <= 600, "http_idle_timeout_seconds must be from 30 to 600")
  const sticky = object(body, "sticky_sessions", { type: "none" })
  require(sticky.type === "none" || sticky.type === "cookies", "sticky_sessions type must be cookies or none")
  const firewall = object(body, "firewall")
  return {
    name,
    size_unit: sizeUnit,
    size: "lb-small",
    algorithm: "round_robin",
    forwarding_rules: forwardingRules(body, true),
    health_check: healthCheck(body),
    sticky_sessions: sticky,
    tag,
    droplet_ids: tag !== "" ? [] : dropletIdsOf(state, body, region),
    redirect_http_to_https: optional<boolean>(body, "redirect_http_to_https", "boolean") ?? false,
    enable_proxy_protocol: optional<boolean>(body, "enable_proxy_protocol", "boolean") ?? false,
    enable_backend_keepalive: optional<boolean>(body, "enable_backend_keepalive", "boolean") ?? false,
    http_idle_timeout_seconds: idle,
    disable_lets_encrypt_dns_records: optional<boolean>(body, "disable_lets_encrypt_dns_records", "boolean") ?? false,
    firewall: { deny: firewall.deny ?? [], allow: firewall.allow ?? [] },
    network: optional<string>(body, "network", "string") ?? "EXTERNAL",
    network_stack: optional<string>(body, "network_stack", "string") ?? "IPV4",
    type: optional<string>(body, "type", "string") ?? "REGIONAL",
    tls_cipher_policy: optional<string>(body, "tls_cipher_policy", "string") ?? "DEFAULT",
    vpc_uuid: Vpcs.vpcFor(state, region, body.vpc_uuid, now)
  }
}

const create = (context: Context): Json => {
  const { body, now, state } = context
  const region = regionOf(state, str(body, "region"))
  const projectId = optional<string>(body, "project_id", "string")
  if (projectId !== undefined) Projects.requireProject(state, projectId, now)
  const lbSettings = settings(context, region.slug)
  const id = uuid(state.random)
  const lb: Json = {
    id,
    ...lbSettings,
    ip: "",
    status: "new",
    created_at: timestamp(now),
    region,
    project_id: Projects.assign(state, `do:loadbalancer:${id}`, projectId, now)
  }
  const entry: Entry = {
    json: lb,
    readyAt: now + context.behaviour.actionDuration("load_balancer_create"),
    outcome: context.behaviour.actionErrors("load_balancer_create", key(id)) ? "errored" : "active",
    ip: address(state, "104.131")
  }
  state.loadBalancers.set(id, entry)
  return show(state, entry)
}

const all = (context: Context): Array<Entry> => {
  const entries = [...context.state.loadBalancers.values()] as Array<Entry>
  for (const entry of entries) settle(entry, context.now)
  return entries
}

export const routes: ReadonlyArray<Route> = [
  route(
    "GET",
    "/v2/load_balancers",
    (context) => page(context, "load_balancers", all(context), (entry) => show(context.state, entry))
  ),
  route("POST", "/v2/load_balancers", (context) => json(202, { load_balancer: create(context) })),
  route(
    "GET",
    "/v2/load_balancers/:lb_id",
    (context) => json(200, { load_balancer: show(context.state, entryOf(context)) })
  ),
  route("PUT", "/v2/load_balancers/:lb_id", (context) => {
    const entry = entryOf(context)
    const lb = entry.json
    const region = context.body.region === undefined ? lb.region : regionOf(context.state, context.body.region)
    require(region.slug === lb.region.slug, "a load balancer cannot move to another region")
    Object.assign(lb, settings(context, region.slug, lb.id))
    return json(200, { load_balancer: show(context.state, entry) })
  }),
  route("DELETE", "/v2/load_balancers/:lb_id", (context) => {
    const entry = entryOf(context)
    // Its droplets are freed with it (they are only referenced from here), and it leaves its project.
    context.state.loadBalancers.delete(entry.json.id)
    Projects.unassign(context.state, `do:loadbalancer:${entry.json.id}`)
    return noContent
  }),
  route("DELETE", "/v2/load_balancers/:lb_id/cache", (context) => {
    entryOf(context)
    return noContent
  }),
  route("POST", "/v2/load_balancers/:lb_id/droplets", (context) => {
    const lb = entryOf(context).json
    require(!lb.tag, "this load balancer has its droplets by tag: tag the droplets instead")
    const ids = dropletIdsOf(context.state, context.body, lb.region.slug)
    require(ids.length > 0, "droplet_ids must hold at least one droplet")
    lb.droplet_ids = [...new Set([...lb.droplet_ids, ...ids])]
    return noContent
  }),
  route("DELETE", "/v2/load_balancers/:lb_id/droplets", (context) => {
    const lb = entryOf(context).json
    require(!lb.tag, "this load balancer has its droplets by tag: untag the droplets instead")
    const ids = optional<Array<unknown>>(context.body, "droplet_ids", "array") ?? []
    require(ids.length > 0 && ids.every(Number.isInteger), "droplet_ids must hold droplet ids")
    lb.droplet_ids = lb.droplet_ids.filter((id: number) => !ids.includes(id))
    return noContent
  }),
  route("POST", "/v2/load_balancers/:lb_id/forwarding_rules", (context) => {
    const lb = entryOf(context).json
    const rules = forwardingRules(context.body, true)
    const entryPorts = new Set(lb.forwarding_rules.map((r: Json) => `${r.entry_protocol}:${r.entry_port}`))
    for (const rule of rules) {
      require(
        !entryPorts.has(`${rule.entry_protocol}:${rule.entry_port}`),
        `a forwarding rule for ${rule.entry_protocol} port ${rule.entry_port} already exists`
      )
      entryPorts.add(`${rule.entry_protocol}:${rule.entry_port}`)
    }
    lb.forwarding_rules = [...lb.forwarding_rules, ...rules]
    return noContent
  }),
  route("DELETE", "/v2/load_balancers/:lb_id/forwarding_rules", (context) => {
    const lb = entryOf(context).json
    const gone = new Set(forwardingRules(context.body, true).map(ruleKey))
    const kept = lb.forwarding_rules.filter((r: Json) => !gone.has(ruleKey(r)))
    require(kept.length >= 1, "a load balancer keeps at least one forwarding rule")
    lb.forwarding_rules = kept
    return noContent
  })
]
