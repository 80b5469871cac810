// Strips the Jekyll front matter @effect/docgen 0.5.2 puts at the top of every module page (its prettier pass turns
// the opening `---` into `***`, so GitHub shows it as a stray heading) from packages/<pkg>/docs/modules/**/*.ts.md, so
// the committed pages read well on GitHub and adding a module does not renumber every page's `nav_order`.
// Run by the root `docs` script after docgen, from the repository root.
import * as fs from "node:fs"
import * as path from "node:path"

const frontMatter = /^(?:\*\*\*|---)\n\n?title: [^\n]*\nnav_order: \d+\nparent: [^\n]*\n---\n\n/

for (const pkg of ["core", "testing"]) {
  const dir = path.join("packages", pkg, "docs", "modules")
  const pages = fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
  for (const file of pages.filter((name) => name.endsWith(".ts.md")).sort()) {
    const target = path.join(dir, file)
    const text = fs.readFileSync(target, "utf8")
    if (!frontMatter.test(text)) {
      if (text.startsWith("## ")) continue // already stripped
      throw new Error(`${target}: unexpected docgen header (has @effect/docgen changed?)`)
    }
    fs.writeFileSync(target, text.replace(frontMatter, ""))
  }
}
