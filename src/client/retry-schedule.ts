/**
 * The bounded exponential back-off used while the upsell token is not ready yet
 * (the webhook may still be on its way). The defaults follow the integration
 * guide: up to 10 attempts, the first wait one second, doubling, capped so a
 * customer never waits more than about a minute in all.
 */
import { abortedError, throwIfAborted } from "./json-request.js";

/** How often and how patiently to ask again. */
export interface RetryPolicy {
  /** Attempts in all, the first one included (at least 1). */
  maxAttempts: number;
  /** Wait before the second attempt. */
  initialDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
}

/** The guide's policy: 10 attempts, 1 s, 2 s, 4 s, then 8 s between each (55 s at most). */
export const defaultTokenRetryPolicy: Readonly<RetryPolicy> = {
  maxAttempts: 10,
  initialDelayMs: 1_000,
  maxDelayMs: 8_000,
};

/**
 * The wait before attempt number `attempt` (counted from 1); zero for the first.
 *
 * @example
 * delayBeforeAttemptMs(defaultTokenRetryPolicy, 3); // 2000
 */
export function delayBeforeAttemptMs(policy: RetryPolicy, attempt: number): number {
  if (attempt <= 1) return 0;
  const doubled = policy.initialDelayMs * 2 ** (attempt - 2);
  return Math.min(doubled, policy.maxDelayMs);
}

/** Merges the caller's overrides into the default policy and keeps it bounded. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...defaultTokenRetryPolicy, ...overrides };
  return {
    maxAttempts: Math.max(1, Math.floor(policy.maxAttempts)),
    initialDelayMs: Math.max(0, policy.initialDelayMs),
    maxDelayMs: Math.max(0, policy.maxDelayMs),
  };
}

/** Waits `delayMs`, or rejects with the client's `ABORTED` error as soon as the signal fires. */
export async function waitMs(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  throwIfAborted(signal);
  if (delayMs <= 0) return;

  await new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
