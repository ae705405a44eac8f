/**
 * The floor: the same engine calls as the API makes, in a plain loop with as
 * many workers as the HTTP run has connections. Bounded by a count or a
 * duration, and always by a hard time limit.
 */
import type { LoadRun } from "./load-run.js";

/** How many workers, how long, and the operation. */
export interface RawLoopOptions {
  /** Concurrent workers: the same number as the HTTP run's connections. */
  readonly concurrency: number;
  /** Either a duration... */
  readonly durationMs?: number;
  /** ...or a number of operations. */
  readonly amount?: number;
  /** Hard stop. */
  readonly maxDurationMs: number;
  /** One operation; `index` counts from 0 across workers. Throws on failure. */
  readonly operation: (index: number) => Promise<void>;
}

/** Runs the loop and reports it the way `runHttpLoad` reports an HTTP run. */
export async function runRawLoop(options: RawLoopOptions): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  let failedCount = 0;
  let firstFailure: string | undefined;
  let nextIndex = 0;
  const startedAtMs = performance.now();
  const durationMs = Math.min(options.durationMs ?? options.maxDurationMs, options.maxDurationMs);
  const deadlineMs = startedAtMs + durationMs;
  const amount = options.amount ?? Number.POSITIVE_INFINITY;

  const worker = async (): Promise<void> => {
    while (nextIndex < amount && performance.now() < deadlineMs) {
      const index = nextIndex++;
      const operationStartMs = performance.now();
      try {
        await options.operation(index);
        latenciesMs.push(performance.now() - operationStartMs);
      } catch (error) {
        failedCount += 1;
        firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : "error";
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  return {
    okCount: latenciesMs.length,
    failedCount,
    elapsedMs: performance.now() - startedAtMs,
    latenciesMs,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}
