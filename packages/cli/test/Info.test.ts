/**
 * The token, the common options, the exit codes, and the commands that only read: account, region, size, request.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { doapi } from "./utils/run.js"

const temp = () => mkdtempSync(Path.join(tmpdir(), "doapi-cli-"))

describe("token", () => {
  it.effect("is read from DIGITALOCEAN_TOKEN", () =>
    Effect.gen(function*() {
      const result = yield* doapi(["account"])
      assert.strictEqual(result.code, 0)
      assert.strictEqual(result.json.length, 1)
      assert.strictEqual(result.json[0].email, "sammy@example.com")
      assert.strictEqual(result.stderr, "")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("is read from DO_API_TOKEN, --api-token, --api-token-file and ~/.doapi", () =>
    Effect.gen(function*() {
      const dir = temp()
      writeFileSync(Path.join(dir, "token"), `  ${FakeDigitalOcean.TOKEN}\n`)
      writeFileSync(Path.join(dir, ".doapi"), `${FakeDigitalOcean.TOKEN}\n`)
      for (
        const [args, env, home] of [
          [["account"], { DO_API_TOKEN: FakeDigitalOcean.TOKEN }, undefined],
          [["account", "--api-token", FakeDigitalOcean.TOKEN], {}, undefined],
          [["account", "--api-token-file", Path.join(dir, "token")], {}, undefined],
          [["account"], {}, dir],
          // --api-token wins over the variable
          [["account", "--api-token", FakeDigitalOcean.TOKEN], { DIGITALOCEAN_TOKEN: "wrong" }, undefined]
        ] as const
      ) {
        const result = yield* doapi(args, { env, ...(home === undefined ? {} : { home }) })
        assert.strictEqual(result.code, 0, `${args.join(" ")}: ${result.stderr}`)
        assert.strictEqual(result.json[0].email, "sammy@example.com")
      }
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("missing: one line, exit 2", () =>
    Effect.gen(function*() {
      const result = yield* doapi(["account"], { env: {} })
      assert.strictEqual(result.code, 2)
      assert.strictEqual(result.stdout, "")
      assert.match(result.stderr, /^doapi: no DigitalOcean API token: pass --api-token .*~\/\.doapi\n$/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("refused: one line, exit 4", () =>
    Effect.gen(function*() {
      const result = yield* doapi(["account", "--api-token", "nope"], { env: {} })
      assert.strictEqual(result.code, 4)
      assert.strictEqual(result.stdout, "")
      assert.match(result.stderr, /^doapi: the API refused the token: GET \/v2\/account: 401 unauthorized/)
      assert.strictEqual(result.stderr.split("\n").length, 2)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an unreadable token file or two token options: exit 2", () =>
    Effect.gen(function*() {
      const missing = yield* doapi(["account", "--api-token-file", "/nonexistent/token"], { env: {} })
      assert.strictEqual(missing.code, 2)
      assert.match(missing.stderr, /^doapi: cannot read --api-token-file \/nonexistent\/token: /)
      const both = yield* doapi(["account", "--api-token", "a", "--api-token-file", "b"])
      assert.strictEqual(both.code, 2)
      assert.match(both.stderr, /cannot be used together/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("usage", () => {
  it.effect("bad flags, commands and values: one line, exit 2", () =>
    Effect.gen(function*() {
      for (
        const [args, message] of [
          [["account", "--bogus"], /unknown option --bogus/],
          [["droplet", "show", "web", "--bogus"], /unknown option --bogus/],
          [["acount"], /Invalid subcommand/],
          [["region", "--format", "xml"], /json, table/],
          [["region", "--timeout", "soon"], /soon|float|number/i],
          [["region", "--timeout", "-1"], /--timeout must be a positive number/],
          [["region", "--endpoint", "ftp://x"], /--endpoint must be an http\(s\) URL/],
          [["request", "-X", "POST", "--paginate", "x", "/v2/tags"], /--paginate needs the GET method/],
          [["request", "-X", "POST", "-d", "{nope", "/v2/tags"], /--data is not JSON/]
        ] as const
      ) {
        const result = yield* doapi(args)
        assert.strictEqual(result.code, 2, args.join(" "))
        assert.strictEqual(result.stdout, "", args.join(" "))
        assert.match(result.stderr, /^doapi: [^\n]+\n$/, args.join(" "))
        assert.match(result.stderr, message, args.join(" "))
      }
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("--help and --version print on stdout and exit 0", () =>
    Effect.gen(function*() {
      const help = yield* doapi(["--help"])
      assert.strictEqual(help.code, 0)
      assert.match(help.stdout, /^doapi 0\.1\.0: DigitalOcean from the shell\n/)
      assert.match(help.stdout, /EXIT CODES\n {2}0 done; 1 an action errored; 2 bad usage/)
      assert.match(help.stdout, /--completions/)
      for (const command of ["droplet", "image", "reserved-ip", "floating-ip", "ssh-key", "domain", "tag", "volume"]) {
        assert.match(help.stdout, new RegExp(`\\n  ${command} +\\S`))
      }
      assert.strictEqual((yield* doapi([])).stdout, help.stdout)
      // Every subcommand has its help, with its whole name and an example.
      const sub = yield* doapi(["droplet", "power-off", "--help"])
      assert.strictEqual(sub.code, 0)
      assert.match(sub.stdout, /\$ doapi droplet power-off \[options\] \[wait options\]/)
      assert.match(sub.stdout, /Examples:\n\n {2}\$ doapi droplet power-off --wait web-1/)
      const version = yield* doapi(["--version"])
      assert.strictEqual(version.code, 0)
      assert.match(version.stdout, /0\.1\.0/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("--completions prints a shell script", () =>
    Effect.gen(function*() {
      const result = yield* doapi(["--completions", "bash"])
      assert.strictEqual(result.code, 0)
      assert.match(result.stdout, /complete/)
      assert.match(result.stdout, /account/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("account, region, size", () => {
  it.effect("account --rate-limit prints the rate limit", () =>
    Effect.gen(function*() {
      const result = yield* doapi(["account", "--rate-limit"])
      assert.strictEqual(result.code, 0)
      assert.strictEqual(result.json[0].limit, 5000)
      assert.isNumber(result.json[0].remaining)
      assert.isNumber(result.json[0].reset)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("region and size print one object a line", () =>
    Effect.gen(function*() {
      const regions = yield* doapi(["region"])
      assert.strictEqual(regions.code, 0)
      assert.isAbove(regions.json.length, 3)
      assert.isTrue(regions.json.every((region) => typeof region.slug === "string"))
      assert.include(regions.json.map((region) => region.slug), "nyc3")
      const sizes = yield* doapi(["size"])
      assert.include(sizes.json.map((size) => size.slug), "s-1vcpu-1gb")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("--format table prints aligned columns", () =>
    Effect.gen(function*() {
      const result = yield* doapi(["region", "--format", "table"])
      assert.strictEqual(result.code, 0)
      const lines = result.stdout.trimEnd().split("\n")
      assert.match(lines[0]!, /^SLUG +NAME +AVAILABLE +FEATURES$/)
      assert.match(lines[1]!, /^nyc1 +New York 1 +true/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})

describe("request", () => {
  it.effect("prints the body, sends one, and paginates", () =>
    Effect.gen(function*() {
      const account = yield* doapi(["request", "/v2/account"])
      assert.strictEqual(account.code, 0)
      assert.strictEqual(account.json[0].account.email, "sammy@example.com")

      const created = yield* doapi(["request", "-X", "POST", "-d", "{\"name\":\"web\"}", "/v2/tags"])
      assert.strictEqual(created.code, 0)
      assert.strictEqual(created.json[0].tag.name, "web")

      const deleted = yield* doapi(["request", "--method", "DELETE", "/v2/tags/web"])
      assert.strictEqual(deleted.code, 0)
      assert.strictEqual(deleted.stdout, "")

      const sizes = yield* doapi(["request", "--paginate", "sizes", "/v2/sizes?per_page=2"])
      const all = yield* doapi(["size"])
      assert.strictEqual(sizes.code, 0)
      assert.deepStrictEqual(sizes.json.map((size) => size.slug), all.json.map((size) => size.slug))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("--data @FILE and @- read the body; --dump-headers writes the headers", () =>
    Effect.gen(function*() {
      const dir = temp()
      writeFileSync(Path.join(dir, "body.json"), "{\"name\":\"from-file\"}")
      const fromFile = yield* doapi(["request", "-X", "POST", "-d", `@${dir}/body.json`, "/v2/tags"])
      assert.strictEqual(fromFile.json[0].tag.name, "from-file")
      const fromStdin = yield* doapi(["request", "-X", "POST", "-d", "@-", "/v2/tags"], {
        stdin: "{\"name\":\"from-stdin\"}"
      })
      assert.strictEqual(fromStdin.json[0].tag.name, "from-stdin")

      const headers = Path.join(dir, "headers.json")
      const result = yield* doapi(["request", "--dump-headers", headers, "--paginate", "regions", "/v2/regions"])
      assert.strictEqual(result.code, 0)
      const dumped = JSON.parse(readFileSync(headers, "utf8"))
      assert.strictEqual(dumped["ratelimit-limit"], "5000")
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))

  it.effect("an API error: one line, exit 4", () =>
    Effect.gen(function*() {
      const result = yield* doapi(["request", "/v2/droplets/999999"])
      assert.strictEqual(result.code, 4)
      assert.match(result.stderr, /^doapi: GET \/v2\/droplets\/999999: 404 not_found: .*\n$/)
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
