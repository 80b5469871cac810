/**
 * Tag: every operation's method, path, query and body, and the spec's response examples decoded through it; the
 * odd 400 body of `POST /v2/tags`; tagging droplets, images and others; the bulk droplet actions by tag.
 */
import { Action, Droplet, Image, Tag } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Schema } from "effect"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const sent = (request: MockHttp.Recorded) => [request.method, request.path, request.query, request.body]

const operationName = (request: MockHttp.Recorded): string => MockHttp.operationSpan(request).name

/** A decoded tag as plain JSON (its classes' encoded form), to compare with the example's. */
const encoded = (tag: Tag.Tag) => Schema.encodeSync(Tag.Tag)(tag)

/**
 * The tag of the spec's `GET /v2/tags/{tag_id}` example. That example is wrapped twice, `{"tag": {"tag": {...}}}`,
 * a mistake of the spec (`tags_existing`): the API and the schema say `{"tag": {...}}`, so the inner object is
 * served.
 */
const fetchedTag = () => {
  const example = Spec.responseExample("GET", "/v2/tags/{tag_id}", 200)
  return "tag" in example.tag ? example.tag.tag : example.tag
}

describe("Tag", () => {
  it.effect("fetch: GET /v2/tags/{name}, by name or object; the spec's example decodes, per-kind counts too", () =>
    Effect.gen(function*() {
      const example = fetchedTag()
      const mock = yield* MockHttp.make({ "GET /v2/tags/extra-awesome": MockHttp.json(200, { tag: example }) })
      const tag = yield* mock.provide(Tag.fetch("extra-awesome"))
      assert.instanceOf(tag, Tag.Tag)
      assert.deepStrictEqual(encoded(tag), example)
      assert.strictEqual(String(tag), "extra-awesome")
      assert.strictEqual(tag.resources?.count, 5)
      assert.strictEqual(tag.resources?.last_tagged_uri, "https://api.digitalocean.com/v2/images/7555620")
      assert.strictEqual(tag.resources?.droplets?.last_tagged_uri, "https://api.digitalocean.com/v2/droplets/3164444")
      assert.strictEqual(tag.resources?.images?.count, 1, "images, not the schema's misspelt imgages")
      assert.strictEqual(tag.resources?.volumes?.count, 1)
      assert.strictEqual(tag.resources?.volume_snapshots?.count, 1)
      assert.strictEqual(tag.resources?.databases?.count, 1)
      yield* mock.provide(Tag.fetch(tag))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["GET", "/v2/tags/extra-awesome", {}, undefined],
        ["GET", "/v2/tags/extra-awesome", {}, undefined]
      ])
    }))

  it.effect("fetch: the spec's doubly wrapped example, served as it is, is a Decode error", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/tags/{tag_id}", 200)
      const mock = yield* MockHttp.make({ "GET /v2/tags/extra-awesome": MockHttp.json(200, example) })
      const error = yield* mock.provide(Effect.flip(Tag.fetch("extra-awesome")))
      assert.strictEqual(error.reason, "Decode")
    }))

  it.effect("fetch: a name with a colon is URI-encoded in the path", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/tags/env:prod": MockHttp.json(200, { tag: { name: "env:prod" } })
      })
      const tag = yield* mock.provide(Tag.fetch("env:prod"))
      assert.strictEqual(tag.name, "env:prod")
      assert.isUndefined(tag.resources)
    }))

  it.effect("fetchAll: GET /v2/tags with per_page; the spec's listing example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/tags", 200)
      const mock = yield* MockHttp.make({ "GET /v2/tags": MockHttp.json(200, example) })
      const tags = yield* mock.provide(Tag.fetchAll)
      assert.deepStrictEqual(tags.map(encoded), example.tags)
      assert.strictEqual(tags[0].name, "extra-awesome")
      assert.strictEqual(
        tags[0].resources?.volumes?.last_tagged_uri,
        "https://api.digitalocean.com/v2/volumes/3d80cb72-342b-4aaa-b92e-4e4abb24a933"
      )
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["GET", "/v2/tags", { page: "1", per_page: "200" }, undefined]
      ])
    }))

  it.effect("create: POST /v2/tags with the name; the spec's 201 example decodes (counts 0, no URIs)", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("POST", "/v2/tags", 201).tag
      const mock = yield* MockHttp.make({ "POST /v2/tags": MockHttp.json(201, { tag: example }) })
      const tag = yield* mock.provide(Tag.create("extra-awesome"))
      assert.deepStrictEqual(encoded(tag), example)
      assert.strictEqual(tag.resources?.count, 0)
      assert.isUndefined(tag.resources?.last_tagged_uri)
      assert.strictEqual(tag.resources?.images?.count, 0)
      assert.deepStrictEqual((yield* mock.requests).map(sent), [["POST", "/v2/tags", {}, { name: "extra-awesome" }]])
    }))

  it.effect("create: the 400 body {error, messages, root_causes} becomes a DOAPIError with its error as message", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("POST", "/v2/tags", 400)
      assert.isString(example.error)
      const mock = yield* MockHttp.make({
        "POST /v2/tags": MockHttp.json(400, example, { "x-request-id": "rid-400" })
      })
      const error = yield* mock.provide(Effect.flip(Tag.create("здорово")))
      assert.strictEqual(error._tag, "DOAPIError")
      assert.strictEqual(error.reason, "ErrorResponse")
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.api_message, example.error)
      assert.strictEqual(error.request_id, "rid-400")
      assert.strictEqual(error.message, `POST /v2/tags: 400 error: ${example.error}`)
      assert.lengthOf(yield* mock.requests, 1, "a 400 is not retried")
    }))

  it.effect("remove (and delete): DELETE /v2/tags/{name}, 204", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "DELETE /v2/tags/awesome": MockHttp.empty(204) })
      assert.strictEqual(Tag.delete, Tag.remove)
      yield* mock.provide(Tag.remove("awesome"))
      yield* mock.provide(Tag.delete(Tag.Tag.make({ name: "awesome" })))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["DELETE", "/v2/tags/awesome", {}, undefined],
        ["DELETE", "/v2/tags/awesome", {}, undefined]
      ])
    }))
})

