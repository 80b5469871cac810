/**
 * DigitalOcean's official OpenAPI document, for tests that check the client against the spec's own examples.
 *
 * The spec is not part of this repository: it is read from `../shared/do-openapi/DigitalOcean-public.v2.json`
 * beside the repository's root (see that directory's SOURCE.txt for where it comes from).
 *
 *   const [example] = Spec.responseExamples("GET", "/v2/droplets/{droplet_id}", 200)
 *   const body = Spec.responseExample("GET", "/v2/account", 200)
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

/** This file is `<root>/packages/core/test/utils/Spec.ts`: the root is four directories above its directory. */
const here = path.dirname(fileURLToPath(import.meta.url))

/** The repository's root (the directory holding `pnpm-workspace.yaml`). */
export const repositoryRoot: string = path.resolve(here, "..", "..", "..", "..")

/** Where the spec is expected: `<root>/../shared/do-openapi/DigitalOcean-public.v2.json`. */
export const specPath: string = path.resolve(
  repositoryRoot,
  "..",
  "shared",
  "do-openapi",
  "DigitalOcean-public.v2.json"
)

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type JsonObject = { readonly [key: string]: Json }

const isObject = (u: unknown): u is JsonObject => u !== null && typeof u === "object" && !Array.isArray(u)

/**
 * Reads and parses the spec at `file` (default: `specPath`). Throws when it is not there, saying where it was
 * expected and where it comes from.
 */
export const read = (file: string = specPath): JsonObject => {
  if (!fs.existsSync(file)) {
    throw new Error(
      `The DigitalOcean OpenAPI spec is missing: expected it at ${file} ` +
        `(../shared/do-openapi/DigitalOcean-public.v2.json relative to the repository root ${repositoryRoot}). ` +
        `It is not part of this repository: it comes from ../shared, the directory beside the repository ` +
        `(the official spec of https://github.com/digitalocean/openapi, bundled into one JSON file).`
    )
  }
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"))
  if (!isObject(parsed) || !isObject(parsed.paths) || !isObject(parsed.components)) {
    throw new Error(`${file} is not an OpenAPI document (no paths or components)`)
  }
  return parsed
}

let cached: JsonObject | undefined

/** The spec at `specPath`, read once; the repository root is checked first, so a moved file fails clearly. */
export const load = (): JsonObject => {
  if (cached !== undefined) return cached
  if (!fs.existsSync(path.join(repositoryRoot, "pnpm-workspace.yaml"))) {
    throw new Error(
      `Spec.ts: ${repositoryRoot} is not the repository's root (it has no pnpm-workspace.yaml): ` +
        `test/utils/Spec.ts must sit at <root>/packages/core/test/utils/`
    )
  }
  cached = read(specPath)
  return cached
}

/** The value a local `$ref` (`#/components/...`) points at. */
export const resolveRef = (ref: string): Json => {
  if (!ref.startsWith("#/")) throw new Error(`Spec.ts: only local $refs are supported, got ${ref}`)
  let node: Json = load()
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~")
    if (!isObject(node) || !(key in node)) throw new Error(`Spec.ts: unresolvable $ref ${ref} (at ${key})`)
    node = node[key]
  }
  return node
}

/** Follows `$ref`s until the node is not a reference. */
const deref = (node: Json): Json => {
  let current = node
  for (let depth = 0; isObject(current) && typeof current.$ref === "string"; depth++) {
    if (depth > 32) throw new Error(`Spec.ts: $ref cycle at ${current.$ref}`)
    current = resolveRef(current.$ref)
  }
  return current
}

/** Resolves every `$ref` inside a value (examples may reference other examples). */
const derefDeep = (node: Json, depth = 0): Json => {
  if (depth > 64) throw new Error("Spec.ts: $ref nesting too deep")
  const resolved = deref(node)
  if (Array.isArray(resolved)) return resolved.map((item) => derefDeep(item, depth + 1))
  if (isObject(resolved)) {
    return Object.fromEntries(Object.entries(resolved).map(([k, v]) => [k, derefDeep(v, depth + 1)]))
  }
  return resolved
}

/** Keywords that describe a value (rather than only constrain or document it). */
const describing = ["$ref", "example", "default", "enum", "type", "properties", "items", "allOf", "anyOf", "oneOf"]

/** An `allOf` member such as `{}` or `{ "required": ["total"] }`: it adds no value of its own. */
const constraintOnly = (node: Json): boolean => isObject(node) && !describing.some((keyword) => keyword in node)

/**
 * An example assembled from a schema the way a mock server (Prism) does when a response has no example of its
 * own: the schema's `example` if it has one, else an object of its properties' examples (`allOf` merged, the first
 * of `anyOf`/`oneOf`, arrays of one item). A leaf with neither `example`, `default` nor `enum` is an error, so an
 * assembled example never holds made-up values.
 */
