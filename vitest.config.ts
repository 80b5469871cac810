import { defineConfig } from "vitest/config"
import type { Reporter, RunnerTask } from "vitest/node"

// One vitest run over every package: each package is a project that inherits these options.
const packages = ["core", "testing"]

/** Ends every run with the plain closing line CI reads: `N passed, N failed` (and skipped, if any). */
const summary: Reporter = {
  onFinished(files: ReadonlyArray<RunnerTask> = []) {
    const counts = { passed: 0, failed: 0, skipped: 0 }
    const visit = (task: RunnerTask) => {
      if (task.type === "suite") return task.tasks.forEach(visit)
      const state = task.result?.state
      if (state === "pass") counts.passed++
      else if (state === "fail") counts.failed++
      else counts.skipped++
    }
    files.forEach(visit)
    const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : ""
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed${skipped}\n`)
  }
}

export default defineConfig({
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
