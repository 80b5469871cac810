import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig, type Plugin } from "vitest/config"
import type { Reporter, RunnerTask } from "vitest/node"

// One vitest run over every package: each package is a project that inherits these options.
const packages = ["core", "testing", "cli"]
const root = Path.dirname(fileURLToPath(import.meta.url))

/** Ends every run with the plain closing line CI reads: `N passed, N failed` (and skipped, if any). */
const summary: Reporter = {
  onFinished(files: ReadonlyArray<RunnerTask> = []) {
    const counts = { passed: 0, failed: 0, skipped: 0 }
    // A suite that failed on its own (a file that did not load, a failing hook) counts as one failure.
    const visit = (task: RunnerTask): boolean => {
      if (task.type === "suite") {
        const failedInside = task.tasks.map(visit).some((failed) => failed)
        if (task.result?.state === "fail" && !failedInside) counts.failed++
        return failedInside || task.result?.state === "fail"
      }
      const state = task.result?.state
      if (state === "pass") counts.passed++
      else if (state === "fail") counts.failed++
      else counts.skipped++
      return state === "fail"
    }
    files.forEach(visit)
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : ""
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`)
  }
}

/**
 * `TEST_DIST=1` runs the suite against the built packages (`pnpm build` first), as Effect's TEST_DIST does: every
 * module of a package's `src/` that a test reaches, through `@doapi/*` or a relative path, is served from the
 * package's `dist/` instead, so the JavaScript users install is what is tested. A missing built file is an error.
 */
const testDist: Plugin = {
  name: "doapi:test-dist",
  enforce: "pre",
  async resolveId(source, importer, options) {
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
    if (resolved === null) return null
    const match = /^(.*\/packages\/(?:core|testing|cli))\/src\/(.+)\.ts$/.exec(resolved.id)
    if (match === null) return resolved
    const built = `${match[1]}/dist/${match[2]}.js`
    const fs = await import("node:fs")
    if (!fs.existsSync(built)) throw new Error(`TEST_DIST: ${Path.relative(root, built)} is missing: run pnpm build`)
    return { ...resolved, id: built }
  }
}

export default defineConfig({
  plugins: process.env.TEST_DIST ? [testDist] : [],
  test: {
    reporters: ["default", summary],
    sequence: { concurrent: true },
    projects: packages.map((name) => ({
      extends: true,
      test: {
        name: `@doapi/${name}`,
        root: `./packages/${name}`,
        include: ["test/**/*.test.ts"]
      }
    }))
  }
})
