/**
 * What follows a Stripe charge outcome: the token's next state, the audit
 * status, and the answer to the client. Shared by the first charge and by the
 * refresh of a pending payment (after the customer authenticated).
 */
import {
  AuthenticationRequiredError,
  ChargeInProgressError,
  PaymentFailedError,
} from "../errors.js";
import type { ChargeAttemptStatus, ChargeOutcome } from "../ports.js";
import type { UpsellTokenState } from "../upsell-token.js";

/** The successful answer of a one-click upsell, as the guide describes it. */
export interface UpsellCharge {
  readonly paymentIntentId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly status: "succeeded";
}

/** The token state an outcome leads to. */
export function stateAfter(args: {
  outcome: ChargeOutcome;
  priceId: string;
  attemptId: string;
}): UpsellTokenState {
  const { outcome, priceId, attemptId } = args;
  switch (outcome.kind) {
    case "succeeded":
      return {
        status: "charged",
        priceId,
        paymentIntentId: outcome.paymentIntentId,
        amountMinor: outcome.amountMinor,
        currency: outcome.currency,
      };
    case "requires_action":
    case "processing":
      return { status: "pending", priceId, attemptId, paymentIntentId: outcome.paymentIntentId };
    case "declined":
      return {
        status: "declined",
        priceId,
        declineCode: outcome.declineCode,
        declineMessage: outcome.message,
        ...(outcome.paymentIntentId ? { paymentIntentId: outcome.paymentIntentId } : {}),
      };
  }
}

/** The audit status of an outcome. */
export function attemptStatusOf(outcome: ChargeOutcome): ChargeAttemptStatus {
  return outcome.kind;
}

/** Returns the charge for a success; throws the client's error for anything else. */
export function answerFor(outcome: ChargeOutcome): UpsellCharge {
  switch (outcome.kind) {
    case "succeeded":
      return {
        paymentIntentId: outcome.paymentIntentId,
        amountMinor: outcome.amountMinor,
        currency: outcome.currency,
        status: "succeeded",
      };
    case "requires_action":
      throw new AuthenticationRequiredError({
        paymentIntentId: outcome.paymentIntentId,
        clientSecret: outcome.clientSecret,
      });
    case "processing":
      throw new ChargeInProgressError("The payment is still processing; ask again shortly.");
    case "declined":
      throw declineError({
        declineCode: outcome.declineCode,
        declineMessage: outcome.message,
        paymentIntentId: outcome.paymentIntentId,
      });
  }
}

/** The `PAYMENT_FAILED` error of a decline, new or replayed. */
export function declineError(args: {
  declineCode: string;
  declineMessage: string;
  paymentIntentId?: string | undefined;
}): PaymentFailedError {
  return new PaymentFailedError({
    message: args.declineMessage,
    declineCode: args.declineCode,
    ...(args.paymentIntentId ? { paymentIntentId: args.paymentIntentId } : {}),
  });
}
