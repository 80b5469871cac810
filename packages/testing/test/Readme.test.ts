/**
 * The README's programs, run as a user would test them: with the fake's layer and TestClock, no network.
 */
import { DoConfig } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Console, Effect, Fiber, Layer, TestClock } from "effect"
import * as fs from "node:fs"
import * as Spec from "../../core/test/utils/Spec.js"
import { basics } from "../examples/basics.js"
import { provision } from "../examples/provision.js"
import { quickstart } from "../examples/quickstart.js"
import { wholeApi } from "../examples/wholeApi.js"

/** A Console that records what the program prints instead of printing it. */
const recording = () => {
  const lines: Array<string> = []
  const record = (...args: ReadonlyArray<unknown>) => Effect.sync(() => void lines.push(args.map(String).join(" ")))
  const console = new Proxy({} as Console.Console, {
    get: (_target, name) =>
      name === Console.TypeId ?
        Console.TypeId :
        name === "unsafe" ?
        globalThis.console :
        name === "log" || name === "error"
        ? record
        : () => Effect.void
  })
  return { lines, console }
}

/** Runs a program while the TestClock moves on, as far as it takes. */
const run = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(program)
    yield* TestClock.adjust("2 hours")
    return yield* Fiber.join(fiber)
  })

describe("the README's provisioning program, against the fake", () => {
  it.effect("provisions, reports and cleans up everything", () =>
    Effect.gen(function*() {
      const { console, lines } = recording()
      const result = yield* run(Effect.withConsole(provision, console))
      assert.match(result, /^provisioned and cleaned up: /)
      assert.include(result, "www.example.com")
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const { state } = fake
      assert.strictEqual(state.droplets.size, 0, "the droplet is deleted")
      assert.strictEqual(state.ips.size, 0, "the reserved IP is released")
      assert.strictEqual(state.sshKeys.size, 0, "the SSH key is deleted")
      assert.strictEqual(state.domains.size, 0, "the domain is deleted")
      assert.strictEqual(state.tags.size, 0, "the tag is deleted")
      assert.isFalse([...state.images.values()].some((image) => image.type === "snapshot"), "the snapshot is deleted")
      assert.isTrue(lines.some((line) => line.includes("now points at web-1")))
      assert.isTrue(lines.some((line) => line.startsWith("  deleted droplet web-1")))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an action that errors is reported by its tag, and everything is still cleaned up", () =>
    Effect.gen(function*() {
      const { console } = recording()
      const result = yield* run(Effect.withConsole(provision, console))
      assert.match(result, /^an action failed: snapshot action on droplet \d+: errored$/)
      const { state } = yield* FakeDigitalOcean.FakeDigitalOcean
      assert.strictEqual(state.droplets.size + state.ips.size + state.sshKeys.size, 0)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "snapshot" }] }))))

  it.effect("a wait that runs out of time is reported by its tag", () =>
    Effect.gen(function*() {
      const { console } = recording()
      const result = yield* run(Effect.withConsole(provision, console))
      assert.match(result, /^gave up waiting: wait time limit exceeded/)
      const { state } = yield* FakeDigitalOcean.FakeDigitalOcean
      assert.strictEqual(state.droplets.size, 0, "the droplet that never came up is deleted")
    }).pipe(Effect.provide(FakeDigitalOcean.layer({
      actionDuration: { create: "1 hour", default: "10 seconds" },
      // Each poll costs TestClock a few milliseconds of real time: poll once a minute over the 10-minute wait.
      config: { waitInterval: "1 minute" }
    }))))

  it.effect("an API error is reported by its tag with its request id", () =>
    Effect.gen(function*() {
      const { console } = recording()
      const result = yield* run(Effect.withConsole(provision, console))
      assert.match(result, /^the API said no: POST \/v2\/domains: 503 server_error: .* \[request [0-9a-f-]{36}\]$/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ faults: [{ route: "POST /v2/domains", status: 503 }] }))))
})

