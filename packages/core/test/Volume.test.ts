/**
 * Volume: every operation's method, path, query and body, and the spec's response examples decoded through it.
 */
import { type Action, DoError, Region, Snapshot, Volume } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, DateTime, Effect, Fiber, Option, Schema, Stream, TestClock } from "effect"
import * as Listing from "./utils/Listing.js"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const ID = "506f78a4-e098-11e5-ad9f-000f53306ae1"
const DROPLET = 11612190
const volumeExample = () => Spec.responseExample("GET", "/v2/volumes/{volume_id}", 200)
const volumeWith = (fields: Record<string, unknown>) => ({ ...volumeExample().volume, ...fields })
const decodeVolume = Schema.decodeUnknownSync(Volume.Volume)
const actionExample = (name: "volume_action_attach_response" | "VolumeActionDetachResponse") =>
  Spec.responseExamples("POST", "/v2/volumes/{volume_id}/actions", 202).find((e) => e.name === name)!.value
const actionJson = (status = "in-progress", extra: Record<string, unknown> = {}) => ({
  ...actionExample("VolumeActionDetachResponse").action,
  status,
  completed_at: status === "in-progress" ? null : "2015-10-15T17:47:15Z",
  ...extra
})

/** Asserts a decoded volume has exactly the spec object's fields (`tags` and `droplet_ids` default to null). */
const assertVolume = (volume: Volume.Volume, spec: any) => {
  assert.instanceOf(volume, Volume.Volume)
  assert.strictEqual(volume.id, spec.id)
  assert.deepStrictEqual(volume.droplet_ids, "droplet_ids" in spec ? spec.droplet_ids : null)
  assert.strictEqual(volume.name, spec.name)
  assert.strictEqual(volume.description, spec.description)
  assert.strictEqual(volume.size_gigabytes, spec.size_gigabytes)
  assert.isTrue(DateTime.isDateTime(volume.created_at) && DateTime.isUtc(volume.created_at))
  assert.strictEqual(DateTime.toEpochMillis(volume.created_at!), new Date(spec.created_at).getTime())
  assert.deepStrictEqual(volume.tags, "tags" in spec ? spec.tags : null)
  assert.instanceOf(volume.region, Region.Region)
  assert.deepStrictEqual({ ...volume.region }, spec.region)
  assert.strictEqual(volume.regionSlug, spec.region.slug)
  assert.strictEqual(volume.filesystem_type, spec.filesystem_type)
  assert.strictEqual(volume.filesystem_label, spec.filesystem_label)
}

/** Asserts a decoded action has the spec example's fields (`resource_id` defaults to null). */
const assertAction = (action: Action.Action, spec: any) => {
  assert.strictEqual(action.id, spec.id)
  assert.strictEqual(action.status, spec.status)
  assert.strictEqual(action.type, spec.type)
  assert.strictEqual(DateTime.toEpochMillis(action.started_at), new Date(spec.started_at).getTime())
  assert.strictEqual(
    action.completed_at === null ? null : DateTime.toEpochMillis(action.completed_at),
    spec.completed_at === null ? null : new Date(spec.completed_at).getTime()
  )
  assert.strictEqual(action.resource_id, spec.resource_id ?? null)
  assert.strictEqual(action.resource_type, spec.resource_type)
  assert.strictEqual(action.region?.slug, spec.region.slug)
  assert.strictEqual(action.region_slug, spec.region_slug)
}

