/**
 * 6. Bundle size: esbuild (browser, ESM, minified, tree-shaken), then gzip. A program that only calls
 * `Account.fetch` with FetchHttpClient, and one that pulls in all of @doapi/core; dots-wrapper's own browser bundle
 * and an esbuild bundle of a program that only calls its account endpoint, beside them.
 */
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as zlib from "node:zlib"
import type { Settings } from "../lib/config.js"
import type { ScenarioReport } from "../lib/report.js"
import { kb } from "../lib/stats.js"

const here = path.dirname(fileURLToPath(import.meta.url))

interface Built {
  readonly name: string
  readonly minified: number
  readonly gzipped: number
  /** Bytes each @doapi/core source file contributes to the output. */
  readonly coreFiles: ReadonlyArray<readonly [string, number]>
}

const gzip = (bytes: Uint8Array) => zlib.gzipSync(bytes, { level: 9 }).length

const build = async (name: string, contents: string): Promise<Built> => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: here, loader: "ts", sourcefile: `${name}.ts` },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    target: "es2022",
    logLevel: "error"
  })
  const output = result.outputFiles[0].contents
  const inputs = Object.values(result.metafile.outputs)[0].inputs
  const coreFiles = Object.entries(inputs)
    .filter(([file, info]) => /(^|\/)core\/src\//.test(file) && info.bytesInOutput > 0)
    .map(([file, info]) => [file.replace(/.*core\/src\//, ""), info.bytesInOutput] as const)
    .sort((a, b) => b[1] - a[1])
  return { name, minified: output.length, gzipped: gzip(output), coreFiles }
}

export const run = async (_settings: Settings): Promise<ScenarioReport> => {
  const accountOnly = await build(
    "account-only",
    `import { Account, DoConfig } from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
Account.fetch.pipe(
  Effect.provide(FetchHttpClient.layer),
  Effect.provide(DoConfig.layer({ token: "token" })),
  Effect.runPromise
).then((account) => console.log(account.email))`
  )
  const everything = await build(
    "everything",
    `import * as Core from "@doapi/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
;(globalThis as any).doapi = { Core, FetchHttpClient }`
  )
  const effectOnly = await build(
    "effect-http-only",
    `import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
HttpClient.get("https://api.digitalocean.com/v2/account").pipe(
  Effect.flatMap((response) => response.json),
  Effect.provide(FetchHttpClient.layer),
  Effect.runPromise
).then(console.log)`
  )
  const dotsAccount = await build(
    "dots-account-only",
    `import { createApiClient } from "dots-wrapper"
createApiClient({ token: "token" }).account.getAccount().then((r) => console.log(r.data.account.email))`
  )
  const require = createRequire(import.meta.url)
  const dotsBrowserFile = path.join(
    path.dirname(require.resolve("dots-wrapper/package.json")),
    "dist",
    "index-browser.min.js"
  )
  const dotsBrowser = fs.readFileSync(dotsBrowserFile)
  const dotsVersion = JSON.parse(fs.readFileSync(require.resolve("dots-wrapper/package.json"), "utf8")).version

  // Every public module of core but what Account.fetch needs (and the index).
  const coreSrc = path.join(path.dirname(require.resolve("@doapi/core/package.json")), "src")
  const needed = new Set(["Account.ts", "DoConfig.ts", "DoError.ts", "RateLimit.ts", "index.ts"])
  const otherResources = fs.readdirSync(coreSrc).filter((f) => f.endsWith(".ts") && !needed.has(f)).sort()
  const leaked = accountOnly.coreFiles.filter(([file]) => otherResources.includes(file))
  const row = (b: Built, note: string) => [b.name, kb(b.minified), kb(b.gzipped), note]
  return {
    id: 6,
    title: "Bundle size",
    method: "esbuild's JS API (platform browser, format esm, bundle, minify, tree shaking, target es2022), " +
      "gzip level 9 with node:zlib. @doapi/core is bundled from its TypeScript sources (its exports point at " +
      "src/*.ts; `sideEffects: false`).",
    tables: [
      {
        head: ["Program", "Minified", "Min + gzip", "What"],
        rows: [
          row(accountOnly, "`Account.fetch` with FetchHttpClient and DoConfig.layer, run with runPromise"),
          row(everything, "`import * as Core from \"@doapi/core\"`, every module kept"),
          row(effectOnly, "context: Effect + FetchHttpClient GET, no doapi"),
          row(dotsAccount, `dots-wrapper ${dotsVersion}: createApiClient().account.getAccount() (axios inside)`),
          [
            "dots-wrapper browser bundle",
            kb(dotsBrowser.length),
            kb(gzip(dotsBrowser)),
            `its shipped dist/index-browser.min.js (${dotsVersion})`
          ]
        ]
      },
      {
        title: "@doapi/core files in the account-only bundle (bytes of minified output)",
        head: ["File", "Bytes"],
        rows: accountOnly.coreFiles.map(([file, bytes]) => [file, String(bytes)])
      }
    ],
    verdicts: [{
      target: "the account-only program carries no other resource module",
      measured: leaked.length === 0
        ? `none of ${otherResources.join(", ")} in it`
        : `it carries ${leaked.map(([f, b]) => `${f} (${b} B)`).join(", ")}`,
      met: leaked.length === 0,
      missed: "Something at module top level in those files is not tree-shakable (a call esbuild must keep, " +
        "e.g. a Schema.Class or a pipe not marked pure), or the account path imports them."
    }],
    notes: [
      `Account-only vs everything: ${kb(accountOnly.gzipped)} vs ${kb(everything.gzipped)} gzipped; of the ` +
      `account-only bundle, ${kb(effectOnly.gzipped)} is Effect and its HttpClient alone.`
    ]
  }
}
