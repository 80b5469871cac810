/**
 * `pnpm smoke`: the consumer check. Builds both packages, packs them, checks what the tarballs hold, installs them
 * with npm into a fresh project (with only the peers, and typescript, esbuild and vitest as the project's dev tools),
 * and uses them as a user would:
 *
 * - plain `node`: the README's first example (`examples/basics.ts` with its types stripped) against `doapi-fake`
 *   started from the installed package; `require("@doapi/core")` from CommonJS; internal paths not exported;
 * - `tsc --noEmit` under `module: nodenext` and under `moduleResolution: bundler`, strict flags, `skipLibCheck: false`;
 * - an esbuild bundle of an `Account.fetch` program, run against the fake;
 * - a vitest test using `FakeDigitalOcean.layer` with `it.effect`.
 *
 * Prints one line per check and exits 1 if any failed. `--keep` keeps the temporary directory (and prints its path).
 */
import * as esbuild from "esbuild"
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Zlib from "node:zlib"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")
const keep = process.argv.includes("--keep")
const PNPM = ["-y", "pnpm@10.34.9"]
const PEERS = ["effect@3.22.4", "@effect/platform@0.97.2"]
const DEV_TOOLS = ["typescript@~5.9.3", "esbuild@^0.28.2", "vitest@3.2.7", "@effect/vitest@0.30.0", "@types/node@^20"]
const SECOND = 1000
const MINUTE = 60 * SECOND
const packages = [
  { name: "@doapi/core", dir: "packages/core" },
  { name: "@doapi/testing", dir: "packages/testing" },
  { name: "@doapi/cli", dir: "packages/cli" }
] as const

/** The command-line package: a `bin`, no library entry point (no index, main or types). */
const isCommand = (name: string) => name === "@doapi/cli"

// ---------------------------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------------------------

const results: Array<{ readonly name: string; readonly ok: boolean }> = []

/** Prints `ok  name (info)` or `FAILED  name: first problem`, the other problems indented below it. */
const report = (name: string, problems: ReadonlyArray<string>, info?: string): boolean => {
  const ok = problems.length === 0
  results.push({ name, ok })
  if (ok) {
    console.log(`ok      ${name}${info ? ` (${info})` : ""}`)
  } else {
    const lines = problems.flatMap((problem) => problem.split("\n")).filter((line) => line.trim() !== "")
    console.log(`FAILED  ${name}: ${lines[0] ?? "failed"}`)
    for (const line of lines.slice(1, 40)) console.log(`          ${line}`)
    if (lines.length > 40) console.log(`          … ${lines.length - 40} more lines`)
  }
  return ok
}