describe("Volume", () => {
  it.effect("fetch: GET /v2/volumes/{id}, by id or object; the spec's example decodes", () =>
    Effect.gen(function*() {
      const example = volumeExample()
      const mock = yield* MockHttp.make({ [`GET /v2/volumes/${ID}`]: MockHttp.json(200, example) })
      const volume = yield* mock.provide(Volume.fetch(ID))
      assertVolume(volume, example.volume)
      assert.isNull(volume.tags)
      assert.isFalse(volume.attached)
      yield* mock.provide(Volume.fetch(volume))
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.method, r.path, r.query, r.body]), [
        ["GET", `/v2/volumes/${ID}`, {}, undefined],
        ["GET", `/v2/volumes/${ID}`, {}, undefined]
      ])
    }))

  it.effect("fetchAll: each of the spec's listing examples decodes, field by field", () =>
    Effect.gen(function*() {
      const examples = Spec.responseExamples("GET", "/v2/volumes", 200)
      assert.deepStrictEqual(examples.map((e) => e.name), ["All Volumes", "Filtered by Name", "Filtered by Region"])
      for (const example of examples) {
        const mock = yield* MockHttp.make({ "GET /v2/volumes": MockHttp.json(200, example.value) })
        const all = yield* mock.provide(Volume.fetchAll())
        assert.lengthOf(all, example.value.volumes.length, example.name)
        all.forEach((volume, i) => assertVolume(volume, example.value.volumes[i]))
        const [request] = yield* mock.requests
        assert.deepStrictEqual([request.method, request.path, request.query], [
          "GET",
          "/v2/volumes",
          { per_page: "200", page: "1" }
        ])
      }
    }))

  it.effect("fetchAll and stream: the name and region filters; pages are followed", () =>
    Effect.gen(function*() {
      const items = Array.from({ length: 3 }, (_, i) => volumeWith({ id: `v-${i}`, name: `vol-${i}` }))
      const mock = yield* MockHttp.make({ "GET /v2/volumes": Listing.script("volumes", items) }, { perPage: 2 })
      const all = yield* mock.provide(Volume.fetchAll({ name: "example" }))
      assert.deepStrictEqual(all.map((v) => v.id), ["v-0", "v-1", "v-2"])
      yield* mock.provide(Stream.runCollect(Volume.stream({ region: "nyc1" })))
      yield* mock.provide(Stream.runCollect(Volume.stream({ name: "example", region: "nyc1" })))
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.query), [
        { per_page: "2", name: "example", page: "1" },
        { per_page: "2", name: "example", page: "2" },
        { per_page: "2", region: "nyc1", page: "1" },
        { per_page: "2", region: "nyc1", page: "2" },
        { per_page: "2", name: "example", region: "nyc1", page: "1" },
        { per_page: "2", name: "example", region: "nyc1", page: "2" }
      ])
    }))

  it.effect("fetchByName: GET /v2/volumes?name=&region=, Some or None", () =>
    Effect.gen(function*() {
      const byName = Spec.responseExamples("GET", "/v2/volumes", 200).find((e) => e.name === "Filtered by Name")!
      const mock = yield* MockHttp.make({
        "GET /v2/volumes": [MockHttp.json(200, byName.value), MockHttp.json(200, { volumes: [], meta: { total: 0 } })]
      })
      const found = yield* mock.provide(Volume.fetchByName("example", "nyc1"))
      assertVolume(Option.getOrThrow(found), byName.value.volumes[0])
      assert.isTrue(Option.isNone(yield* mock.provide(Volume.fetchByName("nothing", "nyc1"))))
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.method, r.path, r.query]), [
        ["GET", "/v2/volumes", { per_page: "200", name: "example", region: "nyc1", page: "1" }],
        ["GET", "/v2/volumes", { per_page: "200", name: "nothing", region: "nyc1", page: "1" }]
      ])
    }))

  it.effect("create: POST /v2/volumes with the options as the body; the spec's 201 example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("POST", "/v2/volumes", 201)
      const mock = yield* MockHttp.make({ "POST /v2/volumes": MockHttp.json(201, example) })
      const options: Volume.CreateOptions = {
        size_gigabytes: 10,
        name: "snapshot-example",
        snapshot_id: "b0798135-fb76-11eb-946a-0a58ac146f33",
        region: "atl1",
        description: "A new volume based on a snapshot",
        tags: ["env:prod"],
        filesystem_type: "ext4",
        filesystem_label: "ext4_volume_01"
      }
      const volume = yield* mock.provide(Volume.create(options))
      assertVolume(volume, example.volume)
      yield* mock.provide(Volume.create({ name: "bare", size_gigabytes: 1, region: "nyc1" }))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.method, r.path, r.query]), [
        ["POST", "/v2/volumes", {}],
        ["POST", "/v2/volumes", {}]
      ])
      assert.deepStrictEqual(requests[0].body, options)
      assert.deepStrictEqual(requests[1].body, { name: "bare", size_gigabytes: 1, region: "nyc1" })
      assert.strictEqual(requests[0].headers["content-type"], "application/json")
    }))

  it.effect("create refuses a size that is not an integer before sending anything", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* Effect.flip(mock.provide(Volume.create({ name: "x", size_gigabytes: 1.5, region: "nyc1" })))
      assert.strictEqual(error.reason, "Encode")
      assert.lengthOf(yield* mock.requests, 0)
    }))

  it.effect("delete / remove by id or object, and removeByName: 204", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`DELETE /v2/volumes/${ID}`]: MockHttp.empty(204),
        "DELETE /v2/volumes": MockHttp.empty(204)
      })
      yield* mock.provide(Volume.delete(ID))
      yield* mock.provide(Volume.remove(decodeVolume(volumeExample().volume)))
      yield* mock.provide(Volume.removeByName("example", "nyc1"))
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.method, r.path, r.query, r.body]), [
        ["DELETE", `/v2/volumes/${ID}`, {}, undefined],
        ["DELETE", `/v2/volumes/${ID}`, {}, undefined],
        ["DELETE", "/v2/volumes", { name: "example", region: "nyc1" }, undefined]
      ])
    }))

  it("getters: regionSlug and attached", () => {
    const attached = decodeVolume(volumeWith({ droplet_ids: [DROPLET] }))
    assert.isTrue(attached.attached)
    assert.strictEqual(attached.regionSlug, "nyc1")
    assert.isFalse(decodeVolume(volumeWith({ droplet_ids: null })).attached)
    const bare = decodeVolume({ id: ID })
    assert.isFalse(bare.attached)
    assert.isUndefined(bare.regionSlug)
    assert.isNull(bare.droplet_ids)
    assert.isNull(bare.tags)
  })
})

