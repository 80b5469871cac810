/**
 * The request path's decoder (`internal/schema.ts` `decodeUnknown`: decoding compiled from a schema's AST, with
 * Schema's parser behind it) gives what `Schema.decodeUnknown` gives, for every model of the package and for the
 * generated Schemas: the same values (classes, `null` defaults, absent optional fields, unknown fields dropped), and
 * the same failures. Inputs are the schemas' own arbitrary values, encoded and sent through JSON, then bent: a field
 * replaced with any JSON value, removed, or joined by an unknown one.
 */
import {
  Account,
  Action,
  App,
  Database,
  Domain,
  DomainRecord,
  Droplet,
  Firewall,
  FloatingIP,
  Image,
  Kubernetes,
  LoadBalancer,
  Project,
  Region,
  ReservedIP,
  Size,
  Snapshot,
  SSHKey,
  Tag,
  Volume,
  VPC
} from "@doapi/core"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc, ParseResult, Schema } from "effect"
import * as Arbitrary from "effect/Arbitrary"
import * as Generated from "../src/generated/Schemas.js"
import * as Schemas from "../src/internal/schema.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/** One change to a JSON value: at the `at`-th place of it (objects and arrays, depth first). */
type Bend =
  | { readonly at: number; readonly kind: "replace"; readonly value: Json; readonly key: number }
  | { readonly at: number; readonly kind: "remove"; readonly key: number }
  | { readonly at: number; readonly kind: "add"; readonly name: string; readonly value: Json }

const bendArbitrary: fc.Arbitrary<Bend> = fc.oneof(
  fc.record({
    at: fc.nat(),
    kind: fc.constant("replace" as const),
    value: fc.jsonValue() as fc.Arbitrary<Json>,
    key: fc.nat()
  }),
  fc.record({ at: fc.nat(), kind: fc.constant("remove" as const), key: fc.nat() }),
  fc.record({
    at: fc.nat(),
    kind: fc.constant("add" as const),
    name: fc.string(),
    value: fc.jsonValue() as fc.Arbitrary<Json>
  })
)

const places = (value: unknown, out: Array<Record<string, unknown> | Array<unknown>> = []) => {
  if (value !== null && typeof value === "object") {
    out.push(value as Record<string, unknown>)
    for (const child of Object.values(value)) places(child, out)
  }
  return out
}

/** `value` (a fresh copy from JSON) with `bend` applied in place. */
const bent = (value: unknown, bend: Bend): unknown => {
  const all = places(value)
  if (all.length === 0) return bend.kind === "replace" ? bend.value : value
  const place = all[bend.at % all.length] as Record<string, unknown>
  const keys = Object.keys(place)
  if (bend.kind === "add") {
    if (!Array.isArray(place)) place[bend.name] = bend.value
    return value
  }
  if (keys.length === 0) return value
  const key = keys[bend.key % keys.length]
  if (bend.kind === "remove") {
    if (Array.isArray(place)) place.splice(Number(key), 1)
    else delete place[key]
  } else {
    place[key] = bend.value
  }
  return value
}

/** Asserts the request path's decoder and Schema's agree on `input`: the same value, or both fail alike. */
const agree = <A, I>(schema: Schema.Schema<A, I>, input: unknown) => {
  const expected = Schema.decodeUnknownEither(schema)(input)
  const actual = Effect.runSync(Effect.either(Schemas.decodeUnknown(schema)(input)))
  if (Either.isRight(expected)) {
    expect(Either.isRight(actual), Either.isLeft(actual) ? String(actual.left) : "").toBe(true)
    const value = (actual as Either.Right<unknown, A>).right
    // Classes, prototypes and `undefined` fields are compared; key order too, through JSON.
    expect(value).toStrictEqual(expected.right)
    expect(JSON.stringify(value)).toBe(JSON.stringify(expected.right))
  } else {
    expect(Either.isLeft(actual), "the decoder took what Schema refuses").toBe(true)
    expect(ParseResult.TreeFormatter.formatErrorSync((actual as Either.Left<ParseResult.ParseError, A>).left))
      .toBe(ParseResult.TreeFormatter.formatErrorSync(expected.left))
  }
}

/** Property: for the schema's arbitrary values, encoded, through JSON, and bent 0 to 3 times, the two agree. */
const agreesOn = <A, I>(name: string, schema: Schema.Schema<A, I>, numRuns = 60) =>
  it(name, () => {
    const encode = Schema.encodeSync(schema)
    const values = Arbitrary.make(schema).map((value) => {
      try {
        return JSON.stringify(encode(value))
      } catch {
        // NaN, ±Infinity and the like, which JSON cannot carry and the API never sends: stringified as null.
        return "null"
      }
    })
    fc.assert(
      fc.property(values, fc.array(bendArbitrary, { maxLength: 3 }), (text, bends) => {
        const input = bends.reduce<unknown>(bent, JSON.parse(text))
        agree(schema, input)
      }),
      { numRuns }
    )
  })

