/**
 * The decision at the heart of the one-click charge: given the token as read,
 * the requested price and the time, what must this request do? Pure, so every
 * branch of the state machine (see `upsell-token.ts`) is unit-tested directly.
 */
import { isExpired, type UpsellToken, type UpsellTokenState } from "./upsell-token.js";

type StateOf<S extends UpsellTokenState["status"]> = Extract<UpsellTokenState, { status: S }>;

export type NextStep =
  /** Claim the token (conditional write on its version), then charge. */
  | { readonly kind: "claim" }
  /** The same request succeeded before: answer with its result. */
  | { readonly kind: "replay_charged"; readonly state: StateOf<"charged"> }
  /** The same request was declined before: answer with the same decline. */
  | { readonly kind: "replay_declined"; readonly state: StateOf<"declined"> }
  /** A payment intent awaits authentication or processing: ask Stripe how it ended. */
  | { readonly kind: "refresh_pending"; readonly state: StateOf<"pending"> }
  /** Another request holds a fresh claim for this price. */
  | { readonly kind: "in_progress" }
  /** The token is used, or bound, for another price. */
  | { readonly kind: "other_price"; readonly reason: string }
  /** A new charge would be needed but the token's lifetime is over. */
  | { readonly kind: "expired" };

export interface ClaimContext {
  readonly token: UpsellToken;
  readonly priceId: string;
  readonly nowEpochSec: number;
  readonly claimTimeoutSec: number;
}

/**
 * Decides the next step. Replays and refreshes stay possible after expiry
 * (they cannot charge again); only a new claim is refused then.
 */
export function decideNextStep(context: ClaimContext): NextStep {
  const step = stepForState(context);
  if (step.kind !== "claim") return step;
  if (isExpired(context.token, context.nowEpochSec)) return { kind: "expired" };
  return step;
}

function stepForState(context: ClaimContext): NextStep {
  const { state } = context.token;
  const samePrice = state.priceId === undefined || state.priceId === context.priceId;

  switch (state.status) {
    case "ready":
      if (samePrice) return { kind: "claim" };
      return otherPrice("an interrupted charge for another offer must be retried first");
    case "charging":
      if (!samePrice) return otherPrice("a charge for another offer is in progress");
      if (isClaimStale(state, context)) return { kind: "claim" };
      return { kind: "in_progress" };
    case "pending":
      if (samePrice) return { kind: "refresh_pending", state };
      return otherPrice("a payment for another offer awaits confirmation");
    case "charged":
      if (samePrice) return { kind: "replay_charged", state };
      return otherPrice("it was already used for another offer");
    case "declined":
      if (samePrice) return { kind: "replay_declined", state };
      // Safe for another price: `declined` is written only after the payment
      // intent was canceled or never existed (see `settle-decline.ts`).
      return { kind: "claim" };
  }
}

function isClaimStale(state: StateOf<"charging">, context: ClaimContext): boolean {
  return state.claimedAtEpochSec + context.claimTimeoutSec <= context.nowEpochSec;
}

function otherPrice(reason: string): NextStep {
  return { kind: "other_price", reason };
}
