/**
 * Image: every operation's request (method, path, query, body, span) and the spec's response example of every
 * endpoint, decoded through the public API.
 */
import { Action, DoError, Image, Region } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Fiber, Option, Schema, Stream, TestClock } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const iso = (spec: string) => new Date(spec).toISOString()
const assertUtc = (value: DateTime.Utc | null | undefined, spec: string) => {
  assert.isTrue(value !== null && value !== undefined && DateTime.isUtc(value), `${String(value)} is a DateTime.Utc`)
  assert.strictEqual(DateTime.formatIso(value!), iso(spec))
}

/** How a spec image encodes: `created_at` with milliseconds, `slug` (when absent) as null. */
const encoded = (image: any) => ({
  ...image,
  ...(image.created_at === undefined ? {} : { created_at: iso(image.created_at) }),
  slug: "slug" in image ? image.slug : null
})

/** Asserts a decoded image is the spec's, field for field. */
const assertImage = (image: Image.Image, spec: any) => {
  assert.instanceOf(image, Image.Image)
  assert.deepStrictEqual(Schema.encodeSync(Image.Image)(image), encoded(spec))
  assert.strictEqual(image.id, spec.id)
  assert.strictEqual(image.name, spec.name)
  if (spec.created_at !== undefined) assertUtc(image.created_at, spec.created_at)
}

/** Asserts a decoded action is the spec's: the fields, its region and its date-times. */
const assertAction = (action: Action.Action, spec: any) => {
  assert.instanceOf(action, Action.Action)
  assert.strictEqual(action.id, spec.id)
  assert.strictEqual(action.type, spec.type)
  assert.strictEqual(action.status, spec.status)
  assert.strictEqual(action.resource_id, spec.resource_id)
  assert.strictEqual(action.resource_type, "image")
  assert.strictEqual(action.region_slug, spec.region_slug)
  assert.instanceOf(action.region, Region.Region)
  assert.strictEqual(String(action.region), spec.region.slug)
  assert.deepStrictEqual(action.region?.features, spec.region.features)
  assertUtc(action.started_at, spec.started_at)
  if (spec.completed_at === null) assert.isNull(action.completed_at)
  else assertUtc(action.completed_at, spec.completed_at)
}

const actionExample = () => Spec.responseExample("POST", "/v2/images/{image_id}/actions", 201)
const imageExample = () => Spec.responseExample("GET", "/v2/images/{image_id}", 200)

describe("Image.fetch", () => {
  it.effect("GET /v2/images/{image_id} by id, by slug and by object; the spec's example decodes", () =>
    Effect.gen(function*() {
      const body = imageExample()
      const spec = body.image
      const mock = yield* MockHttp.make({
        [`GET /v2/images/${spec.id}`]: MockHttp.json(200, body),
        [`GET /v2/images/${spec.slug}`]: MockHttp.json(200, body)
      })
      const byId = yield* mock.provide(Image.fetch(spec.id))
      assertImage(byId, spec)
      assert.strictEqual(String(byId), "ubuntu-16-04-x64")
      assert.strictEqual(byId.distribution, "Ubuntu")
      assert.isTrue(byId.public)
      assert.strictEqual(byId.min_disk_size, 20)
      assert.strictEqual(byId.size_gigabytes, 2.34)
      assert.strictEqual(byId.status, "available")
      assert.lengthOf(byId.regions ?? [], 10)
      assertImage(yield* mock.provide(Image.fetch(spec.slug)), spec)
      assertImage(yield* mock.provide(Image.fetch(byId)), spec)
      const [first, second, third] = yield* mock.requests
      MockHttp.assertSent(first, "GET", "/v2/images/6918990", "Image.fetch")
      MockHttp.assertSent(second, "GET", "/v2/images/ubuntu-16-04-x64", "Image.fetch")
      MockHttp.assertSent(third, "GET", "/v2/images/6918990", "Image.fetch")
    }))

  it.effect("a slug is URI-encoded into the path", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      yield* mock.provide(Effect.flip(Image.fetch("odd/slug?")))
      const [request] = yield* mock.requests
      assert.strictEqual(request.url.pathname, "/v2/images/odd%2Fslug%3F")
    }))
})

