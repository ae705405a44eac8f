/**
 * Stripe API calls the API made during a step, from the sandbox's request
 * counters (only `/v1/...` requests are counted; test controls are not).
 */
import type { RequestCount, SandboxControls } from "../../src/sandbox/index.js";

/** Stripe calls counted during one step. */
export interface StripeCalls {
  readonly count: number;
  /** Each call as `METHOD /v1/path`, ids replaced by `{id}`, with its count. */
  readonly calls: readonly string[];
}

/** Runs `step` and returns the Stripe calls counted meanwhile. */
export async function countStripeCalls(
  controls: SandboxControls,
  step: () => Promise<void>,
): Promise<StripeCalls> {
  const before = await controls.requestCounts();
  await step();
  const after = await controls.requestCounts();
  return callsBetween(before, after);
}

function callsBetween(before: RequestCount[], after: RequestCount[]): StripeCalls {
  const earlier = new Map(before.map((entry) => [keyOf(entry), entry.count]));
  const added = new Map<string, number>();
  for (const entry of after) {
    const delta = entry.count - (earlier.get(keyOf(entry)) ?? 0);
    if (delta <= 0) continue;
    const call = `${entry.method} ${withoutIds(entry.path)}`;
    added.set(call, (added.get(call) ?? 0) + delta);
  }
  const calls = [...added].map(([call, count]) => (count === 1 ? call : `${count}× ${call}`));
  return { count: [...added.values()].reduce((sum, count) => sum + count, 0), calls };
}

function keyOf(entry: RequestCount): string {
  return `${entry.method} ${entry.path}`;
}

const idSegment = /^(cs|pi|cus|pm|price|prod|evt|ch|seti|re)_[A-Za-z0-9_]+$/;

function withoutIds(path: string): string {
  return path
    .split("/")
    .map((segment) => (idSegment.test(segment) ? "{id}" : segment))
    .join("/");
}
