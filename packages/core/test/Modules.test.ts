/**
 * The package's shape: every public module is exported from the barrel, every export is documented with `@since`,
 * no module imports itself back through a cycle (a cycle makes evaluation order decide whether a Schema class is
 * defined yet), and every module imports only from its own layer or the ones below it.
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

const resolve = (file: string, specifier: string): string =>
  specifier === "@doapi/core"
    ? "index.ts"
    : specifier.startsWith("@doapi/core/")
    ? `${specifier.slice("@doapi/core/".length)}.ts`
    : path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier.replace(/\.js$/, ".ts")))

/**
 * Every module of the package a file imports, whatever the kind: at run time, `import type`, `export ... from`, a
 * deferred `import()` and a type's `import("...")` (the package's own name counts as the barrel).
 */
const allImports = (file: string): ReadonlyArray<string> => {
  const text = code(file)
  const specifiers = [
    ...text.matchAll(/^(?:import|export)\s(?:(?!^(?:import|export)\b)[^;])*?from\s+"((?:\.|@doapi\/core)[^"]*)"/gm),
    ...text.matchAll(/\bimport\(\s*"((?:\.|@doapi\/core)[^"]*)"\s*\)/g)
  ].map((match) => match[1])
  return specifiers.map((specifier) => resolve(file, specifier))
}

/** Modules that import an optional peer (RedisBudget: `@effect/experimental` and `ioredis`). */
const optionalPeerModules = ["RedisBudget"]

/** The layers, bottom up: each module may import only from its own layer and the ones below it. */
const layers = ["bottom", "machinery", "generated", "resources", "barrel"] as const

type Layer = (typeof layers)[number]

/** Configuration and errors, which every request reads or raises. */
const bottom = ["DoConfig.ts", "DoError.ts", "RateLimit.ts"]

const layerOf = (file: string): Layer | undefined =>
  bottom.includes(file)
    ? "bottom"
    : file.startsWith("internal/")
    ? "machinery"
    : file.startsWith("generated/")
    ? "generated"
    : file === "index.ts"
    ? "barrel"
    : file.includes("/")
    ? undefined
    : "resources"

/** Each import that goes up a layer, reaches the barrel, or leaves the known layers, as `from -> to`. */
const layerViolations = (
  graph: ReadonlyMap<string, ReadonlyArray<string>>
): ReadonlyArray<string> => {
  const violations: Array<string> = []
  const rank = (file: string) => {
    const layer = layerOf(file)
    return layer === undefined ? -1 : layers.indexOf(layer)
  }
  for (const [file, imports] of graph) {
    const layer = layerOf(file)
    if (layer === undefined) {
      violations.push(`${file}: in no layer`)
      continue
    }
    for (const target of imports) {
      const to = layerOf(target)
      const arrow = `${file} (${layer}) -> ${target} (${to ?? "no layer"})`
      if (to === undefined) violations.push(arrow)
      else if (to === "barrel") violations.push(`${arrow}: nothing imports the barrel`)
      else if (layer === "machinery" && to === "resources") violations.push(`${arrow}: the machinery knows no resource`)
      else if (rank(target) > rank(file)) violations.push(`${arrow}: a layer imports only from itself and below`)
    }
  }
  return violations
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

  it("is layered: configuration and errors, the machinery, the generated layer, the resources, the barrel", () => {
    const graph = new Map(sources().map((file) => [file, allImports(file)]))
    assert.deepStrictEqual(layerViolations(graph), [])
    // The bottom layer is the three modules, whatever else is added; the machinery and the resources are there.
    assert.includeMembers([...sources()], bottom)
    assert.isTrue(sources().some((file) => layerOf(file) === "machinery"))
    assert.isTrue(sources().some((file) => layerOf(file) === "resources"))
  })

  it("reports each import that breaks the layers", () => {
    const violations = layerViolations(
      new Map([
        ["DoConfig.ts", ["internal/http.ts", "RateLimit.ts"]],
        ["internal/http.ts", ["DoConfig.ts", "generated/Schemas.ts"]],
        ["internal/wait.ts", ["Action.ts"]],
        ["generated/Schemas.ts", ["Region.ts", "internal/http.ts"]],
        ["Droplet.ts", ["Action.ts", "index.ts", "generated/Schemas.ts"]],
        ["index.ts", ["Droplet.ts"]],
        ["extra/helper.ts", []]
      ])
    )
    assert.deepStrictEqual(violations, [
      "DoConfig.ts (bottom) -> internal/http.ts (machinery): a layer imports only from itself and below",
      "internal/http.ts (machinery) -> generated/Schemas.ts (generated): a layer imports only from itself and below",
      "internal/wait.ts (machinery) -> Action.ts (resources): the machinery knows no resource",
      "generated/Schemas.ts (generated) -> Region.ts (resources): a layer imports only from itself and below",
      "Droplet.ts (resources) -> index.ts (barrel): nothing imports the barrel",
      "extra/helper.ts: in no layer"
    ])
  })

  it("exports every public module from the barrel, but those that need an optional peer", () => {
    const barrel = fs.readFileSync(path.join(src, "index.ts"), "utf8")
    const modules = sources().filter((file) => !file.includes("/") && file !== "index.ts")
    for (const file of modules) {
      const name = file.replace(/\.ts$/, "")
      if (optionalPeerModules.includes(name)) {
        // Importing `@doapi/core` must not load an optional peer: such a module is imported on its own.
        assert.notInclude(barrel, `./${name}.js`, `${name} is not in index.ts`)
      } else {
        assert.include(barrel, `export * as ${name} from "./${name}.js"`, `${name} is in index.ts`)
      }
    }
  })

  it("imports the optional peers (@effect/experimental, ioredis) only in the modules that need them", () => {
    const importers = sources().filter((file) =>
      /\bfrom\s+"(?:ioredis|@effect\/experimental)(?:\/[^"]*)?"/.test(code(file))
    )
    assert.deepStrictEqual(importers, optionalPeerModules.map((name) => `${name}.ts`))
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
    // The generated modules (src/generated/<Tag>.ts: `@doapi/core/generated/<Tag>`) are published by one pattern.
    assert.deepStrictEqual(
      Object.keys(pkg.publishConfig.typesVersions["*"]).sort(),
      [...modules, "generated/*"].sort()
    )
    for (const name of modules) {
      assert.deepStrictEqual(pkg.publishConfig.typesVersions["*"][name], [`./dist/${name}.d.ts`])
    }
    assert.deepStrictEqual(pkg.publishConfig.typesVersions["*"]["generated/*"], ["./dist/generated/*.d.ts"])
    // `./*` maps `generated/<Tag>` to `src/generated/<Tag>.ts`, and, published, to `dist/generated/<Tag>.{js,d.ts}`:
    // every generated module is a file of that folder, named as its import path says; its internal/ (the endpoints
    // the generated and hand-written operations share) is blocked like src/internal/.
    const generated = sources().filter((file) =>
      file.startsWith("generated/") && !file.startsWith("generated/internal/")
    )
    assert.isAbove(generated.length, 1, "src/generated holds the Schemas and one module per tag")
    for (const file of generated) assert.match(file, /^generated\/[A-Z][A-Za-z0-9]*\.ts$/)
    assert.deepStrictEqual(pkg.publishConfig.exports["./*"], { types: "./dist/*.d.ts", default: "./dist/*.js" })
    assert.strictEqual(pkg.publishConfig.exports["./internal/*"], null)
    assert.strictEqual(pkg.publishConfig.exports["./generated/internal/*"], null)
    assert.strictEqual(pkg.exports["./generated/internal/*"], null)
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
