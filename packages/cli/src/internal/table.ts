/**
 * `--format table`: results as aligned columns, one table per kind of object, for people rather than programs.
 *
 * @internal
 */
import {
  Account,
  Action,
  Domain,
  DomainRecord,
  Droplet,
  FloatingIP,
  Image,
  Region,
  ReservedIP,
  Size,
  Snapshot,
  SSHKey,
  Tag,
  Volume
} from "@doapi/core"
import * as Json from "./json.js"

type Column = readonly [header: string, cell: (value: any) => unknown]

const kinds: ReadonlyArray<readonly [guard: (value: unknown) => boolean, columns: ReadonlyArray<Column>]> = [
  [(v) => v instanceof Droplet.Droplet, [
    ["ID", (d: Droplet.Droplet) => d.id],
    ["NAME", (d: Droplet.Droplet) => d.name],
    ["STATUS", (d: Droplet.Droplet) => d.status],
    ["REGION", (d: Droplet.Droplet) => d.region.slug],
    ["SIZE", (d: Droplet.Droplet) => d.size_slug],
    ["IMAGE", (d: Droplet.Droplet) => d.image.slug ?? d.image.name],
    ["IPV4", (d: Droplet.Droplet) => d.ipv4Address],
    ["LOCKED", (d: Droplet.Droplet) => d.locked],
    ["TAGS", (d: Droplet.Droplet) => d.tags]
  ]],
  [(v) => v instanceof Action.Action, [
    ["ID", (a: Action.Action) => a.id],
    ["TYPE", (a: Action.Action) => a.type],
    ["STATUS", (a: Action.Action) => a.status],
    ["RESOURCE", (a: Action.Action) => `${a.resource_type} ${a.resource_id ?? "-"}`],
    ["REGION", (a: Action.Action) => a.region_slug],
    ["STARTED", (a: Action.Action) => a.started_at],
    ["COMPLETED", (a: Action.Action) => a.completed_at]
  ]],
  [(v) => v instanceof Image.Image, [
    ["ID", (i: Image.Image) => i.id],
    ["SLUG", (i: Image.Image) => i.slug],
    ["NAME", (i: Image.Image) => i.name],
    ["TYPE", (i: Image.Image) => i.type],
    ["DISTRIBUTION", (i: Image.Image) => i.distribution],
    ["PUBLIC", (i: Image.Image) => i.public],
    ["MIN DISK", (i: Image.Image) => i.min_disk_size],
    ["REGIONS", (i: Image.Image) => i.regions]
  ]],
  [(v) => v instanceof SSHKey.SSHKey, [
    ["ID", (k: SSHKey.SSHKey) => k.id],
    ["NAME", (k: SSHKey.SSHKey) => k.name],
    ["FINGERPRINT", (k: SSHKey.SSHKey) => k.fingerprint]
  ]],
  [(v) => v instanceof ReservedIP.ReservedIP || v instanceof FloatingIP.FloatingIP, [
    ["IP", (i: ReservedIP.ReservedIP) => i.ip],
    ["REGION", (i: ReservedIP.ReservedIP) => i.region.slug],
    ["DROPLET ID", (i: ReservedIP.ReservedIP) => i.droplet?.id],
    ["DROPLET NAME", (i: ReservedIP.ReservedIP) => i.droplet?.name],
    ["LOCKED", (i: ReservedIP.ReservedIP) => i.locked]
  ]],
  [(v) => v instanceof Domain.Domain, [
    ["NAME", (d: Domain.Domain) => d.name],
    ["TTL", (d: Domain.Domain) => d.ttl]
  ]],
  [(v) => v instanceof DomainRecord.DomainRecord, [
    ["ID", (r: DomainRecord.DomainRecord) => r.id],
    ["TYPE", (r: DomainRecord.DomainRecord) => r.type],
    ["NAME", (r: DomainRecord.DomainRecord) => r.name],
    ["DATA", (r: DomainRecord.DomainRecord) => r.data],
    ["PRIORITY", (r: DomainRecord.DomainRecord) => r.priority],
    ["PORT", (r: DomainRecord.DomainRecord) => r.port],
    ["TTL", (r: DomainRecord.DomainRecord) => r.ttl],
    ["WEIGHT", (r: DomainRecord.DomainRecord) => r.weight]
  ]],
  [(v) => v instanceof Tag.Tag, [
    ["NAME", (t: Tag.Tag) => t.name],
    ["RESOURCES", (t: Tag.Tag) => t.resources?.count]
  ]],
  [(v) => v instanceof Volume.Volume, [
    ["ID", (v: Volume.Volume) => v.id],
    ["NAME", (v: Volume.Volume) => v.name],
    ["SIZE GB", (v: Volume.Volume) => v.size_gigabytes],
    ["REGION", (v: Volume.Volume) => v.region?.slug],
    ["DROPLETS", (v: Volume.Volume) => v.droplet_ids],
    ["DESCRIPTION", (v: Volume.Volume) => v.description]
  ]],
  [(v) => v instanceof Snapshot.Snapshot, [
    ["ID", (s: Snapshot.Snapshot) => s.id],
    ["NAME", (s: Snapshot.Snapshot) => s.name],
    ["RESOURCE", (s: Snapshot.Snapshot) => `${s.resource_type} ${s.resource_id}`],
    ["SIZE GB", (s: Snapshot.Snapshot) => s.size_gigabytes],
    ["REGIONS", (s: Snapshot.Snapshot) => s.regions],
    ["CREATED", (s: Snapshot.Snapshot) => s.created_at]
  ]],
  [(v) => v instanceof Region.Region, [
    ["SLUG", (r: Region.Region) => r.slug],
    ["NAME", (r: Region.Region) => r.name],
    ["AVAILABLE", (r: Region.Region) => r.available],
    ["FEATURES", (r: Region.Region) => r.features]
  ]],
  [(v) => v instanceof Size.Size, [
    ["SLUG", (s: Size.Size) => s.slug],
    ["MEMORY", (s: Size.Size) => s.memory],
    ["VCPUS", (s: Size.Size) => s.vcpus],
    ["DISK", (s: Size.Size) => s.disk],
    ["PRICE MONTHLY", (s: Size.Size) => s.price_monthly],
    ["AVAILABLE", (s: Size.Size) => s.available]
  ]],
  [(v) => v instanceof Account.Account, [
    ["EMAIL", (a: Account.Account) => a.email],
    ["STATUS", (a: Account.Account) => a.status],
    ["DROPLET LIMIT", (a: Account.Account) => a.droplet_limit],
    ["EMAIL VERIFIED", (a: Account.Account) => a.email_verified],
    ["UUID", (a: Account.Account) => a.uuid]
  ]]
]

