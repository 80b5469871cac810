/**
 * The `doapi` command as a child process, over HTTP, against a fake served in this process
 * (`FakeDigitalOcean.serve`, on the live clock): JSON decoded, exit codes, the missing-token message, bad flags,
 * and the progress line, which is drawn only under a pseudo-terminal (`script` from util-linux). With TEST_DIST the
 * built `dist/bin.js` runs, and loads the other packages' `dist/` too.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { command, exec } from "./utils/bin.js"

const lines = (text: string) => text.split("\n").filter((line) => line.length > 0)
const json = (text: string): ReadonlyArray<any> => lines(text).map((line) => JSON.parse(line))

/** The fake, served for the whole file. */
let scope: Scope.CloseableScope
let env: Record<string, string> = {}

beforeAll(async () => {
  scope = await Effect.runPromise(Scope.make())
  const server = await Effect.runPromise(
    Scope.extend(FakeDigitalOcean.serve({ actionDuration: "1 second" }), scope)
  )
  env = { DIGITALOCEAN_ENDPOINT: server.url, DIGITALOCEAN_TOKEN: server.fake.token, HOME: "/nonexistent" }
})

afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

const doapi = (args: ReadonlyArray<string>, extraEnv: Record<string, string | undefined> = {}) =>
  exec(process.execPath, [...command, ...args], { ...env, ...extraEnv })

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`

describe("doapi, the built command", () => {
  it("creates, waits, lists and deletes over HTTP; exit codes 0 and 2", async () => {
    const created = await doapi([
      "droplet",
      "new",
      "--image",
      "ubuntu-24-04-x64",
      "--size",
      "s-1vcpu-1gb",
      "--region",
      "nyc3",
      "--wait",
      "--wait-interval",
      "0.5",
      "bin-1",
      "bin-2"
    ])
    assert.strictEqual(created.code, 0, created.stderr)
    assert.strictEqual(created.stderr, "", "no progress line when stderr is not a terminal")
    assert.deepStrictEqual(json(created.stdout).map((d) => [d.name, d.status]).sort(), [
      ["bin-1", "active"],
      ["bin-2", "active"]
    ])
    const shown = await doapi(["droplet", "show", "bin-1"])
    assert.strictEqual(json(shown.stdout)[0].name, "bin-1")
    const ambiguous = await doapi(["droplet", "show", "bin"])
    assert.strictEqual(ambiguous.code, 2)
    assert.strictEqual(ambiguous.stderr, "doapi: 'bin': no such droplet\n")
    const deleted = await doapi(["droplet", "delete", "bin-1", "bin-2"])
    assert.strictEqual(deleted.code, 0, deleted.stderr)
    assert.strictEqual((await doapi(["droplet", "show"])).stdout, "")
  }, 60_000)

  it("a missing token is one line and exit 2; a refused one, one line and exit 4", async () => {
    const missing = await doapi(["account"], { DIGITALOCEAN_TOKEN: undefined })
    assert.strictEqual(missing.code, 2)
    assert.strictEqual(missing.stdout, "")
    assert.match(missing.stderr, /^doapi: no DigitalOcean API token: [^\n]*\n$/)
    const refused = await doapi(["account", "--api-token", "wrong"])
    assert.strictEqual(refused.code, 4)
    assert.match(refused.stderr, /^doapi: the API refused the token: GET \/v2\/account: 401 [^\n]*\n$/)
  }, 60_000)

  it("bad flags are one line and exit 2; --help and --version exit 0", async () => {
    const bad = await doapi(["droplet", "show", "--bogus"])
    assert.strictEqual(bad.code, 2)
    assert.strictEqual(lines(bad.stderr).length, 1)
    assert.match(bad.stderr, /^doapi: unknown option --bogus/)
    const help = await doapi(["droplet", "new", "--help"])
    assert.strictEqual(help.code, 0)
    assert.match(help.stdout, /--wait-time/)
    assert.match(help.stdout, /\$ doapi droplet new/)
    const version = await doapi(["--version"])
    assert.strictEqual(version.code, 0)
    assert.match(version.stdout, /0\.1\.0/)
  }, 60_000)

  it("request --paginate streams every page; account --rate-limit", async () => {
    const sizes = await doapi(["request", "--paginate", "sizes", "/v2/sizes?per_page=3"])
    assert.strictEqual(sizes.code, 0, sizes.stderr)
    assert.isAbove(json(sizes.stdout).length, 3)
    const limit = await doapi(["account", "--rate-limit"])
    assert.strictEqual(json(limit.stdout)[0].limit, 5000)
  }, 60_000)

  it("draws a progress line on stderr under a terminal", async () => {
    const line = [process.execPath, ...command, "droplet", "new", "-I", "ubuntu-24-04-x64", "-S", "s-1vcpu-1gb"]
      .concat(["-R", "nyc3", "--wait", "--wait-interval", "0.5", "tty-1"])
      .map(shellQuote)
      .join(" ")
    const outcome = await exec("script", ["-qfec", line, "/dev/null"], env)
    assert.strictEqual(outcome.code, 0, outcome.stdout)
    // stdout and stderr are the same terminal here.
    assert.include(outcome.stdout, "\r\u001b[Kwaiting for droplets to be active: 0/1 done, 0:00 elapsed")
    assert.include(outcome.stdout, "\"name\":\"tty-1\"")
    assert.include(outcome.stdout, "\"status\":\"active\"")
    await doapi(["droplet", "delete", "tty-1"])
  }, 60_000)
})