describe("the request path's decoder agrees with Schema.decodeUnknown", () => {
  describe("on every model", () => {
    const models: ReadonlyArray<readonly [string, Schema.Schema<any, any>]> = [
      ["Account", Account.Account],
      ["Action", Action.Action],
      ["Region", Region.Region],
      ["Size", Size.Size],
      ["Droplet", Droplet.Droplet],
      ["Droplet.Networks", Droplet.Networks],
      ["Image", Image.Image],
      ["FloatingIP", FloatingIP.FloatingIP],
      ["ReservedIP", ReservedIP.ReservedIP],
      ["Domain", Domain.Domain],
      ["DomainRecord", DomainRecord.DomainRecord],
      ["SSHKey", SSHKey.SSHKey],
      ["Snapshot", Snapshot.Snapshot],
      ["Volume", Volume.Volume],
      ["Tag", Tag.Tag],
      ["LoadBalancer", LoadBalancer.LoadBalancer],
      ["Firewall", Firewall.Firewall],
      ["VPC", VPC.VPC],
      ["Project", Project.Project],
      ["Kubernetes.Cluster", Kubernetes.Cluster],
      ["Kubernetes.NodePool", Kubernetes.NodePool],
      ["Database.Cluster", Database.Cluster],
      ["App.App", App.App],
      ["App.Deployment", App.Deployment]
    ]
    for (const [name, schema] of models) agreesOn(name, schema)
    // A page of a listing, as the pagination decodes it (a plain struct around an array of classes).
    agreesOn(
      "a page of droplets",
      Schema.Struct({
        droplets: Schema.Array(Droplet.Droplet),
        meta: Schema.optional(Schema.Struct({ total: Schema.Int }))
      }),
      30
    )
  })

  describe("on generated Schemas", () => {
    // The shapes the generated layer adds (every generated Schema also decodes the spec's examples through the
    // compiled decoder: GeneratedExamples.test.ts).
    agreesOn("a discriminated union (DropletActionsPostRequest)", Generated.DropletActionsPostRequest, 40)
    agreesOn("optional nullable fields, records (DatabaseConfig)", Generated.DatabaseConfig, 20)
    agreesOn("nested allOf (Firewall)", Generated.Firewall, 40)
    agreesOn("a record of unknown values (PageLinks)", Generated.PageLinks, 40)
    agreesOn("recursion (ApiWorkspace)", Generated.ApiWorkspace, 10)
  })

  it("on Schema's corner cases: a record beside fields, overlapping union members, absent required keys", () => {
    const cases: ReadonlyArray<readonly [Schema.Schema<any, any>, ReadonlyArray<unknown>]> = [
      [Schema.Struct({ a: Schema.Number }, Schema.Record({ key: Schema.String, value: Schema.Unknown })), [
        { a: 1, b: "x" },
        { a: "1" },
        {}
      ]],
      [Schema.Struct({ a: Schema.NumberFromString }, Schema.Record({ key: Schema.String, value: Schema.Unknown })), [
        { a: "1", b: 2 }
      ]],
      [Schema.Struct({ a: Schema.Number }, Schema.Record({ key: Schema.String, value: Schema.Number })), [
        { a: 1, b: 2 },
        { a: 1, b: "2" }
      ]],
      [Schema.Union(Schema.Struct({ a: Schema.String }), Schema.Struct({ a: Schema.String, b: Schema.Number })), [
        { a: "x", b: 1 },
        { b: 1 }
      ]],
      [
        Schema.Union(
          Schema.Struct({ type: Schema.Literal("a"), x: Schema.optional(Schema.Number) }),
          Schema.Struct({ x: Schema.Number })
        ),
        [{ type: "a", x: 1 }, { type: "b", x: 1 }, { x: 1 }]
      ],
      [Schema.Struct({ a: Schema.Undefined, b: Schema.optional(Schema.Number) }), [{}, { b: undefined }, { a: 1 }]],
      [Schema.Array(Schema.NumberFromString), [["1", "2"], ["1", 2], []]],
      [Schema.Tuple(Schema.String, Schema.Number), [["a", 1], ["a"]]],
      [Schema.Struct({ at: Schema.DateTimeUtc, n: Schema.NullOr(Schema.Int) }), [
        { at: "2020-07-21T18:37:44Z", n: null },
        { at: "yesterday", n: 1 },
        { at: "2020-07-21T18:37:44Z", n: 1.5 }
      ]]
    ]
    for (const [schema, inputs] of cases) for (const input of inputs) agree(schema, input)
  })

  it("fills the class defaults and keeps absent optional fields absent", () => {
    const input = { id: 7 }
    agree(Image.Image, input)
    const image = Effect.runSync(Schemas.decodeUnknown(Image.Image)(input))
    expect(image).toBeInstanceOf(Image.Image)
    expect(image.slug).toBeNull()
    expect("name" in image).toBe(false)
  })

  it("drops unknown fields, and does not change its input", () => {
    const input = { id: 7, slug: "ubuntu", added_later: { deep: [1, 2] } }
    const copy = structuredClone(input)
    const image = Effect.runSync(Schemas.decodeUnknown(Image.Image)(input))
    expect("added_later" in image).toBe(false)
    expect(input).toStrictEqual(copy)
  })

  it("a failure is Schema's own ParseError", () => {
    const error = Effect.runSync(Effect.flip(Schemas.decodeUnknown(Image.Image)({ id: "7" })))
    expect(ParseResult.isParseError(error)).toBe(true)
    expect(error.message).toContain("id")
  })
})
