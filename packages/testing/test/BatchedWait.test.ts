/**
 * Waits that batch (#11): `Action.waitAll`, `Droplet.waitAll` and `Action.waitActionsOnObjects` poll many objects
 * with one listing when that costs fewer requests than one GET each, against the fake under TestClock.
 */
import { Action, DoConfig, DoError, Droplet, Tag } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Clock, Effect, Either, Fiber, Layer, Schema, Stream, TestClock } from "effect"

interface Sent {
  readonly path: string
  readonly query: string
  readonly at: number
}

/** The fake, and a program on its token whose requests are recorded (path, query, Clock time). */
const harness = (
  options: FakeDigitalOcean.Options = {},
  config: Omit<DoConfig.Options, "token" | "endpoint"> = {}
) =>
  Effect.gen(function*() {
    const fake = yield* FakeDigitalOcean.make(options)
    const sent: Array<Sent> = []
    const client = HttpClient.tapRequest(FakeDigitalOcean.httpClient(fake), (request) =>
      Effect.map(Clock.currentTimeMillis, (at) => {
        const url = new URL(request.url)
        const query = request.urlParams.map(([k, v]) =>
          `${k}=${v}`
        ).join("&")
        sent.push({ path: url.pathname, query, at })
      }))
    const layer = Layer.mergeAll(
      Layer.succeed(HttpClient.HttpClient, client),
      DoConfig.layer({ ...config, token: fake.token, endpoint: "https://api.digitalocean.com" })
    )
    const provide = <A, E, R>(
      self: Effect.Effect<A, E, R>
    ): Effect.Effect<A, E, Exclude<R, HttpClient.HttpClient | DoConfig.DoConfig>> => Effect.provide(self, layer)
    return { fake, sent, provide }
  })

/** Seeds in-progress actions straight into the fake's state, each finishing `after[i]` ms from now; their ids. */
const seedActions = (fake: FakeDigitalOcean.Fake, after: ReadonlyArray<number>) =>
  Effect.map(Clock.currentTimeMillis, (now) => {
    const region = fake.state.regions[1]
    return after.map((ms, i) => {
      const id = fake.state.counters.action++
      fake.state.actions.set(id, {
        json: {
          id,
          status: "in-progress",
          type: "reboot",
          started_at: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
          completed_at: null,
          resource_id: 402_000_000 + i,
          resource_type: "droplet",
          region,
          region_slug: region.slug
        },
        completesAt: now + ms,
        outcome: "completed",
        target: `droplet:${402_000_000 + i}`
      })
      return id
    })
  })

/** A deterministic spread of finishing times within `within` ms. */
const spread = (count: number, within: number, seed = 7) => {
  let x = seed
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return 1 + Math.floor((x / 2147483648) * within)
  })
}

/** Today's per-object behaviour, as `Action.waitAll` polled before: each round, one GET per unfinished action. */
const perObject = (ids: ReadonlyArray<number>, intervalMs: number) =>
  Effect.gen(function*() {
    let pending = [...ids]
    const emitted: Array<{ readonly action: Action.Action; readonly at: number }> = []
    while (pending.length > 0) {
      const start = yield* Clock.currentTimeMillis
      const fresh = yield* Effect.forEach(pending, (id) => Action.fetch(id), { concurrency: "unbounded" })
      const at = yield* Clock.currentTimeMillis
      for (const action of fresh) if (action.done) emitted.push({ action, at })
      pending = fresh.filter((action) => !action.done).map((action) => action.id)
      if (pending.length > 0) yield* Effect.sleep(Math.max(0, start + intervalMs - (yield* Clock.currentTimeMillis)))
    }
    return emitted
  })

const batched = (ids: ReadonlyArray<number>, options?: Action.WaitOptions) =>
  Effect.gen(function*() {
    const emitted: Array<{ readonly action: Action.Action; readonly at: number }> = []
    yield* Stream.runForEach(
      Action.waitAll(ids, options),
      (action) => Effect.map(Clock.currentTimeMillis, (at) => emitted.push({ action, at }))
    )
    return emitted
  })