describe("Image.stream and Image.fetchAll", () => {
  // Each named example of GET /v2/images, with the filter it illustrates.
  const filters: Record<string, { options: Image.ListOptions | undefined; query: Record<string, string> }> = {
    All: { options: undefined, query: {} },
    Snapshots: { options: { private: true }, query: { private: "true" } },
    Distribution: { options: { type: "distribution" }, query: { type: "distribution" } },
    Custom: { options: { private: true }, query: { private: "true" } },
    Application: { options: { type: "application" }, query: { type: "application" } },
    Tagged: { options: { tag_name: "simple-image" }, query: { tag_name: "simple-image" } }
  }
  const examples = Spec.responseExamples("GET", "/v2/images", 200)

  it("the spec has the six named examples", () => {
    assert.deepStrictEqual(examples.map((example) => example.name).sort(), Object.keys(filters).sort())
  })

  for (const example of examples) {
    it.effect(`GET /v2/images with the filter of the "${example.name}" example`, () =>
      Effect.gen(function*() {
        const { options, query } = filters[example.name]
        const mock = yield* MockHttp.make({ "GET /v2/images": MockHttp.json(200, example.value) })
        const images = yield* mock.provide(Image.fetchAll(options))
        // The spec's "All" example gives id 7555621 to four different images; a listing drops an item whose id it
        // has seen (the collection shifted while paging), so only the first of them is kept.
        const firstOfEachId = example.value.images.filter(
          (image: any, i: number, all: Array<any>) => all.findIndex((other) => other.id === image.id) === i
        )
        if (example.name === "All") assert.lengthOf(firstOfEachId, 3)
        assert.lengthOf(images, firstOfEachId.length)
        images.forEach((image, i) => assertImage(image, firstOfEachId[i]))
        const [request] = yield* mock.requests
        MockHttp.assertSent(request, "GET", "/v2/images", "Image.stream", {
          query: { ...query, page: "1", per_page: "200" }
        })
        assert.lengthOf(yield* mock.requests, 1)
      }))
  }

  it.effect("stream sends every filter and pages through the listing", () =>
    Effect.gen(function*() {
      const [spec] = examples[0].value.images
      const mock = yield* MockHttp.make({
        "GET /v2/images": (request) => {
          const page = Number(request.query["page"])
          return MockHttp.json(200, { images: [{ ...spec, id: page }], links: {}, meta: { total: 3 } })
        }
      }, { perPage: 1 })
      const images = yield* mock.provide(
        Stream.runCollect(Image.stream({ type: "distribution", private: false, tag_name: "base" }))
      )
      assert.deepStrictEqual([...images].map((image) => image.id), [1, 2, 3])
      const requests = yield* mock.requests
      assert.deepStrictEqual(
        requests.map((request) => request.query).sort((a, b) => a.page.localeCompare(b.page)),
        [
          1,
          2,
          3
        ].map((page) => ({
          type: "distribution",
          private: "false",
          tag_name: "base",
          page: String(page),
          per_page: "1"
        }))
      )
    }))
})

describe("Image.create", () => {
  it.effect("POST /v2/images with the options as the body; the spec's 202 example decodes", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("POST", "/v2/images", 202)
      const mock = yield* MockHttp.make({ "POST /v2/images": MockHttp.json(202, body) })
      const options: Image.CreateOptions = {
        name: "ubuntu-18.04-minimal",
        url: "http://cloud-images.ubuntu.com/minimal/releases/bionic/release/ubuntu-18.04-minimal-cloudimg-amd64.img",
        distribution: "Ubuntu",
        region: "nyc3",
        description: "Cloud-optimized image w/ small footprint",
        tags: ["base-image", "prod"]
      }
      const image = yield* mock.provide(Image.create(options))
      assertImage(image, body.image)
      assert.strictEqual(image.id, 38413969)
      assert.strictEqual(image.status, "NEW")
      assert.strictEqual(image.type, "custom")
      assert.isNull(image.slug)
      assert.strictEqual(String(image), "38413969")
      assert.deepStrictEqual(image.tags, ["base-image", "prod"])
      assert.deepStrictEqual(image.regions, [])
      const [request] = yield* mock.requests
      MockHttp.assertSent(request, "POST", "/v2/images", "Image.create", { body: options })
    }))

  it.effect("sends only the options given, and any region slug (the spec's enum is stale)", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("POST", "/v2/images", 202)
      const mock = yield* MockHttp.make({ "POST /v2/images": MockHttp.json(202, body) })
      yield* mock.provide(Image.create({ name: "n", url: "https://example.test/i.img", region: "atl1" }))
      const [request] = yield* mock.requests
      assert.deepStrictEqual(request.body, { name: "n", url: "https://example.test/i.img", region: "atl1" })
    }))
})

