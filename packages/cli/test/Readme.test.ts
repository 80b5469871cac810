/**
 * The README's shell session, run as it is written: each `$ ` line is a command, the lines after it what it prints
 * (stdout and stderr together). The `doapi-fake` and `export` lines are done here: the fake is served in this
 * process (seed 1, actions of one second, as `doapi-fake --action-duration 1s`), and `doapi` on the PATH runs the
 * command under test (the sources, or with TEST_DIST the built dist/bin.js). It needs bash and jq.
 */
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { command, exec } from "./utils/bin.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

// jq is part of the session: without it the test fails, saying so (.ci/run installs Debian's jq).
const jqMissing = (() => {
  try {
    execFileSync("jq", ["--version"])
    return undefined
  } catch {
    return "the README's session pipes through jq, which is not installed (apt-get install jq)"
  }
})()

/** The session's commands and what they print, from the README. */
const session = () => {
  const readme = readFileSync(Path.join(packageDir, "README.md"), "utf8")
  const block = /<!-- session:[^\n]*\n```sh\n([\s\S]*?)```/.exec(readme)
  if (block === null) throw new Error("README.md has no session block")
  const commands: Array<string> = []
  const expected: Array<string> = []
  for (const line of block[1]!.trimEnd().split("\n")) {
    if (line.startsWith("$ ")) {
      const text = line.slice(2)
      if (!/^(npx doapi-fake|export) /.test(text)) commands.push(text)
    } else {
      expected.push(line)
    }
  }
  return { commands, expected: `${expected.join("\n")}\n` }
}

it("the README's session", () =>
  Effect.gen(function*() {
    assert.isUndefined(jqMissing)
    const server = yield* FakeDigitalOcean.serve({ actionDuration: "1 second", seed: 1 })
    const bin = mkdtempSync(Path.join(tmpdir(), "doapi-readme-"))
    const quoted = [process.execPath, ...command].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(" ")
    writeFileSync(Path.join(bin, "doapi"), `#!/bin/sh\nexec ${quoted} "$@"\n`)
    chmodSync(Path.join(bin, "doapi"), 0o755)
    const { commands, expected } = session()
    const outcome = yield* Effect.promise(() =>
      exec("bash", ["-c", `exec 2>&1\n${commands.join("\n")}\n`], {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: bin,
        DIGITALOCEAN_ENDPOINT: server.url,
        DIGITALOCEAN_TOKEN: server.fake.token
      })
    )
    assert.strictEqual(outcome.stdout, expected)
    assert.strictEqual(outcome.code, 0)
  }).pipe(Effect.scoped, Effect.runPromise), 120_000)
