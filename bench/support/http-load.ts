/**
 * HTTP load with autocannon's programmatic API, on loopback. Every run is
 * bounded twice: by its request count or duration, and by a hard time limit
 * after which it is stopped whatever autocannon thinks.
 */
import autocannon from "autocannon";
import type { LoadRun } from "./load-run.js";

/** One request of a run. */
export interface HttpRequestParams {
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: string;
}

/** Where, how hard, how long, and what to send. */
export interface HttpLoadOptions {
  /** Origin of the server, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly connections: number;
  /** Either a duration... */
  readonly durationSec?: number;
  /** ...or a number of requests (autocannon then ignores the duration). */
  readonly amount?: number;
  /** Builds each request; called once per request sent. */
  readonly nextRequest: () => HttpRequestParams;
  /** Hard stop, whatever the count or duration says. */
  readonly maxDurationMs: number;
}

const requestTimeoutSec = 10;
/** autocannon notices the end of a run on its next sample; sample often so it ends soon. */
const samplingIntervalMs = 100;

/** Runs the load and reports successes, failures and every success's latency. */
export async function runHttpLoad(options: HttpLoadOptions): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  let okCount = 0;
  let non2xxCount = 0;
  let firstFailure: string | undefined;
  const startedAtMs = performance.now();
  // autocannon reports its end on a sampling tick; the last answer marks the real end.
  let lastAnswerAtMs = startedAtMs;

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        timeout: requestTimeoutSec,
        sampleInt: samplingIntervalMs,
        ...(options.amount === undefined
          ? { duration: options.durationSec ?? 1 }
          : { amount: options.amount }),
        requests: [{ setupRequest: (request) => withParams(request, options.nextRequest()) }],
      },
      (error, finished) => {
        clearTimeout(guard);
        if (error) reject(error);
        else resolve(finished);
      },
    );
    const guard = setTimeout(() => instance.stop(), options.maxDurationMs);
    instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
      lastAnswerAtMs = performance.now();
      if (statusCode < 200 || statusCode >= 300) {
        non2xxCount += 1;
        firstFailure ??= `HTTP ${statusCode}`;
        return;
      }
      okCount += 1;
      latenciesMs.push(responseTimeMs);
    });
  });

  return {
    okCount,
    failedCount: non2xxCount + result.errors,
    elapsedMs: lastAnswerAtMs - startedAtMs,
    latenciesMs,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

function withParams(
  request: autocannon.RequestParams,
  params: HttpRequestParams,
): autocannon.RequestParams {
  const headers: Record<string, string> = { ...request.headers };
  if (params.body !== undefined) headers["content-type"] = "application/json";
  return { ...request, method: params.method, path: params.path, body: params.body, headers };
}