describe("Image.update", () => {
  it.effect("PUT /v2/images/{image_id} with the options as the body; the spec's example decodes", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("PUT", "/v2/images/{image_id}", 200)
      const mock = yield* MockHttp.make({ "PUT /v2/images/7938391": MockHttp.json(200, body) })
      const image = yield* mock.provide(Image.update(7938391, { name: "new-image-name" }))
      assertImage(image, body.image)
      assert.strictEqual(image.name, "new-image-name")
      assert.isFalse(image.public)
      const again = yield* mock.provide(
        Image.update(image, { name: "n", distribution: "Debian", description: "d" })
      )
      assertImage(again, body.image)
      const [first, second] = yield* mock.requests
      MockHttp.assertSent(first, "PUT", "/v2/images/7938391", "Image.update", { body: { name: "new-image-name" } })
      MockHttp.assertSent(second, "PUT", "/v2/images/7938391", "Image.update", {
        body: { name: "n", distribution: "Debian", description: "d" }
      })
    }))
})

describe("Image.remove", () => {
  it.effect("DELETE /v2/images/{image_id}, 204; delete is remove", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "DELETE /v2/images/7938391": MockHttp.empty(204) })
      assert.strictEqual(Image.delete, Image.remove)
      yield* mock.provide(Image.remove(7938391))
      const image = Schema.decodeUnknownSync(Image.Image)({ id: 7938391 })
      yield* mock.provide(Image.delete(image))
      const requests = yield* mock.requests
      assert.lengthOf(requests, 2)
      for (const request of requests) {
        MockHttp.assertSent(request, "DELETE", "/v2/images/7938391", "Image.delete")
      }
    }))

  it.effect("a failed delete is a DOAPIError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "DELETE /v2/images/1": MockHttp.error(404, "not_found", "no image") })
      const error = yield* mock.provide(Effect.flip(Image.remove(1)))
      assert.isTrue(DoError.isDOAPIError(error) && error.status === 404)
    }))
})

