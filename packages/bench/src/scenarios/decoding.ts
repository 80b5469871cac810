/**
 * 3. Decoding: Schema-decoding a page of droplets (doapi's page decoder: the droplets, `meta` and `links`) vs
 * `JSON.parse` of the same bytes; microseconds per droplet. In process: no server, no I/O.
 */
import { Api, DoConfig, Droplet } from "@doapi/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type Settings, unlimitedBudget } from "../lib/config.js"
import * as Replica from "../lib/dropletReplica.js"
import { dropletPage } from "../lib/page.js"
import type { ScenarioReport } from "../lib/report.js"
import { median, ratio, rotate, us } from "../lib/stats.js"

/** What `Pagination.page("droplets", Droplet)` decodes (core's internal page schema), for Schema's own parser. */
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
  /** Runs `run` `n` times (in one Effect, for doapi's listing); by default a plain loop. */
  readonly batch?: (n: number) => Promise<void>
}

export const run = async (settings: Settings): Promise<ScenarioReport> => {
  const { droplets, iterations } = settings.decoding
  const text = await dropletPage(droplets)
  const parsed = JSON.parse(text)
  // Schema's own parser on the page schema, as Effect runs it (doapi decoded this way before its compiled decoder).
  const decodeEffect = Schema.decodeUnknown(pageSchema(Droplet.Droplet))
  const decodeSync = Schema.decodeUnknownSync(pageSchema(Droplet.Droplet))
  // doapi's own page decoder is internal: it is measured as the request path runs it, a listing of the page through
  // Droplet.fetchAll on an in-memory transport, against the same listing through Api.paginate, whose items are the
  // parsed JSON as it is: the difference is the decoding.
  const endpoint = "http://127.0.0.1:9"
  const client = HttpClient.make((request) =>
    Effect.sync(() =>
      HttpClientResponse.fromWeb(
        request,
        new Response(text, { status: 200, headers: { "content-type": "application/json" } })
      )
    )
  )
  const runtime = ManagedRuntime.make(Layer.mergeAll(
    Layer.succeed(HttpClient.HttpClient, client),
    DoConfig.layer({ token: "token", endpoint, perPage: droplets, budget: unlimitedBudget })
  ))
  const listing = Droplet.fetchAll()
  const undecoded = Stream.runDrain(Api.paginate("/v2/droplets", "droplets"))
  const once = await runtime.runPromise(listing)
  if (once.length !== droplets) throw new Error(`the in-memory listing gave ${once.length} droplets`)

  const parse: Case = { name: "JSON.parse", run: () => JSON.parse(text) }
  const decode: Case = {
    name: "Schema's parser: Schema.decodeUnknown of the page schema (context)",
    run: () => Effect.runSync(decodeEffect(parsed))
  }
  const both: Case = {
    name: "JSON.parse + Schema's parser",
    run: () => Effect.runSync(decodeEffect(JSON.parse(text)))
  }
  /** A listing on the in-memory runtime, `n` times in one Effect. */
  const listed = (name: string, effect: Effect.Effect<unknown, unknown, any>): Case => ({
    name,
    run: () => undefined,
    batch: (n) =>
      runtime.runPromise(Effect.gen(function*() {
        for (let i = 0; i < n; i++) yield* effect
      }))
  })
  const ours = listed(
    "doapi: Droplet.fetchAll of the page, in-memory transport (JSON.parse, request path, decoding)",
    listing
  )
  const oursUndecoded = listed(
    "doapi: the same listing through Api.paginate (the items as parsed, not decoded)",
    undecoded
  )
  const main = [parse, ours, oursUndecoded, decode, both]

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

  const measure = async (cases: ReadonlyArray<Case>) => {
    const samples = new Map<string, Array<number>>(cases.map((c) => [c.name, []]))
    const batch = Math.max(5, Math.floor(iterations / 20))
    const runBatch = async (c: Case) => {
      if (c.batch !== undefined) return c.batch(batch)
      for (let i = 0; i < batch; i++) c.run()
    }
    for (const c of cases) await runBatch(c) // warm-up
    for (let round = 0; round < 20; round++) {
      for (const c of rotate(cases, round)) {
        const start = performance.now()
        await runBatch(c)
        samples.get(c.name)!.push(((performance.now() - start) * 1000) / batch / droplets)
      }
    }
    return new Map([...samples].map(([name, values]) => [name, median(values)]))
  }

  const perDroplet = await measure(main)
  await runtime.dispose()
  const parseUs = perDroplet.get(parse.name)!
  const oursUs = perDroplet.get(ours.name)!
  const decodeUs = oursUs - perDroplet.get(oursUndecoded.name)!
  const schemaUs = perDroplet.get(decode.name)!
  const parts = await measure([parse, ...breakdown])
  const partsBase = parts.get(parse.name)!

  return {
    id: 3,
    title: "Decoding a page of droplets",
    method: `One page of ${droplets} droplets as the fake serves it (${(text.length / 1024).toFixed(0)} kB, ` +
      `${(text.length / droplets).toFixed(0)} bytes per droplet), in process. Each case runs in batches, 20 ` +
      "rounds interleaved after a warm-up; medians. doapi's page decoder (compiled once from the page schema " +
      "`{ droplets: Array(Droplet), meta, links }`, with Schema's parser behind it for what does not decode) is " +
      "internal: it is measured as the request path runs it, `Droplet.fetchAll()` listing the page from an " +
      "in-memory HttpClient, against the same listing through `Api.paginate`, whose items are the parsed JSON " +
      "as it is: the difference is doapi's decoding (with the garbage collection it causes). \"Schema's parser\" is " +
      "`Schema.decodeUnknown` of the same page schema on the already-parsed JSON, run as an Effect: how doapi " +
      "decoded before, for context.",
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
      measured: `${ratio(decodeUs / parseUs)} (${us(decodeUs)} vs ${us(parseUs)} per droplet; Schema's parser ` +
        `alone: ${ratio(schemaUs / parseUs)})`,
      met: decodeUs / parseUs <= 4,
      missed: "doapi's decoding is compiled from the schema (no Either per value, instances built directly); what " +
        "is left is building the decoded objects themselves and collecting them."
    }],
    notes: [
      `doapi's listing of the page, all of it (the response's text, JSON.parse, the request's own work and ` +
      `decoding): ${us(oursUs)} per droplet, ${ratio(oursUs / parseUs)} JSON.parse. Its decoding: ` +
      `${us(decodeUs)} per droplet, against ${us(schemaUs)} for Schema's parser on the same page.`,
      "The breakdown table is Schema's parser on variants of the droplet schema (how the models were designed); " +
      "doapi's compiled decoder gives the same results as Schema's parser (core's Decoding.test.ts and " +
      "GeneratedExamples.test.ts check it), without an Either per value, building class instances directly and " +
      "keeping the parsed arrays of strings and numbers as they are."
    ]
  }
}
