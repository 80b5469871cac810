/**
 * The package's shape: every public module is exported from the barrel, every export is documented with `@since`,
 * and no module imports itself back through a cycle (a cycle makes evaluation order decide whether a Schema class is
 * defined yet).
 */
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "src")

const sources = (): ReadonlyArray<string> =>
  fs.readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.split(path.sep).join("/"))

/** A module's text without its comments (whose examples import the package). */
const code = (file: string): string =>
  fs.readFileSync(path.join(src, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "")

/**
 * The relative modules a file imports at run time when it is evaluated (`import type` is erased, and a deferred
 * `import()` runs only once every module has been evaluated, so neither can form a cycle).
 */
const runtimeImports = (file: string): ReadonlyArray<string> => {
  const text = code(file)
  const imports: Array<string> = []
  for (
    const match of text.matchAll(
      /^(?:import|export)\s+(?!type\b)(?:(?!^(?:import|export)\b)[^;])*?from\s+"(\.[^"]+)"/gm
    )
  ) {
    imports.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1].replace(/\.js$/, ".ts"))))
  }
  return imports
}

describe("the package", () => {
  it("has no import cycles", () => {
    const graph = new Map(sources().map((file) => [file, runtimeImports(file)]))
    const cycles: Array<string> = []
    const state = new Map<string, "visiting" | "done">()
    const visit = (file: string, trail: ReadonlyArray<string>) => {
      if (state.get(file) === "done") return
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" -> "))
        return
      }
      state.set(file, "visiting")
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file])
      state.set(file, "done")
    }
    for (const file of graph.keys()) visit(file, [])
    assert.deepStrictEqual(cycles, [])
  })

  it("exports every public module from the barrel", () => {
    const barrel = fs.readFileSync(path.join(src, "index.ts"), "utf8")
    const modules = sources().filter((file) => !file.includes("/") && file !== "index.ts")
    for (const file of modules) {
      const name = file.replace(/\.ts$/, "")
      assert.include(barrel, `export * as ${name} from "./${name}.js"`, `${name} is in index.ts`)
    }
  })

  it("documents every export of a public module with @since", () => {
    const undocumented: Array<string> = []
    for (const file of sources().filter((f) => !f.includes("/"))) {
      const lines = fs.readFileSync(path.join(src, file), "utf8").split("\n")
      lines.forEach((line, i) => {
        if (!/^export (const|class|type|interface|declare|function)\b/.test(line)) return
        let j = i - 1
        while (j >= 0 && lines[j].trim() === "") j--
        const closes = j >= 0 && lines[j].trim() === "*/"
        let k = j
        while (k >= 0 && !lines[k].trim().startsWith("/**")) k--
        const doc = closes && k >= 0 ? lines.slice(k, j + 1).join("\n") : ""
        if (!doc.includes("@since")) undocumented.push(`${file}:${i + 1} ${line.slice(0, 60)}`)
      })
    }
    assert.deepStrictEqual(undocumented, [])
  })

  it("publishes every public module, built, with its types, and blocks internal/", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(src, "..", "package.json"), "utf8"))
    const modules = sources().filter((file) => !file.includes("/") && file !== "index.ts").map((f) => f.slice(0, -3))
    assert.deepStrictEqual(Object.keys(pkg.publishConfig.typesVersions["*"]).sort(), [...modules].sort())
    for (const name of modules) {
      assert.deepStrictEqual(pkg.publishConfig.typesVersions["*"][name], [`./dist/${name}.d.ts`])
    }
    assert.deepStrictEqual(pkg.publishConfig.exports["./*"], { types: "./dist/*.d.ts", default: "./dist/*.js" })
    assert.strictEqual(pkg.publishConfig.exports["./internal/*"], null)
    assert.strictEqual(pkg.exports["./internal/*"], null)
  })

  it("sends the package's own version in its User-Agent", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(src, "..", "package.json"), "utf8"))
    const { DEFAULT_USER_AGENT } = await import("../src/DoConfig.js")
    assert.strictEqual(
      DEFAULT_USER_AGENT,
      `doapi/${pkg.version} (@doapi/core; effect)`,
      "run `pnpm changeset-version`, which writes the VERSION of src/DoConfig.ts"
    )
  })
})
