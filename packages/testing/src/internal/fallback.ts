/**
 * The fake's answer to every operation of the API it does not model with state: a response built from the
 * operation's generated Schema (`@doapi/core/generated/Schemas`), found through core's manifest of the generated
 * operations (`@doapi/core/generated/Operations`: the path, the success status, the Schemas of the response and the
 * body, the path parameters' kinds and the formats of the strings). The fake holds no copy of the spec: everything
 * is read from core's generated modules, loaded on the first request no stateful route answers.
 *
 * The values are the smallest that the Schema accepts and the spec's formats allow (a UUID where the spec says
 * `uuid`, a timestamp of the Clock where it says `date-time`), with ids and numbers drawn from the fake's seeded
 * PRNG; a listing is one page of one item. A body that the operation's Schema refuses is a 422 in DigitalOcean's
 * shape; a path parameter of the wrong kind is a 404 (an integer id) or a 400 (a UUID, an address, a pattern).
 *
 * @internal
 */
import type * as Manifest from "@doapi/core/generated/Operations"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import type { FakeRequest, FakeResponse } from "./router.js"
import { error, json, notFound, unprocessable, UUID } from "./router.js"
import type { State } from "./store.js"
import { timestamp, uuid } from "./store.js"

/** One operation of the manifest, ready to match requests. */
interface Compiled {
  readonly operation: Manifest.Operation
  readonly exchange: Manifest.Exchange
  /** The path's segments: a literal, or `undefined` for a parameter. */
  readonly segments: ReadonlyArray<string | undefined>
}

interface Routes {
  readonly byMethod: ReadonlyMap<string, ReadonlyArray<Compiled>>
  readonly formats: Readonly<Record<string, Readonly<Record<string, string>>>>
}

interface Loaded extends Routes {
  readonly schemas: Readonly<Record<string, unknown>>
  readonly stringMatching: (pattern: string, seed: number) => string | undefined
}

let routing: Promise<Routes> | undefined
let loading: Promise<Loaded> | undefined

/** Loads the manifest, once, on first use (a stateful route's 404 needs only this). */
const loadRoutes = (): Promise<Routes> =>
  routing ??= import("@doapi/core/generated/Operations").then((manifest) => {
    const byMethod = new Map<string, Array<Compiled>>()
    for (const operation of manifest.operations) {
      const exchange = manifest.exchanges[`${operation.module}.${operation.name}`]
      if (exchange === undefined) continue
      const segments = operation.path.split("/").map((s) => (s.startsWith("{") ? undefined : s))
      byMethod.set(operation.method, [...(byMethod.get(operation.method) ?? []), { operation, exchange, segments }])
    }
    return { byMethod, formats: manifest.formats }
  })

/** Loads the manifest, the Schemas and fast-check, once, on first use. */
const load = (): Promise<Loaded> =>
  loading ??= Promise.all([loadRoutes(), import("@doapi/core/generated/Schemas"), import("effect/FastCheck")]).then(
    ([routes, schemas, fc]) => {
      const patterns = new Map<string, ReturnType<typeof fc.stringMatching>>()
      return {
        ...routes,
        schemas: schemas as Record<string, unknown>,
        stringMatching: (pattern, seed) => {
          let arbitrary = patterns.get(pattern)
          if (arbitrary === undefined) {
            try {
              arbitrary = fc.stringMatching(new RegExp(pattern))
            } catch {
              return undefined
            }
            patterns.set(pattern, arbitrary)
          }
          return fc.sample(arbitrary, { seed, numRuns: 1 })[0]
        }
      }
    }
  )

/** Whether template `a` is more literal than `b`: where they first differ, `a` has a literal and `b` a parameter. */
const moreLiteral = (a: ReadonlyArray<string | undefined>, b: ReadonlyArray<string | undefined>): boolean => {
  const i = a.findIndex((s, j) => (s === undefined) !== (b[j] === undefined))
  return i >= 0 && a[i] !== undefined
}

/**
 * The operation of the spec a request is for: the path's literal segments agree, and where two templates match,
 * the more literal one (`/v2/droplets/autoscale` before `/v2/droplets/{droplet_id}`); when `than` is given (a
 * stateful route's pattern), only a template more literal than it.
 */
