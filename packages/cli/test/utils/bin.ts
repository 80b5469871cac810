/**
 * The command under test as a child process: its sources under tsx, or with TEST_DIST the built `dist/bin.js`.
 */
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

export const packageDir = fileURLToPath(new URL("../..", import.meta.url))

// In this workspace @doapi/core resolves to its TypeScript sources: the built command gets a resolve hook that
// loads every package's dist/ instead (as vitest.config.ts's TEST_DIST plugin does in process).
const distHooks = `export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context)
  const match = /^(.*\\/packages\\/(?:core|testing|cli))\\/src\\/(.+)\\.ts$/.exec(resolved.url)
  return match === null ? resolved : { ...resolved, url: match[1] + "/dist/" + match[2] + ".js", format: "module" }
}`
const registerDistHooks = `import { register } from "node:module"
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(distHooks)}`)})`

/** The command under test: its source under tsx, or with TEST_DIST the built `dist/bin.js` under plain node. */
export const command: ReadonlyArray<string> = process.env.TEST_DIST
  ? ["--import", `data:text/javascript,${encodeURIComponent(registerDistHooks)}`, `${packageDir}dist/bin.js`]
  : ["--import", "tsx", `${packageDir}src/bin.ts`]

if (process.env.TEST_DIST && !existsSync(`${packageDir}dist/bin.js`)) {
  throw new Error("TEST_DIST: packages/cli/dist/bin.js is missing: run pnpm build")
}

export interface Outcome {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a program, killing it after 30 seconds. */
export const exec = (
  file: string,
  args: ReadonlyArray<string>,
  env: Record<string, string | undefined>,
  stdin = ""
): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: packageDir, env: { PATH: process.env.PATH, ...env } })
    let stdout = ""
    let stderr = ""
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000)
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")))
    child.once("error", reject)
    child.once("close", (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(stdin)
  })