describe("Volume snapshots", () => {
  it.effect("snapshots: GET /v2/volumes/{id}/snapshots; the spec's example decodes (tags null)", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/volumes/{volume_id}/snapshots", 200)
      const mock = yield* MockHttp.make({ [`GET /v2/volumes/${ID}/snapshots`]: MockHttp.json(200, example) })
      const all = Chunk.toArray(yield* mock.provide(Stream.runCollect(Volume.snapshots(ID))))
      assert.lengthOf(all, 1)
      const [snapshot] = all
      const spec = example.snapshots[0]
      assert.instanceOf(snapshot, Snapshot.Snapshot)
      assert.deepStrictEqual(
        [snapshot.id, snapshot.name, snapshot.regions, snapshot.resource_id, snapshot.resource_type],
        [spec.id, spec.name, spec.regions, spec.resource_id, spec.resource_type]
      )
      assert.deepStrictEqual([snapshot.min_disk_size, snapshot.size_gigabytes], [10, 0])
      assert.strictEqual(DateTime.toEpochMillis(snapshot.created_at), new Date(spec.created_at).getTime())
      assert.isNull(snapshot.tags)
      const [request] = yield* mock.requests
      assert.deepStrictEqual([request.method, request.path, request.query], [
        "GET",
        `/v2/volumes/${ID}/snapshots`,
        { per_page: "200", page: "1" }
      ])
    }))

  it.effect("createSnapshot: POST /v2/volumes/{id}/snapshots { name, tags }; the spec's 201 example decodes", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("POST", "/v2/volumes/{volume_id}/snapshots", 201)
      const mock = yield* MockHttp.make({ [`POST /v2/volumes/${ID}/snapshots`]: MockHttp.json(201, example) })
      const snapshot = yield* mock.provide(
        Volume.createSnapshot(ID, { name: "big-data-snapshot1475261774", tags: ["aninterestingtag"] })
      )
      const spec = example.snapshot
      assert.instanceOf(snapshot, Snapshot.Snapshot)
      assert.deepStrictEqual(
        [snapshot.id, snapshot.name, snapshot.regions, snapshot.min_disk_size, snapshot.size_gigabytes],
        [spec.id, spec.name, spec.regions, spec.min_disk_size, spec.size_gigabytes]
      )
      assert.deepStrictEqual([snapshot.resource_id, snapshot.resource_type, snapshot.tags], [
        spec.resource_id,
        "volume",
        ["aninterestingtag"]
      ])
      yield* mock.provide(Volume.createSnapshot(decodeVolume(volumeExample().volume), { name: "untagged" }))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.method, r.path, r.query, r.body]), [
        ["POST", `/v2/volumes/${ID}/snapshots`, {}, {
          name: "big-data-snapshot1475261774",
          tags: ["aninterestingtag"]
        }],
        ["POST", `/v2/volumes/${ID}/snapshots`, {}, { name: "untagged" }]
      ])
    }))

  it.effect("fetchSnapshot and removeSnapshot: /v2/volumes/snapshots/{snapshot_id}", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/volumes/snapshots/{snapshot_id}", 200)
      const snapshotId = example.snapshot.id
      const mock = yield* MockHttp.make({
        [`GET /v2/volumes/snapshots/${snapshotId}`]: MockHttp.json(200, example),
        [`DELETE /v2/volumes/snapshots/${snapshotId}`]: MockHttp.empty(204)
      })
      const snapshot = yield* mock.provide(Volume.fetchSnapshot(snapshotId))
      assert.deepStrictEqual(
        [snapshot.id, snapshot.name, snapshot.resource_id, snapshot.resource_type, snapshot.tags],
        [snapshotId, example.snapshot.name, example.snapshot.resource_id, "volume", example.snapshot.tags]
      )
      yield* mock.provide(Volume.removeSnapshot(snapshot))
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.method, r.path, r.query, r.body]), [
        ["GET", `/v2/volumes/snapshots/${snapshotId}`, {}, undefined],
        ["DELETE", `/v2/volumes/snapshots/${snapshotId}`, {}, undefined]
      ])
    }))
})

