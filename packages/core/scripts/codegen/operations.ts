/**
 * Our own emitter for the operations (openapi-gen's client is not kept, see `postprocess.ts`): one module per API tag
 * in `src/generated/<Module>.ts`, each operation one exported function that calls the shared helper
 * `src/internal/operation.ts` with its row (method, path, path parameter kinds, generated Schemas), so a module reads
 * like a table. No prose of the spec is emitted: a function's doc comment is its method, its path and its page in
 * DigitalOcean's API reference.
 *
 * Naming: the module is the tag in PascalCase (`Load Balancers` → `LoadBalancers`, `1-Click Applications` →
 * `OneClickApplications`); the function is the operationId without its prefix (what precedes the first `_`), in
 * camelCase (`kubernetes_list_clusters` → `listClusters`). Names that collide within a module (`Billing`: three
 * `*_list`) are the whole operationId in camelCase (`invoicesList`), for every member of the collision; `delete` is
 * exported as `delete` (a reserved word: declared as `delete_`).
 */
import {
  deref,
  identifier,
  type Json,
  type Operation,
  operations,
  referenceUrl,
  requestSchemaName,
  responseSchemaName
} from "./spec.js"

/** An operation left out, and why. */
export interface Excluded {
  readonly operationId: string
  readonly reason: string
}

/** What the emitter produced. */
export interface Emitted {
  /** Module name → source (before formatting). */
  readonly modules: ReadonlyMap<string, string>
  /** The source of `src/generated/internal/endpoints.ts` (before formatting): every operation's endpoint. */
  readonly endpoints: string
  /** The source of `src/generated/Operations.ts` (before formatting): the manifest of the generated operations. */
  readonly manifest: string
  readonly excluded: ReadonlyArray<Excluded>
  readonly count: number
  readonly streams: number
}

/** The configured endpoint's host: the only one the DigitalOcean token is sent to. */
const API_SERVER = "https://api.digitalocean.com"

/**
 * The operations left out, and why (printed by `pnpm codegen` and listed in the README). Besides these, every
 * operation whose spec `servers` is another host than api.digitalocean.com is left out (`otherHost`).
 */
const excludedByHand: Record<string, string> = {
  invoices_get_pdfByUUID: "its response is a binary PDF: the request path reads bodies as text (JSON, CSV, YAML)"
}

const otherHost = (servers: ReadonlyArray<Json>) =>
  `served by ${servers.map((s) => s.url).join(", ")}, not ${API_SERVER}: it takes a model or agent access key, ` +
  `not the DigitalOcean token (which is only ever sent to the configured endpoint)`

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)
const digits: Record<string, string> = { "1": "One" }

/** `Load Balancers` → `LoadBalancers`, `1-Click Applications` → `OneClickApplications`. */
export const moduleName = (tag: string): string =>
  tag.split(/[^A-Za-z0-9]+/).filter((w) => w !== "").map((w) => upperFirst(w.replace(/^\d/, (d) => digits[d] ?? d)))
    .join("")

/** `a_b_cD` → `aBCD`. */
const camel = (words: ReadonlyArray<string>) =>
  words.filter((w) => w !== "").map((w, i) => (i === 0 ? lowerFirst(w) : upperFirst(w))).join("")

const functionName = (operationId: string): string => {
  const [, ...rest] = operationId.split("_")
  return camel((rest.length === 0 ? [operationId] : rest).flatMap((part) => part.split(/[^A-Za-z0-9]+/)))
}

const reserved = new Set(["delete", "import", "export", "new", "default", "in", "void", "typeof", "function", "class"])

/** The alternatives of a path parameter's schema (`oneOf: [integer id, string fingerprint]`), or the schema. */
const alternatives = (spec: Json, schema: Json): ReadonlyArray<Json> => {
  const s = deref(spec, schema)
  const members = s?.oneOf ?? s?.anyOf
  return Array.isArray(members) ? members.flatMap((m: Json) => alternatives(spec, m)) : [s]
}

/** A path parameter's kind (`src/internal/operation.ts`), from its schema. */
const pathKind = (spec: Json, schema: Json): string => {
  const members = alternatives(spec, schema)
  if (members.length > 1) {
    const types = new Set(members.map((m) => m?.type))
    return types.has("integer") && types.has("string") ? `"idOrString"` : pathKind(spec, members[0])
  }
  const s = members[0]
  if (s?.type === "integer") return s.minimum !== undefined && s.minimum >= 1 ? `"id"` : `"int"`
  if (typeof s?.pattern === "string") return `/*#__PURE__*/ new RegExp(${JSON.stringify(s.pattern)})`
  const format = s?.format
  if (format === "uuid" || format === "ipv4" || format === "ipv6" || format === "date") return `"${format}"`
  return `"string"`
}

