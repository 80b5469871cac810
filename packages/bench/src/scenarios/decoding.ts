/**
 * 3. Decoding: Schema-decoding a page of droplets (doapi's page decoder: the droplets, `meta` and `links`) vs
 * `JSON.parse` of the same bytes; microseconds per droplet. In process: no server, no I/O.
 */
import { Droplet } from "@doapi/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { Settings } from "../lib/config.js"
import * as Replica from "../lib/dropletReplica.js"
import { dropletPage } from "../lib/page.js"
import type { ScenarioReport } from "../lib/report.js"
import { median, ratio, rotate, us } from "../lib/stats.js"

/** What `Pagination.page("droplets", Droplet)` decodes (core's internal page schema). */
const pageSchema = <A, I>(item: Schema.Schema<A, I>) =>
  Schema.Struct({
    droplets: Schema.Array(item),
    meta: Schema.optional(Schema.Struct({ total: Schema.Int })),
    links: Schema.optional(Schema.Struct({
      pages: Schema.optional(Schema.Struct({ next: Schema.optional(Schema.String) }))
    }))
  })

interface Case {
  readonly name: string
  readonly run: () => unknown
}

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { droplets, iterations } = settings.decoding
  const text = await dropletPage(droplets)
  const parsed = JSON.parse(text)
  // As doapi runs it: Schema.decodeUnknown (an Effect), inside the request's Effect.
  const decodeEffect = Schema.decodeUnknown(pageSchema(Droplet.Droplet))
  const decodeSync = Schema.decodeUnknownSync(pageSchema(Droplet.Droplet))

  const parse: Case = { name: "JSON.parse", run: () => JSON.parse(text) }
  const decode: Case = { name: "Schema decode (doapi's page decoder)", run: () => Effect.runSync(decodeEffect(parsed)) }
  const both: Case = {
    name: "JSON.parse + Schema decode",
    run: () => Effect.runSync(decodeEffect(JSON.parse(text)))
  }
  const main = [parse, decode, both]

  const variant = (name: string, switches: Replica.Switches): Case => {
    const decodeArray = Schema.decodeUnknownSync(Replica.dropletArray(switches))
    return { name, run: () => decodeArray(parsed.droplets) }
  }
  const first: Replica.Switches = { ...Replica.core, defaultAs: "transformation", construct: "schema" }
  const breakdown: Array<Case> = [
    { name: "core schema, decodeUnknownSync", run: () => decodeSync(parsed) },
    variant("copy of core's schema (as it is)", Replica.core),
    variant("core's first version: optionalWith defaults, Schema.Class decoding", first),
    variant("… openEnum as a union of literals (before that)", { ...first, openEnum: true }),
    variant("… constructor defaults instead of optionalWith defaults", { ...first, defaultAs: "constructor" }),
    variant("… direct construction instead of Schema.Class decoding", { ...first, construct: "direct" }),
    variant("as core, without the defaults (absent fields stay absent)", { ...Replica.core, nullDefault: false }),
    variant("Struct instead of Class (defaults as core)", { ...Replica.core, classes: false }),
    variant("Struct, no defaults", { ...Replica.core, classes: false, nullDefault: false })
  ]

  const measure = (cases: ReadonlyArray<Case>) => {
    const samples = new Map<string, Array<number>>(cases.map((c) => [c.name, []]))
    const batch = Math.max(5, Math.floor(iterations / 20))
    for (const c of cases) for (let i = 0; i < batch; i++) c.run() // warm-up
    for (let round = 0; round < 20; round++) {
      for (const c of rotate(cases, round)) {
        const start = performance.now()
        for (let i = 0; i < batch; i++) c.run()
        samples.get(c.name)!.push(((performance.now() - start) * 1000) / batch / droplets)
      }
    }
    return new Map([...samples].map(([name, values]) => [name, median(values)]))
  }

  const perDroplet = measure(main)
  const parseUs = perDroplet.get(parse.name)!
  const decodeUs = perDroplet.get(decode.name)!
  const parts = measure([parse, ...breakdown])
  const partsBase = parts.get(parse.name)!

  return {
    id: 3,
    title: "Decoding a page of droplets",
    method: `One page of ${droplets} droplets as the fake serves it (${(text.length / 1024).toFixed(0)} kB, ` +
      `${(text.length / droplets).toFixed(0)} bytes per droplet), in process. Each case runs in batches, 20 ` +
      "rounds interleaved after a warm-up; medians. \"Schema decode\" is doapi's page decoder " +
      "(`{ droplets: Array(Droplet), meta, links }` with `Schema.decodeUnknown`, run as an Effect) on the " +
      "already-parsed JSON, so it excludes the parse.",
    tables: [
      {
        head: ["Case", "Per droplet", "Per page", "vs JSON.parse"],
        rows: main.map((c) => {
          const t = perDroplet.get(c.name)!
          return [c.name, us(t), `${((t * droplets) / 1000).toFixed(2)} ms`, ratio(t / parseUs)]
        })
      },
      {
        title: "Where the time goes (an array of droplets decoded with a copy of core's schema, one change each)",
        head: ["Variant", "Per droplet", "vs JSON.parse"],
        rows: [parse, ...breakdown].map((c) => {
          const t = parts.get(c.name)!
          return [c.name, us(t), ratio(t / partsBase)]
        })
      }
    ],
    verdicts: [{
      target: "decode ≤ 4× JSON.parse",
      measured: `${ratio(decodeUs / parseUs)} (${us(decodeUs)} vs ${us(parseUs)} per droplet)`,
      met: decodeUs / parseUs <= 4,
      missed: "The breakdown table says where the time goes: what is left above a plain Struct is each " +
        "Schema.Class instance (the class's transformation and declaration in the parser, and the copy onto the " +
        "instance); `openEnum`, the defaults and the constructor are already as cheap as the table's variants make them."
    }],
    notes: []
  }
}
