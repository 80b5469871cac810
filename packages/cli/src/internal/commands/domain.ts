/**
 * `doapi domain ...`: doapi-domain's subcommands, records included.
 *
 * @internal
 */
import { Domain, DomainRecord } from "@doapi/core"
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Common from "../common.js"
import { usage } from "../errors.js"
import * as Output from "../output.js"

const domainArg = Common.one("domain", "The domain's name, e.g. example.com.")
const recordIds = (atLeast: 0 | 1) =>
  Args.integer({ name: "record-id" }).pipe(
    Args.withDescription("Record IDs."),
    atLeast === 0 ? Args.repeated : Args.atLeast(1)
  )

const integer = (name: string, description: string) =>
  Options.integer(name).pipe(Options.withPseudoName("N"), Options.withDescription(description), Options.optional)

const show = Command.make(
  "show",
  { ...Common.common, domains: Common.many("domain", "Domain names.") },
  (o) =>
    Common.run(
      o,
      undefined,
      o.domains.length === 0
        ? Common.emitAll(Domain.stream)
        : Effect.forEach(o.domains, (name) => Effect.flatMap(Domain.fetch(name), Output.emit), { discard: true })
    )
).pipe(Common.describe("Prints domains: those named, or all of them.", ["doapi domain show example.com", "one"]))

const create = Command.make("new", {
  ...Common.common,
  domain: domainArg,
  ip: Args.text({ name: "ip-address" }).pipe(
    Args.withDescription("An address for an A record at the apex."),
    Args.optional
  )
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.flatMap(
      Domain.create({ name: o.domain, ...(Option.isSome(o.ip) ? { ip_address: o.ip.value } : {}) }),
      Output.emit
    )
  )).pipe(Common.describe(
    "Adds a domain (DigitalOcean then serves its DNS).",
    ["doapi domain new example.com 203.0.113.5", "the domain, with an A record for its apex"]
  ))

const remove = Command.make(
  "delete",
  { ...Common.common, domains: Common.some("domain", "Domain names.") },
  (o) => Common.run(o, undefined, Effect.forEach(o.domains, Domain.delete, { discard: true }))
).pipe(
  Common.describe("Deletes domains and their records. Prints nothing.", ["doapi domain delete example.com", "gone"])
)

const showRecord = Command.make(
  "show-record",
  { ...Common.common, domain: domainArg, records: recordIds(0) },
  (o) =>
    Common.run(
      o,
      undefined,
      o.records.length === 0
        ? Common.emitAll(DomainRecord.stream(o.domain))
        : Effect.forEach(o.records, (id) => Effect.flatMap(DomainRecord.fetch(o.domain, id), Output.emit), {
          discard: true
        })
    )
).pipe(Common.describe(
  "Prints a domain's records: those given, or all of them.",
  ["doapi domain show-record example.com | jq -c '[.type, .name, .data]'", "every record, briefly"]
))

