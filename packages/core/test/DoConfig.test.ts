import type { RateLimit } from "@doapi/core"
import { DoConfig } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Layer, Option, Redacted } from "effect"

const fromEnv = (env: Record<string, string>, options?: Omit<DoConfig.Options, "token">) =>
  Layer.build(DoConfig.layerConfig(options)).pipe(
    Effect.map((context) => context.unsafeMap.get(DoConfig.DoConfig.key) as DoConfig.Service),
    Effect.scoped,
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

describe("DoConfig", () => {
  it.effect("layer: defaults", () =>
    Effect.gen(function*() {
      const config = yield* Effect.provide(DoConfig.DoConfig, DoConfig.layer({ token: "t" }))
      assert.strictEqual(Redacted.value(config.token), "t")
      assert.strictEqual(config.endpoint, "https://api.digitalocean.com")
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(30)))
      assert.isTrue(Duration.equals(config.waitInterval, Duration.seconds(2)))
      assert.isTrue(Option.isNone(config.waitTime))
      assert.strictEqual(config.perPage, 200)
      assert.strictEqual(config.pageConcurrency, 12)
      assert.strictEqual(config.retry.times, 4)
      assert.match(config.userAgent, /^doapi\//)
    }))

  it.effect("layer: values, a Redacted token kept as it is, a trailing slash trimmed, retry: false", () =>
    Effect.gen(function*() {
      const token = Redacted.make("secret")
      const config = yield* Effect.provide(
        DoConfig.DoConfig,
        DoConfig.layer({
          token,
          endpoint: "http://127.0.0.1:4010/",
          waitTime: "1 minute",
          waitInterval: 500,
          perPage: 50,
          pageConcurrency: 8,
          retry: false
        })
      )
      assert.strictEqual(config.token, token)
      assert.strictEqual(config.endpoint, "http://127.0.0.1:4010")
      assert.isTrue(Duration.equals(Option.getOrThrow(config.waitTime), Duration.minutes(1)))
      assert.isTrue(Duration.equals(config.waitInterval, Duration.millis(500)))
      assert.strictEqual(config.perPage, 50)
      assert.strictEqual(config.pageConcurrency, 8)
      assert.strictEqual(config.retry.times, 0)
      assert.notInclude(String(config.token), "secret")
    }))

  it.effect("perPage is clamped to what the API accepts (1 to 200)", () =>
    Effect.gen(function*() {
      const perPage = (n: number) =>
        Effect.map(Effect.provide(DoConfig.DoConfig, DoConfig.layer({ token: "t", perPage: n })), (c) => c.perPage)
      assert.deepStrictEqual([yield* perPage(500), yield* perPage(0), yield* perPage(20.5)], [200, 1, 20])
    }))

  it.effect("a negative waitTime waits forever", () =>
    Effect.gen(function*() {
      const config = yield* Effect.provide(DoConfig.DoConfig, DoConfig.layer({ token: "t", waitTime: -1 }))
      assert.isTrue(Option.isNone(config.waitTime))
    }))

  it.effect("layerConfig: the token from DIGITALOCEAN_TOKEN, the endpoint from DIGITALOCEAN_ENDPOINT", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({
        DIGITALOCEAN_TOKEN: "from-do",
        DO_API_TOKEN: "from-doapi",
        DIGITALOCEAN_ENDPOINT: "http://127.0.0.1:9"
      })
      assert.strictEqual(Redacted.value(config.token), "from-do")
      assert.strictEqual(config.endpoint, "http://127.0.0.1:9")
    }))

  it.effect("layerConfig: else the token from DO_API_TOKEN (doapi's variable); options for the rest", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({ DO_API_TOKEN: "from-doapi" }, { perPage: 20 })
      assert.strictEqual(Redacted.value(config.token), "from-doapi")
      assert.strictEqual(config.endpoint, "https://api.digitalocean.com")
      assert.strictEqual(config.perPage, 20)
    }))

  it.effect("layerConfig: a missing token is a ConfigError naming both variables", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(fromEnv({ DIGITALOCEAN_TOKEN: "" }))
      assert.strictEqual(error._op, "Or")
      const text = String(error)
      assert.include(text, "DIGITALOCEAN_TOKEN")
      assert.include(text, "DO_API_TOKEN")
    }))

  it.effect("budget: DigitalOcean's limits by default, values as given (also through layerConfig), false turns it off", () =>
    Effect.gen(function*() {
      const budget = (options: DoConfig.Options["budget"]) =>
        Effect.map(Effect.provide(DoConfig.DoConfig, DoConfig.layer({ token: "t", budget: options })), (c) => c.budget)
      const defaults = yield* budget(undefined)
      assert.deepStrictEqual(
        [defaults?.perMinute, defaults?.perHour, defaults?.reserve, defaults?.shared],
        [250, 5000, 0, undefined]
      )
      const shared: RateLimit.SharedBudget = { take: () => Effect.succeed(Duration.zero) }
      const given = yield* budget({ perMinute: 100, perHour: 1000, reserve: 0.25, shared })
      assert.deepStrictEqual(
        [given?.perMinute, given?.perHour, given?.reserve, given?.shared],
        [100, 1000, 0.25, shared]
      )
      assert.isUndefined(yield* budget(false))
      const fromConfig = yield* fromEnv({ DIGITALOCEAN_TOKEN: "t" }, { budget: { reserve: 0.5 } })
      assert.strictEqual(fromConfig.budget?.reserve, 0.5)
      assert.isUndefined((yield* fromEnv({ DIGITALOCEAN_TOKEN: "t" }, { budget: false })).budget)
    }))

  it.effect("budget: values that make no sense (from outside TypeScript) fall back to the defaults or are clamped", () =>
    Effect.gen(function*() {
      const config = yield* Effect.provide(
        DoConfig.DoConfig,
        DoConfig.layer({
          token: "t",
          budget: { perMinute: Number.NaN, perHour: -5, reserve: 3 } as DoConfig.Options["budget"]
        })
      )
      assert.deepStrictEqual(
        [config.budget?.perMinute, config.budget?.perHour, config.budget?.reserve],
        [250, 5000, 0.99]
      )
      const odd = yield* Effect.provide(
        DoConfig.DoConfig,
        DoConfig.layer({
          token: "t",
          budget: { perMinute: "lots", reserve: -1 } as unknown as DoConfig.Options["budget"]
        })
      )
      assert.deepStrictEqual([odd.budget?.perMinute, odd.budget?.reserve], [250, 0])
    }))
})