describe("Tag: tagging resources", () => {
  const droplet = () =>
    Schema.decodeUnknownSync(Droplet.Droplet)(
      Spec.responseExamples("GET", "/v2/droplets/{droplet_id}", 200)[0].value.droplet
    )
  const image = Schema.decodeUnknownSync(Image.Image)({ id: 7555620, slug: null })
  const resources: ReadonlyArray<Tag.Taggable> = [
    { resource_id: "3d80cb72-342b-4aaa-b92e-4e4abb24a933", resource_type: "volume" },
    { resource_id: "1f6f46e8-6b60-11e9-be4e-0a58ac144519", resource_type: "volume_snapshot" },
    { resource_id: 9569411, resource_type: "droplet" }
  ]

  it.effect("tagResources: POST /v2/tags/{name}/resources; droplets and images as objects, ids as strings", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "POST /v2/tags/awesome/resources": MockHttp.empty(204) })
      const d = droplet()
      yield* mock.provide(Tag.tagResources("awesome", [d, image, ...resources]))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["POST", "/v2/tags/awesome/resources", {}, {
          resources: [
            { resource_id: String(d.id), resource_type: "droplet" },
            { resource_id: "7555620", resource_type: "image" },
            { resource_id: "3d80cb72-342b-4aaa-b92e-4e4abb24a933", resource_type: "volume" },
            { resource_id: "1f6f46e8-6b60-11e9-be4e-0a58ac144519", resource_type: "volume_snapshot" },
            { resource_id: "9569411", resource_type: "droplet" }
          ]
        }]
      ])
      assert.strictEqual(d.id, 3164444)
    }))

  it.effect("untagResources: DELETE /v2/tags/{name}/resources with the same body, for a Tag object", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "DELETE /v2/tags/env:prod/resources": MockHttp.empty(204) })
      yield* mock.provide(Tag.untagResources(Tag.Tag.make({ name: "env:prod" }), new Set([image, resources[0]])))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["DELETE", "/v2/tags/env:prod/resources", {}, {
          resources: [
            { resource_id: "7555620", resource_type: "image" },
            { resource_id: "3d80cb72-342b-4aaa-b92e-4e4abb24a933", resource_type: "volume" }
          ]
        }]
      ])
    }))

  it.effect("a 404 (no such tag) is a DOAPIError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* mock.provide(Effect.flip(Tag.tagResources("nope", [image])))
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.method, "POST")
      assert.strictEqual(error.path, "/v2/tags/nope/resources")
    }))
})

