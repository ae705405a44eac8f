/**
 * One timed run of load, from autocannon against the API or from a raw loop
 * against the engines, and how several alternating rounds add up.
 */
import { type LatencySummary, roundTo, summarizeLatencies } from "./latency-stats.js";

/** What one run did: successes, failures, time and latencies. */
export interface LoadRun {
  /** Operations that ended as expected (2xx, or a raw operation that did not throw). */
  readonly okCount: number;
  /** Non-2xx answers, errors and timeouts. */
  readonly failedCount: number;
  readonly elapsedMs: number;
  /** Latency of every successful operation. */
  readonly latenciesMs: readonly number[];
  /** What went wrong first, if anything did (a status code or an error message). */
  readonly firstFailure?: string;
}

/** Several runs added up. */
export interface LoadTotals extends LatencySummary {
  readonly rounds: number;
  readonly okCount: number;
  readonly failedCount: number;
  readonly elapsedSec: number;
  /** Successful operations per second over all rounds. */
  readonly perSec: number;
  readonly firstFailure?: string;
}

/** Adds rounds up: throughput over their summed time, percentiles over all samples. */
export function totalsOf(runs: readonly LoadRun[]): LoadTotals {
  const okCount = sum(runs.map((run) => run.okCount));
  const elapsedMs = sum(runs.map((run) => run.elapsedMs));
  return {
    rounds: runs.length,
    okCount,
    failedCount: sum(runs.map((run) => run.failedCount)),
    elapsedSec: roundTo(elapsedMs / 1000, 2),
    perSec: roundTo(elapsedMs > 0 ? (okCount * 1000) / elapsedMs : 0, 1),
    ...summarizeLatencies(runs.flatMap((run) => run.latenciesMs)),
    ...firstFailureOf(runs),
  };
}

/** Operations per second of one run. */
export function perSecOf(run: LoadRun): number {
  return run.elapsedMs > 0 ? roundTo((run.okCount * 1000) / run.elapsedMs, 1) : 0;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function firstFailureOf(runs: readonly LoadRun[]): { firstFailure?: string } {
  const failure = runs.find((run) => run.firstFailure !== undefined)?.firstFailure;
  return failure === undefined ? {} : { firstFailure: failure };
}
