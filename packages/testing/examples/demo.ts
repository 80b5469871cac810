/**
 * The demo (`pnpm demo`): the README's examples, run against the fake DigitalOcean served over real HTTP on
 * loopback, offline. With DIGITALOCEAN_TOKEN set, it offers a read-only run against the real API instead.
 */
import { Account, Action, DoConfig, Droplet, Region, Size } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { FetchHttpClient } from "@effect/platform"
import { Console, Duration, Effect, Fiber, Layer, Schedule, Stream } from "effect"
import { basics } from "./basics.js"
import { provision } from "./provision.js"

const section = (title: string) => Console.log(`\n== ${title}`)

/** Prints a line every second while `effect` runs: visible progress for long waits. */
const withProgress = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const started = Date.now()
    const ticker = yield* Effect.fork(
      Effect.repeat(
        Effect.suspend(() => Console.log(`  ... ${label} (${Math.round((Date.now() - started) / 1000)} s)`)),
        Schedule.spaced("1 second")
      ).pipe(Effect.delay("1 second"))
    )
    return yield* Effect.ensuring(effect, Fiber.interrupt(ticker))
  })

const offline = Effect.gen(function*() {
  yield* section("The basics: account, regions, sizes, the last action")
  yield* basics

  yield* section("Creating three droplets, waiting for them")
  const { droplets } = yield* Droplet.createMultiple({
    names: ["app-1", "app-2", "app-3"],
    region: "ams3",
    size: "s-1vcpu-1gb",
    image: "debian-12-x64",
    tags: ["demo"]
  })
  yield* Console.log(`  created ${droplets.map((d) => `${d.name} (${d.status})`).join(", ")}`)
  yield* withProgress(
    "waiting for the droplets",
    Droplet.waitAll(droplets, { status: "active" }).pipe(
      Stream.runForEach((d) => Console.log(`  ${d.name} is ${d.status} at ${d.ipv4Address}`))
    )
  )

  yield* section("The provisioning example: SSH key, droplet, reserved IP, snapshot, DNS, tag, clean-up")
  yield* Console.log(yield* withProgress("provisioning", provision))

  yield* section("Listing with pagination")
  const fake = yield* FakeDigitalOcean.FakeDigitalOcean
  yield* fake.seedDroplets(1200, { tag: "fleet" })
  const started = Date.now()
  const count = yield* Stream.runCount(Droplet.stream({ tag_name: "fleet" }))
  yield* Console.log(
    `  listed ${count} droplets tagged fleet (pages of 200, 4 at a time) in ${Date.now() - started} ms`
  )

  yield* section("Cleaning up")
  yield* Droplet.deleteByTag("demo")
  yield* Droplet.deleteByTag("fleet")
  const left = yield* Droplet.fetchAll()
  yield* Console.log(`  deleted; ${left.length} droplets left`)
})

const online = Effect.gen(function*() {
  yield* Console.log(
    "DIGITALOCEAN_TOKEN is set: a READ-ONLY run against the real DigitalOcean API (nothing is created)."
  )
  const account = yield* Account.fetch
  yield* Console.log(`account ${account.email}: ${account.status}`)
  yield* Console.log(`regions: ${(yield* Region.fetchAll).filter((r) => r.available).join(", ")}`)
  yield* Console.log(`${(yield* Size.fetchAll).length} sizes`)
  const droplets = yield* Droplet.fetchAll()
  yield* Console.log(`${droplets.length} droplets${droplets.length > 0 ? ":" : ""}`)
  for (const d of droplets.slice(0, 20)) yield* Console.log(`  ${d.name} (${d.id}): ${d.status} in ${d.regionSlug}`)
  const last = yield* Action.fetchLast
  yield* Console.log(`last action: ${last._tag === "Some" ? `${last.value.type} ${last.value.status}` : "none"}`)
})

const main: Effect.Effect<void, unknown> = process.env["DIGITALOCEAN_TOKEN"]
  ? online.pipe(Effect.provide(Layer.merge(FetchHttpClient.layer, DoConfig.layerConfig())))
  : Effect.gen(function*() {
    const server = yield* FakeDigitalOcean.serve({ actionDuration: "2 seconds" })
    yield* Console.log(
      `A fake DigitalOcean API is serving on ${server.url} (offline; set DIGITALOCEAN_TOKEN for the real one).`
    )
    yield* offline.pipe(
      Effect.provide(Layer.mergeAll(
        FetchHttpClient.layer,
        DoConfig.layer({ token: server.fake.token, endpoint: server.url, waitInterval: Duration.millis(250) }),
        Layer.succeed(FakeDigitalOcean.FakeDigitalOcean, server.fake)
      ))
    )
    yield* Console.log(`\n${server.fake.state.actions.size} actions ran; the demo is done.`)
  }).pipe(Effect.scoped)

Effect.runPromise(main).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
