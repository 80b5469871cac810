/**
 * The manifest of the generated operations (`@doapi/core/generated/Operations`, `pnpm codegen`): it lists every
 * function of every generated module and nothing else, each with its endpoint's method, path, path parameters and
 * header parameters.
 */
import * as Manifest from "@doapi/core/generated/Operations"
import { assert, describe, it } from "@effect/vitest"
import { readdirSync } from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as Endpoints from "../src/generated/internal/endpoints.js"

const generatedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "generated")
const modules = readdirSync(generatedDir)
  .filter((file) => file.endsWith(".ts") && file !== "Schemas.ts" && file !== "Operations.ts")
  .map((file) => file.slice(0, -3))
  .sort()

describe("the manifest of the generated operations", () => {
  it("lists every generated function, and nothing else", async () => {
    assert.isAbove(modules.length, 40)
    const exported: Array<string> = []
    for (const module of modules) {
      const loaded: Record<string, unknown> = await import(`@doapi/core/generated/${module}`)
      for (const [name, value] of Object.entries(loaded)) {
        assert.strictEqual(typeof value, "function", `${module}.${name}`)
        exported.push(`${module}.${name}`)
      }
    }
    const listed = Manifest.operations.map((op) => `${op.module}.${op.name}`)
    assert.strictEqual(new Set(listed).size, listed.length, "no operation is listed twice")
    assert.deepStrictEqual([...listed].sort(), exported.sort())
    assert.deepStrictEqual([...new Set(Manifest.operations.map((op) => op.module))].sort(), modules)
  })

  it("agrees with the endpoints: method, path, path parameters in order, header parameters", () => {
    const endpoints = Endpoints as Record<string, {
      readonly method: string
      readonly path: string
      readonly pathParams?: Record<string, unknown> | undefined
      readonly headers?: ReadonlyArray<string> | undefined
    }>
    for (const op of Manifest.operations) {
      const what = `${op.module}.${op.name}`
      const endpoint = endpoints[`${op.module}${op.name[0]!.toUpperCase()}${op.name.slice(1)}`]
      assert.isDefined(endpoint, what)
      assert.strictEqual(op.method, endpoint!.method, what)
      assert.strictEqual(op.path, endpoint!.path, what)
      assert.deepStrictEqual(op.pathParams.map(([name]) => name), Object.keys(endpoint!.pathParams ?? {}), what)
      assert.deepStrictEqual(
        op.params.filter(([, , location]) => location === "header").map(([name]) => name),
        [...(endpoint!.headers ?? [])],
        what
      )
      if (op.stream) assert.strictEqual(op.method, "GET", what)
    }
  })

  it("knows the paged listings and the bodies", () => {
    const find = (module: string, name: string) =>
      Manifest.operations.find((op) => op.module === module && op.name === name)
    assert.deepStrictEqual(find("Droplets", "list"), {
      module: "Droplets",
      name: "list",
      method: "GET",
      path: "/v2/droplets",
      pathParams: [],
      body: "none",
      params: [
        ["per_page", "integer", "query"],
        ["page", "integer", "query"],
        ["tag_name", "string", "query"],
        ["name", "string", "query"],
        ["type", "string", "query"]
      ],
      stream: true
    })
    assert.strictEqual(find("SSHKeys", "create")?.body, "required")
    assert.deepStrictEqual(find("SSHKeys", "get")?.pathParams, [["ssh_key_identifier", "integer | string"]])
    assert.strictEqual(find("SSHKeys", "get")?.stream, false)
  })
})
