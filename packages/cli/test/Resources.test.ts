/**
 * `doapi image`, `reserved-ip`, `floating-ip`, `ssh-key`, `domain`, `tag`, `volume`, `snapshot` and `action`,
 * against the fake in process.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { doapi, doapiWhile } from "./utils/run.js"

const seed = (...names: ReadonlyArray<string>) =>
  Effect.map(
    doapiWhile(
      ["droplet", "new", "-I", "ubuntu-24-04-x64", "-S", "s-1vcpu-1gb", "-R", "nyc3", "--wait", ...names],
      "2 minutes"
    ),
    (result) => {
      assert.strictEqual(result.code, 0, result.stderr)
      return result.json.map((droplet) => droplet.id as number)
    }
  )

const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g me@laptop"

describe("image", () => {
  it.effect("show by filter, slug, ID and name; update, transfer, convert, act, actions, wait, delete", () =>
    Effect.gen(function*() {
      const distributions = yield* doapi(["image", "show", "--distribution"])
      assert.strictEqual(distributions.code, 0)
      assert.isTrue(distributions.json.every((i) => i.type === "base" || i.distribution !== undefined))
      const bySlug = yield* doapi(["image", "show", "ubuntu-24-04-x64"])
      assert.strictEqual(bySlug.json[0].slug, "ubuntu-24-04-x64")
      const byId = yield* doapi(["image", "show", String(bySlug.json[0].id)])
      assert.strictEqual(byId.json[0].slug, "ubuntu-24-04-x64")
      assert.strictEqual((yield* doapi(["image", "show", "--private", "ubuntu-24-04-x64"])).code, 2)
      assert.strictEqual((yield* doapi(["image", "show", "--private", "--distribution"])).code, 2)

      yield* seed("web-1")
      yield* doapiWhile(["droplet", "snapshot", "--wait", "snap", "web-1"], "1 minute")
      const mine = yield* doapi(["image", "show", "--private"])
      assert.deepStrictEqual(mine.json.map((i) => i.name), ["snap"])
      const renamed = yield* doapi(["image", "update", "snap", "golden"])
      assert.strictEqual(renamed.json[0].name, "golden")

      const transferred = yield* doapiWhile(["image", "transfer", "--wait", "ams3", "golden"], "1 minute")
      assert.strictEqual(transferred.code, 0, transferred.stderr)
      assert.strictEqual(transferred.json[0].type, "transfer")
      assert.strictEqual(transferred.json[0].status, "completed")
      assert.include((yield* doapi(["image", "show", "golden"])).json[0].regions, "ams3")
      const actions = yield* doapi(["image", "actions", "golden"])
      assert.deepStrictEqual(actions.json.map((a) => a.type), ["transfer"])
      const last = yield* doapi(["image", "actions", "--last", "golden"])
      assert.strictEqual(last.json[0].type, "transfer")

      const started = yield* doapi(["image", "act", "-p", "{\"region\":\"sfo3\"}", "transfer", "golden"])
      assert.strictEqual(started.json[0].status, "in-progress")
      const waited = yield* doapiWhile(["image", "wait", "golden"], "1 minute")
      assert.strictEqual(waited.json[0].status, "completed")

      // Only backups convert: the API's refusal is one line and exit 4.
      const converted = yield* doapi(["image", "convert", "golden"])
      assert.strictEqual(converted.code, 4)
      assert.match(converted.stderr, /^doapi: POST \/v2\/images\/\d+\/actions: 422 unprocessable_entity: .*\n$/)

      const deleted = yield* doapi(["image", "delete", "golden"])
      assert.strictEqual(deleted.code, 0, deleted.stderr)
      assert.strictEqual((yield* doapi(["image", "show", "--private"])).stdout, "")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("reserved-ip and floating-ip", () => {
  for (const command of ["reserved-ip", "floating-ip"]) {
    it.effect(`${command}: new, assign, unassign, actions, act, wait, delete`, () =>
      Effect.gen(function*() {
        yield* seed("web-1", "web-2")
        const created = yield* doapiWhile([command, "new", "--droplet", "web-1", "--wait"], "1 minute")
        assert.strictEqual(created.code, 0, created.stderr)
        assert.strictEqual(created.json.length, 1)
        const ip = created.json[0].ip as string
        assert.strictEqual(created.json[0].droplet.name, "web-1")

        const moved = yield* doapiWhile([command, "assign", "--wait", ip, "web-2"], "1 minute")
        assert.strictEqual(moved.json[0].type, "assign_ip")
        assert.strictEqual(moved.json[0].status, "completed")
        assert.strictEqual((yield* doapi([command, "show", ip])).json[0].droplet.name, "web-2")

        // doapi's 32-bit integer form of an address
        const [a, b, c, d] = ip.split(".").map(Number)
        const asInt = String(((a! << 24) >>> 0) + (b! << 16) + (c! << 8) + d!)
        assert.strictEqual((yield* doapi([command, "show", asInt])).json[0].ip, ip)
        assert.strictEqual((yield* doapi([command, "show", "not-an-ip"])).code, 2)

        const unassigned = yield* doapiWhile([command, "unassign", "--wait", ip], "1 minute")
        assert.strictEqual(unassigned.json[0].type, "unassign_ip")
        assert.isNull((yield* doapi([command, "show", ip])).json[0].droplet)
        const actions = yield* doapi([command, "actions", ip])
        assert.isAtLeast(actions.json.length, 2)
        const acted = yield* doapi([command, "act", "-p", "{\"droplet_id\":402800001}", "assign", ip])
        assert.strictEqual(acted.code, 0, acted.stderr)
        const waited = yield* doapiWhile([command, "wait", ip], "1 minute")
        assert.strictEqual(waited.json[0].status, "completed")
        yield* doapiWhile([command, "unassign", "--wait", ip], "1 minute")

        const regional = yield* doapi([command, "new", "--region", "nyc3"])
        assert.strictEqual(regional.json[0].region.slug, "nyc3")
        assert.strictEqual((yield* doapi([command, "new"])).code, 2)
        assert.strictEqual((yield* doapi([command, "new", "--region", "nyc3", "--droplet", "web-1"])).code, 2)

        assert.strictEqual((yield* doapi([command, "delete", ip, regional.json[0].ip])).code, 0)
        assert.strictEqual((yield* doapi([command, "show"])).stdout, "")
      }).pipe(Effect.provide(FakeDigitalOcean.layer())))
  }
})

describe("ssh-key", () => {
  it.effect("new from a file or stdin, show by fingerprint or name, update, delete", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(Path.join(tmpdir(), "doapi-cli-"))
      writeFileSync(Path.join(dir, "key.pub"), `${PUBLIC_KEY}\n`)
      const created = yield* doapi(["ssh-key", "new", "laptop", Path.join(dir, "key.pub")])
      assert.strictEqual(created.code, 0, created.stderr)
      const fingerprint = created.json[0].fingerprint as string
      assert.strictEqual((yield* doapi(["ssh-key", "show", fingerprint])).json[0].name, "laptop")
      assert.strictEqual((yield* doapi(["ssh-key", "show", "laptop"])).json[0].fingerprint, fingerprint)

      const fromStdin = yield* doapi(["ssh-key", "new", "--unique", "laptop"], { stdin: PUBLIC_KEY })
      assert.strictEqual(fromStdin.code, 2)
      const updated = yield* doapi(["ssh-key", "update", "laptop", "old-laptop"])
      assert.strictEqual(updated.json[0].name, "old-laptop")
      assert.strictEqual((yield* doapi(["ssh-key", "delete", "old-laptop"])).code, 0)
      const again = yield* doapi(["ssh-key", "new", "desk"], { stdin: PUBLIC_KEY })
      assert.strictEqual(again.code, 0, again.stderr)
      assert.deepStrictEqual((yield* doapi(["ssh-key", "show"])).json.map((k) => k.name), ["desk"])
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("domain", () => {
  it.effect("new, show, records: new (with --delete), update, delete; delete", () =>
    Effect.gen(function*() {
      const created = yield* doapi(["domain", "new", "example.com", "203.0.113.5"])
      assert.strictEqual(created.code, 0, created.stderr)
      assert.strictEqual((yield* doapi(["domain", "show"])).json[0].name, "example.com")
      const www = yield* doapi(["domain", "new-record", "--ttl", "300", "example.com", "A", "www", "203.0.113.6"])
      assert.strictEqual(www.code, 0, www.stderr)
      assert.strictEqual(www.json[0].ttl, 300)
      const replaced = yield* doapi(["domain", "new-record", "--delete", "example.com", "A", "www", "203.0.113.7"])
      assert.strictEqual(replaced.code, 0, replaced.stderr)
      const records = yield* doapi(["domain", "show-record", "example.com"])
      const a = records.json.filter((r) => r.type === "A" && r.name === "www")
      assert.deepStrictEqual(a.map((r) => r.data), ["203.0.113.7"])
      const mx = yield* doapi([
        "domain",
        "new-record",
        "--priority",
        "10",
        "example.com",
        "MX",
        "@",
        "mail.example.com."
      ])
      assert.strictEqual(mx.code, 0, mx.stderr)
      const id = String(mx.json[0].id)
      const updated = yield* doapi(["domain", "update-record", "--priority", "20", "example.com", id])
      assert.strictEqual(updated.code, 0, updated.stderr)
      assert.strictEqual(updated.json[0].priority, 20)
      assert.strictEqual((yield* doapi(["domain", "update-record", "example.com", id])).code, 2)
      assert.strictEqual((yield* doapi(["domain", "show-record", "example.com", id])).json[0].priority, 20)
      assert.strictEqual((yield* doapi(["domain", "delete-record", "example.com", id])).code, 0)
      assert.strictEqual((yield* doapi(["domain", "show-record", "example.com", id])).code, 4)
      assert.strictEqual((yield* doapi(["domain", "new-record", "example.com", "BOGUS", "x", "y"])).code, 2)
      assert.strictEqual((yield* doapi(["domain", "delete", "example.com"])).code, 0)
      assert.strictEqual((yield* doapi(["domain", "show"])).stdout, "")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("tag", () => {
  it.effect("new, show, delete", () =>
    Effect.gen(function*() {
      const created = yield* doapi(["tag", "new", "web", "db"])
      assert.deepStrictEqual(created.json.map((t) => t.name), ["web", "db"])
      yield* seed("web-1")
      yield* doapi(["droplet", "tag", "web", "web-1"])
      const web = yield* doapi(["tag", "show", "web"])
      assert.strictEqual(web.json[0].resources.count, 1)
      assert.strictEqual((yield* doapi(["tag", "show"])).json.length, 2)
      // Every tag is fetched before any is deleted: a missing one deletes nothing.
      assert.strictEqual((yield* doapi(["tag", "delete", "db", "nope"])).code, 4)
      assert.strictEqual((yield* doapi(["tag", "show"])).json.length, 2)
      assert.strictEqual((yield* doapi(["tag", "delete", "db", "web"])).code, 0)
      assert.strictEqual((yield* doapi(["tag", "show"])).stdout, "")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("volume and snapshot", () => {
  it.effect("new, attach, detach, resize, snapshot, snapshots, act, actions, wait, delete; snapshot show, delete", () =>
    Effect.gen(function*() {
      yield* seed("web-1")
      const created = yield* doapi(["volume", "new", "--description", "scratch", "data", "10", "nyc3"])
      assert.strictEqual(created.code, 0, created.stderr)
      const id = created.json[0].id as string
      assert.strictEqual((yield* doapi(["volume", "show", id])).json[0].name, "data")
      const attached = yield* doapiWhile(["volume", "attach", "--wait", "data", "web-1"], "1 minute")
      assert.strictEqual(attached.code, 0, attached.stderr)
      assert.strictEqual(attached.json[0].status, "completed")
      assert.deepStrictEqual((yield* doapi(["volume", "show", "data"])).json[0].droplet_ids, [402800001])
      const resized = yield* doapiWhile(["volume", "resize", "--wait", "data", "20"], "1 minute")
      assert.strictEqual(resized.code, 0, resized.stderr)
      assert.strictEqual((yield* doapi(["volume", "show", "data"])).json[0].size_gigabytes, 20)
      const actions = yield* doapi(["volume", "actions", "data"])
      assert.isAtLeast(actions.json.length, 2)
      const detached = yield* doapiWhile(["volume", "detach", "--wait", "data", "web-1"], "1 minute")
      assert.strictEqual(detached.json[0].status, "completed")

      const snap = yield* doapi(["volume", "snapshot", "data", "data-before"])
      assert.strictEqual(snap.code, 0, snap.stderr)
      assert.deepStrictEqual((yield* doapi(["volume", "snapshots", "data"])).json.map((s) => s.name), ["data-before"])
      const snapshots = yield* doapi(["snapshot", "show", "--resource-type", "volume"])
      assert.deepStrictEqual(snapshots.json.map((s) => s.name), ["data-before"])
      assert.strictEqual((yield* doapi(["snapshot", "show", "data-before"])).json[0].resource_id, id)
      assert.strictEqual((yield* doapi(["snapshot", "delete", "data-before"])).code, 0)
      assert.strictEqual((yield* doapi(["snapshot", "show"])).stdout, "")
      assert.strictEqual((yield* doapi(["snapshot", "show", "data-before"])).code, 2)

      assert.strictEqual((yield* doapi(["volume", "delete", "data"])).code, 0)
      assert.strictEqual((yield* doapi(["volume", "show"])).stdout, "")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("action", () => {
  it.effect("show (all, last, IDs, in progress), wait (IDs, all in progress), resource", () =>
    Effect.gen(function*() {
      const [id] = yield* seed("web-1", "web-2")
      const all = yield* doapi(["action", "show"])
      assert.deepStrictEqual(all.json.map((a) => a.type), ["create", "create"])
      yield* doapi(["droplet", "power-off", "web-1", "web-2"])
      const last = yield* doapi(["action", "show", "--last"])
      assert.strictEqual(last.json.length, 1)
      assert.strictEqual(last.json[0].type, "power_off")
      const current = yield* doapi(["action", "show", "--in-progress"])
      assert.deepStrictEqual(current.json.map((a) => a.status), ["in-progress", "in-progress"])
      const byId = yield* doapi(["action", "show", String(last.json[0].id)])
      assert.strictEqual(byId.json[0].id, last.json[0].id)
      assert.strictEqual((yield* doapi(["action", "show", "--last", "5"])).code, 2)

      const waited = yield* doapiWhile(["action", "wait"], "1 minute")
      assert.strictEqual(waited.code, 0, waited.stderr)
      assert.deepStrictEqual(waited.json.map((a) => a.status), ["completed", "completed"])
      const none = yield* doapi(["action", "wait"])
      assert.strictEqual(none.stdout, "")

      const resource = yield* doapi(["action", "resource", String(all.json.find((a) => a.resource_id === id).id)])
      assert.strictEqual(resource.json[0].name, "web-1")
      assert.strictEqual((yield* doapi(["action", "resource"])).code, 2)
      yield* doapi(["droplet", "delete", "web-1"])
      const gone = yield* doapi(["action", "resource", String(all.json.find((a) => a.resource_id === id).id)])
      assert.deepStrictEqual(gone.json, [null])

      const byIdWait = yield* doapiWhile(["action", "wait", String(last.json[0].id)], "1 minute")
      assert.strictEqual(byIdWait.json[0].status, "completed")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
