/**
 * The conformance entries of the generated operations (`src/generated/<Tag>.ts`): one per operation `pnpm codegen`
 * generates (the same plan: `../codegen/operations.ts`), each calling the generated function with arguments taken
 * from the spec itself:
 * - path parameters: the parameter's `example` (else a value of its type and format);
 * - the body: the request's `example` (or its first `examples`), else a value built from its schema (required
 *   properties only, each from its `example`, `default`, first `enum` value, or type and format);
 * - query and header parameters: the required ones only, the same way.
 * A paged listing (a Stream) is run to its first item: its first page is the request checked.
 *
 * The spec's own mistakes that make Prism reject a request built from its examples, or make its response example
 * undecodable, are listed in `mistakes` with the reason (`known` entries); `skips` lists what is not run, and why.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { plan, type Planned } from "../codegen/operations.js"
import * as CodegenSpec from "../codegen/spec.js"
import type { Entry, SpecMistake } from "./operations.js"

type Json = CodegenSpec.Json

const logtail: SpecMistake = {
  reason: "spec mistake: the response example's `log_destinations[].logtail` has no `endpoint`, which its schema " +
    "requires (Prism flags it; the client decodes it)",
  violation: /logtail must have required property 'endpoint'/,
  decodable: true
}

const sinkUrn: SpecMistake = {
  reason: "spec mistake: the response example's sink has no `urn`, which its schema requires (Prism flags it; the " +
    "client decodes it)",
  violation: /must have required property 'urn'/,
  decodable: true
}

/** Spec mistakes met by the generated operations, by operationId. */
const mistakes: Record<string, SpecMistake> = {
  apps_list_events: logtail,
  apps_get_event: logtail,
  apps_cancel_event: logtail,
  monitoring_list_sinks: sinkUrn,
  monitoring_get_sink: sinkUrn,
  dropletActions_post_byTag: {
    reason: "spec mistake: POST /v2/droplets/actions's body is a oneOf whose branches both match any body " +
      "(`droplet_action_snapshot` is `droplet_action` plus an optional `name`)",
    violation: /must match exactly one schema in oneOf/
  },
  monitoring_list_alertPolicy: {
    reason: "spec mistake: the response example's `entities` are numbers; its schema says strings",
    violation: /entities\.0 must be string/,
    error: /Expected string, actual 192018292/
  },
  uptime_create_check: {
    reason: "spec mistake: the request example has no `method`, which the schema requires",
    violation: /must have required property 'method'/
  }
}

/** Generated operations not run, by operationId, and why. */
const skips: Record<string, string> = {}

const deref = (spec: Json, value: Json): Json => CodegenSpec.deref(spec, value)

const formats: Record<string, unknown> = {
  uuid: "4de7ac8b-495b-4884-9a69-1050c6793cd6",
  "date-time": "2020-03-13T19:20:47.442049222Z",
  date: "2023-01-01",
  ipv4: "45.55.96.47",
  ipv6: "2409:40d0:f7:1017:74b4:3a96:105:3bd",
  email: "user@example.com",
  uri: "https://example.com",
  url: "https://example.com",
  hostname: "example.com"
}

/** `schema` with its `allOf` merged: the members' properties and required lists together. */
const merged = (spec: Json, schema: Json): Json => {
  const s = deref(spec, schema)
  if (s === null || typeof s !== "object" || !Array.isArray(s.allOf)) return s
  const { allOf, ...rest } = s
  const out: Json = {}
  for (const member of [...allOf.map((m: Json) => merged(spec, m)), rest]) {
    for (const [key, value] of Object.entries<Json>(member ?? {})) {
      if (key === "properties") out.properties = { ...out.properties, ...value }
      else if (key === "required") out.required = [...new Set([...(out.required ?? []), ...value])]
      else out[key] = value
    }
  }
  if (out.properties !== undefined && out.type === undefined) out.type = "object"
  return out
}

