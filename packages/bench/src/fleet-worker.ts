/**
 * One process of scenario 9 (one budget for a fleet): it lists the droplets (three pages) and polls droplets one
 * by one, on one token, through `RedisBudget.layer`, with more calls under way than the budget lets through, until
 * SIGTERM (which interrupts the calls under way). It prints `ready` after its first call and, once stopped, one JSON
 * line `{"calls":N,"failed":N}`.
 *
 * argv[2]: JSON `{ endpoint, token, redisUrl, prefix, pollers }`.
 */
import { Droplet } from "@doapi/core"
import * as RedisBudget from "@doapi/core/RedisBudget"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"

interface Args {
  readonly endpoint: string
  readonly token: string
  readonly redisUrl: string
  readonly prefix: string
  readonly pollers: number
}

const args: Args = JSON.parse(process.argv[2] ?? "{}")

const DigitalOcean = Layer.merge(
  FetchHttpClient.layer,
  RedisBudget.layer({
    token: args.token,
    endpoint: args.endpoint,
    perPage: 100,
    redis: { url: args.redisUrl, prefix: args.prefix }
  })
)

let calls = 0
let failed = 0

const count = <A, E, R>(call: Effect.Effect<A, E, R>): Effect.Effect<A | undefined, never, R> =>
  Effect.map(Effect.either(call), (result) => {
    calls++
    if (calls === 1) process.stdout.write("ready\n")
    if (Either.isRight(result)) return result.right
    failed++
    return undefined
  })

const program = Effect.gen(function*() {
  const first = (yield* count(Droplet.fetchAll())) ?? []
  const ids = first.map((droplet) => droplet.id)
  const lister = Effect.forever(count(Droplet.fetchAll()))
  const poller = (offset: number) => {
    let i = offset
    return Effect.forever(Effect.suspend(() => count(Droplet.fetch(ids[i++ % ids.length]!))))
  }
  yield* Effect.all(
    [lister, ...Array.from({ length: args.pollers }, (_, offset) => poller(offset * 7))],
    { concurrency: "unbounded", discard: true }
  )
})

const fiber = Effect.runFork(program.pipe(Effect.provide(DigitalOcean)))
process.once("SIGTERM", () => {
  Effect.runPromise(Fiber.interrupt(fiber)).then(() => {
    process.stdout.write(`${JSON.stringify({ calls, failed })}\n`)
    process.exit(0)
  })
})
fiber.addObserver((exit) => {
  if (Exit.isFailure(exit) && !Exit.isInterrupted(exit)) {
    process.stderr.write(`${String(exit.cause)}\n`)
    process.exit(1)
  }
})