const note = (line: string) => console.log(`        ${line}`)

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`

// ---------------------------------------------------------------------------------------------------------------
// Child processes: each in its own process group, with a timeout, killed (group and all) on timeout and on exit
// ---------------------------------------------------------------------------------------------------------------

const children = new Set<ChildProcess>()

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

/** Under `pnpm run`, the npm_config_* pnpm exports for its own settings, which npm does not know. */
const underPnpm = (process.env.npm_config_user_agent ?? "").startsWith("pnpm")
const npmSetting =
  /^npm_config_(registry|cache|(https?_|no_)?proxy|noproxy|strict_ssl|cafile|ca|userconfig|globalconfig|@.*:registry|\/\/.*)$/i

/** The environment for the consumer's tools: without what `pnpm run` adds (its scripts, settings, bins, package). */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_(lifecycle|package)_|npm_command$|npm_execpath$|npm_node_execpath$|npm_config_user_agent$)/.test(key)) {
      continue
    }
    if (underPnpm && /^npm_config_/i.test(key) && !npmSetting.test(key)) continue
    if (key === "PNPM_SCRIPT_SRC_DIR" || key === "INIT_CWD") continue
    env[key] = value
  }
  env.PATH = (process.env.PATH ?? "").split(Path.delimiter).filter((dir) => !dir.startsWith(root)).join(Path.delimiter)
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", ...extra }
}

interface RunResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly timedOut: boolean
  readonly ms: number
}

const run = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly timeout: number; readonly env?: NodeJS.ProcessEnv }
): Promise<RunResult> =>
  new Promise((resolve) => {
    const start = Date.now()
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    children.add(child)
    let stdout = ""
    let stderr = ""
    let timedOut = false
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child, "SIGKILL")
    }, options.timeout)
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer)
      children.delete(child)
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - start })
    }
    child.on("error", (error) => {
      stderr += String(error)
      done(null, null)
    })
    child.on("close", done)
  })

const tail = (text: string, lines = 25) => {
  const all = text.trimEnd().split("\n")
  return (all.length > lines ? ["…", ...all.slice(-lines)] : all).join("\n")
}

/** Why a command failed, with the end of what it printed; empty if it exited 0. */
const failure = (result: RunResult, what: string): Array<string> =>
  result.timedOut
    ? [`${what} timed out after ${Math.round(result.ms / SECOND)} s`, tail(result.stdout + result.stderr)]
    : result.code === 0
    ? []
    : [`${what} exited with ${result.code ?? result.signal}`, tail(result.stdout + result.stderr)]

// ---------------------------------------------------------------------------------------------------------------
// Tarballs: a small reader (gzip + ustar, with pax and GNU long names)
// ---------------------------------------------------------------------------------------------------------------

const readTarball = (file: string): Map<string, Buffer> => {
  const data = Zlib.gunzipSync(Fs.readFileSync(file))
  const entries = new Map<string, Buffer>()
  const text = (start: number, length: number) => {
    const bytes = data.subarray(start, start + length)
    const end = bytes.indexOf(0)
    return bytes.subarray(0, end === -1 ? bytes.length : end).toString("utf8")
  }
  let offset = 0
  let longName: string | undefined
  while (offset + 512 <= data.length) {
    if (data.subarray(offset, offset + 512).every((byte) => byte === 0)) break
    const size = parseInt(text(offset + 124, 12).trim() || "0", 8)
    const type = text(offset + 156, 1)
    const prefix = text(offset + 257, 6).startsWith("ustar") ? text(offset + 345, 155) : ""
    const name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100))
    const body = data.subarray(offset + 512, offset + 512 + size)
    longName = undefined
    if (type === "x") {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"))
      if (path) longName = path[1]
    } else if (type === "L") {
      longName = body.toString("utf8").replace(/\0+$/, "")
    } else if (type === "0" || type === "") {
      entries.set(name.replace(/^package\//, ""), Buffer.from(body))
    }
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return entries
}

/** `dist: 120 (40 .js, 40 .d.ts, 80 .map)`-style counts by top folder. */
const summarize = (files: ReadonlyArray<string>): string => {
  const groups = new Map<string, Array<string>>()
  for (const file of files) {
    const top = file.includes("/") ? `${file.split("/")[0]}/` : "(top)"
    groups.set(top, [...(groups.get(top) ?? []), file])
  }
  return [...groups].map(([top, inside]) => {
    if (top === "(top)") return inside.join(", ")
    const count = (suffix: string) => inside.filter((file) => file.endsWith(suffix)).length
    return top === "dist/"
      ? `dist/ ${inside.length} (${count(".js")} .js, ${count(".d.ts")} .d.ts, ${count(".map")} .map)`
      : `${top} ${inside.length}`
  }).join("; ")
}

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

const isObject = (value: Json | undefined): value is { readonly [key: string]: Json } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Problems with a packed package's files and its package.json. */
const checkTarball = (name: string, entries: Map<string, Buffer>): Array<string> => {
  const problems: Array<string> = []
  const files = [...entries.keys()]
  const has = (file: string) => entries.has(file)
  const entry = isCommand(name) ? ["dist/bin.js"] : ["dist/index.js", "dist/index.d.ts"]
  for (const required of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", ...entry]) {
    if (!has(required)) problems.push(`missing ${required}`)
  }
  if (!files.some((file) => file.startsWith("src/") && file.endsWith(".ts"))) {
    problems.push("no src/ (the maps' sources)")
  }
  const maps = files.filter((file) => file.endsWith(".js.map") || file.endsWith(".d.ts.map"))
  if (!files.some((file) => file.endsWith(".js.map"))) problems.push("no .js.map source maps")
  if (!files.some((file) => file.endsWith(".d.ts.map"))) problems.push("no .d.ts.map declaration maps")
  for (const file of files.filter((file) => file.startsWith("dist/") && file.endsWith(".js"))) {
    if (!has(`${file}.map`)) problems.push(`${file} has no source map`)
  }
  // Every source a map names is in the tarball (so "go to definition" and stack traces reach src/)
  for (const map of maps) {
    let sources: Array<string> = []
    try {
      const parsed: { sources?: Array<string> } = JSON.parse(entries.get(map)!.toString("utf8"))
      sources = parsed.sources ?? []
    } catch (error) {
      problems.push(`${map} is not JSON: ${String(error)}`)
    }
    for (const source of sources) {
      const resolved = Path.posix.normalize(Path.posix.join(Path.posix.dirname(map), source))
      if (!has(resolved)) problems.push(`${map} names ${source}, which is not in the tarball`)
    }
  }
  const forbidden: Array<[RegExp, string]> = [
    [/^test\//, "test/"],
    [/^scripts\//, "scripts/"],
    [/^examples\//, "examples/"],
    [/^docs\//, "docs/"],
    [/^build\//, "build/"],
    [/^bin\/doapi-fake\.mjs$/, "bin/doapi-fake.mjs"],
    [/(^|\/)tsconfig[^/]*\.json$/, "tsconfig*.json"],
    [/(^|\/)\.?tsbuildinfo(\/|$)|\.tsbuildinfo$/, ".tsbuildinfo"],
    [/(^|\/)node_modules\//, "node_modules/"],
    [/(^|\/)\.scratch\//, ".scratch/"]
  ]
  for (const [pattern, label] of forbidden) {
    const found = files.filter((file) => pattern.test(file))
    if (found.length > 0) {
      problems.push(`contains ${label}: ${found.slice(0, 5).join(", ")}${found.length > 5 ? " …" : ""}`)
    }
  }

  // package.json as published
  let pkg: { readonly [key: string]: Json } = {}
  try {
    const parsed: Json = JSON.parse(entries.get("package.json")?.toString("utf8") ?? "{}")
    if (isObject(parsed)) pkg = parsed
  } catch (error) {
    problems.push(`package.json is not JSON: ${String(error)}`)
  }
  if (pkg.name !== name) problems.push(`package.json name is ${JSON.stringify(pkg.name)}`)
  if (pkg.type !== "module") problems.push(`package.json type is ${JSON.stringify(pkg.type)}, not "module"`)
  const exists = (target: string) => has(target.replace(/^\.\//, ""))
  /** The tarball's files a `*` pattern (one path segment or more, as in exports and typesVersions) matches. */
  const matches = (pattern: string) => {
    const [before, after] = pattern.replace(/^\.\//, "").split("*")
    return [...entries.keys()].filter((file) =>
      file.startsWith(before) && file.endsWith(after) && file.length > before.length + after.length
    )
  }
  const exportsField = pkg.exports
  if (!isObject(exportsField)) {
    problems.push("package.json has no exports map")
  } else {
    for (const [key, value] of Object.entries(exportsField)) {
      if (key === "./package.json") {
        if (value !== "./package.json") problems.push(`exports["./package.json"] is ${JSON.stringify(value)}`)
        continue
      }
      if (key.startsWith("./internal") || key.endsWith("/internal/*")) {
        if (value !== null) problems.push(`exports["${key}"] is ${JSON.stringify(value)}, not null`)
        continue
      }
      if (!isObject(value)) {
        problems.push(`exports["${key}"] is ${JSON.stringify(value)}, not { types, default }`)
        continue
      }
      if (Object.keys(value)[0] !== "types") {
        problems.push(`exports["${key}"]: "types" is not the first condition (${Object.keys(value).join(", ")})`)
      }
      for (const [condition, target] of Object.entries(value)) {
        if (typeof target !== "string" || !target.startsWith("./dist/")) {
          problems.push(`exports["${key}"].${condition} is ${JSON.stringify(target)}, not in ./dist/`)
        } else if (!target.includes("*") && !exists(target)) {
          problems.push(`exports["${key}"].${condition}: ${target} is not in the tarball`)
        }
      }
    }
    // A pattern export could reach dist/internal/*: it must be blocked
    if (Object.keys(exportsField).some((key) => key.includes("*")) && exportsField["./internal/*"] !== null) {
      problems.push(`exports["./internal/*"] is not null`)
    }
  }
  for (const field of isCommand(name) ? [] : ["main", "types"] as const) {
    const target = pkg[field]
    if (typeof target !== "string" || !target.startsWith("./dist/") || !exists(target)) {
      problems.push(`${field} is ${JSON.stringify(target)}, not a file in ./dist/`)
    }
  }
  const typesVersions = pkg.typesVersions
  if (isObject(typesVersions)) {
    for (const mapping of Object.values(typesVersions)) {
      if (!isObject(mapping)) continue
      for (const [key, targets] of Object.entries(mapping)) {
        for (const target of Array.isArray(targets) ? targets : []) {
          // A pattern (generated/* -> ./dist/generated/*.d.ts) must match at least one built file
          const found = typeof target === "string" &&
            (target.includes("*") ? matches(target).length > 0 : exists(target))
          if (!found) problems.push(`typesVersions ${key}: ${String(target)} missing`)
        }
      }
    }
  }
  const bin = pkg.bin
  if (isObject(bin)) {
    for (const [command, target] of Object.entries(bin)) {
      if (typeof target !== "string" || !target.startsWith("./dist/") || !exists(target)) {
        problems.push(`bin ${command} is ${JSON.stringify(target)}, not a file in ./dist/`)
      } else if (!entries.get(target.replace(/^\.\//, ""))!.toString("utf8").startsWith("#!/usr/bin/env node")) {
        problems.push(`bin ${command}: ${target} does not start with #!/usr/bin/env node`)
      }
    }
  }
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"] as const) {
    const deps = pkg[field]
    if (!isObject(deps)) continue
    for (const [dep, range] of Object.entries(deps)) {
      if (typeof range !== "string" || /^(workspace|catalog|file|link):/.test(range)) {
        problems.push(`${field}.${dep} is ${JSON.stringify(range)}`)
      }
    }
  }
  if (isObject(pkg.scripts) && Object.keys(pkg.scripts).some((script) => /^(pre|post)?install$/.test(script))) {
    problems.push("package.json has an install script")
  }
  return problems
}

