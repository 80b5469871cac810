/**
 * Writes the package's version from package.json into src/DoConfig.ts (its `VERSION`), so the User-Agent names the
 * released version. Run by the root `changeset-version` script after `changeset version` has bumped the packages.
 */
import * as fs from "node:fs"

const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
const file = new URL("../src/DoConfig.ts", import.meta.url)
const source = fs.readFileSync(file, "utf8")
const declaration = /^const VERSION = .*$/m
if (!declaration.test(source)) throw new Error("src/DoConfig.ts: no `const VERSION = ...` line to update")
fs.writeFileSync(file, source.replace(declaration, `const VERSION = ${JSON.stringify(pkg.version)}`))
process.stdout.write(`src/DoConfig.ts: VERSION = ${pkg.version}\n`)
