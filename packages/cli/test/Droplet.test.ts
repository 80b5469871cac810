/**
 * `doapi droplet`: creating, showing, acting and waiting, against the fake in process (TestClock finishes actions);
 * names resolved by ID or name, ambiguity and duplicates; exit codes for errored actions and timeouts; the
 * progress line only on a terminal.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { doapi, doapiWhile } from "./utils/run.js"

const create = ["droplet", "new", "-I", "ubuntu-24-04-x64", "-S", "s-1vcpu-1gb", "-R", "nyc3"]

/** Creates droplets and waits for them; returns their ids. */
const seed = (...names: ReadonlyArray<string>) =>
  Effect.map(doapiWhile([...create, "--wait", ...names], "2 minutes"), (result) => {
    assert.strictEqual(result.code, 0, result.stderr)
    return result.json.map((droplet) => droplet.id as number)
  })

describe("droplet new", () => {
  it.effect("--wait prints each droplet once it is active; nothing on stderr when it is not a terminal", () =>
    Effect.gen(function*() {
      const result = yield* doapiWhile([...create, "--wait", "web-1", "web-2"], "2 minutes")
      assert.strictEqual(result.code, 0)
      assert.strictEqual(result.stderr, "")
      assert.deepStrictEqual(result.json.map((d) => [d.name, d.status]).sort(), [
        ["web-1", "active"],
        ["web-2", "active"]
      ])
      assert.strictEqual(result.json[0].region.slug, "nyc3")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("--wait on a create that errors: the ActionError on stderr, exit 1, the others still printed", () =>
    Effect.gen(function*() {
      const result = yield* doapiWhile([...create, "--wait", "web-1", "web-2"], "2 minutes")
      assert.strictEqual(result.code, 1)
      assert.deepStrictEqual(result.json, [])
      assert.match(
        result.stderr,
        /^doapi: create action on droplet \d+: errored\ndoapi: create action on droplet \d+: errored\n$/
      )
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "create" }] }))))

  it.effect("without --wait prints the new droplets at once", () =>
    Effect.gen(function*() {
      const result = yield* doapi([...create, "web-1"])
      assert.strictEqual(result.code, 0)
      assert.strictEqual(result.json[0].status, "new")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("creates more than 10 in batches", () =>
    Effect.gen(function*() {
      const names = Array.from({ length: 12 }, (_, i) => `n-${i}`)
      const result = yield* doapi([...create, ...names])
      assert.strictEqual(result.code, 0, result.stderr)
      assert.deepStrictEqual(result.json.map((d) => d.name), names)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("warns of a name in use; --unique refuses it; an unknown image is exit 2", () =>
    Effect.gen(function*() {
      yield* seed("web-1")
      const warned = yield* doapi([...create, "web-1"])
      assert.strictEqual(warned.code, 0)
      assert.strictEqual(warned.stderr, "doapi: warning: there is already another droplet named 'web-1'\n")
      const refused = yield* doapi([...create, "--unique", "web-1"])
      assert.strictEqual(refused.code, 2)
      assert.strictEqual(refused.stdout, "")
      const image = yield* doapi(["droplet", "new", "-I", "no-such-image", "-S", "s-1vcpu-1gb", "-R", "nyc3", "x"])
      assert.strictEqual(image.code, 2)
      assert.strictEqual(image.stderr, "doapi: 'no-such-image': no such image\n")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("--ssh-key takes a public key file, registers it once, and reuses it", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(Path.join(tmpdir(), "doapi-cli-"))
      const file = Path.join(dir, "id_ed25519.pub")
      writeFileSync(
        file,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g me@laptop\n"
      )
      const first = yield* doapi([...create, "-K", file, "web-1"])
      assert.strictEqual(first.code, 0, first.stderr)
      assert.match(first.stderr, /^doapi: new SSH key 'me@laptop' registered with ID \d+ and fingerprint [0-9a-f:]+\n$/)
      const second = yield* doapi([...create, "-K", file, "-K", "me@laptop", "web-2"])
      assert.strictEqual(second.code, 0, second.stderr)
      assert.notMatch(second.stderr, /registered/)
      const keys = yield* doapi(["request", "--paginate", "ssh_keys", "/v2/account/keys"])
      assert.strictEqual(keys.json.length, 1)
      const missing = yield* doapi([...create, "-K", Path.join(dir, "nope.pub"), "web-3"])
      assert.strictEqual(missing.code, 2)
      assert.match(missing.stderr, /no such SSH key, nor a public key file/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("names", () => {
  it.effect("by ID or name; ambiguity is exit 2 unless --multiple; duplicates are dropped with a warning", () =>
    Effect.gen(function*() {
      const [a, b, c] = yield* seed("web", "web", "db")
      const byId = yield* doapi(["droplet", "show", String(c)])
      assert.deepStrictEqual(byId.json.map((d) => d.name), ["db"])
      const byName = yield* doapi(["droplet", "show", "db"])
      assert.deepStrictEqual(byName.json.map((d) => d.id), [c])

      const ambiguous = yield* doapi(["droplet", "show", "web"])
      assert.strictEqual(ambiguous.code, 2)
      assert.strictEqual(ambiguous.stdout, "")
      assert.strictEqual(
        ambiguous.stderr,
        `doapi: 'web': ambiguous; used by 2 droplets: ${a}, ${b} (--multiple acts on all of them)\n`
      )
      const both = yield* doapi(["droplet", "show", "--multiple", "web"])
      assert.deepStrictEqual(both.json.map((d) => d.id).sort(), [a, b].sort())

      const twice = yield* doapi(["droplet", "show", "db", String(c)])
      assert.strictEqual(twice.code, 0)
      assert.strictEqual(twice.json.length, 1)
      assert.strictEqual(
        twice.stderr,
        `doapi: warning: droplet ${c} specified multiple times; ignoring later occurrence\n`
      )

      const none = yield* doapi(["droplet", "show", "nope"])
      assert.strictEqual(none.code, 2)
      assert.strictEqual(none.stderr, "doapi: 'nope': no such droplet\n")
      // A bad name means nothing is done.
      const partly = yield* doapi(["droplet", "power-off", "db", "nope"])
      assert.strictEqual(partly.code, 2)
      const fresh = yield* doapi(["droplet", "show", "db"])
      assert.strictEqual(fresh.json[0].status, "active")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("show lists all, or by --tag; --tag with droplets is exit 2", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      yield* fake.seedDroplets(3, { tag: "web" })
      yield* seed("db")
      assert.strictEqual((yield* doapi(["droplet", "show"])).json.length, 4)
      assert.strictEqual((yield* doapi(["droplet", "show", "--tag", "web"])).json.length, 3)
      assert.strictEqual((yield* doapi(["droplet", "show", "--tag", "web", "db"])).code, 2)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("actions and waits", () => {
  it.effect("power-off --wait prints the completed action; the droplet is off", () =>
    Effect.gen(function*() {
      const [id] = yield* seed("web-1")
      const result = yield* doapiWhile(["droplet", "power-off", "--wait", "web-1"], "1 minute")
      assert.strictEqual(result.code, 0, result.stderr)
      assert.strictEqual(result.json[0].type, "power_off")
      assert.strictEqual(result.json[0].status, "completed")
      assert.strictEqual(result.json[0].resource_id, id)
      const shown = yield* doapi(["droplet", "show", "web-1"])
      assert.strictEqual(shown.json[0].status, "off")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an errored action: printed, its ActionError on stderr, exit 1, the others still waited on", () =>
    Effect.gen(function*() {
      const [a] = yield* seed("web-1", "web-2")
      const result = yield* doapiWhile(["droplet", "reboot", "--wait", "web-1", "web-2"], "1 minute")
      assert.strictEqual(result.code, 1)
      assert.strictEqual(result.json.length, 2)
      assert.deepStrictEqual(result.json.map((x) => x.status).sort(), ["completed", "errored"])
      assert.strictEqual(result.stderr, `doapi: reboot action on droplet ${a}: errored\n`)
    }).pipe(
      Effect.provide(FakeDigitalOcean.layer({ actionErrors: [{ type: "reboot", target: "droplet:402800001" }] }))
    ))

  it.effect("a wait out of time: the unfinished objects printed, exit 3", () =>
    Effect.gen(function*() {
      yield* seed("web-1")
      const result = yield* doapiWhile(
        ["droplet", "snapshot", "--wait", "--wait-time", "30", "--wait-interval", "5", "snap", "web-1"],
        "2 minutes"
      )
      assert.strictEqual(result.code, 3)
      assert.strictEqual(result.json.length, 1)
      assert.strictEqual(result.json[0].status, "in-progress")
      assert.match(result.stderr, /^doapi: wait time limit exceeded: 1 not yet done = true after 30s\n$/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer({ actionDuration: { create: "10 seconds", default: "1 hour" } }))))

  it.effect("results are printed as they finish, not at the end of the wait", () =>
    Effect.gen(function*() {
      yield* seed("fast", "slow")
      const started = yield* doapi(["droplet", "power-off", "fast"])
      yield* doapi(["droplet", "snapshot", "snap", "slow"])
      let seen = ""
      const fiber = yield* Effect.fork(
        doapi(["action", "wait", "--wait-interval", "10"], { onStdout: (text) => void (seen += text) })
      )
      yield* TestClock.adjust("30 seconds")
      assert.deepStrictEqual(seen.trimEnd().split("\n").map((line) => JSON.parse(line).id), [started.json[0].id])
      assert.isNull(fiber.unsafePoll(), "still waiting for the snapshot")
      yield* TestClock.adjust("10 minutes")
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(result.code, 0)
      assert.deepStrictEqual(result.json.map((a) => a.type), ["power_off", "snapshot"])
    }).pipe(
      Effect.provide(FakeDigitalOcean.layer({ actionDuration: { snapshot: "5 minutes", default: "10 seconds" } }))
    ))

  it.effect("a progress line on stderr only when it is a terminal", () =>
    Effect.gen(function*() {
      yield* seed("web-1", "web-2")
      const result = yield* doapiWhile(["droplet", "shutdown", "--wait", "-M", "web-1", "web-2"], "1 minute", {
        stderrIsTTY: true
      })
      assert.strictEqual(result.code, 0)
      assert.strictEqual(result.json.length, 2)
      assert.include(result.stderr, "\r\u001b[Kwaiting for actions: 0/2 done, 0:00 elapsed")
      assert.include(result.stderr, "waiting for actions: 2/2 done, 0:10 elapsed")
      assert.isTrue(result.stderr.endsWith("\r\u001b[K"), "the line is cleared at the end")
      const quiet = yield* doapiWhile(["droplet", "power-on", "--wait", "web-1"], "1 minute")
      assert.strictEqual(quiet.stderr, "")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("--tag acts on every tagged droplet in one request", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      yield* fake.seedDroplets(3, { tag: "web" })
      const result = yield* doapiWhile(["droplet", "power-off", "--tag", "web", "--wait"], "1 minute")
      assert.strictEqual(result.code, 0, result.stderr)
      assert.deepStrictEqual(result.json.map((a) => a.status), ["completed", "completed", "completed"])
      const off = yield* doapi(["droplet", "show", "--tag", "web"])
      assert.isTrue(off.json.every((d) => d.status === "off"))
      assert.strictEqual((yield* doapi(["droplet", "reboot"])).code, 2)
      assert.strictEqual((yield* doapi(["droplet", "power-on"])).code, 2)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("rename, resize, rebuild, change-kernel, enable-backups, act, password-reset", () =>
    Effect.gen(function*() {
      yield* seed("web-1")
      const steps: ReadonlyArray<readonly [ReadonlyArray<string>, string]> = [
        [["droplet", "rename", "--wait", "web-1", "web-01"], "rename"],
        [["droplet", "power-off", "--wait", "web-01"], "power_off"],
        [["droplet", "resize", "--wait", "--disk", "s-2vcpu-4gb", "web-01"], "resize"],
        [["droplet", "rebuild", "--wait", "web-01"], "rebuild"],
        [["droplet", "rebuild", "--wait", "-I", "ubuntu-24-04-x64", "web-01"], "rebuild"],
        [["droplet", "enable-backups", "--wait", "web-01"], "enable_backups"],
        [["droplet", "disable-backups", "--wait", "web-01"], "disable_backups"],
        [["droplet", "enable-ipv6", "--wait", "web-01"], "enable_ipv6"],
        [["droplet", "power-cycle", "--wait", "web-01"], "power_cycle"],
        [["droplet", "password-reset", "--wait", "web-01"], "password_reset"],
        [["droplet", "act", "--wait", "-p", "{\"name\":\"nightly\"}", "snapshot", "web-01"], "snapshot"]
      ]
      for (const [args, type] of steps) {
        const result = yield* doapiWhile(args, "1 minute")
        assert.strictEqual(result.code, 0, `${args.join(" ")}: ${result.stderr}`)
        assert.strictEqual(result.json[0].type, type)
        assert.strictEqual(result.json[0].status, "completed")
      }
      const shown = yield* doapi(["droplet", "show", "web-01"])
      assert.strictEqual(shown.json[0].size_slug, "s-2vcpu-4gb")
      const table = yield* doapi(["droplet", "show", "--format", "table"])
      assert.match(
        table.stdout,
        /^ID +NAME +STATUS +REGION +SIZE +IMAGE +IPV4 +LOCKED +TAGS\n\d+ +web-01 +active +nyc3 +s-2vcpu-4gb /
      )
      const kernels = yield* doapi(["droplet", "kernels", "web-01"])
      assert.strictEqual(kernels.code, 0)
      if (kernels.json.length > 0) {
        const changed = yield* doapiWhile(
          ["droplet", "change-kernel", "--wait", String(kernels.json[0].id), "web-01"],
          "1 minute"
        )
        assert.strictEqual(changed.json[0].type, "change_kernel")
      }
      const badParams = yield* doapi(["droplet", "act", "-p", "[1]", "snapshot", "web-01"])
      assert.strictEqual(badParams.code, 2)
      assert.match(badParams.stderr, /--params must be a JSON object/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("snapshot, snapshots, backups, restore, actions, wait", () =>
    Effect.gen(function*() {
      yield* seed("web-1")
      const snap = yield* doapiWhile(["droplet", "snapshot", "--wait", "before", "web-1"], "1 minute")
      assert.strictEqual(snap.json[0].type, "snapshot")
      const snapshots = yield* doapi(["droplet", "snapshots", "web-1"])
      assert.deepStrictEqual(snapshots.json.map((s) => s.name), ["before"])
      const again = yield* doapi(["droplet", "snapshot", "--unique", "before", "web-1"])
      assert.strictEqual(again.code, 2)
      const backups = yield* doapi(["droplet", "backups", "web-1"])
      assert.strictEqual(backups.code, 0)
      const imageId = String(snapshots.json[0].id)
      const restored = yield* doapiWhile(["droplet", "restore", "--wait", "web-1", imageId], "1 minute")
      assert.strictEqual(restored.code, 0, restored.stderr)
      assert.strictEqual(restored.json[0].type, "restore")
      assert.strictEqual(restored.json[0].status, "completed")

      const actions = yield* doapi(["droplet", "actions", "web-1"])
      assert.deepStrictEqual(actions.json.map((a) => a.type), ["restore", "snapshot", "create"])
      const last = yield* doapi(["droplet", "actions", "--last", "web-1"])
      assert.strictEqual(last.json[0].type, "restore")
      const none = yield* doapi(["droplet", "actions", "--in-progress", "web-1"])
      assert.deepStrictEqual(none.json, [null])

      // wait: on the droplet's action in progress, then on a status
      yield* doapi(["droplet", "power-off", "web-1"])
      const waited = yield* doapiWhile(["droplet", "wait", "web-1"], "1 minute")
      assert.strictEqual(waited.code, 0, waited.stderr)
      assert.strictEqual(waited.json[0].type, "power_off")
      assert.strictEqual(waited.json[0].status, "completed")
      yield* doapi(["droplet", "power-on", "web-1"])
      const active = yield* doapiWhile(["droplet", "wait", "--status", "active", "web-1"], "1 minute")
      assert.strictEqual(active.json[0].status, "active")
      const unlocked = yield* doapiWhile(["droplet", "wait", "--unlocked", "web-1"], "1 minute")
      assert.strictEqual(unlocked.json[0].locked, false)
      assert.strictEqual((yield* doapi(["droplet", "wait", "--locked", "--unlocked", "web-1"])).code, 2)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("neighbors, tag, untag, delete", () =>
    Effect.gen(function*() {
      yield* seed("web-1", "web-2")
      const neighbors = yield* doapi(["droplet", "neighbors", "web-1"])
      assert.strictEqual(neighbors.code, 0, neighbors.stderr)
      assert.isArray(neighbors.json[0])
      const all = yield* doapi(["droplet", "neighbors"])
      assert.strictEqual(all.code, 0, all.stderr)

      yield* doapi(["request", "-X", "POST", "-d", "{\"name\":\"web\"}", "/v2/tags"])
      const tagged = yield* doapi(["droplet", "tag", "web", "web-1", "web-2"])
      assert.strictEqual(tagged.code, 0, tagged.stderr)
      assert.strictEqual(tagged.stdout, "")
      assert.strictEqual((yield* doapi(["droplet", "show", "--tag", "web"])).json.length, 2)
      yield* doapi(["droplet", "untag", "web", "web-2"])
      assert.strictEqual((yield* doapi(["droplet", "show", "--tag", "web"])).json.length, 1)

      const deleted = yield* doapi(["droplet", "delete", "--tag", "web"])
      assert.strictEqual(deleted.code, 0, deleted.stderr)
      assert.deepStrictEqual((yield* doapi(["droplet", "show"])).json.map((d) => d.name), ["web-2"])
      assert.strictEqual((yield* doapi(["droplet", "delete", "web-2"])).code, 0)
      assert.strictEqual((yield* doapi(["droplet", "show"])).stdout, "")
      assert.strictEqual((yield* doapi(["droplet", "delete"])).code, 2)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
