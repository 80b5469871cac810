import { Action, DoError, FloatingIP, Image, ReservedIP } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Either, Fiber, Option, Schema, Stream, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"

const region = { slug: "nyc3", name: "New York 3", features: ["backups"], available: true, sizes: ["s-1vcpu-1gb"] }
const action = (id: number, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  status,
  type: "reboot",
  started_at: "2020-11-14T16:29:21Z",
  completed_at: status === "in-progress" ? null : "2020-11-14T16:30:06Z",
  resource_id: 3164444,
  resource_type: "droplet",
  region,
  region_slug: "nyc3",
  ...extra
})
const reply = (id: number, status: string, extra: Record<string, unknown> = {}) =>
  MockHttp.json(200, { action: action(id, status, extra) })

/** An action that is in progress for `polls` polls (the n-th one says `poll: n` in its type), then `final`. */
const finishesAfter = (id: number, polls: number, final = "completed"): MockHttp.Script => (_request, index) =>
  index < polls ? reply(id, "in-progress", { type: `poll-${index}` }) : reply(id, final)

const decode = (id: number, status: string) => Schema.decodeUnknownSync(Action.Action)(action(id, status))

describe("Action", () => {
  it.effect("fetch accepts an action or its id", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions/7": reply(7, "completed") })
      const byId = yield* mock.provide(Action.fetch(7))
      const byObject = yield* mock.provide(Action.fetch(byId))
      assert.strictEqual(byObject.id, 7)
      assert.isTrue(byObject.completed && byObject.done && !byObject.inProgress && !byObject.errored)
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.path), ["/v2/actions/7", "/v2/actions/7"])
    }))

  it.effect("fetchLast asks for one action and is None when there is none", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/actions": [
          MockHttp.json(200, { actions: [action(9, "completed")], links: {}, meta: { total: 40 } }),
          MockHttp.json(200, { actions: [], links: {}, meta: { total: 0 } })
        ]
      })
      const last = yield* mock.provide(Action.fetchLast)
      assert.strictEqual(Option.getOrThrow(last).id, 9)
      assert.isTrue(Option.isNone(yield* mock.provide(Action.fetchLast)))
      const [request] = yield* mock.requests
      assert.deepStrictEqual(request.query, { page: "1", per_page: "1" })
    }))

  it.effect("raiseForError fails with ActionError for an errored action, and passes others", () =>
    Effect.gen(function*() {
      const errored = decode(5, "errored")
      const error = yield* Effect.flip(Action.raiseForError(errored))
      assert.strictEqual(error._tag, "ActionError")
      assert.strictEqual(error.action, errored)
      assert.strictEqual(error.message, "reboot action on droplet 3164444: errored")
      const ok = decode(6, "completed")
      assert.strictEqual(yield* Action.raiseForError(ok), ok)
    }))

  it.effect("ActionError shows an IP's resource_id as its address", () =>
    Effect.gen(function*() {
      const assign = Schema.decodeUnknownSync(Action.Action)(
        action(5, "errored", { type: "assign", resource_type: "floating_ip", resource_id: 2130706433 }) as any
      )
      const error = yield* Effect.flip(Action.raiseForError(assign))
      assert.strictEqual(error.message, "assign action on floating_ip 127.0.0.1: errored")
    }))
})

describe("Action.fetchResource", () => {
  const ip = { ip: "45.55.96.47", region, droplet: null, locked: false }

  it.effect("fetches the image, reserved IP or floating IP acted on", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/images/7555620": MockHttp.json(200, { image: { id: 7555620, name: "snap", slug: null } }),
        "GET /v2/floating_ips/45.55.96.47": MockHttp.json(200, { floating_ip: ip }),
        "GET /v2/reserved_ips/45.55.96.47": MockHttp.json(200, { reserved_ip: ip })
      })
      const of = (resource_type: string, resource_id: number) =>
        mock.provide(
          Action.fetchResource(
            Schema.decodeUnknownSync(Action.Action)(action(1, "completed", { resource_type, resource_id }))
          )
        )
      const image = Option.getOrThrow(yield* of("image", 7555620))
      assert.instanceOf(image, Image.Image)
      // An IP action's resource_id is the address as a 32-bit integer: 45.55.96.47.
      const asInt = ((45 * 256 + 55) * 256 + 96) * 256 + 47
      const floating = Option.getOrThrow(yield* of("floating_ip", asInt))
      assert.instanceOf(floating, FloatingIP.FloatingIP)
      assert.strictEqual(String(floating), "45.55.96.47")
      assert.instanceOf(Option.getOrThrow(yield* of("reserved_ip", asInt)), ReservedIP.ReservedIP)
    }))

  it.effect("is None when the resource is gone (404), or when the action names none", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/droplets/3164444": MockHttp.error(404, "not_found", "gone") })
      assert.isTrue(Option.isNone(yield* mock.provide(Action.fetchResource(decode(1, "completed")))))
      const none = Schema.decodeUnknownSync(Action.Action)(
        action(1, "completed", { resource_id: null, resource_type: "volume" })
      )
      assert.isTrue(Option.isNone(yield* mock.provide(Action.fetchResource(none))))
    }))

  it.effect("is None for volume actions, which do not carry the volume's id", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      for (const resource_type of ["volume", "backend"]) {
        const detach = Schema.decodeUnknownSync(Action.Action)(
          action(1, "completed", { resource_type, resource_id: 7 })
        )
        assert.isTrue(Option.isNone(yield* mock.provide(Action.fetchResource(detach))))
      }
      assert.lengthOf(yield* mock.requests, 0)
    }))

  it.effect("passes other errors on", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/droplets/3164444": MockHttp.error(403, "forbidden", "no") })
      const error = yield* mock.provide(Effect.flip(Action.fetchResource(decode(1, "completed"))))
      assert.isTrue(DoError.isDOAPIError(error) && error.status === 403)
    }))

  it.effect("an unknown resource_type is an UnknownResourceTypeError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const odd = Schema.decodeUnknownSync(Action.Action)(
        action(1, "completed", { resource_type: "load_balancer", resource_id: 3 })
      )
      const error = yield* mock.provide(Effect.flip(Action.fetchResource(odd)))
      assert.strictEqual(error._tag, "UnknownResourceTypeError")
      assert.include(error.message, "load_balancer")
      assert.lengthOf(yield* mock.requests, 0)
    }))
})

