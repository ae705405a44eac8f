/**
 * The rows of the reliability table. A test reports each claim it checks as
 * a row (scenario, requests sent, expected figures, observed figures): the
 * row is printed at once, attached to the test's metadata for the table
 * reporter (`table-reporter.ts`), and then asserted, so a row that does not
 * hold fails its test and shows up in the table as failing.
 */
import { expect, type TestContext } from "vitest";

/** Named figures of a row: counts, codes, yes/no. */
export type Figures = Readonly<Record<string, number | string | boolean>>;

export interface ReliabilityRow {
  readonly scenario: string;
  /** Requests the test sent to the API (HTTP or in-process) for this row. */
  readonly requests: number;
  readonly expected: Figures;
  readonly observed: Figures;
}

declare module "vitest" {
  interface TaskMeta {
    reliabilityRows?: ReliabilityRow[];
  }
}

/** Records, prints and asserts one row. */
export function reportRow(context: Pick<TestContext, "task">, row: ReliabilityRow): void {
  const { meta } = context.task;
  meta.reliabilityRows = [...(meta.reliabilityRows ?? []), row];
  console.log(
    [
      `[${row.scenario}] requests: ${row.requests}`,
      `  expected: ${formatFigures(row.expected)}`,
      `  observed: ${formatFigures(row.observed)}`,
    ].join("\n"),
  );
  expect(row.observed).toEqual(row.expected);
}

/** Prints figures that explain a row without being part of it. */
export function printFigures(label: string, figures: Readonly<Record<string, unknown>>): void {
  console.log(`${label}: ${JSON.stringify(figures)}`);
}

/** `a=1, b=two` */
export function formatFigures(figures: Figures): string {
  return Object.entries(figures)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
}

/** True when observed figures equal the expected ones, key by key. */
export function rowHolds(row: ReliabilityRow): boolean {
  const names = new Set([...Object.keys(row.expected), ...Object.keys(row.observed)]);
  return [...names].every((name) => row.expected[name] === row.observed[name]);
}
