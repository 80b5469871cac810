/**
 * The `doapi-fake` command, run as a child process: it serves the fake, prints where, and answers with the token it
 * prints; bad usage is one line on stderr and exit 2; a port in use is one line and exit 1.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import * as Net from "node:net"
import { fileURLToPath } from "node:url"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

// In this workspace @doapi/core resolves to its TypeScript sources: the built command gets a resolve hook that
// loads every package's dist/ instead (as vitest.config.ts's TEST_DIST plugin does in process).
const distHooks = `export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  const match = /^(.*\\/packages\\/(?:core|testing))\\/src\\/(.+)\\.ts$/.exec(resolved.url)
  return match === null ? resolved : { ...resolved, url: match[1] + "/dist/" + match[2] + ".js", format: "module" }
}`
const registerDistHooks = `import { register } from "node:module"
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(distHooks)}`)})`

/**
 * The command under test, in one place: its source under tsx, or with TEST_DIST the built `dist/bin.js` (what the
 * package's `bin` runs once published) under plain node.
 */
const command: ReadonlyArray<string> = process.env.TEST_DIST
  ? ["--import", `data:text/javascript,${encodeURIComponent(registerDistHooks)}`, `${packageDir}dist/bin.js`]
  : ["--import", "tsx", `${packageDir}src/bin.ts`]

if (process.env.TEST_DIST && !existsSync(`${packageDir}dist/bin.js`)) {
  throw new Error("TEST_DIST: packages/testing/dist/bin.js is missing: run pnpm build")
}

/** No more than this many children at once: each boots node (and tsx), and the machine may be small. */
const slots = (() => {
  let free = 3
  const waiting: Array<() => void> = []
  return async <A>(body: () => Promise<A>): Promise<A> => {
    if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve))
    else free--
    try {
      return await body()
    } finally {
      const next = waiting.shift()
      if (next === undefined) free++
      else next()
    }
  }
})()

interface Outcome {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The non-empty lines of `text`. */
const lines = (text: string): ReadonlyArray<string> => text.split("\n").filter((line) => line.trim().length > 0)

/**
 * Runs the command with `args`. With `serving`, it waits for the printed endpoint and token, calls `serving` with
 * them, then sends SIGTERM. The child is killed if it lasts more than 20 seconds.
 */
const run = (
  args: ReadonlyArray<string>,
  serving?: (server: { readonly endpoint: string; readonly token: string }) => Promise<void>
): Promise<Outcome> =>
  slots(() =>
    new Promise<Outcome>((resolve, reject) => {
      const child = spawn(process.execPath, [...command, ...args], {
        cwd: packageDir,
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      let started = false
      let failure: unknown = undefined
      const timer = setTimeout(() => {
        failure = new Error(`doapi-fake ${args.join(" ")} did not finish in time: ${stdout}${stderr}`)
        child.kill("SIGKILL")
      }, 20_000)
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8")
        const endpoint = /DIGITALOCEAN_ENDPOINT=(\S+)/.exec(stdout)?.[1]
        const token = /DIGITALOCEAN_TOKEN=(\S+)\n/.exec(stdout)?.[1]
        if (serving === undefined || started || endpoint === undefined || token === undefined) return
        started = true
        serving({ endpoint, token }).then(
          () => child.kill("SIGTERM"),
          (error) => {
            failure = error
            child.kill("SIGKILL")
          }
        )
      })
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8")
      })
      child.once("error", reject)
      child.once("close", (code, signal) => {
        clearTimeout(timer)
        if (failure !== undefined) return reject(failure)
        if (serving !== undefined && !started) {
          return reject(new Error(`doapi-fake exited with ${code} before serving: ${stdout}${stderr}`))
        }
        resolve({ code, signal, stdout, stderr })
      })
    })
  )

const get = (endpoint: string, path: string, token: string) =>
  fetch(`${endpoint}${path}`, { headers: { authorization: `Bearer ${token}` } })

