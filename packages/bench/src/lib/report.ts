/**
 * What a scenario reports: tables (printed and written to BENCHMARKS.md), verdicts on its targets, and notes.
 */

export interface Table {
  readonly title?: string | undefined
  readonly head: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

export interface Verdict {
  /** The target as the issue states it. */
  readonly target: string
  /** The measured figure. */
  readonly measured: string
  readonly met: boolean
  /** What it would take, when missed. */
  readonly missed?: string | undefined
}

export interface ScenarioReport {
  readonly id: number
  readonly title: string
  /** How it was measured (one paragraph). */
  readonly method: string
  readonly tables: ReadonlyArray<Table>
  readonly verdicts: ReadonlyArray<Verdict>
  readonly notes: ReadonlyArray<string>
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - [...text].length))

/** A Markdown table, padded so it also reads well in a terminal. */
export const markdownTable = (table: Table): string => {
  const widths = table.head.map((h, i) => Math.max([...h].length, ...table.rows.map((r) => [...(r[i] ?? "")].length)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map((c, i) => pad(c, widths[i])).join(" | ")} |`
  return [line(table.head), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...table.rows.map(line)].join("\n")
}

export const renderScenario = (report: ScenarioReport): string => {
  const parts: Array<string> = [`## ${report.id}. ${report.title}`, "", report.method, ""]
  for (const table of report.tables) {
    if (table.title !== undefined) parts.push(`**${table.title}**`, "")
    parts.push(markdownTable(table), "")
  }
  if (report.verdicts.length > 0) {
    parts.push(
      markdownTable({
        head: ["Target", "Measured", "Verdict"],
        rows: report.verdicts.map((v) => [v.target, v.measured, v.met ? "met" : "**MISSED**"])
      }),
      ""
    )
    for (const v of report.verdicts) {
      if (!v.met && v.missed !== undefined) parts.push(`- Missed: ${v.target}. ${v.missed}`)
    }
  }
  for (const note of report.notes) parts.push(`- ${note}`)
  parts.push("")
  return parts.join("\n")
}

export const out = (text: string): void => {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`)
}
