/**
 * Tree shaking of the generated code: a program that calls one generated operation bundles to within 10% of the
 * program that calls the hand-written `Account.fetch` (the Account-only bundle of `packages/bench`'s bundle scenario,
 * built the same way: esbuild, browser platform, ESM, minified, tree-shaken, nothing external). The 28k lines of
 * Schemas and the other 640 operations must not come along. Both sizes are printed.
 */
import { assert, describe, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))

const build = async (name: string, contents: string) => {
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
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0].inputs)
  const generated = inputs.filter(([file, info]) => file.includes("src/generated/") && info.bytesInOutput > 0)
  return { bytes: result.outputFiles[0].contents.length, generated: Object.fromEntries(generated) }
}

const program = (imports: string, call: string) =>
  `${imports}
import * as DoConfig from "../src/DoConfig.ts"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
${call}.pipe(
  Effect.provide(FetchHttpClient.layer),
  Effect.provide(DoConfig.layer({ token: "token" })),
  Effect.runPromise
).then((result) => console.log(result))`

describe("the generated code's bundle", () => {
  it("one generated operation bundles within 10% of the Account-only program", async () => {
    const accountOnly = await build(
      "account-only",
      program(`import * as Account from "../src/Account.ts"`, "Account.fetch")
    )
    const oneGenerated = await build(
      "one-generated-operation",
      program(`import * as LoadBalancers from "../src/generated/LoadBalancers.ts"`, `LoadBalancers.get("lb-1")`)
    )
    const ratio = oneGenerated.bytes / accountOnly.bytes
    process.stdout.write(
      `bundle (esbuild, minified): Account.fetch ${accountOnly.bytes} B; generated LoadBalancers.get ` +
        `${oneGenerated.bytes} B (${(ratio * 100).toFixed(1)}%); from src/generated: ` +
        Object.entries(oneGenerated.generated).map(([file, info]) => `${path.basename(file)} ${info.bytesInOutput} B`)
          .join(", ") +
        "\n"
    )
    assert.isAtMost(ratio, 1.1, "one generated operation bundles within 10% of Account-only")
    // The hand-written Account.fetch shares its endpoint with the generated Account.get
    // (generated/internal/endpoints.ts): it bundles that one endpoint, and no generated module or Schema.
    assert.deepStrictEqual(Object.keys(accountOnly.generated).map((file) => path.basename(file)), ["endpoints.ts"])
    assert.isBelow(Object.values(accountOnly.generated)[0]?.bytesInOutput ?? 0, 200, "one endpoint, not the table")
    // Of the generated modules, only LoadBalancers.ts, its endpoint and the Schemas it needs are in.
    assert.deepStrictEqual(
      Object.keys(oneGenerated.generated).map((file) => path.basename(file)).sort(),
      ["LoadBalancers.ts", "Schemas.ts", "endpoints.ts"]
    )
  }, 60_000)
})