const newRecord = Command.make("new-record", {
  ...Common.common,
  delete: Options.boolean("delete").pipe(
    Options.withDescription("Then deletes the other records of the same type and name (replaces them).")
  ),
  priority: integer("priority", "Priority (MX, SRV)."),
  port: integer("port", "Port (SRV)."),
  weight: integer("weight", "Weight (SRV)."),
  ttl: integer("ttl", "Time to live, in seconds."),
  flags: integer("flags", "Flags (CAA, 0 to 255)."),
  tag: Options.choice("tag", ["issue", "issuewild", "iodef"]).pipe(
    Options.withDescription("Tag (CAA)."),
    Options.optional
  ),
  domain: domainArg,
  type: Args.choice([...DomainRecord.TYPES].map((type) => [type, type] as const), { name: "type" }).pipe(
    Args.withDescription("The record's type.")
  ),
  name: Common.one("name", "The record's name (@ for the apex)."),
  data: Common.one("data", "The record's data (an address, a host name, text).")
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const optional = (key: string, value: Option.Option<unknown>) =>
        Option.isSome(value) ? { [key]: value.value } : {}
      const body = {
        type: o.type,
        name: o.name,
        data: o.data,
        ...optional("priority", o.priority),
        ...optional("port", o.port),
        ...optional("weight", o.weight),
        ...optional("ttl", o.ttl),
        ...optional("flags", o.flags),
        ...optional("tag", o.tag)
      } as unknown as DomainRecord.CreateOptions
      const created = yield* DomainRecord.create(o.domain, body)
      yield* Output.emit(created)
      if (o.delete) {
        const same = yield* DomainRecord.fetchAll(o.domain, { type: o.type })
        const fqdn = (name: string | undefined) => name === undefined || name === "@" ? o.domain : name
        yield* Effect.forEach(
          same.filter((r) => r.id !== created.id && fqdn(r.name) === fqdn(created.name)),
          (r) => DomainRecord.delete(o.domain, r),
          { discard: true }
        )
      }
    })
  )).pipe(Common.describe(
    "Adds a record to a domain.",
    ["doapi domain new-record example.com A www 203.0.113.5", "www.example.com points at 203.0.113.5"],
    ["doapi domain new-record --delete example.com A www 203.0.113.6", "replaces it"]
  ))

const nullable = (name: string, description: string) => ({
  value: integer(name, description),
  none: Options.boolean(`no-${name}`).pipe(Options.withDescription(`Clears the ${name}.`))
})

const updateRecord = Command.make("update-record", {
  ...Common.common,
  type: Options.choice("type", DomainRecord.TYPES).pipe(Options.withDescription("The new type."), Options.optional),
  name: Options.text("name").pipe(Options.withDescription("The new name."), Options.optional),
  data: Options.text("data").pipe(Options.withDescription("The new data."), Options.optional),
  ttl: integer("ttl", "The new time to live."),
  priority: nullable("priority", "The new priority."),
  port: nullable("port", "The new port."),
  weight: nullable("weight", "The new weight."),
  domain: domainArg,
  record: Args.integer({ name: "record-id" }).pipe(Args.withDescription("The record's ID."))
}, (o) =>
  Common.run(
    o,
    undefined,
    Effect.gen(function*() {
      const fields: Record<string, unknown> = {}
      if (Option.isSome(o.name)) fields.name = o.name.value
      if (Option.isSome(o.data)) fields.data = o.data.value
      if (Option.isSome(o.ttl)) fields.ttl = o.ttl.value
      for (const key of ["priority", "port", "weight"] as const) {
        const { none, value } = o[key]
        if (none && Option.isSome(value)) return yield* usage(`give --${key} or --no-${key}, not both`)
        if (none) fields[key] = null
        if (Option.isSome(value)) fields[key] = value.value
      }
      if (Object.keys(fields).length === 0 && Option.isNone(o.type)) return yield* usage("no fields to update")
      // The API wants the type in every update.
      const type = Option.isSome(o.type) ? o.type.value : (yield* DomainRecord.fetch(o.domain, o.record)).type
      yield* Output.emit(
        yield* DomainRecord.update(o.domain, o.record, { ...fields, type } as DomainRecord.UpdateOptions)
      )
    })
  )).pipe(Common.describe(
    "Changes a record's fields.",
    ["doapi domain update-record --data 203.0.113.7 example.com 12345", "points record 12345 elsewhere"]
  ))

const deleteRecord = Command.make(
  "delete-record",
  { ...Common.common, domain: domainArg, records: recordIds(1) },
  (o) =>
    Common.run(
      o,
      undefined,
      Effect.forEach(o.records, (id) => DomainRecord.delete(o.domain, id), { discard: true })
    )
).pipe(Common.describe("Deletes records. Prints nothing.", ["doapi domain delete-record example.com 12345", "gone"]))

/** @internal */
export const command = Command.make("domain").pipe(
  Command.withDescription("Domains served by DigitalOcean's DNS, and their records."),
  Command.withSubcommands([show, create, remove, showRecord, newRecord, updateRecord, deleteRecord])
)
