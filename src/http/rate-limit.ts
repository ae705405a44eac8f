/**
 * Per-client rate limit of the two endpoints a shopper's page calls in a
 * loop or on a click (`get-uuid`, `one-click-upsell`), for the Node server.
 * In AWS, API Gateway throttles before Lambda runs, so Lambda adds none.
 *
 * A fixed window per client address and endpoint: at most `limitPerWindow`
 * requests per window; the next ones get 429 `RATE_LIMITED` with
 * `Retry-After` (whole seconds until the window ends). A fixed window lets a
 * client send up to twice the limit across a window boundary; that is fine
 * for a guard against floods and keeps the state at one counter per client.
 *
 * Memory is bounded: at most `maxClients` windows are kept. When full, ended
 * windows are dropped first, then the oldest ones; a client forgotten that
 * way simply starts a new window (the limit errs on the side of serving).
 */
import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../domain/errors.js";
import type { Clock } from "../domain/ports.js";
import { toErrorResponse } from "./error-response.js";
import type { AppEnv } from "./request-context.js";

/** Paths under `/ecommerce` the Node server limits per client. */
export const rateLimitedPaths: readonly string[] = ["/get-uuid", "/one-click-upsell"];

/** Clients remembered at once when no bound is given: a few MB at most. */
export const defaultMaxClients = 10_000;

const windowMs = 60_000;

/** Too many requests from this client; `retryAfterSec` says when to come back. */
export class RateLimitedError extends AppError {
  readonly code = "RATE_LIMITED";
  readonly retryAfterSec: number;

  constructor(retryAfterSec: number) {
    super("Too many requests from this client; wait before trying again.");
    this.retryAfterSec = retryAfterSec;
  }

  override get retryable(): boolean {
    return true;
  }
}

/** The answer of the limiter for one request. */
export type RateLimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSec: number };

export interface FixedWindowLimiterOptions {
  readonly limitPerWindow: number;
  readonly windowMs: number;
  /** Most windows kept at once; bounds memory. */
  readonly maxClients: number;
  readonly clock: Clock;
}

interface Window {
  readonly startedAtEpochMs: number;
  count: number;
}

/** Counts requests per key in fixed windows. */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: FixedWindowLimiterOptions) {}

  /** Counts one request of `key`, unless its window is already full. */
  take(key: string): RateLimitDecision {
    const nowMs = this.options.clock.nowEpochMs();
    const current = this.windows.get(key);
    if (current && !this.hasEnded(current, nowMs)) {
      if (current.count >= this.options.limitPerWindow) {
        const endsInMs = current.startedAtEpochMs + this.options.windowMs - nowMs;
        return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(endsInMs / 1000)) };
      }
      current.count += 1;
      return { allowed: true };
    }

    // A new window goes to the end of the map, so the map stays oldest first.
    this.windows.delete(key);
    this.makeRoom(nowMs);
    this.windows.set(key, { startedAtEpochMs: nowMs, count: 1 });
    return { allowed: true };
  }

  /** How many windows are kept now. */
  get trackedClients(): number {
    return this.windows.size;
  }

  private hasEnded(window: Window, nowMs: number): boolean {
    return window.startedAtEpochMs + this.options.windowMs <= nowMs;
  }

  private makeRoom(nowMs: number): void {
    if (this.windows.size < this.options.maxClients) return;
    for (const [key, window] of this.windows) {
      if (this.hasEnded(window, nowMs)) this.windows.delete(key);
    }
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.options.maxClients) return;
      this.windows.delete(key);
    }
  }
}

export interface ClientRateLimitOptions {
  /** Requests per minute per client and endpoint. */
  readonly perMinute: number;
  /** The client's address; undefined when unknown (the request then passes). */
  readonly clientAddressOf: (c: Context<AppEnv>) => string | undefined;
  readonly clock: Clock;
  readonly maxClients?: number;
}

/**
 * The middleware that limits each client per endpoint, answering 429 with
 * the API's JSON error body and `Retry-After`.
 *
 * @example
 * const rateLimit = clientRateLimit({ perMinute: 60, clientAddressOf, clock: systemClock });
 */
export function clientRateLimit(options: ClientRateLimitOptions): MiddlewareHandler<AppEnv> {
  const limiter = new FixedWindowLimiter({
    limitPerWindow: options.perMinute,
    windowMs,
    maxClients: options.maxClients ?? defaultMaxClients,
    clock: options.clock,
  });

  return async (c, next) => {
    const address = options.clientAddressOf(c);
    if (address === undefined) return await next();

    const decision = limiter.take(`${c.req.path} ${address}`);
    if (decision.allowed) return await next();

    const refusal = toErrorResponse(new RateLimitedError(decision.retryAfterSec));
    c.get("logger").warn("rate limit reached", { path: c.req.path.slice(0, 200) });
    return c.json(refusal.body, refusal.status, {
      ...refusal.headers,
      "retry-after": String(decision.retryAfterSec),
    });
  };
}