// ---------------------------------------------------------------------------------------------------------------
// The consumer project's files
// ---------------------------------------------------------------------------------------------------------------

const liveLayer = "Layer.merge(FetchHttpClient.layer, DoConfig.layerConfig())"

/** Runs the README's first example (basics.mjs: examples/basics.ts without its types) against the fake. */
const appMjs = `import { DoConfig } from "@doapi/core"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { basics } from "./basics.mjs"

await Effect.runPromise(basics.pipe(Effect.provide(${liveLayer})))
`

const appCjs = `"use strict"
const { Account, DoConfig } = require("@doapi/core")
const { FakeDigitalOcean } = require("@doapi/testing")
const { FetchHttpClient } = require("@effect/platform")
const { Effect, Layer } = require("effect")

if (typeof FakeDigitalOcean.layer !== "function") throw new Error("require(\\"@doapi/testing\\") has no FakeDigitalOcean.layer")
Effect.runPromise(Account.fetch.pipe(Effect.provide(${liveLayer}))).then(
  (account) => console.log(\`cjs account \${account.email}\`),
  (error) => {
    console.error(error)
    process.exitCode = 1
  }
)
`

const exportsMjs =
  `const blocked = ["@doapi/core/internal/http", "@doapi/testing/bin", "@doapi/testing/internal/engine"]
const exported = [
  "@doapi/core",
  "@doapi/core/Droplet",
  "@doapi/core/DoConfig",
  "@doapi/core/generated/LoadBalancers",
  "@doapi/testing",
  "@doapi/testing/FakeDigitalOcean"
]
const problems = []
for (const specifier of blocked) {
  try {
    await import(specifier)
    problems.push(\`import("\${specifier}") succeeded\`)
  } catch (error) {
    if (error?.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") problems.push(\`import("\${specifier}"): \${error?.code ?? error}\`)
  }
}
for (const specifier of exported) {
  try {
    await import(specifier)
  } catch (error) {
    problems.push(\`import("\${specifier}") failed: \${error?.code ?? ""} \${error?.message ?? error}\`)
  }
}
if (problems.length > 0) {
  console.error(problems.join("\\n"))
  process.exitCode = 1
} else {
  console.log(\`\${blocked.length} blocked, \${exported.length} exported\`)
}
`