describe("Image actions", () => {
  // The spec's schemas for these responses are the bare Action, but its examples (and the API) wrap it in
  // `{"action": ...}` (digest §13.2): these tests serve the wrapped examples.
  it.effect("transfer: POST /v2/images/{image_id}/actions {type: transfer, region}; the spec's 201 decodes", () =>
    Effect.gen(function*() {
      const body = actionExample()
      assert.property(body, "action", "the spec's example wraps the action")
      const mock = yield* MockHttp.make({ "POST /v2/images/7938269/actions": MockHttp.json(201, body) })
      const action = yield* mock.provide(Image.transfer(7938269, "nyc3"))
      assertAction(action, body.action)
      assert.isTrue(action.inProgress)
      assert.strictEqual(action.resource_id, 7938269)
      const region = action.region!
      const image = Schema.decodeUnknownSync(Image.Image)({ id: 7938269 })
      yield* mock.provide(Image.transfer(image, region))
      const requests = yield* mock.requests
      assert.lengthOf(requests, 2)
      for (const request of requests) {
        MockHttp.assertSent(request, "POST", "/v2/images/7938269/actions", "Image.transfer", {
          body: { type: "transfer", region: "nyc3" }
        })
      }
    }))

  it.effect("convert: {type: convert}", () =>
    Effect.gen(function*() {
      const body = actionExample()
      const convert = { ...body.action, type: "convert", region: body.action.region }
      const mock = yield* MockHttp.make({ "POST /v2/images/5/actions": MockHttp.json(201, { action: convert }) })
      const action = yield* mock.provide(Image.convert(5))
      assertAction(action, convert)
      const [request] = yield* mock.requests
      MockHttp.assertSent(request, "POST", "/v2/images/5/actions", "Image.convert", { body: { type: "convert" } })
    }))

  it.effect("act: any body", () =>
    Effect.gen(function*() {
      const body = actionExample()
      const mock = yield* MockHttp.make({ "POST /v2/images/5/actions": MockHttp.json(201, body) })
      assertAction(yield* mock.provide(Image.act(5, { type: "future", level: 3 })), body.action)
      const [request] = yield* mock.requests
      MockHttp.assertSent(request, "POST", "/v2/images/5/actions", "Image.act", { body: { type: "future", level: 3 } })
    }))

  it.effect("streamActions / fetchAllActions: GET /v2/images/{image_id}/actions, every page; the spec's decodes", () =>
    Effect.gen(function*() {
      // The example is page 1 of 5 at per_page=1 (its links say so): the other pages are served as copies.
      const body = Spec.responseExample("GET", "/v2/images/{image_id}/actions", 200)
      assert.strictEqual(body.meta.total, 5)
      const spec = body.actions[0]
      const mock = yield* MockHttp.make({
        "GET /v2/images/7555620/actions": (request) => {
          const page = Number(request.query["page"])
          return page === 1
            ? MockHttp.json(200, body)
            : MockHttp.json(200, { ...body, actions: [{ ...spec, id: spec.id + page - 1 }] })
        }
      }, { perPage: 1 })
      const all = yield* mock.provide(Image.fetchAllActions(7555620))
      assert.deepStrictEqual(all.map((action) => action.id), [0, 1, 2, 3, 4].map((i) => spec.id + i))
      assertAction(all[0], spec)
      assert.strictEqual(all[0].type, "transfer")
      assert.isTrue(all[0].completed)
      const image = Schema.decodeUnknownSync(Image.Image)({ id: 7555620 })
      const streamed = yield* mock.provide(Stream.runCollect(Image.streamActions(image)))
      assert.deepStrictEqual([...streamed].map((action) => action.id), all.map((action) => action.id))
      const requests = yield* mock.requests
      assert.lengthOf(requests, 10)
      MockHttp.assertSent(requests[0], "GET", "/v2/images/7555620/actions", "Image.fetchAllActions", {
        query: { page: "1", per_page: "1" }
      })
      assert.deepStrictEqual(requests.slice(0, 5).map((request) => request.query.page).sort(), [
        "1",
        "2",
        "3",
        "4",
        "5"
      ])
    }))

  it.effect("fetchLastAction asks for one action; None when there is none", () =>
    Effect.gen(function*() {
      const body = Spec.responseExample("GET", "/v2/images/{image_id}/actions", 200)
      const mock = yield* MockHttp.make({
        "GET /v2/images/7555620/actions": [
          MockHttp.json(200, body),
          MockHttp.json(200, { actions: [], links: {}, meta: { total: 0 } })
        ]
      })
      const last = yield* mock.provide(Image.fetchLastAction(7555620))
      assertAction(Option.getOrThrow(last), body.actions[0])
      assert.isTrue(Option.isNone(yield* mock.provide(Image.fetchLastAction(7555620))))
      const [request] = yield* mock.requests
      MockHttp.assertSent(request, "GET", "/v2/images/7555620/actions", "Image.fetchLastAction", {
        query: { page: "1", per_page: "1" }
      })
    }))
})