describe("the README's basics program, against the fake", () => {
  it.effect("prints the account, regions, sizes and the last action", () =>
    Effect.gen(function*() {
      const { console, lines } = recording()
      yield* run(Effect.withConsole(basics, console))
      assert.match(lines[0], /^account sammy@example\.com: active, up to 25 droplets$/)
      assert.match(lines[1], /^regions: nyc1, nyc3/)
      assert.match(lines[2], /^\d+ sizes, from s-1vcpu-512mb-10gb at \$4\/month$/)
      assert.strictEqual(lines[3], "no actions yet")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("waits on the last action, and reports a 401 by its tag", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      yield* fake.seedDroplets(1)
      const { console, lines } = recording()
      yield* run(Effect.withConsole(basics, console))
      assert.strictEqual(lines[3], "no actions yet")
      fake.state.tokens.clear()
      const refused = recording()
      yield* run(Effect.withConsole(basics, refused.console))
      assert.match(refused.lines[0], /^API error: GET \/v2\/account: 401 unauthorized/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("the README", () => {
  it("shows the example programs exactly as they are tested here", () => {
    const root = new URL("../../../", import.meta.url)
    const readme = fs.readFileSync(new URL("README.md", root), "utf8")
    for (const file of ["basics.ts", "provision.ts", "wholeApi.ts", "app.ts"]) {
      const source = fs.readFileSync(new URL(`packages/testing/examples/${file}`, root), "utf8").trim()
      assert.isTrue(readme.includes("```ts\n" + source + "\n```"), `README.md shows examples/${file} verbatim`)
    }
  })

  it("the package READMEs show their examples exactly as they are tested here", () => {
    const root = new URL("../../../", import.meta.url)
    const shows = (readme: string, file: string) => {
      const text = fs.readFileSync(new URL(readme, root), "utf8")
      const source = fs.readFileSync(new URL(file, root), "utf8").trim()
      assert.isTrue(text.includes("```ts\n" + source + "\n```"), `${readme} shows ${file} verbatim`)
    }
    shows("packages/core/README.md", "packages/testing/examples/quickstart.ts")
    shows("packages/testing/README.md", "packages/testing/test/Quickstart.test.ts")
  })
})

describe("the core package README's program, against the fake", () => {
  it.effect("prints the account and its droplet count", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      yield* fake.seedDroplets(3)
      const { console, lines } = recording()
      yield* run(Effect.withConsole(quickstart, console))
      assert.deepStrictEqual(lines, ["sammy@example.com: 3 of 25 droplets"])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("the README's whole-API program (generated modules)", () => {
  it.effect("creates a load balancer and lists the Kubernetes clusters, answered with the spec's examples", () =>
    Effect.gen(function*() {
      const sent: Array<string> = []
      const answers: Record<string, readonly [number, unknown]> = {
        "POST /v2/load_balancers": [202, Spec.responseExamples("POST", "/v2/load_balancers", 202)[0].value],
        "GET /v2/kubernetes/clusters": [200, Spec.responseExample("GET", "/v2/kubernetes/clusters", 200)]
      }
      const client = HttpClient.make((request, url) => {
        const key = `${request.method} ${url.pathname}`
        sent.push(key)
        const [status, body] = answers[key] ?? [404, { id: "not_found", message: key }]
        return Effect.succeed(HttpClientResponse.fromWeb(request, new Response(JSON.stringify(body), { status })))
      })
      const { console, lines } = recording()
      yield* Effect.withConsole(wholeApi, console).pipe(
        Effect.provide(Layer.merge(
          Layer.succeed(HttpClient.HttpClient, client),
          DoConfig.layer({ token: "token", endpoint: "https://api.example.test" })
        ))
      )
      assert.deepStrictEqual(sent, ["POST /v2/load_balancers", "GET /v2/kubernetes/clusters"])
      assert.match(lines[0], /^load balancer \S+: new$/)
      assert.match(lines[1], /^cluster prod-cluster-01 \(nyc1\): provisioning$/)
    }))
})