describe("Tag: actions on the droplets with a tag", () => {
  const actionsExample = () => Spec.responseExample("POST", "/v2/droplets/actions", 201)

  const simple: ReadonlyArray<
    readonly [string, (tag: Tag.Tag | string) => Effect.Effect<ReadonlyArray<Action.Action>, any, any>]
  > = [
    ["power_cycle", Tag.powerCycleDroplets],
    ["power_on", Tag.powerOnDroplets],
    ["power_off", Tag.powerOffDroplets],
    ["shutdown", Tag.shutdownDroplets],
    ["enable_ipv6", Tag.enableIpv6Droplets],
    ["enable_backups", Tag.enableBackupsDroplets],
    ["disable_backups", Tag.disableBackupsDroplets]
  ]

  for (const [type, act] of simple) {
    it.effect(`${type}: POST /v2/droplets/actions?tag_name= with {type}; the spec's 201 example decodes`, () =>
      Effect.gen(function*() {
        const example = actionsExample()
        const mock = yield* MockHttp.make({ "POST /v2/droplets/actions": MockHttp.json(201, example) })
        const actions = yield* mock.provide(act("env:prod"))
        assert.lengthOf(actions, example.actions.length)
        const [action] = actions
        const [expected] = example.actions
        assert.instanceOf(action, Action.Action)
        assert.strictEqual(action.id, expected.id)
        assert.strictEqual(action.status, expected.status)
        assert.strictEqual(action.type, expected.type)
        assert.strictEqual(action.resource_id, expected.resource_id)
        assert.strictEqual(action.resource_type, expected.resource_type)
        assert.strictEqual(DateTime.formatIso(action.started_at), new Date(expected.started_at).toISOString())
        assert.strictEqual(action.region_slug, expected.region_slug)
        yield* mock.provide(act(Tag.Tag.make({ name: "web" })))
        assert.deepStrictEqual((yield* mock.requests).map(sent), [
          ["POST", "/v2/droplets/actions", { tag_name: "env:prod" }, { type }],
          ["POST", "/v2/droplets/actions", { tag_name: "web" }, { type }]
        ])
      }))
  }

  it.effect("snapshotDroplets: {type: snapshot} with an optional name", () =>
    Effect.gen(function*() {
      const example = actionsExample()
      const mock = yield* MockHttp.make({ "POST /v2/droplets/actions": MockHttp.json(201, example) })
      const actions = yield* mock.provide(Tag.snapshotDroplets("env:prod", "nightly"))
      assert.strictEqual(actions[0].id, example.actions[0].id)
      yield* mock.provide(Tag.snapshotDroplets("env:prod"))
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["POST", "/v2/droplets/actions", { tag_name: "env:prod" }, { type: "snapshot", name: "nightly" }],
        ["POST", "/v2/droplets/actions", { tag_name: "env:prod" }, { type: "snapshot" }]
      ])
    }))

  it.effect("actOnDroplets: any body; one Action per droplet", () =>
    Effect.gen(function*() {
      const one = actionsExample().actions[0]
      const mock = yield* MockHttp.make({
        "POST /v2/droplets/actions": MockHttp.json(201, {
          actions: [{ ...one, id: 1, resource_id: 11 }, { ...one, id: 2, resource_id: 12 }]
        })
      })
      const actions = yield* mock.provide(Tag.actOnDroplets("web", { type: "power_on" }))
      assert.deepStrictEqual(actions.map((a) => [a.id, a.resource_id]), [[1, 11], [2, 12]])
      assert.deepStrictEqual((yield* mock.requests).map(sent), [
        ["POST", "/v2/droplets/actions", { tag_name: "web" }, { type: "power_on" }]
      ])
    }))

  it.effect("each runs in a span named Tag.<function>", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "POST /v2/droplets/actions": MockHttp.json(201, { actions: [] }) })
      for (const [, act] of simple) yield* mock.provide(act("web"))
      yield* mock.provide(Tag.snapshotDroplets("web"))
      yield* mock.provide(Tag.actOnDroplets("web", { type: "power_on" }))
      assert.deepStrictEqual((yield* mock.requests).map(operationName), [
        "Tag.powerCycleDroplets",
        "Tag.powerOnDroplets",
        "Tag.powerOffDroplets",
        "Tag.shutdownDroplets",
        "Tag.enableIpv6Droplets",
        "Tag.enableBackupsDroplets",
        "Tag.disableBackupsDroplets",
        "Tag.snapshotDroplets",
        "Tag.actOnDroplets"
      ])
    }))
})
