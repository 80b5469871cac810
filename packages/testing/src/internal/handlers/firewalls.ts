/**
 * Cloud firewalls: create, list, fetch, update (PUT), delete, droplets, tags and rules, and the firewalls of a
 * droplet. A change leaves the firewall `waiting` (with `pending_changes` for droplets being added or removed) until
 * `firewall_update` has taken its time (the fake's `actionDuration`), then `succeeded`. Its `droplet_ids` are the
 * droplets given by id that still exist (a deleted droplet leaves it); tags, and the Kubernetes clusters and load
 * balancers that rules name, must exist. Rules are compared as
 * DigitalOcean does: by protocol, ports and the sets of sources or destinations; adding a rule it has is a no-op.
 *
 * @internal
 */
import type { Context, Route } from "../router.js"
import { found, intParam, json, noContent, optional, page, require, route, str } from "../router.js"
import type { Json, State } from "../store.js"
import { timestamp, uuid } from "../store.js"
import { tagsOf } from "./shared.js"

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9.-]+$/
const PROTOCOLS = new Set(["tcp", "udp", "icmp"])
const PORTS = /^(\d{1,5})(?:-(\d{1,5}))?$/
const TARGET_FIELDS = ["addresses", "droplet_ids", "load_balancer_uids", "kubernetes_ids", "tags"] as const

/** One entry: the wire JSON, and when its pending changes are applied. */
interface Entry {
  readonly json: Json
  settlesAt: number
  /** Droplet changes in flight: droplet id → removing. */
  pending: Map<number, boolean>
}

const settle = (entry: Entry, now: number): void => {
  if (entry.json.status === "waiting" && now >= entry.settlesAt) {
    entry.json.status = "succeeded"
    entry.pending = new Map()
  }
}

/** Marks a change: the firewall is `waiting` until the change is applied. */
const changed = (context: Context, entry: Entry): void => {
  entry.json.status = "waiting"
  entry.settlesAt = context.now + context.behaviour.actionDuration("firewall_update")
}

const entryOf = (context: Context): Entry => {
  const entry = found(context.state.firewalls.get(context.params.firewall_id)) as Entry
  settle(entry, context.now)
  return entry
}

const show = (state: State, entry: Entry): Json => ({
  ...entry.json,
  droplet_ids: (entry.json.droplet_ids as Array<number>).filter((id) => state.droplets.has(id)),
  pending_changes: [...entry.pending].filter(([id]) => state.droplets.has(id)).map(([droplet_id, removing]) => ({
    droplet_id,
    removing,
    status: "waiting"
  }))
})

const stringList = (value: unknown, field: string): Array<string> => {
  require(Array.isArray(value) && value.every((v) => typeof v === "string"), `${field} must be an array of strings`)
  return value as Array<string>
}

const existingTags = (state: State, value: unknown, field = "tags"): Array<string> => {
  const tags = stringList(value, field)
  for (const tag of tags) require(state.tags.has(tag), `tag ${tag} does not exist`)
  return tags
}

const dropletIds = (state: State, value: unknown, field = "droplet_ids"): Array<number> => {
  require(Array.isArray(value) && value.every(Number.isInteger), `${field} must be an array of droplet ids`)
  for (const id of value as Array<number>) require(state.droplets.has(id), `droplet ${id} does not exist`)
  return [...new Set(value as Array<number>)]
}

/** Ids in a list of a kind the fake keeps (`kubernetes_ids`, `load_balancer_uids`), each checked to exist (else 422). */
const existingIds = (ids: Map<string, unknown>, what: string, value: unknown, field: string): Array<string> => {
  const list = stringList(value, field)
  for (const id of list) require(ids.has(id), `${what} ${id} does not exist`)
  return list
}

/** A rule's target, validated, with empty lists left out. */
const target = (state: State, value: unknown, field: string): Json => {
  require(value !== null && typeof value === "object" && !Array.isArray(value), `${field} must be an object`)
  const given = value as Json
  const out: Json = {}
  for (const key of TARGET_FIELDS) {
    if (given[key] === undefined || given[key] === null) continue
    const list = key === "droplet_ids"
      ? dropletIds(state, given[key], `${field}.droplet_ids`)
      : key === "tags"
      ? existingTags(state, given[key], `${field}.tags`)
      : key === "kubernetes_ids"
      ? existingIds(state.kubernetes, "kubernetes cluster", given[key], `${field}.kubernetes_ids`)
      : key === "load_balancer_uids"
      ? existingIds(state.loadBalancers, "load balancer", given[key], `${field}.load_balancer_uids`)
      : stringList(given[key], `${field}.${key}`)
    if (list.length > 0) out[key] = list
  }
  require(Object.keys(out).length > 0, `${field} must name at least one source or destination`)
  return out
}