/** A value of `schema`, from its examples where it has them. */
export const sample = (spec: Json, schema: Json, depth = 0): unknown => {
  const s = merged(spec, schema)
  if (s === undefined || s === null || depth > 12) return undefined
  if (s.example !== undefined) return s.example
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0]
  if (s.default !== undefined) return s.default
  if (Array.isArray(s.enum)) return s.enum[0]
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return sample(spec, (s.oneOf ?? s.anyOf)[0], depth + 1)
  switch (s.type) {
    case "string":
      return formats[s.format] ?? "example"
    case "integer":
    case "number":
      return s.minimum ?? 1
    case "boolean":
      return true
    case "array":
      return [sample(spec, s.items, depth + 1)]
    default: {
      if (s.properties === undefined) return {}
      const out: Record<string, unknown> = {}
      for (const key of s.required ?? []) {
        if (s.properties[key] !== undefined) out[key] = sample(spec, s.properties[key], depth + 1)
      }
      return out
    }
  }
}

const parameterValue = (spec: Json, parameter: Json): unknown =>
  parameter.example ?? deref(spec, parameter.schema)?.example ?? sample(spec, parameter.schema)

const bodyValue = (spec: Json, media: Json): unknown => {
  if (media.example !== undefined) return media.example
  const examples = Object.values<Json>(media.examples ?? {})
  if (examples.length > 0) return deref(spec, examples[0]).value
  return sample(spec, media.schema)
}

/** The arguments of a generated function, in its order: path parameters, body, parameters. */
const argumentsOf = (spec: Json, { op }: Planned): ReadonlyArray<unknown> => {
  const parameters = [...(spec.paths[op.path].parameters ?? []), ...(op.operation.parameters ?? [])]
    .map((p: Json) => deref(spec, p))
  const args: Array<unknown> = (op.path.match(/\{[^}]+\}/g) ?? []).map((m) =>
    parameterValue(spec, parameters.find((p: Json) => p.in === "path" && p.name === m.slice(1, -1)))
  )
  const media = op.operation.requestBody?.content?.["application/json"]
  if (media !== undefined) args.push(bodyValue(spec, media))
  const queryOrHeader = parameters.filter((p: Json) => p.in === "query" || p.in === "header")
  if (queryOrHeader.length > 0) {
    args.push(Object.fromEntries(
      queryOrHeader.filter((p: Json) => p.required === true).map((p: Json) => [p.name, parameterValue(spec, p)])
    ))
  }
  return args
}

/** A generated operation's conformance entry. */
export interface GeneratedEntry {
  /** `<Module>.<function>`, as its span is named. */
  readonly name: string
  readonly operationId: string
  readonly entry: Entry
}

/** The entries of every generated operation whose name starts with one of `filters` (all, when there are none). */
export const entries = (filters: ReadonlyArray<string>): Promise<ReadonlyArray<GeneratedEntry>> => {
  const spec = CodegenSpec.readSpec()
  const selected = plan(spec).planned.filter(({ module, name }) =>
    filters.length === 0 || filters.some((filter) => `${module}.${name}`.startsWith(filter))
  )
  const modules = [...new Set(selected.map((p) => p.module))]
  return Promise.all(modules.map((module) => import(`../../src/generated/${module}.js`).then((m) => [module, m])))
    .then((loaded) => {
      const namespaces = new Map<string, Record<string, (...args: ReadonlyArray<unknown>) => unknown>>(loaded as any)
      // Every export of a generated module is an operation of the plan (nothing generated is left untested).
      for (const [module, namespace] of namespaces) {
        for (const name of Object.keys(namespace)) {
          if (!selected.some((p) => p.module === module && p.name === name)) {
            if (filters.length === 0) throw new Error(`${module}.${name} is exported but is no operation of the plan`)
          }
        }
      }
      return selected.map((planned): GeneratedEntry => {
        const name = `${planned.module}.${planned.name}`
        const { operationId } = planned.op
        if (skips[operationId] !== undefined) {
          return { name, operationId, entry: { _tag: "Skip", reason: skips[operationId] } }
        }
        const f = namespaces.get(planned.module)?.[planned.name]
        if (typeof f !== "function") throw new Error(`${name} is not exported by src/generated/${planned.module}.ts`)
        const run = Effect.suspend(() => {
          const call = f(...argumentsOf(spec, planned)) as Effect.Effect<unknown> | Stream.Stream<unknown>
          return Effect.isEffect(call) ? call : Stream.runHead(call)
        })
        const entry: Entry = mistakes[operationId] !== undefined
          ? { _tag: "Known", mistake: mistakes[operationId], run }
          : { _tag: "Run", run }
        return { name, operationId, entry }
      })
    })
}
