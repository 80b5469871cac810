import { defineConfig } from "vitest/config"

// One vitest run over every package: each package is a project that inherits these options.
const packages = ["core", "testing"]

export default defineConfig({
  test: {
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