const ports = (protocol: string, value: unknown): string => {
  if (protocol === "icmp") return "0"
  require(typeof value === "string", "ports is required for tcp and udp rules")
  const text = (value as string).trim().toLowerCase()
  if (text === "all" || text === "0" || text === "1-65535") return "0"
  const match = PORTS.exec(text)
  const low = Number(match?.[1])
  const high = match?.[2] === undefined ? low : Number(match[2])
  require(match !== null && low >= 1 && high <= 65535 && low <= high, `ports ${String(value)} is not a port or range`)
  return text
}

const rule = (state: State, value: unknown, targetField: "sources" | "destinations"): Json => {
  require(value !== null && typeof value === "object" && !Array.isArray(value), "a rule must be an object")
  const given = value as Json
  require(PROTOCOLS.has(given.protocol), `protocol ${String(given.protocol)} must be tcp, udp or icmp`)
  return {
    protocol: given.protocol,
    ports: ports(given.protocol, given.ports),
    [targetField]: target(state, given[targetField], targetField)
  }
}

/** A rule's identity: protocol, ports and each target list, sorted. */
const ruleKey = (r: Json): string => {
  const t = r.sources ?? r.destinations ?? {}
  return JSON.stringify([
    r.protocol,
    r.ports,
    TARGET_FIELDS.map((key) => (t[key] ?? []).map(String).sort())
  ])
}

const rulesOf = (state: State, body: Json): { inbound: Array<Json>; outbound: Array<Json> } => {
  const inbound = optional<Array<unknown>>(body, "inbound_rules", "array") ?? []
  const outbound = optional<Array<unknown>>(body, "outbound_rules", "array") ?? []
  return {
    inbound: inbound.map((r) => rule(state, r, "sources")),
    outbound: outbound.map((r) => rule(state, r, "destinations"))
  }
}

const unique = (rules: Array<Json>): Array<Json> => {
  const seen = new Set<string>()
  return rules.filter((r) => !seen.has(ruleKey(r)) && (seen.add(ruleKey(r)), true))
}

/** The fields of a create or PUT body, validated (422). */
const settings = (context: Context, self?: string): Json => {
  const { body, state } = context
  const name = str(body, "name")
  require(NAME.test(name), `${name} is not a valid firewall name`)
  require(
    ![...state.firewalls.values()].some((e) => e.json.name === name && e.json.id !== self),
    `a firewall named ${name} already exists`
  )
  const { inbound, outbound } = rulesOf(state, body)
  require(inbound.length + outbound.length > 0, "a firewall needs at least one inbound or outbound rule")
  return {
    name,
    inbound_rules: unique(inbound),
    outbound_rules: unique(outbound),
    droplet_ids: body.droplet_ids === undefined || body.droplet_ids === null ? [] : dropletIds(state, body.droplet_ids),
    tags: body.tags === undefined || body.tags === null ? [] : existingTags(state, body.tags)
  }
}

const create = (context: Context): Json => {
  const { now, state } = context
  const fields = settings(context)
  const firewall: Json = { id: uuid(state.random), status: "waiting", created_at: timestamp(now), ...fields }
  const entry: Entry = {
    json: firewall,
    settlesAt: 0,
    pending: new Map(fields.droplet_ids.map((id: number) => [id, false]))
  }
  changed(context, entry)
  state.firewalls.set(firewall.id, entry)
  return show(state, entry)
}

/** The droplets a firewall applies to: by id, and those carrying one of its tags. */
const appliesTo = (state: State, firewall: Json, droplet: number): boolean =>
  firewall.droplet_ids.includes(droplet) ||
  tagsOf(state, `droplet:${droplet}`).some((tag) => firewall.tags.includes(tag))

