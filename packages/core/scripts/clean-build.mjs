// Removes what `pnpm build` wrote before: every package's dist/ and the build projects' .tsbuildinfo/build*.tsbuildinfo,
// so a module removed from src/ cannot ship as a stale file in dist/. The type-check's own tsbuildinfo files stay, so
// `pnpm check` stays incremental. Run by the root `build` script, from the repository root.
import * as fs from "node:fs"
import * as path from "node:path"

for (const pkg of fs.readdirSync("packages")) {
  fs.rmSync(path.join("packages", pkg, "dist"), { recursive: true, force: true })
  const info = path.join("packages", pkg, ".tsbuildinfo")
  if (!fs.existsSync(info)) continue
  for (const file of fs.readdirSync(info).filter((name) => name.startsWith("build"))) {
    fs.rmSync(path.join(info, file), { force: true })
  }
}
