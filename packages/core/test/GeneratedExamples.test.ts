/**
 * The generated Schemas (`src/generated/Schemas.ts`, `pnpm codegen`) against every example of DigitalOcean's
 * OpenAPI document:
 * - every request body example (the media type's `example` and `examples`, `$ref`'d ones from
 *   `components.examples` included) decodes through the operation's generated request schema, and what it decodes
 *   to encodes again;
 * - every response example (the same, for every status of every operation, through `components.responses`)
 *   decodes through the generated response schema;
 * - every component schema's own `example` decodes through the component's class.
 * A check is one (generated schema, example) pair: an example shared by many operations through the same schema
 * (the `401` of every operation) is checked once, under the first operation that uses it.
 *
 * The examples that do not decode are the spec's own mistakes: each is listed in `specMistakes` with the reason. The
 * test fails when an unlisted example fails, and when a listed one decodes (the spec was fixed: remove it).
 * The spec is read from `../shared/do-openapi/DigitalOcean-public.v2.json` beside the repository; without it, this
 * file fails to load, saying where the spec is expected.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as S from "effect/Schema"
import { prepare } from "../scripts/codegen/prepare.js"
import * as Spec from "../scripts/codegen/spec.js"
import * as Generated from "../src/generated/Schemas.js"

/** Examples that do not match the spec's own schema, by check id, with the mistake. */
const specMistakes: Record<string, string> = {}

type Kind = "request" | "response" | "component"

interface Check {
  readonly id: string
  readonly kind: Kind
  readonly schemaName: string | undefined
  readonly value: unknown
}

/**
 * The spec as the generator saw it: the preparation keeps every example as it is, and decides some names (a body
 * `allOf: [{ $ref: X }]` becomes `{ $ref: X }`, so its schema is `X`).
 */
const spec = prepare(Spec.readSpec()).spec

/** The examples of a media type: `example`, then each of `examples` (resolved), by name. */
const mediaExamples = (media: Spec.Json): Array<[string, unknown]> => {
  const out: Array<[string, unknown]> = []
  if (media === undefined) return out
  if ("example" in media) out.push(["example", media.example])
  for (const [name, example] of Object.entries<Spec.Json>(media.examples ?? {})) {
    out.push([name, Spec.deref(spec, example).value])
  }
  return out
}

const checks: Array<Check> = []
const seen = new Set<string>()
const add = (id: string, kind: Kind, schemaName: string | undefined, example: unknown, identity: unknown) => {
  // The same example object through the same schema is one check.
  const key = `${kind} ${schemaName} ${JSON.stringify(identity)}`
  if (seen.has(key)) return
  seen.add(key)
  checks.push({ id, kind, schemaName, value: example })
}

for (const op of Spec.operations(spec)) {
  const name = `${op.method.toUpperCase()} ${op.path}`
  const request = op.operation.requestBody?.content?.["application/json"]
  for (const [example, value] of mediaExamples(request)) {
    add(`${name} request ${example}`, "request", Spec.requestSchemaName(op), value, value)
  }
  for (const status of Object.keys(op.operation.responses ?? {})) {
    const response = Spec.deref(spec, op.operation.responses[status])?.content?.["application/json"]
    for (const [example, value] of mediaExamples(response)) {
      add(`${name} ${status} ${example}`, "response", Spec.responseSchemaName(spec, op, status), value, value)
    }
  }
}
// A component is generated when an operation reaches it, and only as its own class when it is an object, an enum or
// a named alias: a plain `{ type: "string" }` component (`volume_write_file_system_label`) is inlined where it is used.
for (const [name, schema] of Object.entries<Spec.Json>(spec.components.schemas)) {
  if (schema.example !== undefined && Spec.identifier(name) in Generated) {
    add(`components.schemas.${name} example`, "component", Spec.identifier(name), schema.example, schema.example)
  }
}

/** Decodes (and, for a request body, encodes back) `check`'s example: the failure's message, or undefined. */
const failure = (check: Check): string | undefined => {
  const schema = check.schemaName === undefined
    ? undefined
    : (Generated as Record<string, unknown>)[check.schemaName]
  if (!S.isSchema(schema)) return `no generated schema ${check.schemaName}`
  const decoded = S.decodeUnknownEither(schema as S.Schema<unknown, unknown>)(check.value)
  if (Either.isLeft(decoded)) return ParseResult.TreeFormatter.formatErrorSync(decoded.left)
  if (check.kind === "request") {
    const encoded = S.encodeEither(schema as S.Schema<unknown, unknown>)(decoded.right)
    if (Either.isLeft(encoded)) return `encode: ${ParseResult.TreeFormatter.formatErrorSync(encoded.left)}`
  }
  return undefined
}

describe("the spec's examples through the generated Schemas", () => {
  it("finds the examples, and every listed mistake is one of them", () => {
    const count = (kind: Kind) => checks.filter((check) => check.kind === kind).length
    expect(count("request")).toBeGreaterThan(50)
    expect(count("response")).toBeGreaterThan(150)
    const ids = new Set(checks.map((check) => check.id))
    expect(Object.keys(specMistakes).filter((id) => !ids.has(id))).toEqual([])
  })

  for (const check of checks) {
    const mistake = specMistakes[check.id]
    if (mistake === undefined) {
      it(`${check.id} decodes`, () => {
        expect(failure(check)).toBeUndefined()
      })
    } else {
      it(`${check.id} does not decode (spec mistake: ${mistake})`, () => {
        expect(failure(check), "it decodes now: remove it from specMistakes").toBeDefined()
      })
    }
  }
})
