/**
 * Use case: where is this upsell token? Mainly for the storefront after an
 * authentication: Stripe.js finishes the challenge in the browser, then the
 * page asks here (or repeats the one-click request) to learn whether the
 * payment went through. A pending payment is refreshed from Stripe first.
 */
import type { Mode } from "../mode.js";
import type { ChargeOutcome } from "../ports.js";
import type { UpsellTokenState, UpsellTokenStatus } from "../upsell-token.js";
import { stateAfter } from "./charge-outcome.js";
import { locateToken } from "./locate-token.js";
import { refreshPendingCharge } from "./refresh-pending-charge.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export interface UpsellStatusInput {
  readonly upsellToken: string;
  readonly mode?: Mode;
}

/** The public view of a token: its status and, when there is one, its payment. */
export interface UpsellStatusView {
  readonly mode: Mode;
  readonly status: UpsellTokenStatus;
  readonly expiresAtEpochSec: number;
  readonly priceId?: string;
  readonly paymentIntentId?: string;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly declineCode?: string;
  readonly declineMessage?: string;
  /** Only while the bank waits for the customer to authenticate. */
  readonly clientSecret?: string;
}

/** Returns the token's status, refreshing a pending payment from Stripe. */
export async function getUpsellStatus(
  deps: UseCaseDeps,
  input: UpsellStatusInput,
): Promise<UpsellStatusView> {
  const { resources, token } = await locateToken(deps, input);
  const base = { mode: resources.mode, expiresAtEpochSec: token.expiresAtEpochSec };
  if (token.state.status !== "pending") return { ...base, ...viewOfState(token.state) };

  const outcome = await refreshPendingCharge(deps, { resources, token, state: token.state });
  const state = stateAfter({
    outcome,
    priceId: token.state.priceId,
    attemptId: token.state.attemptId,
  });
  return { ...base, ...viewOfState(state), ...clientSecretOf(outcome) };
}

function viewOfState(
  state: UpsellTokenState,
): Omit<UpsellStatusView, "mode" | "expiresAtEpochSec"> {
  switch (state.status) {
    case "ready":
      return { status: state.status, ...(state.priceId ? { priceId: state.priceId } : {}) };
    case "charging":
      return { status: state.status, priceId: state.priceId };
    case "pending":
      return {
        status: state.status,
        priceId: state.priceId,
        paymentIntentId: state.paymentIntentId,
      };
    case "charged":
      return {
        status: state.status,
        priceId: state.priceId,
        paymentIntentId: state.paymentIntentId,
        amountMinor: state.amountMinor,
        currency: state.currency,
      };
    case "declined":
      return {
        status: state.status,
        priceId: state.priceId,
        declineCode: state.declineCode,
        declineMessage: state.declineMessage,
        ...(state.paymentIntentId ? { paymentIntentId: state.paymentIntentId } : {}),
      };
  }
}

function clientSecretOf(outcome: ChargeOutcome): { clientSecret?: string } {
  return outcome.kind === "requires_action" ? { clientSecret: outcome.clientSecret } : {};
}