export const routes: ReadonlyArray<Route> = [
  route("GET", "/v2/firewalls", (context) => {
    const entries = [...context.state.firewalls.values()] as Array<Entry>
    for (const entry of entries) settle(entry, context.now)
    return page(context, "firewalls", entries, (entry) => show(context.state, entry))
  }),
  route("POST", "/v2/firewalls", (context) => json(202, { firewall: create(context) })),
  route(
    "GET",
    "/v2/firewalls/:firewall_id",
    (context) => json(200, { firewall: show(context.state, entryOf(context)) })
  ),
  route("PUT", "/v2/firewalls/:firewall_id", (context) => {
    const entry = entryOf(context)
    const fields = settings(context, entry.json.id)
    for (const id of fields.droplet_ids) if (!entry.json.droplet_ids.includes(id)) entry.pending.set(id, false)
    for (const id of entry.json.droplet_ids) if (!fields.droplet_ids.includes(id)) entry.pending.set(id, true)
    Object.assign(entry.json, fields)
    changed(context, entry)
    return json(200, { firewall: show(context.state, entry) })
  }),
  route("DELETE", "/v2/firewalls/:firewall_id", (context) => {
    const entry = entryOf(context)
    context.state.firewalls.delete(entry.json.id)
    return noContent
  }),
  route("POST", "/v2/firewalls/:firewall_id/droplets", (context) => {
    const entry = entryOf(context)
    const ids = dropletIds(context.state, context.body.droplet_ids)
    require(ids.length > 0, "droplet_ids must hold at least one droplet")
    for (const id of ids) if (!entry.json.droplet_ids.includes(id)) entry.pending.set(id, false)
    entry.json.droplet_ids = [...new Set([...entry.json.droplet_ids, ...ids])]
    changed(context, entry)
    return noContent
  }),
  route("DELETE", "/v2/firewalls/:firewall_id/droplets", (context) => {
    const entry = entryOf(context)
    const ids = context.body.droplet_ids
    require(Array.isArray(ids) && ids.length > 0 && ids.every(Number.isInteger), "droplet_ids must hold droplet ids")
    for (const id of ids as Array<number>) if (entry.json.droplet_ids.includes(id)) entry.pending.set(id, true)
    entry.json.droplet_ids = entry.json.droplet_ids.filter((id: number) => !ids.includes(id))
    changed(context, entry)
    return noContent
  }),
  route("POST", "/v2/firewalls/:firewall_id/tags", (context) => {
    const entry = entryOf(context)
    const tags = existingTags(context.state, context.body.tags)
    require(tags.length > 0, "tags must hold at least one tag")
    entry.json.tags = [...new Set([...entry.json.tags, ...tags])]
    changed(context, entry)
    return noContent
  }),
  route("DELETE", "/v2/firewalls/:firewall_id/tags", (context) => {
    const entry = entryOf(context)
    const tags = stringList(context.body.tags, "tags")
    entry.json.tags = entry.json.tags.filter((tag: string) => !tags.includes(tag))
    changed(context, entry)
    return noContent
  }),
  route("POST", "/v2/firewalls/:firewall_id/rules", (context) => {
    const entry = entryOf(context)
    const { inbound, outbound } = rulesOf(context.state, context.body)
    require(inbound.length + outbound.length > 0, "give at least one inbound or outbound rule")
    entry.json.inbound_rules = unique([...entry.json.inbound_rules, ...inbound])
    entry.json.outbound_rules = unique([...entry.json.outbound_rules, ...outbound])
    changed(context, entry)
    return noContent
  }),
  route("DELETE", "/v2/firewalls/:firewall_id/rules", (context) => {
    const entry = entryOf(context)
    const { inbound, outbound } = rulesOf(context.state, context.body)
    require(inbound.length + outbound.length > 0, "give at least one inbound or outbound rule")
    const gone = new Set([...inbound, ...outbound].map(ruleKey))
    entry.json.inbound_rules = entry.json.inbound_rules.filter((r: Json) => !gone.has(ruleKey(r)))
    entry.json.outbound_rules = entry.json.outbound_rules.filter((r: Json) => !gone.has(ruleKey(r)))
    changed(context, entry)
    return noContent
  }),
  route("GET", "/v2/droplets/:droplet_id/firewalls", (context) => {
    const droplet = found(context.state.droplets.get(intParam(context, "droplet_id")))
    const entries = ([...context.state.firewalls.values()] as Array<Entry>).filter((e) =>
      appliesTo(context.state, e.json, droplet.id)
    )
    for (const entry of entries) settle(entry, context.now)
    return page(context, "firewalls", entries, (entry) => show(context.state, entry))
  })
]
