/**
 * Domains and their records. Creating a domain makes its SOA record and the NS records of DigitalOcean's name
 * servers (and, given `ip_address`, an A record for the apex); its `zone_file` is rendered from the records after
 * every change (`null` in the create response, as DigitalOcean answers before the zone is written). Records are
 * validated per type (the fields that do not apply are `null`), a CNAME cannot share its name with another record,
 * the SOA record can neither be created nor deleted (only its `ttl` changes), and deleting a domain removes its records.
 *
 * @internal
 */
import { isIPv4, isIPv6 } from "node:net"
import type { Context, Route } from "../router.js"
import { found, intParam, json, noContent, page, require, route, str } from "../router.js"
import type { DomainEntry, Json, State } from "../store.js"
import { wallTime } from "../store.js"

const TTL = 1800
const NAME_SERVERS = ["ns1.digitalocean.com", "ns2.digitalocean.com", "ns3.digitalocean.com"]
const TYPES = ["A", "AAAA", "CAA", "CNAME", "MX", "NS", "SOA", "SRV", "TXT"] as const
type RecordType = typeof TYPES[number]
const CAA_TAGS = ["issue", "issuewild", "iodef"]

/** A domain name: two labels or more, the last one starting with a letter. */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/
/** A record's name relative to the domain (`www`, `_sip._tcp`, `*.dev`), or `@` for the apex. */
const RELATIVE = /^(?:@|(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*)$/i
/** A host name a record points at, fully qualified (a trailing dot is optional), or `@` for the apex. */
const HOST =
  /^(?:@|(?=.{1,254}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?)$/i

const canonical = (name: string): string => name.toLowerCase().replace(/\.$/, "")

const domainParam = (context: Context): DomainEntry =>
  found(context.state.domains.get(canonical(context.params.domain_name)))

/** The record's fully qualified name: the domain for `@`. */
const fqdn = (domain: string, name: string): string => name === "@" ? domain : `${name}.${domain}`

/** The zone file of a domain, from its records, with a serial of the time of the change. */
const zoneFile = (entry: DomainEntry, now: number): string => {
  const domain: string = entry.domain.name
  const host = (data: string) => data === "@" ? `${domain}.` : data.endsWith(".") ? data : `${data}.`
  const quoted = (text: string) => `"${text.replace(/["\\]/g, "\\$&")}"`
  const records = [...entry.records.values()]
  const soa = records.find((r) => r.type === "SOA")
  const lines = [
    `$ORIGIN ${domain}.`,
    `$TTL ${entry.domain.ttl}`,
    `${domain}. IN SOA ns1.digitalocean.com. hostmaster.${domain}. ${
      Math.floor(wallTime(now) / 1000)
    } 10800 3600 604800 ${soa?.ttl ?? TTL}`
  ]
  for (const r of records) {
    if (r.type === "SOA") continue
    const rdata = r.type === "A" || r.type === "AAAA"
      ? r.data
      : r.type === "CNAME" || r.type === "NS"
      ? host(r.data)
      : r.type === "MX"
      ? `${r.priority} ${host(r.data)}`
      : r.type === "SRV"
      ? `${r.priority} ${r.weight} ${r.port} ${host(r.data)}`
      : r.type === "CAA"
      ? `${r.flags} ${r.tag} ${quoted(r.data)}`
      : (r.data.match(/[\s\S]{1,255}/g) ?? [""]).map(quoted).join(" ")
    lines.push(`${fqdn(domain, r.name)}. ${r.ttl} IN ${r.type} ${rdata}`)
  }
  return `${lines.join("\n")}\n`
}

/** Records a change: the zone file is written again. */
const touch = (entry: DomainEntry, now: number): void => {
  entry.domain.zone_file = zoneFile(entry, now)
}

const nulls = { priority: null, port: null, weight: null, flags: null, tag: null }

const addRecord = (state: State, entry: DomainEntry, record: Json): Json => {
  const id = state.counters.record++
  const json = { id, ...record }
  entry.records.set(id, json)
  return json
}

/** An integer field in a range, or a 422. */
const bounded = (fields: Json, key: string, min: number, max: number): number => {
  const value = fields[key]
  require(
    Number.isInteger(value) && value >= min && value <= max,
    `${key} is required and must be an integer from ${min} to ${max}`
  )
  return value
}

/** A record's name, relative to the domain: a fully qualified name in the zone is made relative. */
const relativeName = (domain: string, name: string): string => {
  const lower = canonical(name)
  const relative = lower === domain
    ? "@"
    : lower.endsWith(`.${domain}`)
    ? name.replace(/\.$/, "").slice(0, -(domain.length + 1))
    : name
  require(RELATIVE.test(relative) && !relative.endsWith("."), `name ${name} is not a valid record name`)
  return relative
}

const hostData = (fields: Json): string => {
  const data = str(fields, "data")
  require(HOST.test(data), `data ${data} is not a valid host name`)
  return data
}

/**
 * A record of a type from its fields (a create body, or the record merged with an update): the fields the type
 * needs, validated, and `null` for the rest.
 */
const recordOf = (domain: string, type: RecordType, fields: Json): Json => {
  const ttl = fields.ttl === undefined || fields.ttl === null ? TTL : bounded(fields, "ttl", 30, 2_147_483_647)
  const name = (fallback?: string) =>
    relativeName(
      domain,
      fallback !== undefined && (fields.name === undefined || fields.name === null) ? fallback : str(fields, "name")
    )
  switch (type) {
    case "A":
    case "AAAA": {
      const data = str(fields, "data")
      require(
        type === "A" ? isIPv4(data) : isIPv6(data),
        `data ${data} is not a valid IPv${type === "A" ? 4 : 6} address`
      )
      return { type, name: name(), data, ...nulls, ttl }
    }
    case "CNAME":
    case "NS":
      return { type, name: name(), data: hostData(fields), ...nulls, ttl }
    case "MX":
      return {
        type,
        name: name("@"),
        data: hostData(fields),
        ...nulls,
        priority: bounded(fields, "priority", 0, 65535),
        ttl
      }
    case "TXT":
      return { type, name: name(), data: str(fields, "data"), ...nulls, ttl }
    case "SRV":
      return {
        type,
        name: name(),
        data: hostData(fields),
        ...nulls,
        priority: bounded(fields, "priority", 0, 65535),
        port: bounded(fields, "port", 0, 65535),
        weight: bounded(fields, "weight", 0, 65535),
        ttl
      }
    case "CAA": {
      const tag = fields.tag
      require(CAA_TAGS.includes(tag), `tag must be one of ${CAA_TAGS.join(", ")}`)
      return {
        type,
        name: name(),
        data: str(fields, "data"),
        ...nulls,
        flags: bounded(fields, "flags", 0, 255),
        tag,
        ttl
      }
    }
    case "SOA":
      return { type, name: "@", data: String(TTL), ...nulls, ttl }
  }
}

const typeOf = (value: unknown): RecordType => {
  require(TYPES.includes(value as RecordType), `type must be one of ${TYPES.join(", ")}`)
  return value as RecordType
}

/** 422 when the record would break DNS's rule that a CNAME is the only record at its name. */
const checkCname = (entry: DomainEntry, record: Json, id?: number): void => {
  for (const other of entry.records.values()) {
    if (other.id === id || other.name.toLowerCase() !== record.name.toLowerCase()) continue
    require(
      record.type !== "CNAME" && other.type !== "CNAME",
      `a CNAME record cannot share the name ${record.name} with another record`
    )
  }
}

const createDomain = (context: Context): Json => {
  const { body, now, state } = context
  const name = canonical(str(body, "name"))
  require(DOMAIN.test(name), `name ${body.name} is not a valid domain name`)
  require(!state.domains.has(name), `The domain ${name} already exists`)
  const ip = body.ip_address
  require(
    ip === undefined || ip === null || (typeof ip === "string" && isIPv4(ip)),
    "ip_address must be an IPv4 address"
  )
  const entry: DomainEntry = { domain: { name, ttl: TTL, zone_file: null }, records: new Map() }
  addRecord(state, entry, recordOf(name, "SOA", {}))
  for (const server of NAME_SERVERS) addRecord(state, entry, recordOf(name, "NS", { name: "@", data: server }))
  if (typeof ip === "string") addRecord(state, entry, recordOf(name, "A", { name: "@", data: ip }))
  state.domains.set(name, entry)
  touch(entry, now)
  // `ip_address` is write-only, and the zone file is not written yet when DigitalOcean answers.
  return { ...entry.domain, zone_file: null }
}

const listRecords = (context: Context): Array<Json> => {
  const entry = domainParam(context)
  const { query } = context.request
  const name = query.get("name")
  const type = query.get("type")
  if (type !== null) typeOf(type)
  return [...entry.records.values()].filter((r) =>
    (name === null || fqdn(entry.domain.name, r.name).toLowerCase() === canonical(name)) &&
    (type === null || r.type === type)
  )
}

const createRecord = (context: Context): Json => {
  const { body, now, state } = context
  const entry = domainParam(context)
  const type = typeOf(body.type)
  require(type !== "SOA", "SOA records are created with the domain and cannot be added")
  const record = recordOf(entry.domain.name, type, body)
  checkCname(entry, record)
  const created = addRecord(state, entry, record)
  touch(entry, now)
  return created
}

const recordParam = (context: Context): { readonly entry: DomainEntry; readonly record: Json } => {
  const entry = domainParam(context)
  return { entry, record: found(entry.records.get(intParam(context, "domain_record_id"))) }
}

/** PUT and PATCH: the fields given replace the record's (`type` is required and cannot change). */
const updateRecord = (context: Context): Json => {
  const { body, now } = context
  const { entry, record } = recordParam(context)
  require(body.type !== undefined, "type is required")
  require(typeOf(body.type) === record.type, `type cannot change from ${record.type}`)
  const given = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined))
  const updated = record.type === "SOA"
    ? { ...record, ttl: given.ttl === undefined ? record.ttl : bounded(given, "ttl", 30, 2_147_483_647) }
    : { id: record.id, ...recordOf(entry.domain.name, record.type, { ...record, ...given }) }
  checkCname(entry, updated, record.id)
  Object.assign(record, updated)
  touch(entry, now)
  return record
}