describe("doapi-fake", () => {
  it("serves the fake, prints its endpoint and token, and exits 0 on SIGTERM", async () => {
    const outcome = await run(
      ["--port", "0", "--token", "dop_v1_from_the_command_line"],
      async ({ endpoint, token }) => {
        assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
        assert.strictEqual(token, "dop_v1_from_the_command_line")
        const ok = await get(endpoint, "/v2/account", token)
        assert.strictEqual(ok.status, 200)
        assert.strictEqual((await ok.json()).account.status, "active")
        const refused = await get(endpoint, "/v2/account", "nope")
        assert.strictEqual(refused.status, 401)
      }
    )
    assert.deepStrictEqual(lines(outcome.stdout), [
      `fake DigitalOcean API on ${/DIGITALOCEAN_ENDPOINT=(\S+)/.exec(outcome.stdout)![1]}`,
      `  DIGITALOCEAN_ENDPOINT=${/DIGITALOCEAN_ENDPOINT=(\S+)/.exec(outcome.stdout)![1]} ` +
      "DIGITALOCEAN_TOKEN=dop_v1_from_the_command_line"
    ])
    assert.strictEqual(outcome.stderr, "")
    assert.strictEqual(outcome.code, 0)
  }, 60_000)

  const badUsage: ReadonlyArray<readonly [args: ReadonlyArray<string>, flag: string]> = [
    [["--port", "abc"], "--port"],
    [["--port", "99999"], "--port"],
    [["--port", "-1"], "--port"],
    [["--port", "1.5"], "--port"],
    [["--port"], "--port"],
    [["--action-duration", "2x"], "--action-duration"],
    [["--seed", "xyz"], "--seed"],
    [["--token", ""], "--token"],
    [["--bogus"], "--bogus"]
  ]
  for (const [args, flag] of badUsage) {
    it(`${JSON.stringify(args)} is bad usage: one line naming ${flag}, exit 2`, async () => {
      const outcome = await run(args)
      const said = lines(outcome.stderr)
      assert.strictEqual(said.length, 1, outcome.stderr)
      assert.include(said[0], flag)
      assert.match(said[0]!, /^doapi-fake: /)
      assert.strictEqual(outcome.stdout, "")
      assert.strictEqual(outcome.code, 2)
    }, 60_000)
  }

  it("--port abc says what a port must be", async () => {
    const outcome = await run(["--port", "abc"])
    assert.strictEqual(outcome.stderr, "doapi-fake: --port must be an integer from 0 to 65535, got \"abc\"\n")
  }, 60_000)

  /** Creates a droplet and polls its create action until it completes; returns how long it took, in seconds. */
  const actionSeconds = async (endpoint: string, token: string): Promise<number> => {
    const created = await fetch(`${endpoint}/v2/droplets`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "cli", region: "nyc3", size: "s-1vcpu-1gb", image: "ubuntu-24-04-x64" })
    })
    assert.strictEqual(created.status, 202)
    const { links } = await created.json()
    for (let attempt = 0; attempt < 100; attempt++) {
      const { action } = await (await get(endpoint, `/v2/actions/${links.actions[0].id}`, token)).json()
      if (action.status === "completed") {
        return (Date.parse(action.completed_at) - Date.parse(action.started_at)) / 1000
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error("the action did not complete in 10 seconds")
  }

  it("--action-duration 2s: actions take 2 seconds", async () => {
    let seconds = Number.NaN
    const outcome = await run(["--action-duration", "2s"], async ({ endpoint, token }) => {
      seconds = await actionSeconds(endpoint, token)
    })
    assert.strictEqual(outcome.code, 0)
    // started_at and completed_at are whole seconds, both cut from times 2,000 ms apart.
    assert.strictEqual(seconds, 2)
  }, 60_000)

  it("--action-duration 500ms: actions take half a second", async () => {
    let seconds = Number.NaN
    const outcome = await run(["--action-duration", "500ms", "--seed", "-7"], async ({ endpoint, token }) => {
      seconds = await actionSeconds(endpoint, token)
    })
    assert.strictEqual(outcome.code, 0)
    assert.isAtMost(seconds, 1)
  }, 60_000)

  it("a port in use: one line, exit 1", async () => {
    const taken = Net.createServer()
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve))
    try {
      const port = (taken.address() as Net.AddressInfo).port
      const outcome = await run(["--port", String(port)])
      assert.deepStrictEqual(lines(outcome.stderr), [
        `doapi-fake: cannot listen on 127.0.0.1:${port}: address already in use (EADDRINUSE)`
      ])
      assert.strictEqual(outcome.stdout, "")
      assert.strictEqual(outcome.code, 1)
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  }, 60_000)

  it("--help describes every option with its default, and an example", async () => {
    const outcome = await run(["--help"])
    assert.strictEqual(outcome.code, 0)
    assert.strictEqual(outcome.stderr, "")
    const help = outcome.stdout
    assert.notInclude(help, "\u001b[", "no colors when stdout is not a terminal")
    for (
      const [flag, fallback] of [
        ["--port", "0"],
        ["--host", "127.0.0.1"],
        ["--token", "dop_v1_fake_token_for_tests"],
        ["--action-duration", "10 seconds"],
        ["--seed", "1"]
      ]
    ) {
      assert.match(help, new RegExp(`^${flag} [A-Z]+\\n\\n.*Default: ${fallback}\\.$`, "m"), flag)
    }
    assert.include(help, "--help")
    assert.include(help, "--version")
    assert.include(help, "$ doapi-fake --port 8080 --action-duration 2s")
  }, 60_000)

  it("--version prints the package's version", async () => {
    const outcome = await run(["--version"])
    const { version } = JSON.parse(readFileSync(`${packageDir}package.json`, "utf8"))
    assert.strictEqual(version, "0.1.0")
    assert.strictEqual(outcome.stdout, `${version}\n`)
    assert.strictEqual(outcome.stderr, "")
    assert.strictEqual(outcome.code, 0)
  }, 60_000)
})
