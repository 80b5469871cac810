/**
 * The `doapi-fake` command: it serves the fake on loopback, prints where, and answers with the token it prints.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const bin = fileURLToPath(new URL("../bin/doapi-fake.mjs", import.meta.url))

describe("doapi-fake", () => {
  it("serves the fake and prints its endpoint and token", async () => {
    const child = spawn(process.execPath, [bin, "--port", "0", "--token", "dop_v1_from_the_command_line"], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = ""
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString("utf8")
          if (out.includes("DIGITALOCEAN_TOKEN=")) resolve(out)
        })
        child.once("exit", (code) => reject(new Error(`doapi-fake exited with ${code}: ${out}`)))
      })
      const endpoint = /DIGITALOCEAN_ENDPOINT=(\S+)/.exec(printed)![1]
      const token = /DIGITALOCEAN_TOKEN=(\S+)/.exec(printed)![1]
      assert.strictEqual(token, "dop_v1_from_the_command_line")
      const ok = await fetch(`${endpoint}/v2/account`, { headers: { authorization: `Bearer ${token}` } })
      assert.strictEqual(ok.status, 200)
      assert.strictEqual((await ok.json()).account.status, "active")
      const refused = await fetch(`${endpoint}/v2/account`, { headers: { authorization: "Bearer nope" } })
      assert.strictEqual(refused.status, 401)
    } finally {
      child.kill()
    }
  }, 30_000)
})