describe("Image.fetchCurrentAction", () => {
  const action = (id: number, status: string, started_at: string) => ({
    id,
    status,
    type: "transfer",
    started_at,
    completed_at: status === "in-progress" ? null : started_at,
    resource_id: 5,
    resource_type: "image",
    region: null,
    region_slug: "nyc3"
  })
  const listing = (...actions: Array<unknown>) =>
    MockHttp.json(200, { actions, links: {}, meta: { total: actions.length } })

  it.effect("is the first in-progress action among those that started with the newest", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/images/5/actions": listing(
          action(4, "completed", "2024-01-01T10:00:00Z"),
          action(3, "in-progress", "2024-01-01T10:00:00Z"),
          action(2, "in-progress", "2024-01-01T10:00:00Z"),
          action(1, "in-progress", "2024-01-01T09:00:00Z")
        )
      })
      const current = yield* mock.provide(Image.fetchCurrentAction(5))
      assert.strictEqual(Option.getOrThrow(current).id, 3)
      const [request] = yield* mock.requests
      MockHttp.assertSent(request, "GET", "/v2/images/5/actions", "Image.fetchAllActions", {
        query: { page: "1", per_page: "200" }
      })
    }))

  it.effect("is None when the newest started alone and is done, even if an older one is in progress", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/images/5/actions": listing(
          action(2, "completed", "2024-01-01T10:00:00Z"),
          action(1, "in-progress", "2024-01-01T09:59:59Z")
        )
      })
      assert.isTrue(Option.isNone(yield* mock.provide(Image.fetchCurrentAction(5))))
    }))

  it.effect("is the newest when it is in progress, and None when there are no actions", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/images/5/actions": [listing(action(2, "in-progress", "2024-01-01T10:00:00Z")), listing()]
      })
      assert.strictEqual(Option.getOrThrow(yield* mock.provide(Image.fetchCurrentAction(5))).id, 2)
      assert.isTrue(Option.isNone(yield* mock.provide(Image.fetchCurrentAction(5))))
    }))
})

describe("Image.waitForAction", () => {
  /** The spec's in-progress transfer (the example of GET /v2/images/{image_id}/actions/{action_id}), then done. */
  const routes = (image: MockHttp.Reply) => {
    const { action } = Spec.responseExample("GET", "/v2/images/{image_id}/actions/{action_id}", 200)
    const done = { ...action, status: "completed", completed_at: "2014-11-14T16:50:00Z" }
    return {
      [`GET /v2/images/${action.resource_id}/actions`]: MockHttp.json(200, {
        actions: [action],
        links: {},
        meta: { total: 1 }
      }),
      [`GET /v2/actions/${action.id}`]: [
        MockHttp.json(200, { action }),
        MockHttp.json(200, { action }),
        MockHttp.json(200, { action: done })
      ],
      [`GET /v2/images/${action.resource_id}`]: image
    }
  }

  it.effect("polls the last action until it is done, then returns the fresh image", () =>
    Effect.gen(function*() {
      const body = imageExample()
      const mock = yield* MockHttp.make(routes(MockHttp.json(200, { image: { ...body.image, id: 7938269 } })))
      const fiber = yield* Effect.fork(mock.provide(Image.waitForAction(7938269)))
      yield* TestClock.adjust("3 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting after two polls")
      yield* TestClock.adjust("1 second")
      const image = Option.getOrThrow(yield* Fiber.join(fiber))
      assertImage(image, { ...body.image, id: 7938269 })
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((request) => [request.method, request.path, request.at]), [
        ["GET", "/v2/images/7938269/actions", 0],
        ["GET", "/v2/actions/36805527", 0],
        ["GET", "/v2/actions/36805527", 2000],
        ["GET", "/v2/actions/36805527", 4000],
        ["GET", "/v2/images/7938269", 4000]
      ])
      assert.deepStrictEqual(requests[0].query, { page: "1", per_page: "200" })
    }))

  it.effect("is None when the image is gone (404) once the action is done", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make(routes(MockHttp.error(404, "not_found", "gone")))
      const fiber = yield* Effect.fork(mock.provide(Image.waitForAction(7938269, { interval: "1 second" })))
      yield* TestClock.adjust("1 minute")
      assert.isTrue(Option.isNone(yield* Fiber.join(fiber)))
      assert.deepStrictEqual((yield* mock.requests).map((request) => request.at), [0, 0, 1000, 2000, 2000])
    }))
})