describe("Action.wait", () => {
  it.effect("polls every interval until the action completes and returns its final state", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions/1": finishesAfter(1, 2) })
      const fiber = yield* Effect.fork(mock.provide(Action.wait(1)))
      yield* TestClock.adjust("1999 millis")
      assert.lengthOf(yield* mock.requests, 1)
      yield* TestClock.adjust("1 millis")
      assert.lengthOf(yield* mock.requests, 2)
      yield* TestClock.adjust("2 seconds")
      const done = yield* Fiber.join(fiber)
      assert.strictEqual(done.status, "completed")
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.at), [0, 2000, 4000])
    }))

  it.effect("takes the interval from the options, else from DoConfig", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions/1": finishesAfter(1, 2) }, { waitInterval: "5 seconds" })
      const fiber = yield* Effect.fork(mock.provide(Action.wait(1)))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.at), [0, 5000, 10000])

      const quick = yield* MockHttp.make({ "GET /v2/actions/1": finishesAfter(1, 2) }, { waitInterval: "5 seconds" })
      const quickFiber = yield* Effect.fork(quick.provide(Action.wait(1, { interval: "1 second" })))
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(quickFiber)
      assert.deepStrictEqual((yield* quick.requests).map((r) => r.at), [10000, 11000, 12000])
    }))

  it.effect("an errored action is done: wait returns it, raiseForError turns it into an ActionError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions/3": finishesAfter(3, 1, "errored") })
      const fiber = yield* Effect.fork(mock.provide(Action.wait(3).pipe(Effect.flatMap(Action.raiseForError))))
      yield* TestClock.adjust("1 minute")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "ActionError")
      if (error._tag === "ActionError") assert.strictEqual(error.action.status, "errored")
    }))

  it.effect("fails at the deadline with a WaitTimeoutError carrying the last fetched state", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions/1": finishesAfter(1, 1000) })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Action.wait(1, { timeout: "5 seconds" }))))
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "WaitTimeoutError")
      if (error._tag !== "WaitTimeoutError") return
      // Polls at 0, 2 and 4 seconds, and a last one at the 5-second deadline.
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.at), [0, 2000, 4000, 5000])
      assert.lengthOf(error.in_progress, 1)
      const last = error.in_progress[0] as Action.Action
      assert.instanceOf(last, Action.Action)
      assert.strictEqual(last.type, "poll-3")
      assert.strictEqual(error.attr, "done")
      assert.strictEqual(error.value, true)
      assert.isTrue(Duration.equals(error.wait_interval, Duration.seconds(2)))
      assert.isTrue(Duration.equals(error.wait_time, Duration.seconds(5)))
      assert.include(error.message, "wait time limit exceeded")
    }))

  it.effect("takes the deadline from DoConfig.waitTime", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions/1": finishesAfter(1, 1000) }, { waitTime: "3 seconds" })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Action.wait(1))))
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(fiber))._tag, "WaitTimeoutError")
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.at), [0, 2000, 3000])
    }))

  it.effect("no timeout, or a negative one, waits forever", () =>
    Effect.gen(function*() {
      for (const options of [{}, { timeout: -1 }, { timeout: Duration.infinity }]) {
        const mock = yield* MockHttp.make({ "GET /v2/actions/1": finishesAfter(1, 50) }, {
          waitTime: -1,
          waitInterval: "10 minutes"
        })
        const fiber = yield* Effect.fork(mock.provide(Action.wait(1, options)))
        yield* TestClock.adjust("2 hours")
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), `still waiting with ${JSON.stringify(options)}`)
        yield* TestClock.adjust("10 hours")
        assert.strictEqual((yield* Fiber.join(fiber)).status, "completed")
      }
    }))

  it.effect("a failing poll fails the wait with its DOAPIError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/actions/1": [reply(1, "in-progress"), MockHttp.error(404, "not_found", "gone")]
      })
      const fiber = yield* Effect.fork(mock.provide(Effect.flip(Action.wait(1))))
      yield* TestClock.adjust("1 minute")
      const error = yield* Fiber.join(fiber)
      assert.isTrue(DoError.isDOAPIError(error) && error.status === 404)
    }))
})