/** Runs `program` forked and advances the TestClock until it is done. */
const drive = <A, E>(program: Effect.Effect<A, E>, step: Duration.DurationInput = "500 millis", limit = 3600) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(program)
    for (let i = 0; i < limit; i++) {
      const done = yield* fiber.poll
      if (done._tag === "Some") break
      yield* TestClock.adjust(step)
    }
    return yield* Fiber.join(fiber)
  })

const noLimit = { rateLimit: { minute: 1e9, hourly: 1e9 } }

describe.sequential("Action.waitAll, batched", () => {
  it.effect(
    "100 actions: the same results as one GET each per round, with far fewer requests",
    () =>
      Effect.gen(function*() {
        const after = spread(100, 60_000)

        // Today's behaviour without pacing and without the fake's limit: one GET per unfinished action per round.
        const old = yield* harness(noLimit, { budget: false })
        const oldIds = yield* seedActions(old.fake, after)
        const oldStart = yield* Clock.currentTimeMillis
        const expected = yield* drive(old.provide(perObject(oldIds, 2000)))

        const ours = yield* harness(noLimit)
        const ids = yield* seedActions(ours.fake, after)
        const start = yield* Clock.currentTimeMillis
        const got = yield* drive(ours.provide(batched(ids)))

        // The same actions, in the same final states, reported in the same rounds, in the same order (the two runs
        // start at different times on the clock: times are taken from each start).
        const view = (
          e: { readonly action: Action.Action; readonly at: number },
          list: ReadonlyArray<number>,
          base: number
        ) => {
          const { completed_at, id, started_at, ...rest } = Schema.encodeSync(Action.Action)(e.action)
          return {
            index: list.indexOf(id),
            ...rest,
            started: Date.parse(started_at ?? "") - base,
            completed: completed_at === null ? null : Date.parse(completed_at ?? "") - base,
            at: e.at - base
          }
        }
        assert.lengthOf(got, 100)
        assert.deepStrictEqual(got.map((e) => view(e, ids, start)), expected.map((e) => view(e, oldIds, oldStart)))
        // One page a round (31 rounds of 2 s in a minute) against one GET per unfinished action.
        assert.isAtMost(ours.sent.length, 32)
        assert.isAtLeast(old.sent.length, 20 * ours.sent.length)
      }),
    60_000
  )

  it.effect(
    "100 actions finishing over 5 minutes: each reported within one interval, with one page a round",
    () =>
      Effect.gen(function*() {
        const after = spread(100, 300_000, 11)
        const { fake, provide, sent } = yield* harness()
        const ids = yield* seedActions(fake, after)
        const got = yield* drive(provide(batched(ids)), "2 seconds")
        assert.lengthOf(got, 100)
        got.forEach((e) => {
          const finished = after[ids.indexOf(e.action.id)]
          assert.strictEqual(e.action.status, "completed")
          // The first round (every 2 s from 0) at or after it finished.
          assert.strictEqual(e.at, Math.ceil(finished / 2000) * 2000)
        })
        assert.isAtMost(sent.length, 152)
        assert.strictEqual(fake.state.served, sent.length)
      }),
    60_000
  )

  it.effect("falls back to GETs for the actions the listing pages read did not show", () =>
    Effect.gen(function*() {
      const { fake, provide, sent } = yield* harness(noLimit, { perPage: 20 })
      const old = yield* seedActions(fake, [1e9, 1e9])
      // 300 newer actions of other programs, already finished, push the two old ones down to page 16.
      yield* seedActions(fake, Array.from({ length: 300 }, () => 0))
      const recent = yield* seedActions(fake, [5000, 5000, 5000, 5000, 5000])
      const fiber = yield* Effect.fork(provide(Effect.either(batched([...old, ...recent], { timeout: "6 seconds" }))))
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)

      // First round: one page shows the five recent ones; the two old ones are fetched one by one.
      const first = sent.filter((s) => s.at === 0)
      assert.deepStrictEqual(first.map((s) => s.path).sort(), [
        "/v2/actions",
        `/v2/actions/${old[0]}`,
        `/v2/actions/${old[1]}`
      ])
      assert.include(first.find((s) => s.path === "/v2/actions")!.query, "per_page=20")
      // The recent ones are reported (at 6 s, the round at the deadline), then the old ones time out.
      assert.isTrue(Either.isLeft(result))
      if (Either.isRight(result) || result.left._tag !== "WaitTimeoutError") return assert.fail("expected a timeout")
      const inProgress = result.left.in_progress as ReadonlyArray<Action.Action>
      assert.deepStrictEqual(inProgress.map((a) => [a.id, a.status]), old.map((id) => [id, "in-progress"]))
      // Every request was either a page of the listing or a GET of one of the two old actions, never of a recent one.
      assert.isTrue(
        sent.every((s) => s.path === "/v2/actions" || old.some((id) => s.path === `/v2/actions/${id}`))
      )
      // Never more requests in a round than one GET per unfinished action.
      const rounds = new Map<number, number>()
      sent.forEach((s) => rounds.set(s.at, (rounds.get(s.at) ?? 0) + 1))
      assert.isTrue([...rounds.values()].every((n) => n <= 7))
    }), 60_000)

  it.effect("more actions than a page: the pages down to the oldest one, and no GET", () =>
    Effect.gen(function*() {
      const { fake, provide, sent } = yield* harness(noLimit)
      const ids = yield* seedActions(fake, Array.from({ length: 450 }, () => 1e9))
      const fiber = yield* Effect.fork(
        provide(Effect.flip(Stream.runDrain(Action.waitAll(ids, { timeout: "1 second" }))))
      )
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "WaitTimeoutError")
      // Two rounds (0 s and the deadline at 1 s), each reading pages 1 to 3 of 200: the 450 are all on them.
      assert.deepStrictEqual(
        sent.map((s) => [s.path, s.query, s.at]),
        [0, 1000].flatMap((at) => [1, 2, 3].map((page) => ["/v2/actions", `per_page=200&page=${page}`, at]))
      )
    }), 60_000)

  it.effect(
    "at the deadline: one WaitTimeoutError with the last states of all unfinished, in the order given",
    () =>
      Effect.gen(function*() {
        const { fake, provide, sent } = yield* harness()
        const ids = yield* seedActions(fake, [...Array.from({ length: 10 }, () => 1e9), 3000])
        const emitted: Array<number> = []
        const fiber = yield* Effect.fork(provide(
          Action.waitAll(ids, { timeout: "10 seconds" }).pipe(
            Stream.runForEach((a) => Effect.sync(() => emitted.push(a.id))),
            Effect.flip
          )
        ))
        yield* TestClock.adjust("1 minute")
        const error = yield* Fiber.join(fiber)
        assert.strictEqual(error._tag, "WaitTimeoutError")
        if (error._tag !== "WaitTimeoutError") return
        assert.deepStrictEqual(emitted, [ids[10]])
        const last = error.in_progress as ReadonlyArray<Action.Action>
        assert.deepStrictEqual(last.map((a) => a.id), ids.slice(0, 10))
        assert.isTrue(last.every((a) => a instanceof Action.Action && a.inProgress))
        // Rounds at 0, 2, ..., 10 s: one page each.
        assert.deepStrictEqual(
          sent.map((s) => [s.path, s.at]),
          [0, 2, 4, 6, 8, 10].map((t) => ["/v2/actions", t * 1000])
        )
      }),
    60_000
  )

  it.effect("interrupting it stops all polling", () =>
    Effect.gen(function*() {
      const { fake, provide, sent } = yield* harness()
      const ids = yield* seedActions(fake, Array.from({ length: 50 }, () => 1e9))
      const fiber = yield* Effect.fork(provide(Stream.runDrain(Action.waitAll(ids))))
      yield* TestClock.adjust("5 seconds")
      assert.lengthOf(sent, 3)
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("1 hour")
      assert.lengthOf(sent, 3)
      assert.strictEqual(fake.state.served, 3)
    }), 60_000)

  it.effect("a failing page fails the wait with its DOAPIError, as a failing GET does", () =>
    Effect.gen(function*() {
      const { fake, provide } = yield* harness({
        faults: [{ route: "GET /v2/actions", status: 500 }]
      }, { retry: false })
      const ids = yield* seedActions(fake, [1e9, 1e9])
      const fiber = yield* Effect.fork(provide(Effect.flip(Stream.runDrain(Action.waitAll(ids)))))
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.isTrue(DoError.isDOAPIError(error) && error.status === 500)
    }), 60_000)
})