describe("Volume actions", () => {
  const byId = `POST /v2/volumes/${ID}/actions`
  const cases: ReadonlyArray<
    readonly [string, Effect.Effect<Action.Action, any, any>, Record<string, unknown>]
  > = [
    ["attach", Volume.attach(ID, DROPLET), { type: "attach", droplet_id: DROPLET }],
    [
      "attach with region and tags",
      Volume.attach(ID, DROPLET, { region: "nyc1", tags: ["aninterestingtag"] }),
      { type: "attach", droplet_id: DROPLET, region: "nyc1", tags: ["aninterestingtag"] }
    ],
    ["detach", Volume.detach(ID, DROPLET), { type: "detach", droplet_id: DROPLET }],
    ["detach with region", Volume.detach(ID, DROPLET, { region: "nyc1" }), {
      type: "detach",
      droplet_id: DROPLET,
      region: "nyc1"
    }],
    ["resize", Volume.resize(ID, 100), { type: "resize", size_gigabytes: 100 }],
    ["resize with region", Volume.resize(ID, 100, "nyc1"), { type: "resize", size_gigabytes: 100, region: "nyc1" }],
    ["act", Volume.act(ID, { type: "future_action", level: 3 }), { type: "future_action", level: 3 }]
  ]

  for (const [name, run, body] of cases) {
    it.effect(`${name}: POST /v2/volumes/{id}/actions ${JSON.stringify(body)}`, () =>
      Effect.gen(function*() {
        const example = actionExample("volume_action_attach_response")
        const mock = yield* MockHttp.make({ [byId]: MockHttp.json(202, example) })
        const action = yield* mock.provide(run)
        assertAction(action, example.action)
        const [request] = yield* mock.requests
        assert.deepStrictEqual([request.method, request.path, request.query], ["POST", `/v2/volumes/${ID}/actions`, {}])
        assert.deepStrictEqual(request.body, body)
        assert.strictEqual(request.headers["content-type"], "application/json")
      }))
  }

  it.effect("attach and detach take the volume and droplet objects too", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ [byId]: MockHttp.json(202, actionExample("volume_action_attach_response")) })
      const volume = decodeVolume(volumeExample().volume)
      const droplet = { id: DROPLET } as any
      yield* mock.provide(Volume.attach(volume, droplet))
      yield* mock.provide(Volume.detach(volume, droplet))
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.path, r.body]), [
        [`/v2/volumes/${ID}/actions`, { type: "attach", droplet_id: DROPLET }],
        [`/v2/volumes/${ID}/actions`, { type: "detach", droplet_id: DROPLET }]
      ])
    }))

  it.effect("both spec examples decode: attach (no resource_id) and detach (resource_type backend, resource_id null)", () =>
    Effect.gen(function*() {
      const attached = actionExample("volume_action_attach_response")
      const detached = actionExample("VolumeActionDetachResponse")
      assert.notProperty(attached.action, "resource_id")
      const mock = yield* MockHttp.make({
        [byId]: [MockHttp.json(202, attached), MockHttp.json(202, detached)]
      })
      const attach = yield* mock.provide(Volume.attach(ID, DROPLET))
      assertAction(attach, attached.action)
      assert.isNull(attach.resource_id)
      assert.strictEqual(attach.type, "attach_volume")
      const detach = yield* mock.provide(Volume.detach(ID, DROPLET))
      assertAction(detach, detached.action)
      assert.strictEqual(detach.resource_type, "backend")
      assert.isNull(detach.resource_id)
      assert.isTrue(detach.inProgress)
      assert.isNull(detach.completed_at)
    }))

  it.effect("attachByName and detachByName: POST /v2/volumes/actions with volume_name and region", () =>
    Effect.gen(function*() {
      const attached = Spec.responseExamples("POST", "/v2/volumes/actions", 202)
        .find((e) => e.name === "volume_action_attach_response")!.value
      const detached = Spec.responseExamples("POST", "/v2/volumes/actions", 202)
        .find((e) => e.name === "VolumeActionDetachResponse")!.value
      const mock = yield* MockHttp.make({
        "POST /v2/volumes/actions": [
          MockHttp.json(202, attached),
          MockHttp.json(202, attached),
          MockHttp.json(202, detached)
        ]
      })
      assertAction(yield* mock.provide(Volume.attachByName("example", DROPLET, "nyc1")), attached.action)
      yield* mock.provide(Volume.attachByName("example", DROPLET, "nyc1", { tags: ["aninterestingtag"] }))
      assertAction(yield* mock.provide(Volume.detachByName("example", DROPLET, "nyc1")), detached.action)
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.method, r.path, r.query, r.body]), [
        ["POST", "/v2/volumes/actions", {}, {
          type: "attach",
          volume_name: "example",
          droplet_id: DROPLET,
          region: "nyc1"
        }],
        ["POST", "/v2/volumes/actions", {}, {
          type: "attach",
          volume_name: "example",
          droplet_id: DROPLET,
          region: "nyc1",
          tags: ["aninterestingtag"]
        }],
        ["POST", "/v2/volumes/actions", {}, {
          type: "detach",
          volume_name: "example",
          droplet_id: DROPLET,
          region: "nyc1"
        }]
      ])
    }))

  it.effect("resizeByName: looks the volume up by name and region, then resizes it by id", () =>
    Effect.gen(function*() {
      const byName = Spec.responseExamples("GET", "/v2/volumes", 200).find((e) => e.name === "Filtered by Name")!
      const mock = yield* MockHttp.make({
        "GET /v2/volumes": MockHttp.json(200, byName.value),
        [byId]: MockHttp.json(202, { action: actionJson("in-progress", { type: "resize" }) })
      })
      const action = yield* mock.provide(Volume.resizeByName("example", "nyc1", 100))
      assert.strictEqual(action.type, "resize")
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.method, r.path, r.query, r.body]), [
        ["GET", "/v2/volumes", { per_page: "200", name: "example", region: "nyc1", page: "1" }, undefined],
        ["POST", `/v2/volumes/${ID}/actions`, {}, { type: "resize", size_gigabytes: 100, region: "nyc1" }]
      ])
    }))

  it.effect("resizeByName: a VolumeNotFoundError, and no resize, when there is no such volume", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        "GET /v2/volumes": MockHttp.json(200, { volumes: [], links: {}, meta: { total: 0 } })
      })
      const error = yield* Effect.flip(mock.provide(Volume.resizeByName("missing", "nyc1", 100)))
      assert.instanceOf(error, Volume.VolumeNotFoundError)
      assert.strictEqual(error._tag, "VolumeNotFoundError")
      if (error._tag !== "VolumeNotFoundError") return
      assert.deepStrictEqual([error.name, error.region], ["missing", "nyc1"])
      assert.strictEqual(error.message, "no volume named missing in region nyc1")
      assert.deepStrictEqual((yield* mock.requests).map((r) => [r.method, r.path, r.query]), [
        ["GET", "/v2/volumes", { per_page: "200", name: "missing", region: "nyc1", page: "1" }]
      ])
    }))

  it.effect("resizeByName: a failing lookup is its DOAPIError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({ "GET /v2/volumes": MockHttp.error(401, "unauthorized", "no") })
      const error = yield* Effect.flip(mock.provide(Volume.resizeByName("example", "nyc1", 100)))
      assert.isTrue(DoError.isDOAPIError(error) && error.status === 401)
    }))

  it.effect("streamActions, fetchAllActions and fetchLastAction: GET /v2/volumes/{id}/actions", () =>
    Effect.gen(function*() {
      const example = Spec.responseExample("GET", "/v2/volumes/{volume_id}/actions", 200)
      const mock = yield* MockHttp.make({ [`GET /v2/volumes/${ID}/actions`]: MockHttp.json(200, example) })
      const all = yield* mock.provide(Volume.fetchAllActions(ID))
      assert.lengthOf(all, example.actions.length)
      all.forEach((action, i) => assertAction(action, example.actions[i]))
      const streamed = Chunk.toArray(yield* mock.provide(Stream.runCollect(Volume.streamActions(ID))))
      assert.deepStrictEqual(streamed.map((a) => a.id), [72531856])
      const last = yield* mock.provide(Volume.fetchLastAction(ID))
      assertAction(Option.getOrThrow(last), example.actions[0])
      const requests = yield* mock.requests
      assert.isTrue(requests.every((r) => r.method === "GET" && r.path === `/v2/volumes/${ID}/actions`))
      assert.deepStrictEqual(requests.map((r) => r.query), [
        { per_page: "200", page: "1" },
        { per_page: "200", page: "1" },
        { page: "1", per_page: "1" }
      ])
    }))

  it.effect("fetchCurrentAction: the in-progress action, None when all are done", () =>
    Effect.gen(function*() {
      const listing = (actions: ReadonlyArray<unknown>) =>
        MockHttp.json(200, { actions, meta: { total: actions.length } })
      const mock = yield* MockHttp.make({
        [`GET /v2/volumes/${ID}/actions`]: [
          listing([actionJson("in-progress", { id: 2 }), actionJson("completed", { id: 1 })]),
          listing([actionJson("completed", { id: 2 })])
        ]
      })
      assert.strictEqual(Option.getOrThrow(yield* mock.provide(Volume.fetchCurrentAction(ID))).id, 2)
      assert.isTrue(Option.isNone(yield* mock.provide(Volume.fetchCurrentAction(ID))))
    }))

  it.effect("waitForAction: polls the last action (resource_id null) until done, then the fresh volume; None once gone", () =>
    Effect.gen(function*() {
      const actionId = actionExample("VolumeActionDetachResponse").action.id
      const mock = yield* MockHttp.make({
        [`GET /v2/volumes/${ID}/actions`]: MockHttp.json(200, { actions: [actionJson()], meta: { total: 1 } }),
        [`GET /v2/actions/${actionId}`]: [
          MockHttp.json(200, { action: actionJson() }),
          MockHttp.json(200, { action: actionJson() }),
          MockHttp.json(200, { action: actionJson("completed") })
        ],
        [`GET /v2/volumes/${ID}`]: [
          MockHttp.json(200, { volume: volumeWith({ droplet_ids: [] }) }),
          MockHttp.error(404, "not_found", "gone")
        ]
      })
      const fiber = yield* Effect.fork(mock.provide(Volume.waitForAction(ID)))
      yield* TestClock.adjust("3999 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 millis")
      const fresh = Option.getOrThrow(yield* Fiber.join(fiber))
      assert.strictEqual(fresh.id, ID)
      assert.isFalse(fresh.attached)
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.path, r.at]), [
        [`/v2/volumes/${ID}/actions`, 0],
        [`/v2/actions/${actionId}`, 0],
        [`/v2/actions/${actionId}`, 2000],
        [`/v2/actions/${actionId}`, 4000],
        [`/v2/volumes/${ID}`, 4000]
      ])
      const gone = yield* Effect.fork(mock.provide(Volume.waitForAction(ID, { interval: "1 second" })))
      yield* TestClock.adjust("10 seconds")
      assert.isTrue(Option.isNone(yield* Fiber.join(gone)))
    }))

  it.effect("waitForAction: nothing to wait for when the volume has no action", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`GET /v2/volumes/${ID}/actions`]: MockHttp.json(200, { actions: [], meta: { total: 0 } }),
        [`GET /v2/volumes/${ID}`]: MockHttp.json(200, volumeExample())
      })
      const fresh = yield* mock.provide(Volume.waitForAction(ID))
      assert.strictEqual(Option.getOrThrow(fresh).id, ID)
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.path), [
        `/v2/volumes/${ID}/actions`,
        `/v2/volumes/${ID}`
      ])
    }))
})