/** A path parameter's kind as data, for the manifest (`Operations.ts`): the kind's name, or `{ pattern }`. */
const pathKindData = (spec: Json, schema: Json): string => {
  const kind = pathKind(spec, schema)
  const pattern = /new RegExp\((".*")\)$/.exec(kind)
  return pattern === null ? kind : `{ pattern: ${pattern[1]} }`
}

/**
 * The formats of the strings of a schema (`uuid`, `date-time`, ...), which the generated Schemas do not keep: by
 * path from the schema (`load_balancer.created_at`, `droplet_ids[]`), up to the schemas generated as classes
 * (`S.Class`, named in `classes`), which have their own entry. `allOf` members are walked in place (they are merged).
 */
const formatsOf = (spec: Json, schema: Json, classes: ReadonlySet<string>, out: Record<string, string>): void => {
  const walk = (node: Json, path: string, refs: ReadonlyArray<string>, merged: boolean) => {
    if (node === null || typeof node !== "object") return
    if (typeof node.$ref === "string") {
      if (refs.includes(node.$ref)) return
      if (!merged && refs.length > 0 && classes.has(identifier(node.$ref.split("/").pop()))) return
      refs = [...refs, node.$ref]
    } else if (refs.length === 0) refs = ["#"]
    const s = deref(spec, node)
    if (s === null || typeof s !== "object") return
    for (const member of s.allOf ?? []) walk(member, path, refs, true)
    for (const member of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(member, path, refs, false)
    if (s.type === "string" && typeof s.format === "string" && path !== "") out[path] = s.format
    for (const [name, property] of Object.entries<Json>(s.properties ?? {})) {
      walk(property, path === "" ? name : `${path}.${name}`, refs, false)
    }
    if (s.items !== undefined) walk(s.items, `${path}[]`, refs, false)
  }
  walk(schema, "", [], false)
}

const pathType = (spec: Json, schema: Json) => {
  const types = new Set(alternatives(spec, schema).map((m) => (m?.type === "integer" ? "number" : "string")))
  return [...types].sort().join(" | ")
}

/** The list key of a paged listing: the one array property of a response that has `links` or `meta`. */
const listKey = (spec: Json, schema: Json): string | undefined => {
  const resolved = deref(spec, schema)
  const properties = resolved?.properties
  if (properties === undefined || !("links" in properties || "meta" in properties)) return undefined
  const arrays = Object.entries<Json>(properties).filter(([key, value]) =>
    key !== "links" && key !== "meta" && deref(spec, value)?.type === "array"
  )
  return arrays.length === 1 ? arrays[0][0] : undefined
}

/** A parameter's type in the manifest (`Operations.ts`): its JSON type, `T[]` for an array, `json` otherwise. */
const paramType = (spec: Json, schema: Json): string => {
  const members = alternatives(spec, schema)
  const types = [...new Set(members.map((m) => m?.type === "integer" ? "integer" : m?.type))].sort()
  if (types.length === 2 && types[0] === "integer" && types[1] === "string") return "integer | string"
  if (types.length !== 1) return "json"
  const type = types[0]
  if (type === "array") {
    const items = paramType(spec, members[0].items)
    return ["string", "integer", "number", "boolean"].includes(items) ? `${items}[]` : "json"
  }
  return ["string", "integer", "number", "boolean"].includes(type) ? type : "json"
}

/** The module of the manifest: not a tag's. */
export const MANIFEST = "Operations"

const quoteKey = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key))

/** A generated operation: its module and function name, and its operation in the spec. */
export interface Planned {
  readonly op: Operation
  readonly module: string
  name: string
}

