/**
 * The upsell token: a single-use, short-lived handle on a customer's saved card.
 *
 * Its state machine (one item in the upsell-tokens table, changed only by
 * conditional writes on `version`):
 *
 * ```
 *            claim(P)                 succeeded
 *   ready ───────────► charging(P) ──────────────► charged(P)      (final)
 *     ▲                 │   │   │
 *     │ Stripe failed   │   │   │ bank asks for authentication / processing
 *     └─────────────────┘   │   └──────────────► pending(P, pi) ──► charged | declined
 *     (stays bound to P)    │ declined                 (refreshed from Stripe)
 *                           ▼
 *                      declined(P) ──claim(P' ≠ P)──► charging(P')
 * ```
 *
 * - A token is bound to the price P of its first claim. While a payment intent
 *   for P may exist (charging, pending, charged, or ready after an interrupted
 *   call), only P can be requested, and always with the same idempotency key,
 *   so Stripe can never create a second payment intent for the token.
 * - Only a decline frees the token for another offer (a "downsell"), and a
 *   decline is recorded only once its payment intent can no longer be
 *   confirmed (canceled at Stripe, see `use-cases/settle-decline.ts`): a
 *   failed 3-D Secure challenge leaves a payment intent the page could still
 *   confirm, and charge, after the downsell.
 * - A claim older than the claim timeout belongs to a request that crashed or
 *   hung; a request for the same price may take it over.
 */
import type { Mode } from "./mode.js";

/** Matches a UUID v4 in its canonical lower- or upper-case form. */
const uuidV4Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID v4, the only shape an upsell token can have. */
export function isUpsellTokenFormat(value: string): boolean {
  return uuidV4Pattern.test(value);
}

/** The first characters of a token: enough for an operator to correlate logs, useless to charge. */
export function tokenPrefix(upsellToken: string): string {
  return upsellToken.slice(0, 8);
}

export type UpsellTokenStatus = UpsellTokenState["status"];

/** What the token is doing now. Each variant carries only the fields of that state. */
export type UpsellTokenState =
  | { readonly status: "ready"; readonly priceId?: string }
  | {
      readonly status: "charging";
      readonly priceId: string;
      readonly attemptId: string;
      readonly claimedAtEpochSec: number;
    }
  | {
      readonly status: "pending";
      readonly priceId: string;
      readonly attemptId: string;
      readonly paymentIntentId: string;
    }
  | {
      readonly status: "charged";
      readonly priceId: string;
      readonly paymentIntentId: string;
      readonly amountMinor: number;
      readonly currency: string;
    }
  | {
      readonly status: "declined";
      readonly priceId: string;
      readonly declineCode: string;
      readonly declineMessage: string;
      readonly paymentIntentId?: string;
    };

/** One stored upsell token. */
export interface UpsellToken {
  readonly upsellToken: string;
  readonly mode: Mode;
  readonly sessionId: string;
  readonly customerId: string;
  readonly paymentMethodId: string;
  readonly createdAtEpochSec: number;
  readonly expiresAtEpochSec: number;
  /** Incremented by every state change; the optimistic lock of all writes. */
  readonly version: number;
  readonly state: UpsellTokenState;
}

/** True once the token's lifetime is over (DynamoDB's TTL deletes it later, not at once). */
export function isExpired(token: Pick<UpsellToken, "expiresAtEpochSec">, nowEpochSec: number) {
  return token.expiresAtEpochSec <= nowEpochSec;
}
