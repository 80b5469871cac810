/**
 * `pnpm codegen`: generates `src/generated/Schemas.ts`, the Effect Schemas of every operation of DigitalOcean's
 * API v2 (request bodies, responses, query and header parameters, and the components they use), and one module of
 * operations per API tag, `src/generated/<Tag>.ts` (`operations.ts`; the operations it leaves out are printed).
 *
 *   npx -y pnpm@10.34.9 --filter @doapi/core exec tsx scripts/codegen/main.ts
 *
 * 1. reads the spec from `../shared/do-openapi/DigitalOcean-public.v2.json` beside the repository (never copied
 *    into it; a missing spec is an error saying where it is expected);
 * 2. prepares it (`prepare.ts`: one function per defect of the generator on this spec, and no prose) and writes the
 *    prepared copy to a temporary directory outside the repository;
 * 3. runs `@tim-smart/openapi-gen` 0.4.13 (the last release for Effect 3) on it;
 * 4. post-processes its output (`postprocess.ts`: the schemas only, recursion, `/*#__PURE__*\/`, JSDoc);
 * 5. emits the operations (`operations.ts`, our own emitter): one module per tag, `src/generated/<Tag>.ts`, and
 *    every operation's endpoint (no Schema; the hand-written modules share them), `src/generated/internal/endpoints.ts`, and
 *    prints the operations it leaves out, with the reason;
 * 6. writes `src/generated/` (removing modules no longer generated), the manifest of the generated operations
 *    (`src/generated/Operations.ts`, data only: what `doapi api` finds them by) and
 *    `src/generated/internal/endpoints.ts`, and formats
 *    them with `eslint --fix` (the repository's dprint rules).
 *
 * The output is deterministic: CI runs this and
 * `git diff --exit-code packages/core/src/generated`.
 */
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as os from "node:os"
import * as path from "node:path"
import { emit, MANIFEST } from "./operations.js"
import { postprocess } from "./postprocess.js"
import { prepare } from "./prepare.js"
import * as Spec from "./spec.js"

const started = Date.now()
const packageRoot = path.join(Spec.repositoryRoot, "packages", "core")
// `--out <file>` writes elsewhere (to try the generator without touching src/).
const outArg = process.argv.indexOf("--out")
const outFile = outArg > 0
  ? path.resolve(process.argv[outArg + 1])
  : path.join(packageRoot, "src", "generated", "Schemas.ts")
const log = (line: string) => process.stdout.write(`${line}\n`)

// 1. the spec (a missing one ends the run with the message saying where it is expected), and the commit it was taken
// from (SOURCE.txt beside it), for the header.
const spec = (() => {
  try {
    return Spec.readSpec()
  } catch (error) {
    process.stderr.write(`codegen: ${(error as Error).message}\n`)
    return process.exit(1)
  }
})()
const sourceFile = path.join(path.dirname(Spec.specPath), "SOURCE.txt")
const commit = fs.existsSync(sourceFile)
  ? /commit: ([0-9a-f]{40})/.exec(fs.readFileSync(sourceFile, "utf8"))?.[1]
  : undefined

