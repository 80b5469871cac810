/**
 * The fake's volumes (block storage, their actions and snapshots) and snapshots (`/v2/snapshots`), through
 * @doapi/core's Volume and Snapshot modules.
 */
import { Action, Droplet, Snapshot, Volume } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import type { Duration } from "effect"
import { Chunk, Effect, Fiber, Option, Stream, TestClock } from "effect"

/** Runs the effect and moves the TestClock far enough for it to finish. */
const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

/** Waits for an action (advancing the TestClock) and asserts it completed. */
const completes = <E, R>(action: Effect.Effect<Action.Action, E, R>) =>
  settled(Effect.flatMap(action, (a) => Action.wait(a))).pipe(
    Effect.tap((done) => assert.strictEqual(done.status, "completed"))
  )

/** An active droplet, created with Droplet.create and waited on under the TestClock. */
const activeDroplet = (name: string, region = "nyc3") =>
  Effect.flatMap(
    Droplet.create({ name, region, size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" }),
    (droplet) => settled(Droplet.wait(droplet, { status: "active" }))
  )

const volume = (name: string, extra: Partial<Volume.CreateOptions> = {}) =>
  Volume.create({ name, size_gigabytes: 10, region: "nyc3", ...extra })

/** A raw request to the fake, for what @doapi/core has no function for (and bodies it would not send). */
const raw = (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    let request = HttpClientRequest.make(method)(`https://api.digitalocean.com${path}`).pipe(
      HttpClientRequest.bearerToken(FakeDigitalOcean.TOKEN)
    )
    if (body !== undefined) request = yield* HttpClientRequest.bodyJson(request, body)
    const response = yield* client.execute(request)
    return { status: response.status, body: response.status === 204 ? undefined : (yield* response.json) as any }
  }).pipe(Effect.orDie)

const status = <A, E extends { readonly status?: number | undefined }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => error.status)

