/**
 * A Vitest reporter that prints the reliability table at the end of the run:
 * one line per reported row (see `reliability-rows.ts`), with the figures
 * expected and observed and whether the row holds.
 */
import type { Reporter, TestModule } from "vitest/node";
import { formatFigures, type ReliabilityRow, rowHolds } from "./reliability-rows.js";

const headers = ["scenario", "requests", "expected", "observed", "holds"] as const;

export class ReliabilityTableReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const rows = testModules
      .flatMap((testModule) => [...testModule.children.allTests()])
      .flatMap((testCase) => testCase.meta().reliabilityRows ?? [])
      .sort((left, right) => left.scenario.localeCompare(right.scenario, "en", { numeric: true }));
    if (rows.length === 0) return;
    process.stdout.write(`\n${renderTable(rows)}\n`);
  }
}

function renderTable(rows: readonly ReliabilityRow[]): string {
  const cells = rows.map((row) => [
    row.scenario,
    String(row.requests),
    formatFigures(row.expected),
    formatFigures(row.observed),
    rowHolds(row) ? "yes" : "NO",
  ]);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((cell) => (cell[column] ?? "").length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  const held = rows.filter(rowHolds).length;
  return [
    "Reliability table",
    line(headers),
    rule,
    ...cells.map(line),
    `${held} of ${rows.length} rows hold.`,
  ].join("\n");
}