const find = (loaded: Routes, method: string, path: string, than?: string) => {
  const segments = path.replace(/\/+$/, "").split("/")
  const rival = than?.split("/").map((s) => (s.startsWith(":") ? undefined : s))
  let best: Compiled | undefined
  for (const candidate of loaded.byMethod.get(method) ?? []) {
    if (candidate.segments.length !== segments.length) continue
    if (!candidate.segments.every((s, i) => s === undefined || s === segments[i])) continue
    if (rival !== undefined && !moreLiteral(candidate.segments, rival)) continue
    if (best === undefined || moreLiteral(candidate.segments, best.segments)) best = candidate
  }
  if (best === undefined) return undefined
  const values = best.segments.flatMap((s, i) => (s === undefined ? [segments[i]] : []))
  return { compiled: best, values }
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Why a path parameter's value is not of its kind (a 404 for an integer id, a 400 otherwise), or nothing. */
const checkParam = (name: string, kind: Manifest.PathKind, raw: string): FakeResponse | undefined => {
  let value: string
  try {
    value = decodeURIComponent(raw)
  } catch {
    return notFound()
  }
  if (value === "") return notFound()
  const bad = (what: string) => error(400, "bad_request", `${name} must be ${what}`)
  if (typeof kind === "object") return new RegExp(kind.pattern).test(value) ? undefined : bad(`match ${kind.pattern}`)
  switch (kind) {
    case "id":
      return /^[1-9]\d*$/.test(value) ? undefined : notFound()
    case "int":
      return /^-?\d+$/.test(value) ? undefined : notFound()
    case "uuid":
      return UUID.test(value) ? undefined : bad("a UUID")
    case "ipv4":
      return IPV4.test(value) ? undefined : bad("an IPv4 address")
    case "ipv6":
      return value.includes(":") && /^[0-9a-f:.]+$/i.test(value) ? undefined : bad("an IPv6 address")
    case "date":
      return DATE.test(value) ? undefined : bad("a date (YYYY-MM-DD)")
    default:
      return undefined
  }
}

/** The constraints a chain of refinements puts on a value (from their JSON Schema annotations). */
interface Constraints {
  readonly minimum?: number
  readonly maximum?: number
  readonly exclusiveMinimum?: number
  readonly exclusiveMaximum?: number
  readonly minLength?: number
  readonly maxLength?: number
  readonly pattern?: string
  readonly minItems?: number
  readonly maxItems?: number
}

/** How deep optional fields are filled in; below, only required ones (listings' items stay small). */
const OPTIONAL_DEPTH = 3
/** Past this depth (recursive Schemas), arrays are empty and objects hold only what they require. */
const MAX_DEPTH = 12

interface Walk {
  readonly loaded: Loaded
  readonly random: () => number
  readonly now: number
  /** Optional fields are filled in above this depth. */
  readonly optionalDepth: number
}

const pick = (random: () => number, from: number, to: number) => from + Math.floor(random() * (to - from + 1))

/** A string of a format, as `prism --errors` checks it. */
const formatted = (walk: Walk, format: string): string | undefined => {
  const { now, random } = walk
  switch (format) {
    case "uuid":
      return uuid(random)
    case "date-time":
      return timestamp(now)
    case "date":
      return timestamp(now).slice(0, 10)
    case "email":
      return "sammy@example.com"
    case "uri":
    case "url":
      return "https://example.com/"
    case "hostname":
      return "example.com"
    case "ipv4":
      return `203.0.113.${pick(random, 1, 254)}`
    case "ipv6":
      return `2001:db8::${pick(random, 1, 0xfff).toString(16)}`
    case "cidr":
      return "10.244.0.0/16"
    case "byte":
      return "ZXhhbXBsZQ=="
    case "int64":
    case "uint64":
      return String(pick(random, 1, 100_000))
    default:
      return undefined
  }
}

const fit = (text: string, c: Constraints): string => {
  let s = text
  if (c.maxLength !== undefined && s.length > c.maxLength) s = s.slice(0, c.maxLength)
  if (c.minLength !== undefined && s.length < c.minLength) s = s.padEnd(c.minLength, "x")
  return s
}

const string = (walk: Walk, c: Constraints, format: string | undefined, name: string): string => {
  const value = format === undefined ? undefined : formatted(walk, format)
  const plain = fit(value ?? (name === "" ? "example" : `example-${name}`), c)
  if (c.pattern === undefined) return plain
  let regex: RegExp
  try {
    regex = new RegExp(c.pattern)
  } catch {
    return plain
  }
  // A value of the format, or a plain one, when the pattern takes it; else one drawn to match the pattern.
  for (const candidate of [plain, uuid(walk.random), "example", "1", ""]) {
    if (regex.test(candidate) && fit(candidate, c) === candidate) return candidate
  }
  const seed = Math.floor(walk.random() * 2 ** 31)
  for (let i = 0; i < 20; i++) {
    const s = walk.loaded.stringMatching(c.pattern, seed + i)
    if (s !== undefined && fit(s, c) === s) return s
  }
  return plain
}

const number = (walk: Walk, c: Constraints): number => {
  const { exclusiveMaximum: xmax, exclusiveMinimum: xmin, maximum: max, minimum: min } = c
  const from = min !== undefined
    ? Math.ceil(min)
    : xmin !== undefined
    ? Math.floor(xmin) + 1
    : Math.min(1, Math.floor(max ?? xmax ?? 1))
  const to = max !== undefined ? Math.floor(max) : xmax !== undefined ? Math.ceil(xmax) - 1 : from + 1000
  if (from <= to) return pick(walk.random, from, Math.min(to, from + 1000))
  // No integer in the range (a fraction's, e.g. 0.1 to 0.9): its middle.
  const low = min ?? xmin ?? (max ?? xmax ?? 1) - 1
  return (low + (max ?? xmax ?? low + 1)) / 2
}

/** Where the walk is: the Schema whose formats apply, the path within it, the depth. */
interface Position {
  readonly scope: string
  readonly path: string
  readonly depth: number
}

const lastName = (path: string) => path.replace(/\[\]$/, "").split(".").pop() ?? ""

/** A value of the encoded side (the API's JSON) of a Schema. */
const generate = (walk: Walk, ast: AST.AST, at: Position, c: Constraints = {}): unknown => {
  switch (ast._tag) {
    case "Transformation": {
      const to = ast.to
      const id = to._tag === "Declaration" ? AST.getIdentifierAnnotation(to) : Option.none()
      // A class of the Schemas: the formats are its own, by path from it.
      const position = Option.isSome(id) ? { ...at, scope: id.value, path: "" } : at
      return generate(walk, ast.from, position, c)
    }
    case "Refinement": {
      const annotation = AST.getJSONSchemaAnnotation(ast)
      return generate(walk, ast.from, at, Option.isSome(annotation) ? { ...c, ...annotation.value } : c)
    }
    case "Suspend":
      return generate(walk, ast.f(), at, c)
    case "Declaration":
      return ast.typeParameters.length > 0 ? generate(walk, ast.typeParameters[0], at, c) : {}
    case "TypeLiteral": {
      const out: Record<string, unknown> = {}
      for (const property of ast.propertySignatures) {
        if (typeof property.name !== "string") continue
        if (property.isOptional && at.depth >= walk.optionalDepth) continue
        const value = generate(walk, property.type, {
          scope: at.scope,
          path: at.path === "" ? property.name : `${at.path}.${property.name}`,
          depth: at.depth + 1
        })
        if (value !== undefined) out[property.name] = value
      }
      return out
    }
    case "Union": {
      const members = ast.types.filter((t) =>
        t._tag !== "UndefinedKeyword" && !(t._tag === "Literal" && t.literal === null)
      )
      if (members.length === 0) return ast.types.some((t) => t._tag === "Literal") ? null : undefined
      return generate(walk, members[0], at, c)
    }
    case "Literal":
      return ast.literal
    case "Enums":
      return ast.enums[0]?.[1]
    case "TemplateLiteral":
      return ast.head
    case "StringKeyword":
      return string(walk, c, walk.loaded.formats[at.scope]?.[at.path], lastName(at.path))
    case "NumberKeyword":
      return number(walk, c)
    case "BooleanKeyword":
      return true
    case "TupleType": {
      const items: Array<unknown> = ast.elements.map((element, i) =>
        generate(walk, element.type, { ...at, path: `${at.path}[]`, depth: at.depth + 1 + i })
      )
      if (ast.rest.length > 0) {
        const wanted = at.depth >= MAX_DEPTH ? 0 : 1
        const count = Math.min(Math.max(wanted, c.minItems ?? 0), c.maxItems ?? Infinity) - items.length
        for (let i = 0; i < count; i++) {
          items.push(generate(walk, ast.rest[0].type, { ...at, path: `${at.path}[]`, depth: at.depth + 1 }))
        }
      }
      return items
    }
    case "UndefinedKeyword":
    case "VoidKeyword":
      return undefined
    default:
      // unknown, any, object: an empty object is what a schema-less field of the spec holds.
      return {}
  }
}

/** A listing's page is the whole listing: no next page, and `meta.total` counts its items. */
const onePage = (body: unknown): unknown => {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body
  const record = body as Record<string, unknown>
  if (!("links" in record) && !("meta" in record)) return body
  const items = Object.entries(record).find(([key, value]) => key !== "links" && Array.isArray(value))?.[1]
  return {
    ...record,
    ...("links" in record ? { links: {} } : {}),
    ...(record.meta !== null && typeof record.meta === "object" && "total" in record.meta
      ? { meta: { ...record.meta, total: Array.isArray(items) ? items.length : 0 } }
      : {})
  }
}

const textBody = (mediaType: string): string =>
  mediaType.includes("yaml")
    ? "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n"
    : mediaType.includes("csv")
    ? "name,value\nexample,1\n"
    : "example\n"

/** DigitalOcean's 422 for a body that the operation's Schema refuses: what is wrong, where. */
const refused = (error: ParseResult.ParseError): FakeResponse => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const message = issues.slice(0, 3).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  ).join("; ")
  return unprocessable(message === "" ? "request payload validation failed" : message)
}