describe("volumes", () => {
  it.effect("create: a uuid, the region object, tags, filesystem; 422 for invalid bodies and a duplicate name", () =>
    Effect.gen(function*() {
      const created = yield* volume("data-1", {
        size_gigabytes: 100,
        description: "for the database",
        tags: ["db"],
        filesystem_type: "ext4",
        filesystem_label: "data"
      })
      assert.match(created.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      assert.strictEqual(created.name, "data-1")
      assert.strictEqual(created.size_gigabytes, 100)
      assert.strictEqual(created.description, "for the database")
      assert.strictEqual(created.regionSlug, "nyc3")
      assert.deepStrictEqual(created.droplet_ids, [])
      assert.isFalse(created.attached)
      assert.deepStrictEqual(created.tags, ["db"])
      assert.strictEqual(created.filesystem_type, "ext4")
      assert.strictEqual(created.filesystem_label, "data")
      assert.isDefined(created.created_at)
      const fetched = yield* Volume.fetch(created.id)
      assert.strictEqual(fetched.id, created.id)
      assert.deepStrictEqual(fetched.tags, ["db"])

      // The same name in another region is another volume; in the same region it is refused.
      assert.strictEqual((yield* volume("data-1", { region: "sfo3" })).regionSlug, "sfo3")
      assert.strictEqual(yield* status(volume("data-1")), 422)

      for (
        const bad of [
          { name: "Data" },
          { name: "1data" },
          { name: "data_1" },
          { name: `a${"b".repeat(64)}` },
          { name: "ok", size_gigabytes: 0 },
          { name: "ok", size_gigabytes: 16_385 },
          { name: "ok", region: "atl1" },
          { name: "ok", filesystem_type: "btrfs" },
          { name: "ok", filesystem_label: "label" },
          { name: "ok", filesystem_type: "xfs", filesystem_label: "thirteen-char" },
          { name: "ok", snapshot_id: "no-such-snapshot" }
        ] as const
      ) {
        assert.strictEqual(
          yield* status(volume(bad.name, bad as Partial<Volume.CreateOptions>)),
          422,
          JSON.stringify(bad)
        )
      }
      const missing = yield* raw("POST", "/v2/volumes", { name: "no-size", region: "nyc3" })
      assert.strictEqual(missing.status, 422)
      assert.strictEqual((yield* Volume.fetchAll()).length, 2)
      // An ext4 label may be 16 characters.
      assert.strictEqual(
        (yield* volume("lbl", { filesystem_type: "ext4", filesystem_label: "sixteen-chars-ok" })).filesystem_label,
        "sixteen-chars-ok"
      )
      assert.strictEqual(yield* status(Volume.fetch("0b7e6a2e-0000-4000-8000-000000000000")), 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("list: filters by name and region, paged", () =>
    Effect.gen(function*() {
      yield* volume("alpha")
      yield* volume("beta")
      yield* volume("alpha", { region: "sfo3" })
      yield* volume("gamma", { region: "ams3" })
      assert.deepStrictEqual((yield* Volume.fetchAll()).map((v) => v.name), ["alpha", "beta", "alpha", "gamma"])
      assert.deepStrictEqual((yield* Volume.fetchAll({ name: "alpha" })).map((v) => v.regionSlug), ["nyc3", "sfo3"])
      assert.deepStrictEqual((yield* Volume.fetchAll({ region: "nyc3" })).map((v) => v.name), ["alpha", "beta"])
      const one = yield* Volume.fetchAll({ name: "alpha", region: "sfo3" })
      assert.strictEqual(one.length, 1)
      assert.strictEqual(Option.getOrThrow(yield* Volume.fetchByName("alpha", "sfo3")).id, one[0].id)
      assert.isTrue(Option.isNone(yield* Volume.fetchByName("beta", "sfo3")))

      const first = yield* raw("GET", "/v2/volumes?per_page=3")
      assert.strictEqual(first.status, 200)
      assert.strictEqual(first.body.volumes.length, 3)
      assert.strictEqual(first.body.meta.total, 4)
      assert.match(first.body.links.pages.next, /page=2/)
      const second = yield* raw("GET", "/v2/volumes?per_page=3&page=2")
      assert.deepStrictEqual(second.body.volumes.map((v: any) => v.name), ["gamma"])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("attach and detach: in progress, then droplet_ids and the droplet's volume_ids change; delete refused while attached", () =>
    Effect.gen(function*() {
      const droplet = yield* activeDroplet("db-1")
      const created = yield* volume("pgdata")

      const attach = yield* Volume.attach(created, droplet, { region: "nyc3" })
      assert.strictEqual(attach.status, "in-progress")
      assert.strictEqual(attach.type, "attach_volume")
      assert.strictEqual(attach.resource_type, "volume")
      assert.isNull(attach.resource_id)
      assert.strictEqual(attach.region_slug, "nyc3")
      // Nothing changes until the action completes, and the volume refuses another action meanwhile.
      assert.isFalse((yield* Volume.fetch(created)).attached)
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).volume_ids, [])
      assert.strictEqual(yield* status(Volume.resize(created, 20)), 422)
      assert.strictEqual(yield* status(Volume.delete(created)), 422)

      yield* settled(Action.wait(attach))
      const attached = yield* Volume.fetch(created)
      assert.deepStrictEqual(attached.droplet_ids, [droplet.id])
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).volume_ids, [created.id])

      // The volume's actions, newest first, and one of them by id.
      const actions = yield* Volume.fetchAllActions(created)
      assert.deepStrictEqual(actions.map((a) => [a.id, a.status]), [[attach.id, "completed"]])
      const one = yield* raw("GET", `/v2/volumes/${created.id}/actions/${attach.id}`)
      assert.strictEqual(one.status, 200)
      assert.strictEqual(one.body.action.type, "attach_volume")
      assert.strictEqual((yield* raw("GET", `/v2/volumes/${created.id}/actions/999`)).status, 404)
      const other = yield* volume("other")
      assert.strictEqual((yield* raw("GET", `/v2/volumes/${other.id}/actions/${attach.id}`)).status, 404)
      assert.strictEqual((yield* raw("GET", "/v2/volumes/no-such-volume/actions")).status, 404)

      // Attached: DigitalOcean refuses to delete it, and it attaches to one droplet only.
      assert.strictEqual(yield* status(Volume.delete(created)), 422)
      const second = yield* activeDroplet("db-2")
      assert.strictEqual(yield* status(Volume.attach(created, second)), 422)
      assert.strictEqual(yield* status(Volume.attach(created, droplet)), 422)
      assert.strictEqual(yield* status(Volume.detach(created, second)), 422)

      const detach = yield* Volume.detach(created, droplet)
      assert.strictEqual(detach.type, "detach_volume")
      yield* settled(Action.wait(detach))
      assert.isFalse((yield* Volume.fetch(created)).attached)
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).volume_ids, [])
      assert.deepStrictEqual((yield* Volume.fetchAllActions(created)).map((a) => a.type), [
        "detach_volume",
        "attach_volume"
      ])

      yield* Volume.delete(created)
      assert.strictEqual(yield* status(Volume.fetch(created)), 404)
      assert.strictEqual(yield* status(Volume.delete(created)), 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("attach: 422 for an unknown droplet, another region, a wrong region field, an unknown type; 404 for an unknown volume", () =>
    Effect.gen(function*() {
      const droplet = yield* activeDroplet("far", "sfo3")
      const created = yield* volume("near")
      assert.strictEqual(yield* status(Volume.attach(created, 1)), 422)
      assert.strictEqual(yield* status(Volume.attach(created, droplet)), 422)
      const local = yield* activeDroplet("local")
      assert.strictEqual(yield* status(Volume.attach(created, local, { region: "sfo3" })), 422)
      assert.strictEqual(yield* status(Volume.act(created, { type: "format" })), 422)
      assert.strictEqual(yield* status(Volume.attach("0b7e6a2e-0000-4000-8000-000000000000", local)), 404)
      // A droplet still being created is busy.
      const fresh = yield* Droplet.create({
        name: "new-one",
        region: "nyc3",
        size: "s-1vcpu-1gb",
        image: "ubuntu-24-04-x64"
      })
      assert.strictEqual(yield* status(Volume.attach(created, fresh)), 422)
      assert.deepStrictEqual(yield* Volume.fetchAllActions(created), [])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a droplet holds at most 15 volumes, counting attaches in progress", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const [dropletId] = yield* fake.seedDroplets(1)
      assert.strictEqual(fake.state.droplets.get(dropletId)!.region.slug, "nyc3")
      const volumes: Array<Volume.Volume> = []
      for (let i = 0; i < 16; i++) volumes.push(yield* volume(`v-${i}`))
      for (const v of volumes.slice(0, 15)) yield* Volume.attach(v, dropletId)
      assert.strictEqual(yield* status(Volume.attach(volumes[15], dropletId)), 422)
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Droplet.fetch(dropletId)).volume_ids.length, 15)
      assert.strictEqual(yield* status(Volume.attach(volumes[15], dropletId)), 422)
      yield* completes(Volume.detach(volumes[0], dropletId))
      yield* completes(Volume.attach(volumes[15], dropletId))
      const ids = (yield* Droplet.fetch(dropletId)).volume_ids
      assert.strictEqual(ids.length, 15)
      assert.isTrue(ids.includes(volumes[15].id) && !ids.includes(volumes[0].id))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("resize: grows when the action completes; refuses to shrink or pass 16 TiB", () =>
    Effect.gen(function*() {
      const created = yield* volume("grow", { size_gigabytes: 50 })
      const action = yield* Volume.resize(created, 80, "nyc3")
      assert.strictEqual(action.type, "resize_volume")
      assert.strictEqual(action.resource_type, "volume")
      assert.strictEqual((yield* Volume.fetch(created)).size_gigabytes, 50)
      const fresh = yield* settled(Volume.waitForAction(created))
      assert.strictEqual(Option.getOrThrow(fresh).size_gigabytes, 80)
      assert.strictEqual(yield* status(Volume.resize(created, 40)), 422)
      assert.strictEqual(yield* status(Volume.resize(created, 80)), 422)
      assert.strictEqual(yield* status(Volume.resize(created, 16_385)), 422)
      yield* completes(Volume.resize(created, 16_384))
      assert.strictEqual((yield* Volume.fetch(created)).size_gigabytes, 16_384)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("by name: attach, detach, resize and delete; 404 for an unknown name; no resize by name in the API", () =>
    Effect.gen(function*() {
      const droplet = yield* activeDroplet("app-1")
      const created = yield* volume("shared")
      yield* volume("shared", { region: "sfo3" })

      const attach = yield* Volume.attachByName("shared", droplet, "nyc3")
      assert.strictEqual(attach.type, "attach_volume")
      yield* settled(Action.wait(attach))
      assert.deepStrictEqual((yield* Volume.fetch(created)).droplet_ids, [droplet.id])
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).volume_ids, [created.id])
      // The sfo3 volume of that name is another volume, in another region than the droplet.
      assert.strictEqual(yield* status(Volume.attachByName("shared", droplet, "sfo3")), 422)
      assert.strictEqual(yield* status(Volume.attachByName("nothing", droplet, "nyc3")), 404)
      assert.strictEqual(yield* status(Volume.removeByName("shared", "nyc3")), 422)

      yield* completes(Volume.detachByName("shared", droplet, "nyc3"))
      assert.isFalse((yield* Volume.fetch(created)).attached)
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).volume_ids, [])

      const resize = yield* raw("POST", "/v2/volumes/actions", {
        type: "resize",
        volume_name: "shared",
        region: "nyc3",
        size_gigabytes: 20
      })
      assert.strictEqual(resize.status, 422)
      yield* completes(Volume.resizeByName("shared", "nyc3", 20))
      assert.strictEqual((yield* Volume.fetch(created)).size_gigabytes, 20)
      const missing = yield* Effect.flip(Volume.resizeByName("nothing", "nyc3", 20))
      assert.strictEqual(missing._tag, "VolumeNotFoundError")

      yield* Volume.removeByName("shared", "nyc3")
      assert.strictEqual(yield* status(Volume.fetch(created)), 404)
      assert.strictEqual(yield* status(Volume.removeByName("shared", "nyc3")), 404)
      assert.deepStrictEqual((yield* Volume.fetchAll()).map((v) => v.regionSlug), ["sfo3"])
      assert.strictEqual((yield* raw("DELETE", "/v2/volumes?name=shared")).status, 422)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("volume snapshots", () => {
  it.effect("create, list, fetch, make a volume from one, delete", () =>
    Effect.gen(function*() {
      const source = yield* volume("src", { size_gigabytes: 40 })
      const snapshot = yield* Volume.createSnapshot(source, { name: "nightly", tags: ["backup"] })
      assert.match(snapshot.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      assert.strictEqual(snapshot.name, "nightly")
      assert.isTrue(snapshot.isVolumeSnapshot)
      assert.strictEqual(snapshot.resource_id, source.id)
      assert.deepStrictEqual(snapshot.regions, ["nyc3"])
      assert.strictEqual(snapshot.min_disk_size, 40)
      assert.isAtMost(snapshot.size_gigabytes, 40)
      assert.deepStrictEqual(snapshot.tags, ["backup"])
      const second = yield* Volume.createSnapshot(source, { name: "weekly" })
      assert.deepStrictEqual(second.tags, [])

      const listed = Chunk.toArray(yield* Stream.runCollect(Volume.snapshots(source)))
      assert.deepStrictEqual(listed.map((s) => s.name), ["nightly", "weekly"])
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(Volume.snapshots(yield* volume("empty")))), [])
      assert.strictEqual((yield* Volume.fetchSnapshot(snapshot.id)).name, "nightly")
      assert.strictEqual((yield* Snapshot.fetch(snapshot.id)).resource_id, source.id)

      // A volume from the snapshot: at least its minimum size, in its region.
      assert.strictEqual(yield* status(volume("copy", { snapshot_id: snapshot.id, size_gigabytes: 39 })), 422)
      assert.strictEqual(
        yield* status(volume("copy", { snapshot_id: snapshot.id, size_gigabytes: 40, region: "sfo3" })),
        422
      )
      const copy = yield* volume("copy", { snapshot_id: snapshot.id, size_gigabytes: 40 })
      assert.strictEqual(copy.size_gigabytes, 40)

      assert.strictEqual(
        yield* status(Volume.createSnapshot("0b7e6a2e-0000-4000-8000-000000000000", { name: "x" })),
        404
      )
      assert.strictEqual((yield* raw("POST", `/v2/volumes/${source.id}/snapshots`, {})).status, 422)

      yield* Volume.removeSnapshot(snapshot)
      assert.strictEqual(yield* status(Volume.fetchSnapshot(snapshot)), 404)
      assert.strictEqual(yield* status(Volume.removeSnapshot(snapshot)), 404)
      assert.strictEqual(yield* status(volume("copy-2", { snapshot_id: snapshot.id, size_gigabytes: 40 })), 422)
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(Volume.snapshots(source))).map((s) => s.name), [
        "weekly"
      ])
      // A volume's snapshots outlive it.
      yield* Volume.delete(source)
      assert.strictEqual((yield* Volume.fetchSnapshot(second)).name, "weekly")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("snapshots", () => {
  it.effect("droplet and volume snapshots together, by resource_type; fetch and delete either", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const droplet = yield* activeDroplet("web-1")
      yield* completes(Droplet.snapshot(droplet, "before-upgrade"))
      const source = yield* volume("logs")
      const volumeSnapshot = yield* Volume.createSnapshot(source, { name: "logs-1" })

      const all = yield* Snapshot.fetchAll()
      assert.deepStrictEqual(all.map((s) => s.name), ["before-upgrade", "logs-1"])
      const [dropletSnapshot] = yield* Snapshot.fetchAll({ resource_type: "droplet" })
      assert.isTrue(dropletSnapshot.isDropletSnapshot)
      assert.match(dropletSnapshot.id, /^\d+$/)
      assert.strictEqual(dropletSnapshot.resource_id, String(droplet.id))
      assert.deepStrictEqual(dropletSnapshot.regions, ["nyc3"])
      assert.deepStrictEqual((yield* Snapshot.fetchAll({ resource_type: "volume" })).map((s) => s.id), [
        volumeSnapshot.id
      ])
      assert.strictEqual((yield* raw("GET", "/v2/snapshots?resource_type=image")).status, 422)

      // A droplet snapshot by its integer id or its string; it is not a volume snapshot.
      assert.strictEqual((yield* Snapshot.fetch(Number(dropletSnapshot.id))).name, "before-upgrade")
      assert.strictEqual((yield* Snapshot.fetch(dropletSnapshot.id)).resource_type, "droplet")
      assert.strictEqual(yield* status(Volume.fetchSnapshot(dropletSnapshot.id)), 404)
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).snapshot_ids, [Number(dropletSnapshot.id)])

      // Deleting a droplet snapshot deletes its image and takes it off the droplet.
      yield* Snapshot.delete(dropletSnapshot)
      assert.isFalse(fake.state.images.has(Number(dropletSnapshot.id)))
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).snapshot_ids, [])
      assert.strictEqual(yield* status(Snapshot.fetch(dropletSnapshot)), 404)

      yield* Snapshot.delete(volumeSnapshot.id)
      assert.strictEqual(yield* status(Volume.fetchSnapshot(volumeSnapshot)), 404)
      assert.deepStrictEqual(yield* Snapshot.fetchAll(), [])
      assert.strictEqual(yield* status(Snapshot.delete("no-such-snapshot")), 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a droplet snapshot whose image was deleted is gone from /v2/snapshots too; paging", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const droplet = yield* activeDroplet("web-2")
      yield* completes(Droplet.snapshot(droplet, "one"))
      yield* completes(Droplet.snapshot(droplet, "two"))
      const source = yield* volume("pages")
      for (const name of ["a", "b", "c"]) yield* Volume.createSnapshot(source, { name })
      const page = yield* raw("GET", "/v2/snapshots?per_page=2&page=2")
      assert.strictEqual(page.body.meta.total, 5)
      assert.deepStrictEqual(page.body.snapshots.map((s: any) => s.name), ["a", "b"])
      assert.match(page.body.links.pages.prev, /page=1/)

      const [first] = yield* Snapshot.fetchAll({ resource_type: "droplet" })
      fake.state.images.delete(Number(first.id))
      assert.deepStrictEqual((yield* Snapshot.fetchAll({ resource_type: "droplet" })).map((s) => s.name), ["two"])
      assert.strictEqual(yield* status(Snapshot.fetch(first)), 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
