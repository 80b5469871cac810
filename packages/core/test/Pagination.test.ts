import { Action, Api, Region } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import * as Listing from "./utils/Listing.js"
import * as MockHttp from "./utils/MockHttp.js"

const action = (id: number) => ({
  id,
  status: "completed",
  type: "create",
  started_at: "2020-11-14T16:29:21Z",
  completed_at: "2020-11-14T16:30:06Z",
  resource_id: 1000 + id,
  resource_type: "droplet",
  region: null,
  region_slug: "nyc3"
})
const actions = (n: number) => Array.from({ length: n }, (_, i) => action(i + 1))
const ids = (items: Chunk.Chunk<Action.Action>) => Chunk.toReadonlyArray(items).map((a) => a.id)
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe("pagination", () => {
  it.effect("fetches every page with per_page from DoConfig (default 200) and emits in order", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions": Listing.script("actions", actions(450)) })
      const all = yield* mock.provide(Action.fetchAll)
      assert.deepStrictEqual(all.map((a) => a.id), range(1, 450))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => r.query).sort((a, b) => Number(a.page) - Number(b.page)), [
        { page: "1", per_page: "200" },
        { page: "2", per_page: "200" },
        { page: "3", per_page: "200" }
      ])
    }))

  it.effect("a single page makes a single request", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions": Listing.script("actions", actions(3)) })
      assert.lengthOf(yield* mock.provide(Action.fetchAll), 3)
      assert.lengthOf(yield* mock.requests, 1)
    }))

  it.effect("an empty collection is an empty stream", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions": Listing.script("actions", []) })
      assert.lengthOf(yield* mock.provide(Action.fetchAll), 0)
      assert.lengthOf(yield* mock.requests, 1)
    }))

  it.effect("fetches the remaining pages concurrently, bounded by pageConcurrency, emitted in page order", () =>
    Effect.gen(function*() {
      const items = actions(10)
      const latency = (page: number) => (12 - page) * 100
      const mock = yield* MockHttp.make({
        // Later pages answer sooner, so completion order differs from page order.
        "GET /v2/actions": (request) =>
          MockHttp.delayed(`${latency(Number(request.query["page"]))} millis`, Listing.page("actions", items, request))
      }, { perPage: 1, pageConcurrency: 3 })
      const fiber = yield* Effect.fork(mock.provide(Stream.runCollect(Action.stream)))
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      assert.deepStrictEqual(ids(result), range(1, 10))
      // Page 1 alone first, then pages 2..10 with at most 3 in flight at any time.
      const arrivals = (yield* mock.requests).map((r) => ({ page: Number(r.query["page"]), at: r.at }))
      assert.strictEqual(arrivals[0].page, 1)
      assert.isTrue(arrivals.slice(1).every((a) => a.at >= latency(1)))
      const inFlightAt = (t: number) => arrivals.filter((a) => a.at <= t && t < a.at + latency(a.page)).length
      const peak = Math.max(...arrivals.map((a) => inFlightAt(a.at)))
      assert.strictEqual(peak, 3)
    }))

  it.effect("an item seen twice because the collection shifted is dropped by id", () =>
    Effect.gen(function*() {
      const pages: Record<string, unknown> = {
        "1": { actions: [action(1), action(2)], links: { pages: { next: "x" } }, meta: { total: 5 } },
        // Something was added in front while paging: action 2 moved onto page 2.
        "2": { actions: [action(2), action(3)], links: { pages: { next: "x" } }, meta: { total: 6 } },
        "3": { actions: [action(4), action(5)], links: {}, meta: { total: 6 } }
      }
      const mock = yield* MockHttp.make({
        "GET /v2/actions": (request) => MockHttp.json(200, pages[request.query["page"]])
      }, { perPage: 2 })
      const all = yield* mock.provide(Action.fetchAll)
      assert.deepStrictEqual(all.map((a) => a.id), [1, 2, 3, 4, 5])
    }))

  it.effect("an empty page ends the listing, however many pages meta.total promised", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/actions": (request) =>
          request.query["page"] === "1"
            ? MockHttp.json(200, { actions: [action(1), action(2)], links: {}, meta: { total: 1_000_000 } })
            : MockHttp.json(200, { actions: [], links: {}, meta: { total: 2 } })
      }, { perPage: 2, pageConcurrency: 2 })
      const all = yield* mock.provide(Action.fetchAll)
      assert.deepStrictEqual(all.map((a) => a.id), [1, 2])
      // Page 1, then pages 2 and 3 in flight together: the empty page 2 stops it.
      assert.isAtMost((yield* mock.requests).length, 5)
    }))

  it.effect("a failing page fails the stream", () =>
    Effect.gen(function*() {
      const items = actions(10)
      const mock = yield* MockHttp.make({
        "GET /v2/actions": (request) =>
          request.query["page"] === "3"
            ? MockHttp.error(404, "not_found", "page vanished")
            : Listing.page("actions", items, request)
      }, { perPage: 2 })
      const error = yield* mock.provide(Effect.flip(Action.fetchAll))
      assert.strictEqual(error._tag, "DOAPIError")
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.path, "/v2/actions")
    }))

  it.effect("a page with a wrong shape fails the stream with a Decode error", () =>
    Effect.gen(function*() {
      const items = actions(4)
      const mock = yield* MockHttp.make({
        "GET /v2/actions": (request) =>
          request.query["page"] === "2"
            ? MockHttp.json(200, { actions: [{ id: "three" }], meta: { total: 4 } })
            : Listing.page("actions", items, request)
      }, { perPage: 2 })
      const error = yield* mock.provide(Effect.flip(Action.fetchAll))
      assert.strictEqual(error.reason, "Decode")
    }))

  it.effect("Stream.take(n) fetches only the pages it needs", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/actions": Listing.script("actions", actions(1000)) })
      const five = yield* mock.provide(Stream.runCollect(Stream.take(Action.stream, 5)))
      assert.deepStrictEqual(ids(five), [1, 2, 3, 4, 5])
      assert.lengthOf(yield* mock.requests, 1)

      const sequential = yield* MockHttp.make(
        { "GET /v2/actions": Listing.script("actions", actions(1000)) },
        { perPage: 100, pageConcurrency: 1 }
      )
      const some = yield* sequential.provide(Stream.runCollect(Stream.take(Action.stream, 150)))
      assert.deepStrictEqual(ids(some), range(1, 150))
      assert.isAtMost((yield* sequential.requests).length, 3)
    }))

  it.effect("the page size the server actually uses decides the number of pages", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/actions": Listing.script("actions", actions(50), { maxPerPage: 20 })
      })
      const all = yield* mock.provide(Action.fetchAll)
      assert.deepStrictEqual(all.map((a) => a.id), range(1, 50))
      assert.lengthOf(yield* mock.requests, 3)
    }))

  it.effect("without meta.total, pages are followed one by one while links.pages.next is there", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make(
        { "GET /v2/actions": Listing.script("actions", actions(7), { noMeta: true }) },
        { perPage: 3 }
      )
      const all = yield* mock.provide(Action.fetchAll)
      assert.deepStrictEqual(all.map((a) => a.id), range(1, 7))
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.query["page"]), ["1", "2", "3"])
    }))

  it.effect("regions, which have no id, are told apart by slug", () =>
    Effect.gen(function*() {
      const region = (slug: string) => ({ slug, name: slug, features: [], available: true, sizes: [] })
      const mock = yield* MockHttp.make({
        "GET /v2/regions": Listing.script("regions", ["nyc1", "nyc3", "sfo3", "ams3", "fra1"].map(region))
      }, { perPage: 2 })
      const all = yield* mock.provide(Region.fetchAll)
      assert.deepStrictEqual(all.map(String), ["nyc1", "nyc3", "sfo3", "ams3", "fra1"])
    }))

  it.effect("Api.paginate pages any listing, keeping the raw items", () =>
    Effect.gen(function*() {
      const items = Array.from({ length: 5 }, (_, i) => ({ id: `fw-${i}`, name: `firewall ${i}` }))
      const mock = yield* MockHttp.make({ "GET /v2/firewalls": Listing.script("firewalls", items) }, { perPage: 2 })
      const all = yield* mock.provide(Stream.runCollect(Api.paginate("/v2/firewalls", "firewalls", { tag: "web" })))
      assert.deepStrictEqual(Chunk.toReadonlyArray(all), items)
      const requests = yield* mock.requests
      assert.isTrue(requests.every((r) => r.query["tag"] === "web" && r.query["per_page"] === "2"))
    }))
})
