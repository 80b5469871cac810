/**
 * The operations of the API the fake does not model with state (answered from their generated Schemas), and how to
 * call each as a program would: the generated function of `@doapi/core/generated/<Module>` with the smallest valid
 * arguments. Shared by `test/Fallback.test.ts` and the spec-validated scenario (`scripts/unmodelled.ts`).
 */
import * as Manifest from "@doapi/core/generated/Operations"
import { FakeDigitalOcean } from "@doapi/testing"
import { Chunk, Effect, Stream } from "effect"
import * as Fallback from "../../src/internal/fallback.js"
import { prng } from "../../src/internal/store.js"

/** A route as a shape: its method and its path with every parameter alike (`GET /v2/droplets/:`). */
const shape = (method: string, path: string) => `${method} ${path.replace(/\{[^}]+\}|:[^/]+/g, ":")}`

const stateful = new Set(FakeDigitalOcean.routeKeys.map((key) => shape(key.split(" ")[0]!, key.split(" ")[1]!)))

/** The operations the fake does not model: each answered from its Schema. */
export const unmodelled: ReadonlyArray<Manifest.Operation> = Manifest.operations.filter((op) =>
  !stateful.has(shape(op.method, op.path))
)

/** What the operation answers and takes. */
export const exchangeOf = (op: Manifest.Operation): Manifest.Exchange => Manifest.exchanges[`${op.module}.${op.name}`]!

const pathValue = (type: Manifest.ParamType, kind: Manifest.PathKind | undefined): string | number => {
  if (type === "integer" || type === "integer | string") return 1
  if (typeof kind === "object") return "example"
  switch (kind) {
    case "uuid":
      return "3b8e2a4e-8b1c-4e6e-9d2f-0a1b2c3d4e5f"
    case "ipv4":
      return "203.0.113.7"
    case "ipv6":
      return "2001:db8::1"
    case "date":
      return "2026-01-01"
    default:
      return "example"
  }
}

/** The arguments of a call of `op` with the smallest valid values (required fields only). */
export const argumentsOf = (op: Manifest.Operation) =>
  Effect.gen(function*() {
    const exchange = exchangeOf(op)
    const random = prng(7)
    const args: Array<unknown> = op.pathParams.map(([, type], i) => pathValue(type, exchange.pathKinds?.[i]))
    if (op.body !== "none") {
      args.push(exchange.body === undefined ? undefined : yield* Fallback.example(exchange.body, random))
    }
    if (op.params.length > 0) {
      args.push(exchange.params === undefined ? {} : yield* Fallback.example(exchange.params, random))
    }
    return args
  })

/**
 * Calls `op` as a program would: the generated function, which decodes the answer with its Schema (a listing:
 * its items, up to 50).
 */
export const call = (op: Manifest.Operation) =>
  Effect.gen(function*() {
    const module: Record<string, (...args: ReadonlyArray<unknown>) => unknown> = yield* Effect.promise(() =>
      import(`@doapi/core/generated/${op.module}`)
    )
    const args = yield* argumentsOf(op)
    const result = module[op.name]!(...args)
    return op.stream
      ? Chunk.toReadonlyArray(yield* Stream.runCollect(Stream.take(result as Stream.Stream<unknown, unknown>, 50)))
      : yield* (result as Effect.Effect<unknown, unknown>)
  })
