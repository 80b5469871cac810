/**
 * Prepares DigitalOcean's OpenAPI document for `@tim-smart/openapi-gen` 0.4.13: one small function per defect of the
 * generator's output on this spec, each saying what the defect is, what it changes, and counting the places it
 * touches (the counts are printed by `main.ts`, so a new spec that changes them is noticed). The spec is copied
 * first: the caller's document is never modified.
 *
 * Two defects of the generated *client* need no preparation because the client is not kept (`postprocess.ts` cuts
 * everything after the schemas; our own operation functions are generated later):
 * - `default` (unexpected_error) responses: openapi-gen makes them the success type of the operations (112) that have
 *   no 2xx JSON body. Every one is a `$ref` to the `Error` component, so it adds no schema.
 * - the `X-Dangerous` header is a boolean: the client passed it to `setHeaders`, which takes strings. Its `Params`
 *   schema keeps `S.Boolean` (what a caller passes); the operation functions will write it as `"true"`.
 */
import { deref, type Json } from "./spec.js"

/** What one preparation step did. */
export interface Step {
  readonly name: string
  readonly count: number
}

const isObject = (u: unknown): u is Record<string, Json> => u !== null && typeof u === "object" && !Array.isArray(u)

/** Keys whose values are data, not schemas nor prose: never walked into. */
const dataKeys = new Set(["example", "examples", "default", "enum", "const"])

/** Maps whose keys are names chosen by the spec (a property may be named `default` or `example`), not keywords. */
const nameMaps = new Set(["properties", "patternProperties", "schemas", "responses", "parameters", "headers"])

/** Visits every object of the document (depth first, parents before children), data values excepted. */
const walk = (node: Json, visit: (node: Record<string, Json>) => void, isNameMap = false): void => {
  if (Array.isArray(node)) {
    node.forEach((item) => walk(item, visit))
  } else if (isObject(node)) {
    if (!isNameMap) visit(node)
    for (const [key, value] of Object.entries(node)) {
      if (isNameMap) walk(value, visit)
      else if (!dataKeys.has(key) && !key.startsWith("x-")) walk(value, visit, nameMaps.has(key))
    }
  }
}

/** Replaces the contents of `node` by `replacement`'s, in place (the node may be shared through the document). */
const replace = (node: Record<string, Json>, replacement: Record<string, Json>): void => {
  for (const key of Object.keys(node)) delete node[key]
  Object.assign(node, replacement)
}

/** Keywords that annotate a schema without constraining the values it accepts. */
const annotations = new Set(["description", "title", "readOnly", "writeOnly", "deprecated", "example", "examples"])

const isAnnotationOnly = (schema: Json): boolean =>
  isObject(schema) && Object.keys(schema).every((key) => annotations.has(key) || key.startsWith("x-"))

/**
 * Defect: `allOf: [{ $ref: X }, { description | readOnly ... }]` (a reference plus annotations) loses `X`:
 * openapi-gen merges the members under the property's name without registering `X`, then refers to `X`, which is
 * never declared (`TagsMetadata`, `FirewallRuleTarget`: "Cannot find name").
 * Fix: such a wrapper becomes the bare `{ $ref: X }` (annotations are not generated anyway).
 */
export const unwrapAnnotatedRefs = (spec: Json): number => {
  let count = 0
  walk(spec, (node) => {
    if (!Array.isArray(node.allOf)) return
    const members = node.allOf.filter((member: Json) => !isAnnotationOnly(member))
    const wrapperIsAnnotation = Object.keys(node).every((key) => key === "allOf" || annotations.has(key))
    if (members.length === 1 && typeof members[0].$ref === "string" && wrapperIsAnnotation) {
      replace(node, { $ref: members[0].$ref })
      count++
    }
  })
  return count
}

const isRequiredChoice = (members: Json): boolean =>
  Array.isArray(members) &&
  members.every((m) => isObject(m) && Object.keys(m).every((key) => key === "required" || annotations.has(key)))