const fromSchema = (node: Json, where: string, depth = 0): Json => {
  if (depth > 24) throw new Error(`Spec.ts: schema nesting too deep at ${where}`)
  const schema = deref(node)
  if (!isObject(schema)) throw new Error(`Spec.ts: not a schema at ${where}`)
  if ("example" in schema) return derefDeep(schema.example)
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf
      .filter((part) => !constraintOnly(part))
      .map((part, i) => fromSchema(part, `${where}/allOf/${i}`, depth + 1))
    const objects = parts.filter(isObject)
    if (objects.length !== parts.length) throw new Error(`Spec.ts: allOf of non-objects at ${where}`)
    return Object.assign({}, ...objects)
  }
  const alternatives = schema.anyOf ?? schema.oneOf
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return fromSchema(alternatives[0], `${where}/anyOf/0`, depth + 1)
  }
  if ("default" in schema) return derefDeep(schema.default)
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  if (schema.type === "array" && schema.items !== undefined) {
    return [fromSchema(schema.items, `${where}/items`, depth + 1)]
  }
  if (schema.type === "object" || isObject(schema.properties)) {
    const properties = isObject(schema.properties) ? schema.properties : {}
    return Object.fromEntries(
      Object.entries(properties)
        .filter(([, property]) => {
          const resolved = deref(property)
          return !(isObject(resolved) && resolved.writeOnly === true)
        })
        .map(([key, property]) => [key, fromSchema(property, `${where}/${key}`, depth + 1)])
    )
  }
  throw new Error(`Spec.ts: no example, default or enum for the schema at ${where}`)
}

/** Where an example came from. */
export type ExampleSource =
  | "examples" // content["application/json"].examples.<name>.value
  | "example" // content["application/json"].example
  | "schema.example" // the response schema's own example
  | "assembled" // assembled from the examples of the schema's properties

/** One example body of a response. */
export interface Example {
  /** The name under `examples`, or the source for the others. */
  readonly name: string
  readonly source: ExampleSource
  /** The body (JSON), every `$ref` resolved; typed `any` so tests can reach into it. */
  readonly value: any
}

/**
 * Every example body of an operation's response, in the spec's order: the media type's named `examples` (each),
 * else its `example`, else the schema's own example, else one assembled from the schema's properties.
 */
export const responseExamples = (method: string, apiPath: string, status: number | string): ReadonlyArray<Example> => {
  const spec = load()
  const where = `${method.toUpperCase()} ${apiPath} ${status}`
  const item = deref((spec.paths as JsonObject)[apiPath] ?? null)
  if (!isObject(item)) throw new Error(`Spec.ts: the spec has no path ${apiPath}`)
  const operation = deref(item[method.toLowerCase()] ?? null)
  if (!isObject(operation) || !isObject(operation.responses)) {
    throw new Error(`Spec.ts: the spec has no operation ${method.toUpperCase()} ${apiPath}`)
  }
  const response = deref(operation.responses[String(status)] ?? null)
  if (!isObject(response) || !isObject(response.content)) throw new Error(`Spec.ts: no response body for ${where}`)
  const media = deref(response.content["application/json"] ?? null)
  if (!isObject(media)) throw new Error(`Spec.ts: no application/json response for ${where}`)
  if (isObject(media.examples) && Object.keys(media.examples).length > 0) {
    return Object.entries(media.examples).map(([name, example]) => {
      const resolved = deref(example)
      if (!isObject(resolved) || !("value" in resolved)) {
        throw new Error(`Spec.ts: example ${name} of ${where} has no value`)
      }
      return { name, source: "examples", value: derefDeep(resolved.value) }
    })
  }
  if ("example" in media) return [{ name: "example", source: "example", value: derefDeep(media.example) }]
  if (media.schema === undefined) throw new Error(`Spec.ts: no schema nor example for ${where}`)
  const schema = deref(media.schema)
  if (isObject(schema) && "example" in schema) {
    return [{ name: "schema.example", source: "schema.example", value: derefDeep(schema.example) }]
  }
  return [{ name: "assembled", source: "assembled", value: fromSchema(media.schema, where) }]
}

/** The one example body of an operation's response; throws when there are several (use `responseExamples`). */
export const responseExample = (method: string, apiPath: string, status: number | string): any => {
  const examples = responseExamples(method, apiPath, status)
  if (examples.length !== 1) {
    throw new Error(
      `Spec.ts: ${method} ${apiPath} ${status} has ${examples.length} examples ` +
        `(${examples.map((e) => e.name).join(", ")}): use responseExamples`
    )
  }
  return examples[0].value
}