describe.sequential("Droplet.waitAll, batched", () => {
  it.effect("droplets sharing a tag are polled with the listing by that tag", () =>
    Effect.gen(function*() {
      const { fake, provide, sent } = yield* harness({ actionDuration: "30 seconds" })
      yield* fake.seedDroplets(5)
      const droplets = yield* provide(Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        (i) => Droplet.create({ name: `web-${i}`, size: "s-1vcpu-1gb", image: "debian-12-x64", tags: ["web", `n${i}`] })
      ))
      const before = sent.length
      const fiber = yield* Effect.fork(provide(Stream.runCollect(Droplet.waitAll(droplets, { status: "active" }))))
      yield* TestClock.adjust("2 minutes")
      const active = Chunk.toArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(active.map((d) => d.id).sort(), droplets.map((d) => d.id).sort())
      assert.isTrue(active.every((d) => d.status === "active"))
      const polls = sent.slice(before)
      // One page of the tag's droplets a round (rounds at 0, 2, ..., 30 s), never one GET per droplet.
      assert.isTrue(polls.every((s) => s.path === "/v2/droplets" && s.query.includes("tag_name=web")))
      assert.isAtMost(polls.length, 17)
    }), 60_000)

  it.effect(
    "droplets given by id are polled with the whole listing; one the tag's listing misses, with its GET",
    () =>
      Effect.gen(function*() {
        const { fake, provide, sent } = yield* harness()
        const ids = yield* fake.seedDroplets(5)
        const byId = yield* provide(Stream.runCollect(Droplet.waitAll(ids, { status: "active" })))
        assert.deepStrictEqual(Chunk.toArray(byId).map((d) => d.id), ids)
        assert.deepStrictEqual(sent.map((s) => [s.path, s.query.includes("tag_name")]), [["/v2/droplets", false]])

        const tagged = yield* fake.seedDroplets(3, { tag: "web" })
        const droplets = yield* provide(Effect.forEach(tagged, (id) => Droplet.fetch(id)))
        // The third loses its tag after it was fetched: the tag's listing no longer shows it.
        yield* provide(Tag.untagResources("web", [droplets[2]]))
        const before = sent.length
        const byTag = yield* provide(Stream.runCollect(Droplet.waitAll(droplets, { status: "active" })))
        assert.deepStrictEqual(Chunk.toArray(byTag).map((d) => d.id), tagged)
        assert.deepStrictEqual(
          sent.slice(before).map((s) => [s.path, s.query.includes("tag_name=web")]),
          [["/v2/droplets", true], [`/v2/droplets/${tagged[2]}`, false]]
        )
      }),
    60_000
  )
})

