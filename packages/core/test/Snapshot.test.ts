/**
 * Snapshot: every operation's method, path, query and body, and the spec's response examples decoded through it.
 */
import { DoError, Snapshot } from "@doapi/core"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, DateTime, Effect, Schema, Stream } from "effect"
import * as Listing from "./utils/Listing.js"
import * as MockHttp from "./utils/MockHttp.js"
import * as Spec from "./utils/Spec.js"

const DROPLET_SNAPSHOT = "6372321"
const VOLUME_SNAPSHOT = "fbe805e8-866b-11e6-96bf-000f53315a41"

/** Asserts a decoded snapshot has exactly the spec object's fields. */
const assertSnapshot = (snapshot: Snapshot.Snapshot, spec: any) => {
  assert.instanceOf(snapshot, Snapshot.Snapshot)
  assert.strictEqual(snapshot.id, spec.id)
  assert.strictEqual(snapshot.name, spec.name)
  assert.isTrue(DateTime.isDateTime(snapshot.created_at) && DateTime.isUtc(snapshot.created_at))
  assert.strictEqual(DateTime.toEpochMillis(snapshot.created_at), new Date(spec.created_at).getTime())
  assert.deepStrictEqual(snapshot.regions, spec.regions)
  assert.strictEqual(snapshot.min_disk_size, spec.min_disk_size)
  assert.strictEqual(snapshot.size_gigabytes, spec.size_gigabytes)
  assert.strictEqual(snapshot.resource_id, spec.resource_id)
  assert.strictEqual(snapshot.resource_type, spec.resource_type)
  assert.deepStrictEqual(snapshot.tags, spec.tags)
  assert.strictEqual(snapshot.isDropletSnapshot, spec.resource_type === "droplet")
  assert.strictEqual(snapshot.isVolumeSnapshot, spec.resource_type === "volume")
  assert.strictEqual(String(snapshot), spec.id)
}

const snapshotExample = () => Spec.responseExample("GET", "/v2/snapshots/{snapshot_id}", 200)
const listingExamples = () => Spec.responseExamples("GET", "/v2/snapshots", 200)

