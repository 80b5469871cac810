/**
 * The OpenAPI document the code generator reads, and the names `@tim-smart/openapi-gen` 0.4.13 gives the schemas it
 * emits for each operation. Shared by the generator (`main.ts`, for the generated JSDoc) and by the test that decodes
 * every example of the spec through the generated schemas (`test/GeneratedExamples.test.ts`).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

/** This file is `<root>/packages/core/scripts/codegen/spec.ts`. */
export const repositoryRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..")

/** Where the spec is expected: `<root>/../shared/do-openapi/DigitalOcean-public.v2.json` (never in the repository). */
export const specPath: string = path.resolve(repositoryRoot, "../shared/do-openapi/DigitalOcean-public.v2.json")

/** A JSON value, loosely typed: the spec is walked structurally. */
export type Json = any

/** Reads the spec; throws, saying where it is expected, when it is absent. */
export const readSpec = (file: string = specPath): Json => {
  if (!fs.existsSync(file)) {
    throw new Error(
      `The DigitalOcean OpenAPI spec is missing: expected it at ${file} ` +
        `(../shared/do-openapi/DigitalOcean-public.v2.json relative to the repository root ${repositoryRoot}). ` +
        `It is not part of the repository: see ../shared/do-openapi/SOURCE.txt for where it comes from.`
    )
  }
  const spec = JSON.parse(fs.readFileSync(file, "utf8"))
  if (spec === null || typeof spec !== "object" || typeof spec.paths !== "object") {
    throw new Error(`${file} is not an OpenAPI document (no paths)`)
  }
  return spec
}

/** The HTTP methods openapi-gen generates, in its order. */
export const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const

/** One operation of the spec. */
export interface Operation {
  readonly method: (typeof methods)[number]
  readonly path: string
  readonly operationId: string
  readonly tag: string | undefined
  readonly operation: Json
}

/** Every operation, in the spec's order (the order openapi-gen visits them). */
export const operations = (spec: Json): ReadonlyArray<Operation> =>
  Object.entries<Json>(spec.paths).flatMap(([p, item]) =>
    methods.filter((method) => item[method] !== undefined).map((method) => ({
      method,
      path: p,
      operationId: item[method].operationId,
      tag: item[method].tags?.[0],
      operation: item[method]
    }))
  )

/** openapi-gen's `camelize`: letters kept, a digit or symbol capitalizes the next letter, leading digits dropped. */
export const camelize = (self: string): string => {
  let str = ""
  let hadSymbol = false
  for (let i = 0; i < self.length; i++) {
    const code = self.charCodeAt(i)
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      str += hadSymbol ? self[i].toUpperCase() : self[i]
      hadSymbol = false
    } else if (code >= 48 && code <= 57) {
      if (str.length > 0) {
        str += self[i]
        hadSymbol = true
      }
    } else if (str.length > 0) {
      hadSymbol = true
    }
  }
  return str
}

/** openapi-gen's `identifier`: the class name it derives from an operationId or a component's name. */
export const identifier = (name: string): string => {
  const camel = camelize(name)
  return camel.charAt(0).toUpperCase() + camel.slice(1)
}

/** Follows `$ref`s (`#/...` only) to the object they name. */
export const deref = (spec: Json, value: Json): Json => {
  let current = value
  while (current !== null && typeof current === "object" && typeof current.$ref === "string") {
    current = current.$ref.slice(2).split("/").reduce((node: Json, key: string) => node?.[key], spec)
  }
  return current
}

/** The name of the schema generated for a request or response body schema (a `$ref` names its component). */
const bodySchemaName = (schema: Json, inlineName: string): string =>
  typeof schema?.$ref === "string" ? identifier(schema.$ref.split("/").pop()) : inlineName

/** The generated schema of an operation's JSON request body, if it has one. */
export const requestSchemaName = (op: Operation): string | undefined => {
  const schema = op.operation.requestBody?.content?.["application/json"]?.schema
  return schema === undefined ? undefined : bodySchemaName(schema, `${identifier(op.operationId)}Request`)
}

/** The generated schema of an operation's JSON response for `status` (`"200"`, `"default"`...), if it has one. */
export const responseSchemaName = (spec: Json, op: Operation, status: string): string | undefined => {
  const schema = deref(spec, op.operation.responses?.[status])?.content?.["application/json"]?.schema
  return schema === undefined ? undefined : bodySchemaName(schema, `${identifier(op.operationId)}${status}`)
}

/**
 * The generated schema of an operation's query and header parameters, if openapi-gen emits one: it does when any
 * parameter is not an inline path or cookie parameter (a `$ref`'d parameter counts before it is resolved, so an
 * operation whose only parameters are `$ref`'d path parameters gets an empty `Params` struct).
 */
export const paramsSchemaName = (op: Operation): string | undefined =>
  (op.operation.parameters ?? []).some((p: Json) => p.in !== "path" && p.in !== "cookie")
    ? `${identifier(op.operationId)}Params`
    : undefined

/** The operation's page in DigitalOcean's API reference. */
export const referenceUrl = (op: Operation): string =>
  `https://docs.digitalocean.com/reference/api/digitalocean/#tag/${
    encodeURIComponent((op.tag ?? "").replace(/ /g, "-"))
  }/operation/${encodeURIComponent(op.operationId)}`