describe.sequential("Action.waitActionsOnObjects, batched", () => {
  it.effect("the objects' current actions are polled together with the action listing", () =>
    Effect.gen(function*() {
      const { provide, sent } = yield* harness({ actionDuration: "20 seconds" })
      const droplets = yield* provide(Effect.forEach(
        Array.from({ length: 10 }, (_, i) => i),
        (i) => Droplet.create({ name: `d-${i}`, size: "s-1vcpu-1gb", image: "debian-12-x64" })
      ))
      const before = sent.length
      const fiber = yield* Effect.fork(provide(Stream.runCollect(Action.waitActionsOnObjects(droplets))))
      yield* TestClock.adjust("2 minutes")
      const results = Chunk.toArray(yield* Fiber.join(fiber))
      assert.lengthOf(results, 10)
      assert.isTrue(results.every((r) => r.current._tag === "Some" && (r.current.value as Droplet.Droplet).active))
      const during = sent.slice(before)
      // Each object's actions once, the account's listing each round, each object once at the end: no GET per action.
      assert.isFalse(during.some((s) => /^\/v2\/actions\/\d+$/.test(s.path)))
      assert.strictEqual(during.filter((s) => /^\/v2\/droplets\/\d+\/actions$/.test(s.path)).length, 10)
      assert.strictEqual(during.filter((s) => /^\/v2\/droplets\/\d+$/.test(s.path)).length, 10)
      assert.isAtMost(during.filter((s) => s.path === "/v2/actions").length, 11)
    }), 60_000)
})