const bundleEntry = `import { Account, DoConfig } from "@doapi/core"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"

const account = await Effect.runPromise(Account.fetch.pipe(Effect.provide(${liveLayer})))
console.log(\`bundle account \${account.email}\`)
`

const buildMjs = `import * as esbuild from "esbuild"

const outfile = process.argv[2]
await esbuild.build({
  entryPoints: ["bundle-entry.mjs"],
  bundle: true,
  platform: "node",
  format: "esm",
  minify: true,
  outfile,
  logLevel: "warning"
})
`

/** The basics example (src/basics.ts, verbatim), FakeDigitalOcean.layer and a subpath import, for tsc. */
const mainTs = `import { DoConfig } from "@doapi/core"
import * as Droplet from "@doapi/core/Droplet"
import * as LoadBalancers from "@doapi/core/generated/LoadBalancers"
import { FakeDigitalOcean } from "@doapi/testing"
import { FetchHttpClient } from "@effect/platform"
import { Effect, Layer } from "effect"
import { basics } from "./basics.js"

const program = Effect.gen(function*() {
  yield* basics
  const fake = yield* FakeDigitalOcean.FakeDigitalOcean
  yield* fake.seedDroplets(2, { tag: "web" })
  const droplets = yield* Droplet.fetchAll({ tag_name: "web" })
  const first = droplets[0]
  return first === undefined ? "no droplets" : \`\${droplets.length} droplets, the first \${first.name} (\${first.status})\`
})

export const inProcess: Promise<string> = Effect.runPromise(program.pipe(Effect.provide(FakeDigitalOcean.layer())))

export const live = ${liveLayer}

/** A generated operation of the whole API: its argument and result are typed from the spec. */
export const balancers = LoadBalancers.list({ per_page: 20 })

`

