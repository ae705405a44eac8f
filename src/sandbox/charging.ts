/**
 * What happens when a saved or fresh card is charged, following Stripe's test cards:
 * declines, 3-D Secure on every charge or only when not set up, and cards that save fine
 * but fail every later charge.
 */
import { authenticationRequiredDecline, type CardDecline } from "./cards.js";
import type { StoredPaymentMethod } from "./store.js";

/** The outcome of one charge attempt. */
export type ChargeOutcome =
  | { kind: "succeeded" }
  | { kind: "declined"; decline: CardDecline }
  | { kind: "requires_action" };

/** How the charge is made. */
export interface ChargeAttempt {
  paymentMethod: StoredPaymentMethod;
  /** The customer is not present: an authentication request becomes a decline. */
  offSession: boolean;
}

/** Decides a charge before any authentication. */
export function attemptCharge(attempt: ChargeAttempt): ChargeOutcome {
  const { card, setUpForFutureUse } = attempt.paymentMethod;
  if (card.decline) {
    return { kind: "declined", decline: card.decline };
  }
  const needsAuthentication =
    card.authentication === "always" ||
    (card.authentication === "unless_set_up" && !setUpForFutureUse);
  if (needsAuthentication && attempt.offSession) {
    return { kind: "declined", decline: authenticationRequiredDecline };
  }
  if (needsAuthentication) {
    return { kind: "requires_action" };
  }
  return chargeAfterAuthentication(attempt.paymentMethod);
}

/** Decides a charge whose authentication has just succeeded. */
export function chargeAfterAuthentication(paymentMethod: StoredPaymentMethod): ChargeOutcome {
  const { chargeDecline } = paymentMethod.card;
  return chargeDecline ? { kind: "declined", decline: chargeDecline } : { kind: "succeeded" };
}

/**
 * Decides the payment at checkout. The buyer is present and completes any 3-D Secure
 * challenge there, so only cards declined outright fail; cards that fail later charges
 * (0341, 3178) are saved so that those later charges can show it.
 */
export function attemptCheckoutPayment(paymentMethod: StoredPaymentMethod): ChargeOutcome {
  const { decline } = paymentMethod.card;
  return decline ? { kind: "declined", decline } : { kind: "succeeded" };
}
