/**
 * A Vitest reporter that prints the reliability table at the end of the run:
 * each reported row (see `reliability-rows.ts`) with its scenario and the
 * requests it sent, then one line per figure: expected, observed, holds.
 */
import type { Reporter, TestModule } from "vitest/node";
import { type ReliabilityRow, rowHolds } from "./reliability-rows.js";

const headers = ["scenario", "requests", "figure", "expected", "observed", "holds"] as const;

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

/** One line per figure; the scenario and its request count on its first line. */
function linesOf(row: ReliabilityRow): string[][] {
  const names = [...new Set([...Object.keys(row.expected), ...Object.keys(row.observed)])];
  return names.map((name, index) => {
    const expected = String(row.expected[name] ?? "-");
    const observed = String(row.observed[name] ?? "-");
    return [
      index === 0 ? row.scenario : "",
      index === 0 ? String(row.requests) : "",
      name,
      expected,
      observed,
      expected === observed ? "yes" : "NO",
    ];
  });
}

function renderTable(rows: readonly ReliabilityRow[]): string {
  const cells = rows.flatMap(linesOf);
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((cell) => (cell[column] ?? "").length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  const held = rows.filter(rowHolds).length;
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  return [
    "Reliability table",
    line(headers),
    rule,
    ...cells.map(line),
    `${held} of ${rows.length} rows hold; ${requests} requests in all.`,
  ].join("\n");
}