export const routes: ReadonlyArray<Route> = [
  route(
    "GET",
    "/v2/domains",
    (context) => page(context, "domains", [...context.state.domains.values()].map((entry) => entry.domain))
  ),
  route("POST", "/v2/domains", (context) => json(201, { domain: createDomain(context) })),
  route("GET", "/v2/domains/:domain_name", (context) => json(200, { domain: domainParam(context).domain })),
  route("DELETE", "/v2/domains/:domain_name", (context) => {
    context.state.domains.delete(domainParam(context).domain.name)
    return noContent
  }),
  route("GET", "/v2/domains/:domain_name/records", (context) => page(context, "domain_records", listRecords(context))),
  route("POST", "/v2/domains/:domain_name/records", (context) => json(201, { domain_record: createRecord(context) })),
  route(
    "GET",
    "/v2/domains/:domain_name/records/:domain_record_id",
    (context) => json(200, { domain_record: recordParam(context).record })
  ),
  route(
    "PUT",
    "/v2/domains/:domain_name/records/:domain_record_id",
    (context) => json(200, { domain_record: updateRecord(context) })
  ),
  route(
    "PATCH",
    "/v2/domains/:domain_name/records/:domain_record_id",
    (context) => json(200, { domain_record: updateRecord(context) })
  ),
  route("DELETE", "/v2/domains/:domain_name/records/:domain_record_id", (context) => {
    const { entry, record } = recordParam(context)
    require(record.type !== "SOA", "the SOA record cannot be deleted")
    entry.records.delete(record.id)
    touch(entry, context.now)
    return noContent
  })
]
