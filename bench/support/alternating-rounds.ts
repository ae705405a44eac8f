/**
 * API against raw engines, fairly: the same machine, the same concurrency,
 * one process run, rounds alternating which side goes first, so slow drift
 * (JIT, DynamoDB Local's own warm-up, table growth) hits both sides alike.
 */
import { roundTo } from "./latency-stats.js";
import { type LoadRun, type LoadTotals, perSecOf, totalsOf } from "./load-run.js";

/** Both sides' totals, their ratio and the goal. */
export interface OverheadFigure {
  readonly api: LoadTotals;
  readonly raw: LoadTotals;
  /** API operations per second over raw loop operations per second. */
  readonly ratio: number;
  readonly roundRatios: readonly number[];
  /** Each round's rate per side, in round order: drift shows here. */
  readonly roundPerSec: { readonly api: readonly number[]; readonly raw: readonly number[] };
  readonly goal: number;
  readonly met: boolean;
  readonly connections: number;
  /** What bounds one round: `5 s`, or `900 requests`. */
  readonly perRound: string;
}

/** How many rounds, and how to run one round of each side. */
export interface RoundPlan {
  readonly rounds: number;
  readonly api: (round: number) => Promise<LoadRun>;
  readonly raw: (round: number) => Promise<LoadRun>;
}

/** Runs the rounds: API first in even rounds, raw first in odd ones. */
export async function alternateRounds(
  plan: RoundPlan,
): Promise<{ api: LoadRun[]; raw: LoadRun[] }> {
  const api: LoadRun[] = [];
  const raw: LoadRun[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    if (round % 2 === 0) {
      api.push(await plan.api(round));
      raw.push(await plan.raw(round));
    } else {
      raw.push(await plan.raw(round));
      api.push(await plan.api(round));
    }
  }
  return { api, raw };
}

/** The figure of alternated rounds against its goal. */
export function overheadFigure(args: {
  runs: { api: LoadRun[]; raw: LoadRun[] };
  goal: number;
  connections: number;
  perRound: string;
}): OverheadFigure {
  const api = totalsOf(args.runs.api);
  const raw = totalsOf(args.runs.raw);
  const ratio = raw.perSec > 0 ? roundTo(api.perSec / raw.perSec, 3) : 0;
  const roundRatios = args.runs.api.map((run, index) => {
    const rawRun = args.runs.raw[index];
    const rawPerSec = rawRun ? perSecOf(rawRun) : 0;
    return rawPerSec > 0 ? roundTo(perSecOf(run) / rawPerSec, 3) : 0;
  });
  const clean = api.failedCount === 0 && raw.failedCount === 0;
  return {
    api,
    raw,
    ratio,
    roundRatios,
    roundPerSec: { api: args.runs.api.map(perSecOf), raw: args.runs.raw.map(perSecOf) },
    goal: args.goal,
    met: clean && ratio >= args.goal,
    connections: args.connections,
    perRound: args.perRound,
  };
}