/** Which operations are generated, under which names, and which are left out (and why). */
export const plan = (spec: Json): { readonly planned: ReadonlyArray<Planned>; readonly excluded: Array<Excluded> } => {
  const excluded: Array<Excluded> = []
  const planned: Array<Planned> = []
  for (const op of operations(spec)) {
    const servers = op.operation.servers ?? spec.paths[op.path].servers
    if (servers !== undefined && servers.some((s: Json) => s.url !== API_SERVER)) {
      excluded.push({ operationId: op.operationId, reason: otherHost(servers) })
    } else if (!Object.keys(op.operation.responses ?? {}).some((status) => status.startsWith("2"))) {
      const statuses = Object.keys(op.operation.responses ?? {}).join(", ")
      excluded.push({
        operationId: op.operationId,
        reason: `no success response in the spec (only ${statuses}): retired`
      })
    } else if (excludedByHand[op.operationId] !== undefined) {
      excluded.push({ operationId: op.operationId, reason: excludedByHand[op.operationId] })
    } else {
      planned.push({ op, module: moduleName(op.tag ?? "Untagged"), name: functionName(op.operationId) })
    }
  }
  // Collisions within a module: every member takes its whole operationId.
  const byName = new Map<string, Array<Planned>>()
  for (const p of planned) byName.set(`${p.module}.${p.name}`, [...(byName.get(`${p.module}.${p.name}`) ?? []), p])
  for (const group of byName.values()) {
    if (group.length > 1) {
      for (const p of group) p.name = camel(p.op.operationId.split(/[^A-Za-z0-9]+/))
    }
  }
  return { planned, excluded }
}

/**
 * Emits every operation of `spec` (the prepared spec, whose schema names are openapi-gen's), checking that every
 * Schema it refers to is declared in `Schemas.ts` (`declared`).
 */
