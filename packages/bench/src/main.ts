/**
 * `pnpm bench`: runs every scenario against the fake DigitalOcean served over HTTP on 127.0.0.1, prints the tables
 * and writes BENCHMARKS.md. `--quick` is the short pass CI runs (fewer rounds, smaller sizes; it writes nothing
 * unless `--out FILE` is given). `--only 1,3` runs some scenarios.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import * as Config from "./lib/config.js"
import { findings } from "./lib/findings.js"
import { markdownTable, out, renderScenario, type ScenarioReport } from "./lib/report.js"
import * as Bundle from "./scenarios/bundle.js"
import * as Burst from "./scenarios/burst.js"
import * as Decoding from "./scenarios/decoding.js"
import * as Fleet from "./scenarios/fleet.js"
import * as Listing from "./scenarios/listing.js"
import * as Memory from "./scenarios/memory.js"
import * as Overhead from "./scenarios/overhead.js"
import * as WaitBudget from "./scenarios/waitBudget.js"
import * as Waiting from "./scenarios/waiting.js"

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string" }
  }
})

const settings = values.quick ? Config.quick : Config.full
const only = values.only === undefined ? undefined : new Set(values.only.split(",").map((s) => Number(s.trim())))
const scenarios: ReadonlyArray<{ readonly id: number; readonly run: (s: Config.Settings) => Promise<ScenarioReport> }> =
  [
    { id: 1, run: Overhead.run },
    { id: 2, run: Listing.run },
    { id: 3, run: Decoding.run },
    { id: 4, run: Waiting.run },
    { id: 5, run: Memory.run },
    { id: 6, run: Bundle.run },
    { id: 7, run: WaitBudget.run },
    { id: 8, run: Burst.run },
    { id: 9, run: Fleet.run }
  ]

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(", ")
const command = values.quick ? "npx -y pnpm@10.34.9 bench:quick" : "npx -y pnpm@10.34.9 bench"
const argsShown = process.argv.slice(2).filter((a) => a !== "--quick").join(" ")

const header = (loadBefore: string, loadAfter: string, seconds: number) =>
  [
    "# Benchmarks",
    "",
    "Ratios are the claims; absolute times are context. Every scenario runs against the fake DigitalOcean " +
    "(`@doapi/testing`) served over real HTTP on 127.0.0.1 in a child process; the contenders of a scenario run " +
    "in the same process run, interleaved, for several rounds after a warm-up, and the figures are medians.",
    "",
    "| | |",
    "| --- | --- |",
    `| Machine | ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${
      (os.totalmem() / 1024 ** 3).toFixed(0)
    } GiB, ${os.type()} ${os.release()} |`,
    `| Node | ${process.version} |`,
    `| Date | ${new Date().toISOString()} |`,
    `| Command | \`${command}${argsShown ? ` -- ${argsShown}` : ""}\` (from the repository root) |`,
    `| Mode | ${settings.quick ? "quick (CI pass: fewer rounds, smaller sizes)" : "full"} |`,
    `| Load average (1, 5, 15 min) | before: ${loadBefore}; after: ${loadAfter} |`,
    `| Duration | ${seconds.toFixed(0)} s |`,
    ""
  ].join("\n")

const main = async () => {
  const loadBefore = load()
  const started = performance.now()
  out(
    `doapi benchmarks (${settings.quick ? "quick" : "full"}): ${os.cpus()[0]?.model}, ${os.cpus().length} cores, ` +
      `Node ${process.version}, load average ${loadBefore}\n`
  )
  const reports: Array<string> = []
  const summary: Array<Array<string>> = []
  for (const scenario of scenarios) {
    if (only !== undefined && !only.has(scenario.id)) continue
    const scenarioStart = performance.now()
    const report = await scenario.run(settings)
    const text = renderScenario(report)
    out(text)
    out(`(scenario ${scenario.id}: ${((performance.now() - scenarioStart) / 1000).toFixed(1)} s, load ${load()})\n`)
    reports.push(text)
    for (const v of report.verdicts) {
      summary.push([`${report.id}. ${report.title}`, v.target, v.measured, v.met ? "met" : "**MISSED**"])
    }
  }
  const summaryText = [
    "## Targets",
    "",
    markdownTable({ head: ["Scenario", "Target", "Measured", "Verdict"], rows: summary }),
    "",
    "Each missed target says below, in its scenario, what it would take.",
    ""
  ].join("\n")
  out(summaryText)
  out(findings)
  const document = `${header(loadBefore, load(), (performance.now() - started) / 1000)}\n${summaryText}\n${
    reports.join("\n")
  }\n${findings}`
  const target = values.out ?? (settings.quick || only !== undefined
    ? undefined
    : fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url)))
  if (target !== undefined) {
    fs.writeFileSync(target, document)
    out(`wrote ${target}`)
  }
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
