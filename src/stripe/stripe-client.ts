/**
 * The Stripe SDK client of one mode, created once per process (or Lambda
 * container) with that mode's secret key only.
 *
 * Timeout and retries are chosen for a customer waiting on a click, inside
 * API Gateway's 30-second integration limit: 8 s per attempt and one network
 * retry (the SDK retries connection errors, 409, 429 and 5xx, with the same
 * idempotency key), so the worst case stays near 17 s. The claim timeout
 * (`CLAIM_TIMEOUT_SECONDS`, default 60) is well above that, so a live request
 * never loses its claim to a recovery.
 */
import { Stripe } from "stripe";
import type { Mode } from "../domain/mode.js";

export const defaultStripeTimeoutMs = 8_000;
export const defaultStripeMaxNetworkRetries = 1;

export interface StripeClientOptions {
  readonly mode: Mode;
  readonly secretKey: string;
  /** Where the API is, e.g. the local sandbox; Stripe's own API when absent. */
  readonly apiBaseUrl?: string;
  readonly timeoutMs?: number;
  readonly maxNetworkRetries?: number;
}

/** Creates the client; refuses a key that belongs to the other mode. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const expectedPrefix = options.mode === "live" ? "sk_live_" : "sk_test_";
  if (!options.secretKey.startsWith(expectedPrefix)) {
    throw new Error(`the ${options.mode}-mode Stripe key must start with ${expectedPrefix}`);
  }

  return new Stripe(options.secretKey, {
    timeout: options.timeoutMs ?? defaultStripeTimeoutMs,
    maxNetworkRetries: options.maxNetworkRetries ?? defaultStripeMaxNetworkRetries,
    typescript: true,
    appInfo: { name: "stripe-one-click-upsell" },
    ...(options.apiBaseUrl ? addressOf(options.apiBaseUrl) : {}),
  });
}

/** Splits a base URL into the SDK's host, port and protocol options. */
export function addressOf(apiBaseUrl: string): {
  host: string;
  port: number;
  protocol: "http" | "https";
} {
  const url = new URL(apiBaseUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  const defaultPort = protocol === "http" ? 80 : 443;
  return { host: url.hostname, port: url.port ? Number(url.port) : defaultPort, protocol };
}
