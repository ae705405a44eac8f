/**
 * A pending charge is a payment intent that waited for the customer to
 * authenticate (or for processing). Its final outcome is read from Stripe
 * when the storefront asks again (the same one-click request, or the status
 * lookup), then written to the token and the audit record.
 */
import type { ModeResources } from "../mode-resources.js";
import type { ChargeOutcome } from "../ports.js";
import type { UpsellToken, UpsellTokenState } from "../upsell-token.js";
import { attemptStatusOf, stateAfter } from "./charge-outcome.js";
import { runBestEffort } from "./run-best-effort.js";
import { settleDecline } from "./settle-decline.js";
import { nowEpochSec, type UseCaseDeps } from "./use-case-deps.js";

type PendingState = Extract<UpsellTokenState, { status: "pending" }>;

/** Asks Stripe how the pending payment intent ended and records a final outcome. */
export async function refreshPendingCharge(
  deps: UseCaseDeps,
  args: { resources: ModeResources; token: UpsellToken; state: PendingState },
): Promise<ChargeOutcome> {
  const { resources, token, state } = args;
  const outcome = await settleDecline(deps, {
    gateway: resources.gateway,
    outcome: await resources.gateway.retrieveChargeOutcome(state.paymentIntentId),
  });
  if (outcome.kind === "requires_action" || outcome.kind === "processing") return outcome;

  await runBestEffort(deps, "could not record the final outcome of a pending charge", async () => {
    await resources.store.replaceState({
      upsellToken: token.upsellToken,
      expectedVersion: token.version,
      state: stateAfter({ outcome, priceId: state.priceId, attemptId: state.attemptId }),
    });
    await resources.store.updateChargeAttempt({
      upsellToken: token.upsellToken,
      attemptId: state.attemptId,
      status: attemptStatusOf(outcome),
      updatedAtEpochSec: nowEpochSec(deps),
      paymentIntentId: state.paymentIntentId,
      ...outcomeAuditFields(outcome),
    });
  });
  deps.logger.info("pending charge settled", {
    outcome: outcome.kind,
    paymentIntentId: state.paymentIntentId,
  });
  return outcome;
}

/** Amount and decline code of an outcome, for the audit record. */
export function outcomeAuditFields(outcome: ChargeOutcome): {
  amountMinor?: number;
  currency?: string;
  declineCode?: string;
} {
  if (outcome.kind === "succeeded") {
    return { amountMinor: outcome.amountMinor, currency: outcome.currency };
  }
  if (outcome.kind === "declined") return { declineCode: outcome.declineCode };
  return {};
}