describe("Action.waitAll", () => {
  /** When each action finishes (ms on the TestClock) and how; the listing and the GETs both tell it by time. */
  type Finish = Record<number, readonly [at: number, final: string]>
  const statusAt = (finish: Finish, id: number, at: number) => at >= finish[id][0] ? finish[id][1] : "in-progress"
  const listingOf = (finish: Finish): MockHttp.Script => (request) =>
    MockHttp.json(200, {
      actions: Object.keys(finish).map(Number).reverse().map((id) => action(id, statusAt(finish, id, request.at))),
      links: {},
      meta: { total: Object.keys(finish).length }
    })
  const routesOf = (finish: Finish, delay?: Duration.DurationInput): Record<string, MockHttp.Script> => {
    const later = (reply: MockHttp.Reply) => delay === undefined ? reply : MockHttp.delayed(delay, reply)
    return Object.fromEntries([
      ["GET /v2/actions", (request: MockHttp.Recorded, i: number) => later((listingOf(finish) as any)(request, i))],
      ...Object.keys(finish).map(Number).map((id) => [
        `GET /v2/actions/${id}`,
        (request: MockHttp.Recorded) => later(reply(id, statusAt(finish, id, request.at)))
      ])
    ])
  }

  it.effect("emits each action as soon as it is done, in completion order", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make(
        routesOf({ 1: [6000, "completed"], 2: [2000, "completed"], 3: [4000, "errored"] })
      )
      const fiber = yield* Effect.fork(
        mock.provide(Stream.runCollect(Action.waitAll([1, decode(2, "in-progress"), 3])))
      )
      yield* TestClock.adjust("1 minute")
      const done = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(done.map((a) => [a.id, a.status]), [[2, "completed"], [3, "errored"], [1, "completed"]])
      // Each round polls only what is unfinished: one page while two or more are, then the last one's GET.
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.path, r.at]), [
        ["/v2/actions", 0],
        ["/v2/actions", 2000],
        ["/v2/actions", 4000],
        ["/v2/actions/1", 6000]
      ])
    }))

  it.effect("rounds start an interval apart, start to start, however long a round takes", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make(routesOf({ 1: [2000, "completed"], 2: [2000, "completed"] }, "500 millis"))
      const fiber = yield* Effect.fork(mock.provide(Stream.runCollect(Action.waitAll([1, 2]))))
      yield* TestClock.adjust("1 minute")
      assert.lengthOf(yield* Fiber.join(fiber), 2)
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.at), [0, 2000])
    }))

  it.effect("at the deadline, one WaitTimeoutError lists every unfinished action, after emitting the finished", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make(
        routesOf({ 1: [1e9, "completed"], 2: [3000, "completed"], 3: [1e9, "completed"] })
      )
      const emitted: Array<number> = []
      const fiber = yield* Effect.fork(mock.provide(
        Action.waitAll([1, 2, 3], { timeout: "10 seconds", interval: "3 seconds" }).pipe(
          Stream.runForEach((a) => Effect.sync(() => emitted.push(a.id))),
          Effect.either
        )
      ))
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      assert.deepStrictEqual(emitted, [2])
      assert.isTrue(Either.isLeft(result))
      if (Either.isRight(result) || result.left._tag !== "WaitTimeoutError") return assert.fail("expected a timeout")
      const unfinished = result.left.in_progress as ReadonlyArray<Action.Action>
      assert.deepStrictEqual(unfinished.map((a) => [a.id, a.status]), [[1, "in-progress"], [3, "in-progress"]])
    }))

  it.effect("nothing to wait for is an empty stream, without requests", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      assert.lengthOf(yield* mock.provide(Stream.runCollect(Action.waitAll([]))), 0)
      assert.lengthOf(yield* mock.requests, 0)
    }))

  it.effect("interrupting it stops all polling at once", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make(routesOf({ 1: [1e9, "completed"], 2: [1e9, "completed"] }))
      const fiber = yield* Effect.fork(mock.provide(Stream.runCollect(Action.waitAll([1, 2]))))
      yield* TestClock.adjust("4 seconds")
      assert.lengthOf(yield* mock.requests, 3)
      yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust("1 hour")
      assert.lengthOf(yield* mock.requests, 3)
    }))
})