describe("Snapshot", () => {
  it.effect("fetch: GET /v2/snapshots/{id} by string id, integer id or object; the spec's example decodes", () =>
    Effect.gen(function*() {
      const example = snapshotExample()
      const mock = yield* MockHttp.make({
        [`GET /v2/snapshots/${DROPLET_SNAPSHOT}`]: MockHttp.json(200, example)
      })
      const snapshot = yield* mock.provide(Snapshot.fetch(DROPLET_SNAPSHOT))
      assertSnapshot(snapshot, example.snapshot)
      assert.strictEqual(snapshot.id, "6372321")
      assert.strictEqual(snapshot.resource_type, Snapshot.RESOURCE_DROPLET)
      yield* mock.provide(Snapshot.fetch(6372321))
      yield* mock.provide(Snapshot.fetch(snapshot))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.method, r.path, r.query, r.body]), [
        ["GET", `/v2/snapshots/${DROPLET_SNAPSHOT}`, {}, undefined],
        ["GET", `/v2/snapshots/${DROPLET_SNAPSHOT}`, {}, undefined],
        ["GET", `/v2/snapshots/${DROPLET_SNAPSHOT}`, {}, undefined]
      ])
    }))

  it.effect("fetch: a volume snapshot by its uuid", () =>
    Effect.gen(function*() {
      const [volumeSnapshot] = listingExamples().find((e) => e.name === "Volume Snapshots")!.value.snapshots
      const mock = yield* MockHttp.make({
        [`GET /v2/snapshots/${VOLUME_SNAPSHOT}`]: MockHttp.json(200, { snapshot: volumeSnapshot })
      })
      const snapshot = yield* mock.provide(Snapshot.fetch(VOLUME_SNAPSHOT))
      assertSnapshot(snapshot, volumeSnapshot)
      assert.isTrue(snapshot.isVolumeSnapshot)
      assert.strictEqual((yield* mock.requests)[0].path, `/v2/snapshots/${VOLUME_SNAPSHOT}`)
    }))

  it.effect("fetchAll: each of the spec's listing examples decodes, field by field", () =>
    Effect.gen(function*() {
      const examples = listingExamples()
      assert.deepStrictEqual(examples.map((e) => e.name), ["All Snapshots", "Droplets Snapshots", "Volume Snapshots"])
      for (const example of examples) {
        const mock = yield* MockHttp.make({ "GET /v2/snapshots": MockHttp.json(200, example.value) })
        const all = yield* mock.provide(Snapshot.fetchAll())
        assert.lengthOf(all, example.value.snapshots.length, example.name)
        all.forEach((snapshot, i) => assertSnapshot(snapshot, example.value.snapshots[i]))
        const [request] = yield* mock.requests
        assert.strictEqual(request.method, "GET")
        assert.strictEqual(request.path, "/v2/snapshots")
        assert.deepStrictEqual(request.query, { per_page: "200", page: "1" })
      }
    }))

  it.effect("fetchAll and stream: the resource_type filter", () =>
    Effect.gen(function*() {
      const droplets = listingExamples().find((e) => e.name === "Droplets Snapshots")!.value
      const mock = yield* MockHttp.make({ "GET /v2/snapshots": MockHttp.json(200, droplets) })
      const onlyDroplets = yield* mock.provide(Snapshot.fetchAll({ resource_type: "droplet" }))
      assert.deepStrictEqual(onlyDroplets.map((s) => s.resource_type), ["droplet"])
      yield* mock.provide(Stream.runCollect(Snapshot.stream({ resource_type: "volume" })))
      yield* mock.provide(Stream.runCollect(Snapshot.stream()))
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.query), [
        { per_page: "200", resource_type: "droplet", page: "1" },
        { per_page: "200", resource_type: "volume", page: "1" },
        { per_page: "200", page: "1" }
      ])
    }))

  it.effect("stream: follows the pages", () =>
    Effect.gen(function*() {
      const one = snapshotExample().snapshot
      const items = Array.from({ length: 5 }, (_, i) => ({ ...one, id: String(i + 1), name: `snap-${i + 1}` }))
      const mock = yield* MockHttp.make({ "GET /v2/snapshots": Listing.script("snapshots", items) }, { perPage: 2 })
      const all = Chunk.toArray(yield* mock.provide(Stream.runCollect(Snapshot.stream())))
      assert.deepStrictEqual(all.map((s) => s.id), ["1", "2", "3", "4", "5"])
      assert.deepStrictEqual((yield* mock.requests).map((r) => r.query.page), ["1", "2", "3"])
    }))

  it.effect("delete / remove: DELETE /v2/snapshots/{id}, 204, by id or object", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({
        [`DELETE /v2/snapshots/${DROPLET_SNAPSHOT}`]: MockHttp.empty(204),
        [`DELETE /v2/snapshots/${VOLUME_SNAPSHOT}`]: MockHttp.empty(204)
      })
      const snapshot = Schema.decodeUnknownSync(Snapshot.Snapshot)(snapshotExample().snapshot)
      yield* mock.provide(Snapshot.delete(snapshot))
      yield* mock.provide(Snapshot.remove(6372321))
      yield* mock.provide(Snapshot.remove(VOLUME_SNAPSHOT))
      const requests = yield* mock.requests
      assert.deepStrictEqual(requests.map((r) => [r.method, r.path, r.query, r.body]), [
        ["DELETE", `/v2/snapshots/${DROPLET_SNAPSHOT}`, {}, undefined],
        ["DELETE", `/v2/snapshots/${DROPLET_SNAPSHOT}`, {}, undefined],
        ["DELETE", `/v2/snapshots/${VOLUME_SNAPSHOT}`, {}, undefined]
      ])
    }))

  it.effect("a 404 is a DOAPIError", () =>
    Effect.gen(function*() {
      const mock = yield* MockHttp.make({})
      const error = yield* Effect.flip(mock.provide(Snapshot.fetch("missing")))
      assert.isTrue(DoError.isDOAPIError(error))
      assert.strictEqual(error.status, 404)
      assert.strictEqual(error.path, "/v2/snapshots/missing")
    }))

  it("tags: null, or absent, decodes to null; an unknown resource_type decodes", () => {
    const base = snapshotExample().snapshot
    const decode = Schema.decodeUnknownSync(Snapshot.Snapshot)
    assert.isNull(decode({ ...base, tags: null }).tags)
    const { tags: _tags, ...untagged } = base
    assert.isNull(decode(untagged).tags)
    const odd = decode({ ...base, resource_type: "nfs" })
    assert.strictEqual(odd.resource_type, "nfs")
    assert.isFalse(odd.isDropletSnapshot || odd.isVolumeSnapshot)
    assert.throws(() => decode({ ...base, id: 6372321 }))
  })
})