export const emit = (spec: Json, declared: ReadonlySet<string>, classes: ReadonlySet<string> = new Set()): Emitted => {
  const { excluded, planned } = plan(spec)
  // What each operation answers and takes (`exchanges` in the manifest), and the formats of the strings of the
  // Schemas generated as classes and of the responses (`formats`).
  const exchanges: Array<string> = []
  const formats = new Map<string, Record<string, string>>()
  const addFormats = (name: string, schema: Json) => {
    if (formats.has(name)) return
    const out: Record<string, string> = {}
    formatsOf(spec, schema, classes, out)
    formats.set(name, out)
  }
  for (const name of Object.keys(spec.components?.schemas ?? {})) {
    if (classes.has(identifier(name))) addFormats(identifier(name), { $ref: `#/components/schemas/${name}` })
  }
  /** An operation's response, body or parameters: a class has its own entry. */
  const addRootFormats = (name: string, schema: Json) => {
    if (typeof schema?.$ref !== "string" || !classes.has(identifier(schema.$ref.split("/").pop()))) {
      addFormats(name, schema)
    }
  }
  const modules = new Map<string, Array<string>>()
  const tags = new Map<string, string>()
  let streams = 0
  const endpoints: Array<string> = []
  const endpointNames = new Set<string>()
  const manifest: Array<string> = []
  const need = (name: string) => {
    if (!declared.has(name)) throw new Error(`Schemas.ts declares no ${name}`)
    return `S.${name}`
  }
  for (const { module, name, op } of planned) {
    if (module === MANIFEST) throw new Error(`the tag ${op.tag} would be the module ${MANIFEST}, the manifest's`)
    tags.set(module, op.tag ?? "")
    const parameters = [...(spec.paths[op.path].parameters ?? []), ...(op.operation.parameters ?? [])]
      .map((p: Json) => deref(spec, p))
    const pathParams = op.path.match(/\{[^}]+\}/g)?.map((m) => m.slice(1, -1)) ?? []
    const pathSchema = (param: string) =>
      deref(spec, parameters.find((p: Json) => p.in === "path" && p.name === param)?.schema)
    const queryOrHeader = parameters.filter((p: Json) => p.in === "query" || p.in === "header")
    const headers = queryOrHeader.filter((p: Json) => p.in === "header").map((p: Json) => p.name as string)
    const paramsName = queryOrHeader.length > 0 ? need(`${identifier(op.operationId)}Params`) : undefined
    const bodyName = requestSchemaName(op)
    const body = bodyName === undefined ? undefined : need(bodyName)
    const success = Object.keys(op.operation.responses ?? {}).filter((status) => status.startsWith("2"))
    if (success.length !== 1) throw new Error(`${op.operationId}: ${success.length} success responses`)
    const status = success[0]
    const content = deref(spec, op.operation.responses[status])?.content ?? {}
    const text = content["application/json"] === undefined
      ? Object.keys(content).find((t) => t.startsWith("text/") || t.endsWith("yaml"))
      : undefined
    const responseName = responseSchemaName(spec, op, status)
    const response = responseName === undefined ? undefined : need(responseName)
    if (responseName !== undefined && !text) addRootFormats(responseName, content["application/json"].schema)
    if (bodyName !== undefined) addRootFormats(bodyName, op.operation.requestBody.content["application/json"].schema)
    if (paramsName !== undefined) {
      const properties = Object.fromEntries(queryOrHeader.map((p: Json) => [p.name, p.schema]))
      addRootFormats(paramsName.slice(2), { type: "object", properties })
    }
    // Paged listings: GETs only (a POST may answer with a page of what it created).
    const key = response === undefined || op.method !== "get"
      ? undefined
      : listKey(spec, content["application/json"].schema)

    // The signature.
    const args = pathParams.map((param) => `${param}: ${pathType(spec, pathSchema(param))}`)
    if (body !== undefined) {
      args.push(`body${op.operation.requestBody?.required === true ? "" : "?"}: typeof ${body}.Encoded`)
    }
    if (paramsName !== undefined) {
      const required = queryOrHeader.some((p: Json) => p.required === true)
      args.push(`params${required ? "" : "?"}: typeof ${paramsName}.Encoded`)
    }
    const result = text ? "string" : response === undefined ? "void" : `typeof ${response}.Type`
    const type = key !== undefined
      ? `(${args.join(", ")}) => Stream.Stream<NonNullable<(typeof ${response}.Type)[${
        JSON.stringify(key)
      }]>[number], DOAPIError, HttpClient.HttpClient | DoConfig>`
      : `(${args.join(", ")}) => Effect.Effect<${result}, DOAPIError, HttpClient.HttpClient | DoConfig>`

    // The endpoint (no Schema: a hand-written module sends its requests to it too, `internal/operation.ts`).
    const endpointArgs = [JSON.stringify(op.method.toUpperCase()), JSON.stringify(op.path)]
    if (pathParams.length > 0 || headers.length > 0) {
      endpointArgs.push(
        pathParams.length > 0
          ? `{ ${pathParams.map((param) => `${quoteKey(param)}: ${pathKind(spec, pathSchema(param))}`).join(", ")} }`
          : "undefined"
      )
    }
    if (headers.length > 0) endpointArgs.push(`[${headers.map((h: string) => JSON.stringify(h)).join(", ")}]`)
    const endpoint = `${module}${name[0].toUpperCase()}${name.slice(1)}`
    if (endpointNames.has(endpoint)) throw new Error(`two operations have the endpoint name ${endpoint}`)
    endpointNames.add(endpoint)
    endpoints.push(
      [
        "/**",
        ` * \`${module}.${name}\`: \`${op.method.toUpperCase()} ${op.path}\`.`,
        " *",
        " * @internal",
        " */",
        `export const ${endpoint} = /*#__PURE__*/ Op.endpoint(${endpointArgs.join(", ")})`
      ].join("\n")
    )

    // The manifest's entry.
    const entry = [
      `module: ${JSON.stringify(module)}`,
      `name: ${JSON.stringify(name)}`,
      `method: ${JSON.stringify(op.method.toUpperCase())}`,
      `path: ${JSON.stringify(op.path)}`,
      `pathParams: [${
        pathParams.map((param) => `[${JSON.stringify(param)}, ${JSON.stringify(paramType(spec, pathSchema(param)))}]`)
          .join(", ")
      }]`,
      `body: ${
        JSON.stringify(
          body === undefined ? "none" : op.operation.requestBody?.required === true ? "required" : "optional"
        )
      }`,
      // One parameter a line.
      `params: [${
        queryOrHeader.map((p: Json) =>
          `\n[${JSON.stringify(p.name)}, ${JSON.stringify(paramType(spec, p.schema))}, ${JSON.stringify(p.in)}]`
        ).join(",")
      }${queryOrHeader.length > 0 ? "\n" : ""}]`,
      `stream: ${key !== undefined}`
    ]
    manifest.push(`{ ${entry.join(", ")} }`)
    const exchange = [
      `status: ${Number(status)}`,
      ...(responseName !== undefined && !text ? [`response: ${JSON.stringify(responseName)}`] : []),
      ...(text ? [`text: ${JSON.stringify(text)}`] : []),
      ...(bodyName !== undefined ? [`body: ${JSON.stringify(bodyName)}`] : []),
      ...(paramsName !== undefined ? [`params: ${JSON.stringify(paramsName.slice(2))}`] : []),
      ...(pathParams.length > 0
        ? [`pathKinds: [${pathParams.map((param) => pathKindData(spec, pathSchema(param))).join(", ")}]`]
        : [])
    ]
    exchanges.push(`${JSON.stringify(`${module}.${name}`)}: { ${exchange.join(", ")} }`)

    // The row.
    const row: Array<string> = []
    if (body !== undefined) row.push(`body: ${body}`)
    if (paramsName !== undefined) row.push(`params: ${paramsName}`)
    if (response !== undefined && !text) row.push(`response: ${response}`)
    if (text) row.push(`text: ${JSON.stringify(text)}`)
    const span = JSON.stringify(`${module}.${name}`)
    const call = key !== undefined
      ? `Op.stream(${span}, E.${endpoint}, ${JSON.stringify(key)}, { ${row.join(", ")} })`
      : `Op.effect(${span}, E.${endpoint}, { ${row.join(", ")} })`
    if (key !== undefined) streams++
    const local = reserved.has(name) ? `${name}_` : name
    const doc = [
      "/**",
      ` * \`${op.method.toUpperCase()} ${op.path}\`${key !== undefined ? ` (every page: a Stream of \`${key}\`)` : ""}`,
      " *",
      ` * @see ${referenceUrl(op)}`,
      " * @category operations",
      " * @since 0.2.0",
      " */"
    ]
    const declaration = local === name
      ? [...doc, `export const ${name}: ${type} = /*#__PURE__*/ ${call}`]
      : [
        `const ${local}: ${type} = /*#__PURE__*/ ${call}`,
        "",
        "export {",
        ...doc.map((line) => `  ${line}`),
        `  ${local} as ${name}`,
        "}"
      ]
    modules.set(module, [...(modules.get(module) ?? []), declaration.join("\n")])
  }

  const sources = new Map<string, string>()
  for (const [module, declarations] of [...modules].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const source = declarations.join("\n\n")
    const imports = [
      `import type * as HttpClient from "@effect/platform/HttpClient"`,
      source.includes("Effect.Effect<") ? `import type * as Effect from "effect/Effect"` : undefined,
      source.includes("Stream.Stream<") ? `import type * as Stream from "effect/Stream"` : undefined,
      `import type { DoConfig } from "../DoConfig.js"`,
      `import type { DOAPIError } from "../DoError.js"`,
      `import * as E from "./internal/endpoints.js"`,
      `import * as Op from "../internal/operation.js"`,
      `import * as S from "./Schemas.js"`
    ].filter((line) => line !== undefined)
    const header = [
      "/**",
      ` * The operations of the \`${
        tags.get(module)
      }\` tag of DigitalOcean's API v2, one function each: an \`Effect\`,`,
      " * or a `Stream` for a paged listing, needing `HttpClient | DoConfig` and failing with `DOAPIError`.",
      " * Generated by `scripts/codegen/main.ts` (`pnpm codegen`): do not edit this file.",
      " *",
      " * @since 0.2.0",
      " */"
    ]
    sources.set(module, [...header, ...imports, "", source, ""].join("\n"))
  }
  const endpointsSource = [
    "/**",
    " * The endpoint of every generated operation (`<Module><Operation>`: `DropletsGet` is `Droplets.get`'s): its",
    " * method, path, path parameters' kinds and header parameters, and no Schema. The generated operations",
    " * (`src/generated/<Tag>.ts`) and the hand-written modules' operations on the same endpoint are built on these,",
    " * so each endpoint's request is defined once (`operation.ts`); a program bundles only the endpoints it uses.",
    " * Generated by `scripts/codegen/main.ts` (`pnpm codegen`): do not edit this file.",
    " *",
    " * @internal",
    " */",
    `import * as Op from "../../internal/operation.js"`,
    "",
    endpoints.join("\n\n"),
    ""
  ].join("\n")
  const order = (row: string) => /module: "(\w+)"/.exec(row)?.[1] ?? ""
  const manifestSource = [
    "/**",
    " * The manifest of the generated operations: for each function of each `@doapi/core/generated/<Module>`, its",
    " * method, path, path parameters (in the order of the function's arguments), body, query and header parameters,",
    " * and whether it is a paged listing (a `Stream`). Data only, no Schema: what a program needs to find and call an",
    " * operation by name (the `doapi api` command); what each answers and takes (`exchanges`) and the formats of",
    " * the strings of the Schemas (`formats`): what a program needs to answer it (`@doapi/testing`'s fake). Generated",
    " * by `scripts/codegen/main.ts` (`pnpm codegen`): do not edit this file.",
    " *",
    " * @since 0.2.0",
    " */",
    "",
    "/**",
    " * A parameter's type in the API's JSON: `integer | string` takes either (an ID or a name), `T[]` is an array",
    " * (a repeated query parameter), `json` anything else.",
    " *",
    " * @category models",
    " * @since 0.2.0",
    " */",
    `export type ParamType = "string" | "integer" | "number" | "boolean" | "integer | string" | "string[]" | ` +
    `"integer[]" | "number[]" | "boolean[]" | "json"`,
    "",
    "/**",
    " * One generated operation: the function `name` of `@doapi/core/generated/<module>`. Its arguments are the",
    " * path parameters in `pathParams`' order, then the body unless `body` is `none`, then an object of `params`",
    " * (query and header parameters) if it has any.",
    " *",
    " * @category models",
    " * @since 0.2.0",
    " */",
    "export interface Operation {",
    "  readonly module: string",
    "  readonly name: string",
    `  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD"`,
    "  readonly path: string",
    "  readonly pathParams: ReadonlyArray<readonly [name: string, type: ParamType]>",
    `  readonly body: "required" | "optional" | "none"`,
    `  readonly params: ReadonlyArray<readonly [name: string, type: ParamType, location: "query" | "header"]>`,
    "  /** A paged listing: the function returns a `Stream` of the items of every page. */",
    "  readonly stream: boolean",
    "}",
    "",
    "/**",
    " * Every generated operation, by module (in alphabetical order), then in the order of the API's paths.",
    " *",
    " * @category operations",
    " * @since 0.2.0",
    " */",
    "export const operations: ReadonlyArray<Operation> = [",
    [...manifest].map((row, i) => [order(row), i, row] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1])).map(([, , row]) => `  ${row},`).join("\n"),
    "]",
    "",
    "/**",
    " * A path parameter's kind: what the API takes in its place (`id`: a positive integer, `int`: an integer,",
    " * `idOrString`: either, `uuid`, `ipv4`, `ipv6`, `date`, `string`, or a string matching `pattern`).",
    " *",
    " * @category models",
    " * @since 0.3.0",
    " */",
    `export type PathKind = "id" | "int" | "idOrString" | "uuid" | "ipv4" | "ipv6" | "date" | "string" | ` +
    `{ readonly pattern: string }`,
    "",
    "/**",
    " * What an operation answers and takes: its success status, the Schemas (by name in",
    " * `@doapi/core/generated/Schemas`) of its JSON response, its body and its query and header parameters, its",
    " * response's media type when it is text, and its path parameters' kinds (in `pathParams`' order).",
    " *",
    " * @category models",
    " * @since 0.3.0",
    " */",
    "export interface Exchange {",
    "  readonly status: number",
    "  readonly response?: string | undefined",
    "  readonly text?: string | undefined",
    "  readonly body?: string | undefined",
    "  readonly params?: string | undefined",
    "  readonly pathKinds?: ReadonlyArray<PathKind> | undefined",
    "}",
    "",
    "/**",
    " * What each generated operation answers and takes, by `<module>.<name>`.",
    " *",
    " * @category operations",
    " * @since 0.3.0",
    " */",
    "export const exchanges: Readonly<Record<string, Exchange>> = {",
    exchanges.map((row) => `  ${row},`).join("\n"),
    "}",
    "",
    "/**",
    " * The formats of strings (`uuid`, `date-time`, `email`, `ipv4`, `uri`, ...), which the generated Schemas do not",
    " * keep: by Schema (a class of `@doapi/core/generated/Schemas`, or an operation's response, body or parameters),",
    " * then by path within it (`load_balancer.created_at`, `droplet_ids[]`) up to the classes it holds, which have",
    " * their own entry.",
    " *",
    " * @category operations",
    " * @since 0.3.0",
    " */",
    "export const formats: Readonly<Record<string, Readonly<Record<string, string>>>> = {",
    [...formats].filter(([, table]) => Object.keys(table).length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, table]) =>
        `  ${quoteKey(name)}: { ${
          Object.entries(table).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")
        } },`
      ).join("\n"),
    "}",
    ""
  ].join("\n")
  return {
    modules: sources,
    endpoints: endpointsSource,
    manifest: manifestSource,
    excluded,
    count: planned.length,
    streams
  }
}