const tsconfig = (module: "nodenext" | "bundler") =>
  JSON.stringify(
    {
      compilerOptions: {
        ...(module === "nodenext"
          ? { module: "nodenext", moduleResolution: "nodenext" }
          : { module: "esnext", moduleResolution: "bundler" }),
        target: "ES2022",
        strict: true,
        noUncheckedIndexedAccess: true,
        noPropertyAccessFromIndexSignature: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        types: [],
        noEmit: true
      },
      include: ["src"]
    },
    null,
    2
  )

const vitestConfig = `import { defineConfig } from "vitest/config"

export default defineConfig({})
`

const vitestTest = `import { Account, Region } from "@doapi/core"
import { FakeDigitalOcean } from "@doapi/testing"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

describe("a consumer's test against the fake", () => {
  it.effect("fetches the account and lists the regions", () =>
    Effect.gen(function*() {
      const account = yield* Account.fetch
      assert.strictEqual(account.status, "active")
      assert.include(account.email, "@")
      const regions = yield* Region.fetchAll
      assert.isAbove(regions.length, 0)
      assert.isTrue(regions.some((region) => region.slug === "nyc3"))
    }).pipe(Effect.provide(FakeDigitalOcean.layer())))
})
`

// ---------------------------------------------------------------------------------------------------------------
// doapi-fake, from the installed package
// ---------------------------------------------------------------------------------------------------------------

interface Fake {
  readonly child: ChildProcess
  readonly url: string
  readonly token: string
  readonly output: () => string
}

const startFake = (cwd: string): Promise<Fake> =>
  new Promise((resolve, reject) => {
    const child = spawn(Path.join(cwd, "node_modules/.bin/doapi-fake"), ["--port", "0"], {
      cwd,
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true
    })
    children.add(child)
    let stdout = ""
    let stderr = ""
    const output = () => `${stdout}${stderr}`
    const timer = setTimeout(() => {
      killGroup(child, "SIGKILL")
      reject(new Error(`doapi-fake printed no DIGITALOCEAN_ENDPOINT line within 30 s:\n${output()}`))
    }, 30 * SECOND)
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
      const url = /^fake DigitalOcean API on (\S+)$/m.exec(stdout)
      const env = /^ {2}DIGITALOCEAN_ENDPOINT=(\S+) DIGITALOCEAN_TOKEN=(\S+)$/m.exec(stdout)
      if (url && env) {
        clearTimeout(timer)
        if (url[1] !== env[1]) reject(new Error(`doapi-fake printed two URLs: ${url[1]} and ${env[1]}`))
        else resolve({ child, url: env[1]!, token: env[2]!, output })
      }
    })
    child.on("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on("exit", (code, signal) => {
      children.delete(child)
      clearTimeout(timer)
      reject(new Error(`doapi-fake exited (${code ?? signal}) before serving:\n${output()}`))
    })
  })

/** SIGTERM, then how it exited (or that it did not within 10 s, and then it is killed). */
const stopFake = (fake: Fake): Promise<{ readonly problems: Array<string>; readonly info: string }> =>
  new Promise((resolve) => {
    if (fake.child.exitCode !== null || fake.child.signalCode !== null) {
      const how = fake.child.exitCode ?? fake.child.signalCode
      resolve({ problems: [`doapi-fake had already exited (${how})`, fake.output()], info: "" })
      return
    }
    const start = Date.now()
    const timer = setTimeout(() => {
      killGroup(fake.child, "SIGKILL")
      resolve({ problems: ["doapi-fake did not exit within 10 s of SIGTERM (killed)", fake.output()], info: "" })
    }, 10 * SECOND)
    fake.child.once("exit", (code, signal) => {
      clearTimeout(timer)
      children.delete(fake.child)
      const info = `${code === null ? `ended by ${signal}` : `exit code ${code}`} after ${Date.now() - start} ms`
      resolve({
        problems: code === 0 || signal === "SIGTERM" ? [] : [`doapi-fake ${info} on SIGTERM`, fake.output()],
        info
      })
    })
    fake.child.kill("SIGTERM")
  })

// ---------------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------------

const write = (dir: string, file: string, text: string) => {
  Fs.mkdirSync(Path.dirname(Path.join(dir, file)), { recursive: true })
  Fs.writeFileSync(Path.join(dir, file), text)
}

/** The copies of a package under node_modules, at any depth (one expected: a second copy of effect breaks tags). */
const copiesOf = (dir: string, name: string): Array<string> => {
  const found: Array<string> = []
  const visit = (modules: string) => {
    if (!Fs.existsSync(modules)) return
    if (Fs.existsSync(Path.join(modules, name, "package.json"))) found.push(Path.join(modules, name))
    for (const entry of Fs.readdirSync(modules)) {
      const scoped = entry.startsWith("@")
        ? Fs.readdirSync(Path.join(modules, entry)).map((n) => `${entry}/${n}`)
        : [entry]
      for (const pkg of scoped) visit(Path.join(modules, pkg, "node_modules"))
    }
  }
  visit(Path.join(dir, "node_modules"))
  return found
}

