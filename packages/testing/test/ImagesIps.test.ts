/**
 * The fake's images and reserved / floating IPs, through @doapi/core.
 */
import { Action, Api, Droplet, FloatingIP, Image, ReservedIP } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, type Duration, Effect, Fiber, Option, Stream, TestClock } from "effect"

/** Runs the effect and moves the TestClock far enough for it to finish. */
const settled = <A, E, R>(effect: Effect.Effect<A, E, R>, by: Duration.DurationInput = "10 minutes") =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    yield* TestClock.adjust(by)
    return yield* Fiber.join(fiber)
  })

/** The status and API message of a failed call. */
const failure = <A, E extends { readonly status?: number | undefined; readonly api_message?: string | undefined }, R>(
  effect: Effect.Effect<A, E, R>
) => Effect.map(Effect.flip(effect), (error) => ({ status: error.status, message: error.api_message ?? "" }))

const createDroplet = (name: string, region = "nyc3") =>
  Droplet.create({ name, region, size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" })

const importImage = (name = "minimal", extra: Partial<Image.CreateOptions> = {}) =>
  Image.create({ name, url: "https://example.com/images/minimal.qcow2.gz", region: "nyc3", ...extra })

/** An IP as the 32-bit integer actions report. */
const asInt = (ip: string) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0)

const SEEDED = [
  "ubuntu-24-04-x64",
  "ubuntu-22-04-x64",
  "debian-12-x64",
  "fedora-40-x64",
  "centos-stream-9-x64",
  "rockylinux-9-x64"
]

describe("images", () => {
  it.effect("lists in id order, filtered by type, private and tag", () =>
    Effect.gen(function*() {
      const custom = yield* importImage("tagged", { tags: ["base-image"] })
      const droplet = yield* createDroplet("db-1")
      yield* settled(Droplet.wait(droplet, { status: "active" }))
      yield* settled(Droplet.snapshot(droplet, "db-snap").pipe(Effect.flatMap((a) => Action.wait(a))))
      const all = yield* Image.fetchAll()
      const ids = all.map((i) => i.id)
      assert.deepStrictEqual(ids, [...ids].sort((a, b) => a - b))
      assert.lengthOf(all, SEEDED.length + 2)

      const distributions = yield* Image.fetchAll({ type: "distribution" })
      assert.sameMembers(distributions.map((i) => i.slug), SEEDED)
      assert.isTrue(distributions.every((i) => i.public && i.type === "base"))
      assert.deepStrictEqual(yield* Image.fetchAll({ type: "application" }), [])

      const own = yield* Image.fetchAll({ private: true })
      assert.deepStrictEqual(own.map((i) => [i.name, i.type]), [["tagged", "custom"], ["db-snap", "snapshot"]])
      const tagged = yield* Image.fetchAll({ tag_name: "base-image" })
      assert.deepStrictEqual(tagged.map((i) => i.id), [custom.id])
      assert.deepStrictEqual(tagged[0].tags, ["base-image"])

      const bad = yield* failure(Api.request("GET", "/v2/images", { params: { type: "snapshot" } }))
      assert.strictEqual(bad.status, 422)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("fetches by id, or by slug for a public image; 404 otherwise", () =>
    Effect.gen(function*() {
      const bySlug = yield* Image.fetch("debian-12-x64")
      assert.strictEqual(bySlug.distribution, "Debian")
      const byId = yield* Image.fetch(bySlug.id)
      assert.strictEqual(byId.slug, "debian-12-x64")
      assert.strictEqual((yield* failure(Image.fetch(999))).status, 404)
      assert.strictEqual((yield* failure(Image.fetch("no-such-image"))).status, 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a custom image is NEW until its import completes, then available in its region", () =>
    Effect.gen(function*() {
      const image = yield* importImage("minimal", { distribution: "Slackware", description: "small" })
      assert.strictEqual(image.status, "NEW")
      assert.strictEqual(image.type, "custom")
      assert.isFalse(image.public)
      assert.isNull(image.slug)
      assert.deepStrictEqual(image.regions, [])
      assert.strictEqual(image.distribution, "Unknown", "an unknown distribution is stored as Unknown")
      assert.strictEqual(image.description, "small")
      const [importing] = yield* Image.fetchAllActions(image)
      assert.deepStrictEqual([importing.type, importing.status, importing.resource_id], [
        "import",
        "in-progress",
        image.id
      ])

      const available = Option.getOrThrow(yield* settled(Image.waitForAction(image)))
      assert.strictEqual(available.status, "available")
      assert.deepStrictEqual(available.regions, ["nyc3"])
      assert.isAbove(available.size_gigabytes ?? 0, 0)
      assert.isAbove(available.min_disk_size ?? 0, 0)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an import that errors leaves the image deleted, with an error message", () =>
    Effect.gen(function*() {
      const image = yield* importImage()
      const failed = Option.getOrThrow(yield* settled(Image.waitForAction(image)))
      assert.strictEqual(failed.status, "deleted")
      assert.include(failed.error_message, "example.com")
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "import" }] }))))

  it.effect("an import needs a valid region and an http(s) URL (422)", () =>
    Effect.gen(function*() {
      const region = yield* failure(importImage("x", { region: "atl1" }))
      assert.strictEqual(region.status, 422)
      assert.include(region.message, "region")
      const url = yield* failure(importImage("x", { url: "ftp://example.com/a.img" }))
      assert.strictEqual(url.status, 422)
      assert.include(url.message, "url")
      const missing = yield* failure(Api.request("POST", "/v2/images", { body: { name: "x", region: "nyc3" } }))
      assert.strictEqual(missing.status, 422)
      assert.lengthOf(yield* Image.fetchAll({ private: true }), 0)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("update changes name, distribution and description; public images cannot be changed", () =>
    Effect.gen(function*() {
      const image = yield* importImage()
      const updated = yield* Image.update(image, { name: "renamed", distribution: "Debian", description: "new" })
      assert.deepStrictEqual([updated.name, updated.distribution, updated.description], ["renamed", "Debian", "new"])
      const fetched = yield* Image.fetch(image.id)
      assert.strictEqual(fetched.name, "renamed")
      assert.strictEqual((yield* Image.update(image, { distribution: "Plan 9" })).distribution, "Unknown")

      const ubuntu = yield* Image.fetch("ubuntu-24-04-x64")
      assert.strictEqual((yield* failure(Image.update(ubuntu, { name: "mine" }))).status, 422)
      assert.strictEqual((yield* Image.fetch(ubuntu.id)).name, "24.04 (LTS) x64")
      assert.strictEqual((yield* failure(Image.update(999, { name: "x" }))).status, 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("delete: 204, then 404; a droplet's snapshot leaves its list; public images cannot be deleted", () =>
    Effect.gen(function*() {
      const image = yield* importImage()
      yield* Image.delete(image)
      assert.strictEqual((yield* failure(Image.fetch(image.id))).status, 404)
      assert.strictEqual((yield* failure(Image.delete(image))).status, 404)

      const droplet = yield* createDroplet("db-1")
      yield* settled(Droplet.wait(droplet, { status: "active" }))
      yield* settled(Droplet.snapshot(droplet, "snap").pipe(Effect.flatMap((a) => Action.wait(a))))
      const [snapshot] = Chunk.toArray(yield* Stream.runCollect(Droplet.snapshots(droplet)))
      yield* Image.delete(snapshot.id)
      assert.deepStrictEqual((yield* Droplet.fetch(droplet)).snapshot_ids, [])
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      assert.isFalse(fake.state.snapshots.has(String(snapshot.id)))

      const debian = yield* Image.fetch("debian-12-x64")
      const refused = yield* failure(Image.delete(debian))
      assert.strictEqual(refused.status, 422)
      assert.strictEqual((yield* Image.fetch(debian.id)).id, debian.id)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("transfer adds the region when it completes; a busy image refuses another action", () =>
    Effect.gen(function*() {
      const image = yield* importImage()
      const early = yield* failure(Image.transfer(image, "ams3"))
      assert.strictEqual(early.status, 422, "still importing")
      yield* settled(Image.waitForAction(image))

      const action = yield* Image.transfer(image, "ams3")
      assert.deepStrictEqual(
        [action.type, action.status, action.resource_type, action.resource_id, action.region_slug],
        ["transfer", "in-progress", "image", image.id, "ams3"]
      )
      assert.deepStrictEqual((yield* Image.fetch(image.id)).regions, ["nyc3"])
      assert.strictEqual((yield* failure(Image.transfer(image, "fra1"))).status, 422)
      assert.strictEqual(Option.getOrThrow(yield* Image.fetchCurrentAction(image)).id, action.id)

      const done = yield* settled(Action.wait(action))
      assert.strictEqual(done.status, "completed")
      assert.deepStrictEqual((yield* Image.fetch(image.id)).regions, ["nyc3", "ams3"])
      assert.deepStrictEqual((yield* Image.fetchAllActions(image)).map((a) => a.type), ["transfer", "import"])
      const one = (yield* Api.request("GET", `/v2/images/${image.id}/actions/${action.id}`)) as {
        action: { id: number; status: string }
      }
      assert.deepStrictEqual([one.action.id, one.action.status], [action.id, "completed"])

      const again = yield* failure(Image.transfer(image, "nyc3"))
      assert.strictEqual(again.status, 422, "already there")
      assert.strictEqual((yield* failure(Image.transfer(image, "atl1"))).status, 422)
      assert.strictEqual((yield* failure(Image.act(image, { type: "explode" }))).status, 422)
      const other = yield* Image.fetch("debian-12-x64")
      assert.strictEqual(
        (yield* failure(Api.request("GET", `/v2/images/${other.id}/actions/${action.id}`))).status,
        404,
        "another image's action"
      )
      assert.strictEqual((yield* failure(Image.fetchAllActions(999))).status, 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("convert turns a backup into a snapshot", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      const droplet = yield* createDroplet("web-1")
      yield* settled(Droplet.wait(droplet, { status: "active" }))
      // DigitalOcean makes backups on its own schedule: put one in the state.
      const backupId = 170_900_001
      fake.state.images.set(backupId, {
        ...fake.state.images.get((yield* Image.fetch("ubuntu-24-04-x64")).id),
        id: backupId,
        name: "web-1 2026-01-01",
        type: "backup",
        slug: null,
        public: false,
        regions: ["nyc3"],
        description: ""
      })
      fake.state.droplets.get(droplet.id)!.backup_ids = [backupId]

      const notBackup = yield* failure(Image.convert(yield* Image.fetch("ubuntu-24-04-x64")))
      assert.strictEqual(notBackup.status, 422)
      const action = yield* Image.convert(backupId)
      assert.deepStrictEqual([action.type, action.status], ["convert", "in-progress"])
      assert.strictEqual((yield* Image.fetch(backupId)).type, "backup")
      yield* settled(Action.wait(action))
      assert.strictEqual((yield* Image.fetch(backupId)).type, "snapshot")
      const snapshots = Chunk.toArray(yield* Stream.runCollect(Droplet.snapshots(droplet)))
      assert.deepStrictEqual(snapshots.map((s) => s.id), [backupId])
      assert.lengthOf(Chunk.toArray(yield* Stream.runCollect(Droplet.backups(droplet))), 0)
      assert.strictEqual(fake.state.snapshots.get(String(backupId))?.resource_id, String(droplet.id))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

/** Both path families, through their modules (FloatingIP's operations have ReservedIP's shape). */
const families = [
  { name: "ReservedIP", Ip: ReservedIP, key: "reserved_ip", collection: "/v2/reserved_ips" },
  {
    name: "FloatingIP",
    Ip: FloatingIP as unknown as typeof ReservedIP,
    key: "floating_ip",
    collection: "/v2/floating_ips"
  }
] as const

for (const { Ip, collection, key, name } of families) {
  describe(`${name} (${collection})`, () => {
    it.effect("create in a region: reserved at once, unassigned; listed; fetched by address; 404 unknown", () =>
      Effect.gen(function*() {
        const ip = yield* Ip.create({ region: "fra1" })
        assert.match(ip.ip, /^45\.55\.\d+\.\d+$/)
        assert.strictEqual(ip.region.slug, "fra1")
        assert.isNull(ip.droplet)
        assert.isFalse(ip.locked)
        assert.match(ip.project_id ?? "", /^[0-9a-f-]{36}$/)
        const [reserve] = yield* Ip.fetchAllActions(ip)
        assert.deepStrictEqual(
          [reserve.type, reserve.status, reserve.resource_type, reserve.resource_id, reserve.project_id],
          ["reserve_ip", "completed", key, asInt(ip.ip), ip.project_id]
        )
        assert.isTrue(Option.isNone(yield* Ip.fetchCurrentAction(ip)))

        const project = "746c6152-2fa2-11ed-92d3-27aaa54e4988"
        const second = yield* Ip.create({ region: "fra1", project_id: project })
        assert.strictEqual(second.project_id, project)
        assert.notStrictEqual(second.ip, ip.ip)
        assert.deepStrictEqual((yield* Ip.fetchAll).map(String), [ip.ip, second.ip])
        assert.strictEqual((yield* Ip.fetch(asInt(ip.ip))).ip, ip.ip)
        assert.strictEqual((yield* failure(Ip.fetch("203.0.113.9"))).status, 404)

        const raw = (yield* Api.request("POST", collection, { body: { region: "nyc3" } })) as Record<string, any>
        assert.deepStrictEqual(raw.links, {})
        assert.strictEqual(raw[key].region.slug, "nyc3")
      }).pipe(Effect.provide(FakeDigitalOcean.layer())))

    it.effect("create for a droplet: locked, droplet null, until its assign_ip completes; links name both", () =>
      Effect.gen(function*() {
        const droplet = yield* createDroplet("web-1", "sfo3")
        const raw = (yield* Api.request("POST", collection, { body: { droplet_id: droplet.id } })) as Record<
          string,
          any
        >
        const address: string = raw[key].ip
        assert.strictEqual(raw[key].region.slug, "sfo3")
        assert.isNull(raw[key].droplet)
        assert.isTrue(raw[key].locked)
        assert.deepStrictEqual(raw.links.droplets.map((l: any) => [l.id, l.rel]), [[droplet.id, "droplet"]])
        const [link] = raw.links.actions
        assert.strictEqual(link.rel, "assign_ip")
        assert.strictEqual(link.href, `https://api.digitalocean.com/v2/actions/${link.id}`)

        const current = Option.getOrThrow(yield* Ip.fetchCurrentAction(address))
        assert.deepStrictEqual([current.id, current.type], [link.id, "assign_ip"])
        assert.sameMembers((yield* Ip.fetchAllActions(address)).map((a) => a.type), ["assign_ip", "reserve_ip"])
        assert.strictEqual((yield* failure(Ip.unassign(address))).status, 422, "locked")

        yield* settled(Action.wait(link.id))
        const assigned = yield* Ip.fetch(address)
        assert.isFalse(assigned.locked)
        assert.strictEqual(assigned.droplet?.id, droplet.id)
        assert.strictEqual(assigned.droplet?.status, "active", "the droplet as it is now")

        yield* settled(Droplet.powerOff(droplet).pipe(Effect.flatMap((a) => Action.wait(a))))
        assert.strictEqual((yield* Ip.fetch(address)).droplet?.status, "off")
      }).pipe(Effect.provide(FakeDigitalOcean.layer())))

    it.effect("assign moves the IP between droplets, unassign frees it; a locked IP refuses actions", () =>
      Effect.gen(function*() {
        const first = yield* createDroplet("web-1")
        const second = yield* createDroplet("web-2")
        const ip = yield* Ip.create({ region: "nyc3" })

        const assign = yield* Ip.assign(ip, first)
        assert.deepStrictEqual(
          [assign.type, assign.status, assign.resource_type, assign.resource_id, assign.region_slug, assign.project_id],
          ["assign_ip", "in-progress", key, asInt(ip.ip), "nyc3", ip.project_id]
        )
        assert.isTrue((yield* Ip.fetch(ip)).locked)
        assert.strictEqual((yield* failure(Ip.assign(ip, second))).status, 422)
        yield* settled(Action.wait(assign))
        assert.strictEqual((yield* Ip.fetch(ip)).droplet?.id, first.id)

        yield* settled(Ip.assign(ip, second.id).pipe(Effect.flatMap((a) => Action.wait(a))))
        assert.strictEqual((yield* Ip.fetch(ip)).droplet?.id, second.id)
        const taken = yield* failure(Ip.assign(ip, second))
        assert.strictEqual(taken.status, 422, "the droplet already has it")

        const unassign = yield* Ip.unassign(ip)
        assert.strictEqual(unassign.type, "unassign_ip")
        assert.strictEqual((yield* Ip.fetch(ip)).droplet?.id, second.id, "until the action completes")
        yield* settled(Action.wait(unassign))
        assert.isNull((yield* Ip.fetch(ip)).droplet)
        assert.strictEqual((yield* failure(Ip.unassign(ip))).status, 422, "not assigned")

        const actions = yield* Ip.fetchAllActions(ip)
        assert.deepStrictEqual(actions.map((a) => a.type), ["unassign_ip", "assign_ip", "assign_ip", "reserve_ip"])
        const one = (yield* Api.request("GET", `${collection}/${ip.ip}/actions/${unassign.id}`)) as Record<string, any>
        assert.deepStrictEqual([one.action.id, one.action.status, one.action.resource_type], [
          unassign.id,
          "completed",
          key
        ])
        const notIts = yield* failure(
          Api.request("GET", `${collection}/${ip.ip}/actions/${Number(unassign.id) + 1000}`)
        )
        assert.strictEqual(notIts.status, 404)
        assert.strictEqual((yield* failure(Ip.act(ip, { type: "explode" }))).status, 422)
        assert.strictEqual((yield* failure(Ip.fetchAllActions("203.0.113.9"))).status, 404)
      }).pipe(Effect.provide(FakeDigitalOcean.layer())))

    it.effect("422 for impossible creates and assigns", () =>
      Effect.gen(function*() {
        const create = (body: unknown) => failure(Api.request("POST", collection, { body }))
        const both = yield* create({ droplet_id: 1, region: "nyc3" })
        assert.strictEqual(both.status, 422)
        assert.include(both.message, "not both")
        assert.strictEqual((yield* create({})).status, 422)
        assert.strictEqual((yield* failure(Ip.create({ droplet_id: 12345 }))).status, 422)
        assert.strictEqual((yield* failure(Ip.create({ region: "atl1" }))).status, 422)
        assert.strictEqual((yield* failure(Ip.create({ region: "nyc3", project_id: "default" }))).status, 422)

        const elsewhere = yield* createDroplet("far", "sgp1")
        const ip = yield* Ip.create({ region: "nyc3" })
        const region = yield* failure(Ip.assign(ip, elsewhere))
        assert.strictEqual(region.status, 422)
        assert.include(region.message, "region")
        assert.strictEqual((yield* failure(Ip.assign(ip, 12345))).status, 422)

        for (let i = 0; i < 4; i++) yield* Ip.create({ region: "nyc3" })
        const limit = yield* failure(Ip.create({ region: "nyc3" }))
        assert.strictEqual(limit.status, 422)
        assert.include(limit.message, "limit")
        assert.lengthOf(yield* Ip.fetchAll, 5)
      }).pipe(Effect.provide(FakeDigitalOcean.layer())))

    it.effect("delete: 204, then 404; deleting its droplet unassigns an IP", () =>
      Effect.gen(function*() {
        const ip = yield* Ip.create({ region: "nyc3" })
        yield* Ip.delete(ip)
        assert.strictEqual((yield* failure(Ip.fetch(ip))).status, 404)
        assert.strictEqual((yield* failure(Ip.delete(ip))).status, 404)
        assert.lengthOf(yield* Ip.fetchAll, 0)

        const droplet = yield* createDroplet("web-1")
        const held = yield* Ip.create({ droplet_id: droplet.id })
        yield* settled(
          Ip.fetchCurrentAction(held).pipe(
            Effect.flatMap((current) => Action.wait(Option.getOrThrow(current)))
          )
        )
        assert.strictEqual((yield* Ip.fetch(held)).droplet?.id, droplet.id)
        yield* Droplet.delete(droplet)
        assert.isNull((yield* Ip.fetch(held)).droplet)
      }).pipe(Effect.provide(FakeDigitalOcean.layer())))
  })
}

describe("reserved and floating IPs are the same IPs", () => {
  it.effect("each family shows the other's IPs, and its own resource_type on their actions", () =>
    Effect.gen(function*() {
      const reserved = yield* ReservedIP.create({ region: "nyc3" })
      const floating = yield* FloatingIP.create({ region: "ams3" })
      assert.deepStrictEqual((yield* FloatingIP.fetchAll).map(String), [reserved.ip, floating.ip])
      assert.deepStrictEqual((yield* ReservedIP.fetchAll).map(String), [reserved.ip, floating.ip])
      assert.strictEqual((yield* FloatingIP.fetch(reserved.ip)).region.slug, "nyc3")
      const [viaFloating] = yield* FloatingIP.fetchAllActions(reserved)
      const [viaReserved] = yield* ReservedIP.fetchAllActions(reserved.ip)
      assert.strictEqual(viaFloating.id, viaReserved.id)
      assert.deepStrictEqual([viaFloating.resource_type, viaReserved.resource_type], ["floating_ip", "reserved_ip"])
      yield* FloatingIP.delete(reserved.ip)
      assert.strictEqual((yield* failure(ReservedIP.fetch(reserved.ip))).status, 404)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
