/**
 * Writes src/internal/version.ts from package.json, so the User-Agent names the released version. Run by the root
 * `changeset-version` script after `changeset version` has bumped the packages.
 */
import * as fs from "node:fs"

const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
const file = new URL("../src/internal/version.ts", import.meta.url)
fs.writeFileSync(file, `/** @internal */\nexport const VERSION = ${JSON.stringify(pkg.version)}\n`)
process.stdout.write(`src/internal/version.ts: ${pkg.version}\n`)