/**
 * Defect: openapi-gen resolves `allOf` correctly only for a component that is itself an `allOf`. Elsewhere:
 * - a request or response body that is an inline `allOf` (a list page: the items plus the `pagination` and `meta`
 *   components) is emitted as `class SshKeysList200 extends SshKeysList200 {}` ("recursively references itself as a
 *   base type"): the body is registered under its own name before its `allOf` is resolved;
 * - a nested `allOf` (a property, array items) whose `$ref` member was not registered yet loses that member: the
 *   firewall rules' `items: { allOf: [{ $ref: firewall_rule_base }, { properties: { sources } }] }` become a struct
 *   of `sources` only, and decoding silently drops `protocol` and `ports`.
 * Fix: every `allOf` left by `unwrapAnnotatedRefs` is merged into one schema: `$ref`'d members are resolved, the
 * `properties` are merged (a later member's wins), `required` is the union, other keywords are merged (a later
 * member's wins: `allOf: [{ $ref: a string }, { maxLength: 16 }]`); the properties themselves keep their `$ref`s.
 * An `anyOf` of `required` lists ("at least one of `inbound_rules`, `outbound_rules`": the four firewall bodies) is
 * not expressible by a struct: the properties stay optional.
 */
export const flattenAllOf = (spec: Json): number => {
  const merging = new Set<Json>()
  const merge = (schema: Json): Record<string, Json> => {
    const resolved = deref(spec, schema)
    if (!Array.isArray(resolved.allOf)) return resolved
    if (merging.has(resolved)) throw new Error("an allOf that contains itself")
    merging.add(resolved)
    const { allOf, ...rest } = resolved
    const out: Record<string, Json> = {}
    for (const member of [...allOf.map(merge), rest]) {
      for (const [key, value] of Object.entries<Json>(member)) {
        if (key === "properties") out.properties = { ...out.properties, ...value }
        else if (key === "required") out.required = [...new Set([...(out.required ?? []), ...value])]
        else if (key === "anyOf" && isRequiredChoice(value)) continue
        else if (key === "type" && out.type !== undefined && out.type !== value) {
          throw new Error(`allOf of a ${out.type} and a ${value}`)
        } else out[key] = value
      }
    }
    if (out.properties !== undefined) out.type = "object"
    merging.delete(resolved)
    return out
  }
  let count = 0
  walk(spec, (node) => {
    if (Array.isArray(node.allOf)) {
      replace(node, merge(node))
      count++
    }
  })
  return count
}

/**
 * Defect: a `oneOf` of inline enums (App Platform's `instance_size_slug`: the current slugs, or the deprecated ones)
 * collapses to one of them: openapi-gen registers every member under the same generated name, the last one wins.
 * Fix: the members become one enum of all their values (a `oneOf` of enums of one type is exactly that).
 */
export const mergeEnumUnions = (spec: Json): number => {
  let count = 0
  walk(spec, (node) => {
    for (const key of ["oneOf", "anyOf"] as const) {
      const members = node[key]
      if (!Array.isArray(members) || members.length < 2) continue
      const type = members[0].type
      if (!members.every((m: Json) => Array.isArray(m.enum) && m.type === type && m.$ref === undefined)) continue
      delete node[key]
      node.type = type
      node.enum = [...new Set(members.flatMap((m: Json) => m.enum))]
      count++
    }
  })
  return count
}

/**
 * Defect: an `anyOf` of objects whose properties are all optional (a list page's `links.pages`: `forward_links`
 * (`next`, `last`) or `backward_links` (`first`, `prev`) or `{}`) becomes an `S.Union` of structs: the first member accepts
 * every object, and decoding silently drops the other members' properties (a middle page's `first` and `prev`).
 * The same holds for a database's `config`: an `anyOf` of the seven engines' advanced configurations, where a
 * PostgreSQL configuration decoded as the first member (MySQL's) and lost every PostgreSQL setting.
 * Fix: such an `anyOf` becomes one object with every member's properties (all optional, as they were; a property
 * that members define differently is the `anyOf` of their definitions): it accepts what the `anyOf` accepts and keeps
 * every field.
 */
export const mergeOptionalAnyOf = (spec: Json): number => {
  let count = 0
  walk(spec, (node) => {
    if (!Array.isArray(node.anyOf) || node.anyOf.length < 2) return
    // An empty member (`{}`, as `page_links.pages` has) adds nothing to a union of objects.
    const members = node.anyOf.map((member: Json) => deref(spec, member)).filter((m: Json) => !isAnnotationOnly(m))
    const optionalObject = (m: Json) => isObject(m.properties) && (m.required ?? []).length === 0 && !("allOf" in m)
    if (!members.every(optionalObject)) return
    delete node.anyOf
    node.type = "object"
    // A property several members define differently (an engine's bounds) accepts what any of them accepts.
    const properties: Record<string, Array<Json>> = {}
    for (const member of members) {
      for (const [key, schema] of Object.entries<Json>(member.properties)) {
        const alternatives = (properties[key] ??= [])
        if (!alternatives.some((s) => JSON.stringify(s) === JSON.stringify(schema))) alternatives.push(schema)
      }
    }
    node.properties = Object.fromEntries(
      Object.entries(properties).map(([key, alternatives]) => [
        key,
        alternatives.length === 1 ? alternatives[0] : { anyOf: alternatives }
      ])
    )
    count++
  })
  return count
}