const main = async (tmp: string) => {
  // 1. Build, pack, check the tarballs
  const build = await run("npx", [...PNPM, "build"], { cwd: root, timeout: 10 * MINUTE, env: cleanEnv() })
  report(
    "build (pnpm build: tsc -b into packages/*/dist)",
    failure(build, "pnpm build"),
    `${Math.round(build.ms / SECOND)} s`
  )

  const packDir = Path.join(tmp, "pack")
  Fs.mkdirSync(packDir)
  const tarballs: Record<string, string> = {}
  for (const pkg of packages) {
    const out = Path.join(packDir, pkg.name.replace("@doapi/", ""))
    Fs.mkdirSync(out)
    const packed = await run("npx", [...PNPM, "pack", "--pack-destination", out], {
      cwd: Path.join(root, pkg.dir),
      timeout: 2 * MINUTE,
      env: cleanEnv()
    })
    const tgz = Fs.readdirSync(out).find((file) => file.endsWith(".tgz"))
    const problems = failure(packed, "pnpm pack")
    if (tgz === undefined) {
      report(`pack ${pkg.name}`, [...problems, "no tarball written"])
      continue
    }
    tarballs[pkg.name] = Path.join(out, tgz)
    const entries = readTarball(tarballs[pkg.name]!)
    const bytes = Fs.statSync(tarballs[pkg.name]!).size
    const unpacked = [...entries.values()].reduce((sum, body) => sum + body.length, 0)
    report(
      `pack ${pkg.name}`,
      [...problems, ...checkTarball(pkg.name, entries)],
      `${tgz}: ${bytes} bytes (${kB(bytes)}), ${entries.size} files, ${kB(unpacked)} unpacked`
    )
    note(summarize([...entries.keys()].sort()))
  }
  if (Object.keys(tarballs).length < packages.length) throw new Error("cannot go on without every tarball")

  // 2. The consumer project
  const consumer = Path.join(tmp, "consumer")
  Fs.mkdirSync(consumer)
  const env = cleanEnv()
  const init = await run("npm", ["init", "-y"], { cwd: consumer, timeout: MINUTE, env })
  if (!report("npm init -y", failure(init, "npm init"))) throw new Error("cannot go on without a consumer project")
  const manifest = JSON.parse(Fs.readFileSync(Path.join(consumer, "package.json"), "utf8"))
  Fs.writeFileSync(
    Path.join(consumer, "package.json"),
    JSON.stringify({ ...manifest, type: "module", private: true }, null, 2)
  )
  const install = await run(
    "npm",
    ["install", "--no-audit", "--no-fund", tarballs["@doapi/core"]!, tarballs["@doapi/testing"]!, ...PEERS],
    { cwd: consumer, timeout: 6 * MINUTE, env }
  )
  const installDev = await run("npm", ["install", "--no-audit", "--no-fund", "--save-dev", ...DEV_TOOLS], {
    cwd: consumer,
    timeout: 6 * MINUTE,
    env
  })
  const installed = report(
    "npm install (the two tarballs and the peers; typescript, esbuild, vitest, @effect/vitest, @types/node as dev)",
    [...failure(install, "npm install"), ...failure(installDev, "npm install --save-dev")],
    `${Math.round((install.ms + installDev.ms) / SECOND)} s`
  )
  const warnings = `${install.stderr}${installDev.stderr}`.split("\n").filter((line) => /^npm warn \S+ +\S/i.test(line))
  for (const line of new Set(warnings)) note(line)
  if (!installed) throw new Error("cannot go on without the packages installed")
  const ls = await run("npm", ["ls", "--all"], { cwd: consumer, timeout: 2 * MINUTE, env })
  const copies = ["effect", "@effect/platform", "@doapi/core"].flatMap((name) => {
    const found = copiesOf(consumer, name)
    return found.length === 1
      ? []
      : [`${found.length} copies of ${name}: ${found.map((p) => Path.relative(consumer, p)).join(", ")}`]
  })
  report("npm ls --all (peers met), one copy each of effect, @effect/platform, @doapi/core", [
    ...failure(ls, "npm ls --all"),
    ...copies
  ])

  // 3a. node (ESM, CommonJS), against doapi-fake from the installed package
  const basicsSource = Fs.readFileSync(Path.join(root, "packages/testing/examples/basics.ts"), "utf8")
  const stripped = await esbuild.transform(basicsSource, { loader: "ts", format: "esm", target: "node20" })
  write(consumer, "basics.mjs", stripped.code)
  write(consumer, "app.mjs", appMjs)
  write(consumer, "app.cjs", appCjs)
  write(consumer, "exports.mjs", exportsMjs)
  write(consumer, "bundle-entry.mjs", bundleEntry)
  write(consumer, "build.mjs", buildMjs)
  write(consumer, "src/basics.ts", basicsSource)
  write(consumer, "src/main.ts", mainTs)
  write(consumer, "tsconfig.nodenext.json", tsconfig("nodenext"))
  write(consumer, "tsconfig.bundler.json", tsconfig("bundler"))
  write(consumer, "vitest.config.mjs", vitestConfig)
  write(consumer, "test/account.test.ts", vitestTest)

  const node = (script: string, cwd: string, extra: Record<string, string>) =>
    run(process.execPath, [script], { cwd, timeout: MINUTE, env: cleanEnv(extra) })

  let fake: Fake | undefined
  try {
    fake = await startFake(consumer)
    report("doapi-fake --port 0 (node_modules/.bin, from dist/bin.js)", [], fake.url)
  } catch (error) {
    report("doapi-fake --port 0 (node_modules/.bin, from dist/bin.js)", [
      String(error instanceof Error ? error.message : error)
    ])
  }
  // Without the fake these run against nothing (and fail, saying so)
  const fakeEnv: Record<string, string> = fake
    ? { DIGITALOCEAN_ENDPOINT: fake.url, DIGITALOCEAN_TOKEN: fake.token }
    : { DIGITALOCEAN_ENDPOINT: "http://127.0.0.1:9", DIGITALOCEAN_TOKEN: "no-fake" }

  const esm = await node("app.mjs", consumer, fakeEnv)
  const esmProblems = failure(esm, "node app.mjs")
  for (
    const expected of [/^account \S+@\S+: active, up to \d+ droplets$/m, /^regions: \S/m, /^\d+ sizes, from \S+ at \$/m]
  ) {
    if (!expected.test(esm.stdout)) esmProblems.push(`output has no line matching ${expected}`, esm.stdout + esm.stderr)
  }
  if (!/^(last action: |no actions yet)/m.test(esm.stdout)) esmProblems.push("output has no last action line")
  if (esm.stderr.trim() !== "") esmProblems.push(`stderr: ${esm.stderr.trim()}`)
  report("node app.mjs: the README's first example (basics.ts, types stripped by esbuild) against doapi-fake", [
    ...new Set(esmProblems)
  ], esm.stdout.split("\n")[0])

  const cjs = await node("app.cjs", consumer, fakeEnv)
  const cjsProblems = failure(cjs, "node app.cjs")
  if (cjs.code === 0 && !/^cjs account \S+@\S+$/m.test(cjs.stdout)) cjsProblems.push(`no account line: ${cjs.stdout}`)
  report(
    "node app.cjs: require(\"@doapi/core\") (require(esm)) runs Account.fetch against doapi-fake",
    cjsProblems,
    [cjs.stdout.trim(), cjs.stderr.includes("ExperimentalWarning") ? "with Node's ExperimentalWarning" : ""]
      .filter(Boolean).join("; ")
  )

  const exported = await node("exports.mjs", consumer, {})
  report(
    "node exports.mjs: @doapi/core/internal/*, @doapi/testing/bin and internal are ERR_PACKAGE_PATH_NOT_EXPORTED",
    failure(exported, "node exports.mjs"),
    exported.stdout.trim()
  )

  // 3b'. @doapi/cli from its tarball (with core's) in a project of its own: `doapi` runs as built JavaScript
  const cliDir = Path.join(tmp, "cli")
  Fs.mkdirSync(cliDir)
  write(cliDir, "package.json", JSON.stringify({ name: "cli-consumer", private: true, type: "module" }))
  const cliInstall = await run(
    "npm",
    ["install", "--no-audit", "--no-fund", tarballs["@doapi/core"]!, tarballs["@doapi/cli"]!],
    { cwd: cliDir, timeout: 6 * MINUTE, env }
  )
  const doapi = Path.join(cliDir, "node_modules", ".bin", "doapi")
  const cliVersion = await run(doapi, ["--version"], { cwd: cliDir, timeout: MINUTE, env: cleanEnv() })
  const cliAccount = await run(doapi, ["account"], { cwd: cliDir, timeout: MINUTE, env: cleanEnv(fakeEnv) })
  const cliProblems = [
    ...failure(cliInstall, "npm install (cli)"),
    ...failure(cliVersion, "doapi --version"),
    ...failure(cliAccount, "doapi account")
  ]
  if (cliAccount.code === 0 && !/"email":"\S+@\S+"/.test(cliAccount.stdout)) {
    cliProblems.push(`doapi account printed no account: ${cliAccount.stdout}`)
  }
  report(
    "doapi (node_modules/.bin, from @doapi/cli's dist/bin.js): --version, and account against doapi-fake",
    cliProblems,
    cliVersion.stdout.trim()
  )

  // 3c. esbuild bundle (the consumer's esbuild), run outside the project (no node_modules)
  const bundleDir = Path.join(tmp, "bundle")
  Fs.mkdirSync(bundleDir)
  const bundleFile = Path.join(bundleDir, "bundle.mjs")
  const bundled = await run(process.execPath, ["build.mjs", bundleFile], { cwd: consumer, timeout: 2 * MINUTE, env })
  const bundleProblems = failure(bundled, "esbuild")
  let bundleInfo = ""
  if (bundleProblems.length === 0) {
    const size = Fs.statSync(bundleFile).size
    bundleInfo = `${size} bytes (${kB(size)}) minified`
    const ran = await node(bundleFile, bundleDir, fakeEnv)
    bundleProblems.push(...failure(ran, "node bundle.mjs"))
    if (ran.code === 0 && !/^bundle account \S+@\S+$/m.test(ran.stdout)) {
      bundleProblems.push(`no account line: ${ran.stdout}`)
    }
    bundleInfo += `; ${ran.stdout.trim()}`
  }
  report(
    "esbuild bundle (platform node, esm, minify) of Account.fetch, run against doapi-fake",
    bundleProblems,
    bundleInfo
  )

  if (fake) {
    const stopped = await stopFake(fake)
    report("doapi-fake stops on SIGTERM", stopped.problems, stopped.info)
  }

  // 3b. tsc --noEmit, the consumer's typescript. The errors in the README's example itself are reported apart from
  // the others (in our .d.ts, in the other dependencies' or in the rest of the program).
  for (const module of ["nodenext", "bundler"] as const) {
    const tsc = await run(
      process.execPath,
      [Path.join(consumer, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", `tsconfig.${module}.json`],
      { cwd: consumer, timeout: 4 * MINUTE, env }
    )
    const errors = (tsc.stdout + tsc.stderr).split("\n").filter((line) => /^\S.*\(\d+,\d+\): error TS\d+/.test(line))
    const inExample = errors.filter((line) => line.startsWith("src/basics.ts("))
    const others = errors.filter((line) => !line.startsWith("src/basics.ts("))
    const title =
      `tsc --noEmit (${module === "nodenext" ? "module nodenext" : "module esnext, moduleResolution bundler"}; ` +
      "strict, noUncheckedIndexedAccess, noPropertyAccessFromIndexSignature, exactOptionalPropertyTypes, " +
      "skipLibCheck false, types [])"
    const counts = [...new Set(others.map((line) => line.replace(/\(.*$/, "")))]
      .map((file) => `${file}: ${others.filter((line) => line.startsWith(`${file}(`)).length} errors`)
    report(
      `${title}: our .d.ts, FakeDigitalOcean.layer, @doapi/core/Droplet, @doapi/core/generated/LoadBalancers`,
      tsc.code === 0 || errors.length > 0
        ? others.length > 0 ? [`${others.length} errors`, ...counts, ...others] : []
        : failure(tsc, "tsc"),
      `${Math.round(tsc.ms / SECOND)} s`
    )
    report(
      `${title}: the README's first example (examples/basics.ts, verbatim)`,
      inExample.length > 0 ? [`${inExample.length} errors`, ...inExample] : []
    )
  }

  // 3d. vitest in the consumer
  const vitest = await run("npx", ["vitest", "run"], {
    cwd: consumer,
    timeout: 4 * MINUTE,
    env: cleanEnv({ CI: "true" })
  })
  const vitestProblems = failure(vitest, "npx vitest run")
  if (vitest.code === 0 && !/Tests\s+1 passed/.test(vitest.stdout)) {
    vitestProblems.push(`no "1 passed": ${tail(vitest.stdout)}`)
  }
  report("npx vitest run: it.effect with FakeDigitalOcean.layer (account, regions)", vitestProblems)
}

const cleanup = (tmp: string) => {
  for (const child of children) killGroup(child, "SIGKILL")
  if (keep) console.log(`kept ${tmp}`)
  else Fs.rmSync(tmp, { recursive: true, force: true })
}

const tmp = Fs.mkdtempSync(Path.join(Os.tmpdir(), "doapi-smoke-"))
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping`)
    cleanup(tmp)
    process.exit(130)
  })
}
const started = Date.now()
try {
  await main(tmp)
} catch (error) {
  report("smoke run", [error instanceof Error ? error.message : String(error)])
} finally {
  cleanup(tmp)
}
const failed = results.filter((result) => !result.ok)
console.log(
  `\nsmoke: ${results.length - failed.length} of ${results.length} checks ok` +
    `${failed.length > 0 ? `, ${failed.length} FAILED` : ""} (${Math.round((Date.now() - started) / SECOND)} s)`
)
process.exitCode = failed.length > 0 ? 1 : 0
