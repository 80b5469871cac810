/**
 * `doapi api`: any generated operation by tag and name, against the fake (which serves the modelled families with
 * state and every other operation from its Schema): listings, path parameters, bodies from a flag, a file and stdin, query parameters, and
 * the usage errors (one line, exit 2, nothing sent).
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Ref } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { doapi, type RunOptions } from "./utils/run.js"

const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g me@laptop"
const keyBody = (name: string) => JSON.stringify({ name, public_key: PUBLIC_KEY })

/** Runs doapi and counts the requests it sends. */
const counted = (args: ReadonlyArray<string>, options: RunOptions = {}) =>
  Effect.gen(function*() {
    const sent = yield* Ref.make(0)
    const result = yield* Effect.updateService(
      doapi(args, options),
      HttpClient.HttpClient,
      HttpClient.tapRequest(() => Ref.update(sent, (n) => n + 1))
    )
    return { ...result, sent: yield* Ref.get(sent) }
  })

describe("doapi api", () => {
  it.effect("lists the tags, and a tag's operations, without a token", () =>
    Effect.gen(function*() {
      const tags = yield* doapi(["api"], { env: {} })
      assert.strictEqual(tags.code, 0, tags.stderr)
      assert.deepInclude(tags.json, {
        tag: "Droplets",
        operations: tags.json.find((t) => t.tag === "Droplets").operations
      })
      assert.isAbove(tags.json.length, 40)
      const ops = yield* doapi(["api", "SSHKeys"], { env: {} })
      assert.strictEqual(ops.code, 0, ops.stderr)
      assert.deepStrictEqual(ops.json.map((op) => [op.operation, op.method, op.path]), [
        ["list", "GET", "/v2/account/keys"],
        ["create", "POST", "/v2/account/keys"],
        ["get", "GET", "/v2/account/keys/{ssh_key_identifier}"],
        ["update", "PUT", "/v2/account/keys/{ssh_key_identifier}"],
        ["delete", "DELETE", "/v2/account/keys/{ssh_key_identifier}"]
      ])
      assert.strictEqual(ops.json[2].usage, "doapi api SSHKeys get --ssh_key_identifier ID|NAME")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("a paged listing prints one object a line; --param is typed; an Effect prints its answer", () =>
    Effect.gen(function*() {
      const fake = yield* FakeDigitalOcean.FakeDigitalOcean
      yield* fake.seedDroplets(3, { tag: "web" })
      const db = yield* fake.seedDroplets(2, { tag: "db" })
      const all = yield* doapi(["api", "Droplets", "list"])
      assert.strictEqual(all.code, 0, all.stderr)
      assert.strictEqual(all.json.length, 5)
      const paged = yield* doapi(["api", "Droplets", "list", "--param", "per_page=1", "--param", "tag_name=db"])
      assert.strictEqual(paged.code, 0, paged.stderr)
      assert.deepStrictEqual(paged.json.map((d) => d.id), [...db])
      const first = paged.json[0]
      const one = yield* doapi(["api", "Droplets", "get", "--droplet_id", String(first.id)])
      assert.strictEqual(one.code, 0, one.stderr)
      assert.strictEqual(one.json.length, 1)
      assert.strictEqual(one.json[0].droplet.id, first.id)
      // names are matched ignoring case, and --name=VALUE works too
      const again = yield* doapi(["api", "droplets", "GET", `--droplet_id=${first.id}`])
      assert.strictEqual(again.json[0]?.droplet.id, first.id, again.stderr)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("the body from --body, --body-file and standard input; a 204 prints nothing", () =>
    Effect.gen(function*() {
      const created = yield* doapi(["api", "SSHKeys", "create", "--body", keyBody("from-flag")])
      assert.strictEqual(created.code, 0, created.stderr)
      assert.strictEqual(created.json[0].ssh_key.name, "from-flag")
      const dir = mkdtempSync(Path.join(tmpdir(), "doapi-cli-"))
      const file = Path.join(dir, "key.json")
      writeFileSync(file, keyBody("from-file"))
      const fromFile = yield* doapi([
        "api",
        "SSHKeys",
        "update",
        "--ssh_key_identifier",
        String(created.json[0].ssh_key.id),
        "--body-file",
        file
      ])
      assert.strictEqual(fromFile.code, 0, fromFile.stderr)
      assert.strictEqual(fromFile.json[0].ssh_key.name, "from-file")
      const fromStdin = yield* doapi(
        ["api", "SSHKeys", "update", "--ssh_key_identifier", created.json[0].ssh_key.fingerprint, "--body-file", "-"],
        { stdin: keyBody("from-stdin") }
      )
      assert.strictEqual(fromStdin.code, 0, fromStdin.stderr)
      assert.strictEqual(fromStdin.json[0].ssh_key.name, "from-stdin")
      const deleted = yield* doapi([
        "api",
        "SSHKeys",
        "delete",
        "--ssh_key_identifier",
        String(created.json[0].ssh_key.id)
      ])
      assert.deepStrictEqual([deleted.code, deleted.stdout, deleted.stderr], [0, "", ""])
      const listed = yield* doapi(["api", "SSHKeys", "list"])
      assert.notInclude(listed.json.map((k) => k.name), "from-stdin")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("usage errors: one line naming the problem, exit 2, nothing sent", () =>
    Effect.gen(function*() {
      for (
        const [args, message, stdin] of [
          [["api", "Nope"], /^doapi: unknown tag "Nope" \(doapi api lists the tags\)\n$/],
          [
            ["api", "Droplets", "nope"],
            /^doapi: Droplets has no operation "nope" \(doapi api Droplets lists them\)\n$/
          ],
          [["api", "Droplets", "get"], /^doapi: Droplets get needs --droplet_id\n$/],
          [["api", "Droplets", "get", "--droplet_id"], /^doapi: --droplet_id needs a value\n$/],
          [["api", "Droplets", "get", "--droplet_id", "web"], /^doapi: --droplet_id must be a number, got "web"\n$/],
          [
            ["api", "Droplets", "get", "--droplet_id", "1", "--id", "2"],
            /^doapi: unknown option --id for Droplets get/
          ],
          [["api", "Droplets", "get", "--droplet_id", "0"], /^doapi: GET .*request not sent: .*droplet_id/],
          [["api", "Droplets", "list", "--param", "per_page=x"], /^doapi: --param per_page must be a number/],
          [["api", "Droplets", "list", "--param", "bogus=1"], /^doapi: Droplets list has no parameter "bogus"/],
          [["api", "Droplets", "list", "--param", "per_page=1", "--param", "per_page=2"], /given twice/],
          [["api", "Droplets", "get", "--droplet_id", "1", "--body", "{}"], /^doapi: Droplets get takes no body\n$/],
          [["api", "SSHKeys", "create"], /^doapi: SSHKeys create needs a body: --body JSON/],
          [["api", "SSHKeys", "create", "--body", "{name"], /^doapi: --body is not JSON: /],
          [["api", "SSHKeys", "create", "--body-file", "-"], /^doapi: --body-file - is not JSON: /, "nope"],
          [
            ["api", "SSHKeys", "create", "--body", "{\"name\":1}"],
            /^doapi: POST \/v2\/account\/keys: request not sent: /
          ],
          [["api", "SSHKeys", "create", "--body-file", "/nonexistent/body.json"], /^doapi: cannot read --body-file /],
          [["api", "Droplets", "get", "--droplet_id", "1", "extra"], /^doapi: unexpected argument "extra"/]
        ] as const
      ) {
        const result = yield* counted(args, stdin === undefined ? {} : { stdin })
        assert.strictEqual(result.code, 2, `${args.join(" ")}: ${result.stderr}`)
        assert.match(result.stderr, message, args.join(" "))
        assert.strictEqual(result.stderr.split("\n").length, 2, args.join(" "))
        assert.strictEqual(result.stdout, "")
        assert.strictEqual(result.sent, 0, `${args.join(" ")}: nothing is sent`)
      }
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an API error (a droplet, a firewall that is not there): exit 4", () =>
    Effect.gen(function*() {
      for (
        const args of [
          ["api", "Droplets", "get", "--droplet_id", "999999999"],
          ["api", "Firewalls", "get", "--firewall_id", "fb6045f1-cf1d-4ca3-bfac-18832663025b"]
        ]
      ) {
        const result = yield* counted(args)
        assert.strictEqual(result.code, 4, `${args.join(" ")}: ${result.stderr}`)
        assert.match(result.stderr, /^doapi: GET \/v2\/\S+: 404 /)
        assert.strictEqual(result.stderr.split("\n").length, 2)
        assert.strictEqual(result.sent, 1)
      }
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