const cell = (value: unknown): string => {
  const json = Json.toJson(value)
  if (json === null) return "-"
  if (Array.isArray(json)) {
    return json.length === 0
      ? "-"
      : json.map((item) => typeof item === "object" ? JSON.stringify(item) : String(item)).join(",")
  }
  return typeof json === "object" ? JSON.stringify(json) : String(json)
}

/** The columns of a value of no known kind: its top-level fields. */
const scalar: ReadonlyArray<Column> = [["VALUE", (v) => v]]
const byKeys = new Map<string, ReadonlyArray<Column>>()
const generic = (value: unknown): ReadonlyArray<Column> => {
  const json = Json.toJson(value)
  if (json === null || typeof json !== "object" || Array.isArray(json)) return scalar
  const keys = Object.keys(json)
  const id = keys.join("\u0000")
  let columns = byKeys.get(id)
  if (columns === undefined) {
    columns = keys.map((key): Column => [key.toUpperCase(), (v) => (Json.toJson(v) as any)?.[key]])
    byKeys.set(id, columns)
  }
  return columns
}

const columnsOf = (value: unknown): ReadonlyArray<Column> =>
  kinds.find(([guard]) => guard(value))?.[1] ?? generic(value)

/**
 * The rows as tables: consecutive values of one kind share a table, each table is left-aligned with two spaces
 * between columns, and a blank line separates tables.
 *
 * @internal
 */
export const render = (values: ReadonlyArray<unknown>, _width: number): string => {
  const groups: Array<{ columns: ReadonlyArray<Column>; rows: Array<ReadonlyArray<string>> }> = []
  for (const value of values) {
    const columns = columnsOf(value)
    let group = groups.at(-1)
    if (group === undefined || group.columns !== columns) {
      group = { columns, rows: [] }
      groups.push(group)
    }
    group.rows.push(columns.map(([, get]) => cell(get(value))))
  }
  return groups.map(({ columns, rows }) => {
    const all = [columns.map(([header]) => header), ...rows]
    const widths = columns.map((_, i) => Math.max(...all.map((row) => row[i]!.length)))
    return all.map((row) =>
      row.map((text, i) => i === row.length - 1 ? text : text.padEnd(widths[i]!)).join("  ").trimEnd()
    )
      .join("\n") + "\n"
  }).join("\n")
}