// 2. the preparation, written outside the repository.
const prepared = prepare(spec)
for (const step of prepared.steps) log(`prepare: ${step.name}: ${step.count}`)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doapi-codegen-"))
try {
  const preparedFile = path.join(tmp, "spec.json")
  fs.writeFileSync(preparedFile, JSON.stringify(prepared.spec))

  // 3. openapi-gen, pinned by packages/core's devDependencies.
  const require = createRequire(path.join(packageRoot, "package.json"))
  const generator = path.join(path.dirname(require.resolve("@tim-smart/openapi-gen/package.json")), "main.js")
  const output = execFileSync(process.execPath, [generator, "-s", preparedFile], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024
  })

  // 4. post-processing, with a JSDoc per declaration: the operations (method, path, reference) it belongs to,
  // named as openapi-gen names them from the prepared spec (where a body may have become a `$ref`).
  const docs = new Map<string, Array<string>>()
  const describe = (name: string | undefined, role: string, op: Spec.Operation) => {
    if (name === undefined) return
    const lines = docs.get(name) ?? []
    lines.push(`${role} of \`${op.method.toUpperCase()} ${op.path}\`.`, `@see ${Spec.referenceUrl(op)}`)
    docs.set(name, lines)
  }
  for (const op of Spec.operations(prepared.spec)) {
    describe(Spec.paramsSchemaName(op), "The query and header parameters", op)
    const request = op.operation.requestBody?.content?.["application/json"]?.schema
    if (request !== undefined && request.$ref === undefined) {
      describe(Spec.requestSchemaName(op), "The request body", op)
    }
    for (const status of Object.keys(op.operation.responses ?? {})) {
      const schema = Spec.deref(prepared.spec, op.operation.responses[status])?.content?.["application/json"]?.schema
      if (schema !== undefined && schema.$ref === undefined) {
        describe(Spec.responseSchemaName(prepared.spec, op, status), `The \`${status}\` response body`, op)
      }
    }
  }
  const components = new Map(Object.keys(spec.components.schemas).map((name) => [Spec.identifier(name), name]))
  const docOf = (name: string): ReadonlyArray<string> => {
    const component = components.get(name)
    const lines = docs.get(name) ?? (component !== undefined ? [`The \`${component}\` schema of the spec.`] : [])
    const text = lines.filter((line) => !line.startsWith("@"))
    const see = lines.filter((line) => line.startsWith("@"))
    return [...text, ...(text.length > 0 ? [""] : []), ...see, "@category generated", "@since 0.2.0"]
  }
  const header = [
    "The Schemas of DigitalOcean's API v2: every operation's request body, responses and query and header",
    "parameters, and the components they use. Generated by `scripts/codegen/main.ts` (`pnpm codegen`) with",
    "@tim-smart/openapi-gen 0.4.13 from DigitalOcean's OpenAPI document",
    `(https://github.com/digitalocean/openapi${commit === undefined ? "" : `, commit ${commit.slice(0, 12)}`}).`,
    "Do not edit this file: change the generator and run it again.",
    "",
    "@since 0.2.0"
  ]
  const { report, source } = postprocess(output, docOf, header)
  log(
    `openapi-gen: ${output.split("\n").length} lines; kept ${report.declarations} schemas (${report.classes} S.Class)`
  )
  log(`suspended (recursive): ${report.suspended.join(", ")}`)

  // 5. the operations, from the prepared spec (whose schema names are openapi-gen's).
  const declared = new Set([...source.matchAll(/^export class (\w+)/gm)].map((m) => m[1]))
  const classes = new Set(
    [...source.matchAll(/^export class (\w+) extends \/\*#__PURE__\*\/ S\.Class</gm)].map((m) => m[1])
  )
  const operations = emit(prepared.spec, declared, classes)
  log(
    `operations: ${operations.count} generated (${operations.streams} paged listings as Streams) in ` +
      `${operations.modules.size} modules; ${operations.excluded.length} left out:`
  )
  for (const { operationId, reason } of operations.excluded) log(`  ${operationId}: ${reason}`)

  // 6. written and formatted. With `--out`, the Schemas only.
  const outDir = path.dirname(outFile)
  fs.mkdirSync(outDir, { recursive: true })
  fs.writeFileSync(outFile, source)
  const written = [outFile]
  if (outArg < 0) {
    for (const file of fs.readdirSync(outDir)) {
      if (
        file.endsWith(".ts") && file !== "Schemas.ts" && file !== `${MANIFEST}.ts` &&
        !operations.modules.has(file.slice(0, -3))
      ) {
        fs.rmSync(path.join(outDir, file))
      }
    }
    for (const [module, text] of operations.modules) {
      const file = path.join(outDir, `${module}.ts`)
      fs.writeFileSync(file, text)
      written.push(file)
    }
    const manifestFile = path.join(outDir, `${MANIFEST}.ts`)
    fs.writeFileSync(manifestFile, operations.manifest)
    written.push(manifestFile)
    const endpointsFile = path.join(outDir, "internal", "endpoints.ts")
    fs.mkdirSync(path.dirname(endpointsFile), { recursive: true })
    fs.writeFileSync(endpointsFile, operations.endpoints)
    written.push(endpointsFile)
  }
  const eslint = path.join(Spec.repositoryRoot, "node_modules", "eslint", "bin", "eslint.js")
  execFileSync(
    process.execPath,
    [eslint, "--fix", ...written.map((file) => path.relative(Spec.repositoryRoot, file))],
    {
      cwd: Spec.repositoryRoot,
      stdio: "inherit"
    }
  )
  const lines = written.reduce((n, file) => n + fs.readFileSync(file, "utf8").split("\n").length, 0)
  log(
    `wrote ${written.length} files in ${path.relative(Spec.repositoryRoot, outDir)}: ${lines} lines in ${
      Date.now() - started
    } ms`
  )
} finally {
  fs.rmSync(tmp, { recursive: true, force: true })
}