const schemaOf = (loaded: Loaded, name: string | undefined): Schema.Schema<unknown, unknown> | undefined => {
  const schema = name === undefined ? undefined : loaded.schemas[name]
  return Schema.isSchema(schema) ? schema as Schema.Schema<unknown, unknown> : undefined
}

/**
 * The answer to a request no stateful route takes: the operation's success response built from its Schema, or
 * nothing for a path that is not the API's (or, given `than`, a stateful route's pattern, that no operation of
 * the API has a more literal path for).
 *
 * @internal
 */
export const answer = (
  state: State,
  request: FakeRequest,
  now: number,
  than?: string
): Effect.Effect<FakeResponse | undefined> =>
  Effect.flatMap(Effect.promise(loadRoutes), (routes) => {
    const found = find(routes, request.method, request.path, than)
    return found === undefined
      ? Effect.succeed(undefined)
      : Effect.map(Effect.promise(load), (loaded) => respond(loaded, state, request, now, found))
  })

const respond = (
  loaded: Loaded,
  state: State,
  request: FakeRequest,
  now: number,
  found: NonNullable<ReturnType<typeof find>>
): FakeResponse => {
  const { operation, exchange } = found.compiled
  const kinds = exchange.pathKinds ?? []
  for (let i = 0; i < found.values.length; i++) {
    const problem = checkParam(operation.pathParams[i]?.[0] ?? "id", kinds[i] ?? "string", found.values[i])
    if (problem !== undefined) return problem
  }
  // Pages as the stateful listings do: at most 200 a page.
  for (const name of ["per_page", "page"]) {
    const value = request.query.get(name)
    if (value === null || !operation.params.some(([param]) => param === name)) continue
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1 || (name === "per_page" && n > 200)) {
      return unprocessable(
        name === "page" ? "page must be a positive integer" : "per_page must be an integer from 1 to 200"
      )
    }
  }
  const bodySchema = schemaOf(loaded, exchange.body)
  if (bodySchema !== undefined) {
    const text = request.body.trim()
    if (text === "") {
      if (operation.body === "required") return unprocessable("a request body is required")
    } else {
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        return error(400, "bad_request", "error parsing request body")
      }
      const decoded = Schema.decodeUnknownEither(bodySchema)(body)
      if (Either.isLeft(decoded)) return refused(decoded.left)
    }
  }
  const walk: Walk = { loaded, random: state.random, now, optionalDepth: OPTIONAL_DEPTH }
  if (exchange.text !== undefined) {
    return { status: exchange.status, headers: { "content-type": exchange.text }, body: textBody(exchange.text) }
  }
  const responseSchema = schemaOf(loaded, exchange.response)
  if (responseSchema === undefined || exchange.status === 204) return { status: exchange.status }
  const body = generate(walk, responseSchema.ast, { scope: exchange.response!, path: "", depth: 0 })
  return json(exchange.status, onePage(body) as Record<string, unknown>)
}

/**
 * The smallest value (required fields only) of the generated Schema `name` (its encoded side: the API's JSON), as
 * the fake builds its answers: for tests that call every operation with a valid body and parameters.
 *
 * @internal
 */
export const example = (name: string, random: () => number, now = 0): Effect.Effect<unknown> =>
  Effect.map(Effect.promise(load), (loaded) => {
    const schema = schemaOf(loaded, name)
    if (schema === undefined) throw new Error(`no generated Schema ${name}`)
    return generate({ loaded, random, now, optionalDepth: 0 }, schema.ast, { scope: name, path: "", depth: 0 })
  })