/**
 * Defect: an `anyOf`/`oneOf` of objects becomes an `S.Union`, which decodes a value with its first member that accepts
 * it, ignoring the fields that member does not know. DigitalOcean's alternatives share a discriminator that does not
 * discriminate (every droplet action's `type` is the enum of all actions), so `droplet_action` (`type` only), listed
 * first, accepted a resize and dropped its `size` and `disk`.
 * Fix: the object members are ordered by decreasing number of properties (stable): a value is decoded by the most
 * specific member that accepts it (order means nothing to `anyOf`/`oneOf` themselves).
 */
export const orderUnionsBySpecificity = (spec: Json): number => {
  const size = (member: Json) => Object.keys(deref(spec, member)?.properties ?? {}).length
  let count = 0
  walk(spec, (node) => {
    for (const key of ["anyOf", "oneOf"] as const) {
      const members = node[key]
      if (!Array.isArray(members) || members.length < 2 || !members.every((m) => size(m) > 0)) continue
      const ordered = members.map((m, i) => [m, i] as const).sort(([a, i], [b, j]) => size(b) - size(a) || i - j)
      if (ordered.some(([, i], k) => i !== k)) {
        node[key] = ordered.map(([m]) => m)
        count++
      }
    }
  })
  return count
}

/**
 * Defect: int64/uint64 values beyond `Number.MAX_SAFE_INTEGER` (Kafka's `flush_messages` defaults to 2^63-1; bounds
 * like `maximum: 9223372036854775807` or `18446744073709551615`) fail `S.Int`, which accepts safe integers only, although
 * the API sends them (JSON parsing rounds them to 2^63, 2^64).
 * Fix: an integer schema whose `minimum`, `maximum`, `default` or `example` is beyond the safe range becomes a
 * `number` (`S.Number`), and its unsafe bounds are dropped (they bound nothing a JavaScript number holds exactly).
 */
export const widenUnsafeIntegers = (spec: Json): number => {
  const unsafe = (value: Json) => typeof value === "number" && Math.abs(value) > Number.MAX_SAFE_INTEGER
  let count = 0
  walk(spec, (node) => {
    if (node.type !== "integer") return
    const keys = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "default", "example"]
    if (!keys.some((key) => unsafe(node[key]))) return
    node.type = "number"
    for (const key of keys.slice(0, 4)) if (unsafe(node[key])) delete node[key]
    count++
  })
  return count
}

/**
 * Not a defect of the generator: the generated code carries no prose from the spec (it would be ~10,000 lines of
 * JSDoc from a document under its own license). Every `description`, `summary` and `title` string is removed
 * (a property *named* `description` is a schema, an object, and is kept; examples are data and are not walked).
 */
export const stripProse = (spec: Json): number => {
  let count = 0
  walk(spec, (node) => {
    for (const key of ["description", "summary", "title"]) {
      if (typeof node[key] === "string") {
        delete node[key]
        count++
      }
    }
  })
  return count
}

/** Runs every step, in order, on a copy of `spec`. */
export const prepare = (spec: Json): { readonly spec: Json; readonly steps: ReadonlyArray<Step> } => {
  const copy = structuredClone(spec)
  const steps: Array<Step> = []
  const run = (name: string, f: (spec: Json) => number) => steps.push({ name, count: f(copy) })
  run("unwrapAnnotatedRefs", unwrapAnnotatedRefs)
  run("flattenAllOf", flattenAllOf)
  run("mergeEnumUnions", mergeEnumUnions)
  run("mergeOptionalAnyOf", mergeOptionalAnyOf)
  run("orderUnionsBySpecificity", orderUnionsBySpecificity)
  run("widenUnsafeIntegers", widenUnsafeIntegers)
  run("stripProse", stripProse)
  return { spec: copy, steps }
}
