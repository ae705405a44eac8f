/**
 * State changes of a payment intent: confirmation, 3-D Secure, success and failure.
 * A failed confirmation is saved on the intent (`last_payment_error`) before the card
 * error is thrown, so the intent can be retrieved and the error replayed, as on Stripe.
 */
import type Stripe from "stripe";
import type { ModeScope } from "../api-context.js";
import type { CardDecline } from "../cards.js";
import { attemptCharge, type ChargeOutcome, chargeAfterAuthentication } from "../charging.js";
import { newObjectId } from "../ids.js";
import { cardError, invalidRequest } from "../sandbox-error.js";
import type { StoredPaymentIntent, StoredPaymentMethod } from "../store.js";

/** How a confirmation is made. */
export interface ConfirmOptions {
  offSession: boolean;
  errorOnRequiresAction: boolean;
}

/** Confirms with the intent's payment method; throws a card error when the charge fails. */
export function confirmPaymentIntent(
  scope: ModeScope,
  stored: StoredPaymentIntent,
  options: ConfirmOptions,
): void {
  const paymentMethod = paymentMethodOf(scope, stored);
  const outcome = attemptCharge({ paymentMethod, offSession: options.offSession });
  if (outcome.kind === "requires_action" && options.errorOnRequiresAction) {
    failPaymentIntent(scope, stored, paymentMethod, {
      code: "authentication_required",
      declineCode: "authentication_required",
      message: "Your card was declined. This transaction requires authentication.",
    });
  }
  applyOutcome(scope, stored, paymentMethod, outcome);
}

/** Ends the 3-D Secure stand-in: the buyer authenticated, or failed to. */
export function finishAuthentication(
  scope: ModeScope,
  stored: StoredPaymentIntent,
  authenticated: boolean,
): void {
  const { paymentIntent } = stored;
  if (paymentIntent.status !== "requires_action") {
    throw invalidRequest({
      message: `This PaymentIntent is ${paymentIntent.status}; it needs no authentication.`,
      code: "payment_intent_unexpected_state",
    });
  }
  const paymentMethod = paymentMethodOf(scope, stored);
  if (authenticated) {
    applyOutcome(scope, stored, paymentMethod, chargeAfterAuthentication(paymentMethod));
    return;
  }
  paymentIntent.status = "requires_payment_method";
  paymentIntent.next_action = null;
  paymentIntent.last_payment_error = {
    type: "invalid_request_error",
    code: "payment_intent_authentication_failure",
    message:
      "The provided PaymentMethod has failed authentication. You can provide " +
      "payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
    payment_method: structuredClone(paymentMethod.paymentMethod),
  };
  scope.events.publish(scope.mode, {
    type: "payment_intent.payment_failed",
    object: paymentIntent,
  });
}

function applyOutcome(
  scope: ModeScope,
  stored: StoredPaymentIntent,
  paymentMethod: StoredPaymentMethod,
  outcome: ChargeOutcome,
): void {
  if (outcome.kind === "declined") {
    failPaymentIntent(scope, stored, paymentMethod, outcome.decline);
  }
  if (outcome.kind === "requires_action") {
    requireAction(scope, stored);
    return;
  }
  succeedPaymentIntent(scope, stored, paymentMethod);
}

/** Marks the intent paid; saves the card for later when `setup_future_usage` asks for it. */
export function succeedPaymentIntent(
  scope: ModeScope,
  stored: StoredPaymentIntent,
  paymentMethod: StoredPaymentMethod,
): void {
  const { paymentIntent } = stored;
  stored.chargeId = newObjectId("ch");
  paymentIntent.status = "succeeded";
  paymentIntent.amount_received = paymentIntent.amount;
  paymentIntent.latest_charge = stored.chargeId;
  paymentIntent.next_action = null;
  paymentIntent.last_payment_error = null;
  const customerId = paymentIntent.customer;
  if (paymentIntent.setup_future_usage && typeof customerId === "string") {
    paymentMethod.paymentMethod.customer = customerId;
    paymentMethod.setUpForFutureUse = true;
  }
  scope.events.publish(scope.mode, { type: "payment_intent.succeeded", object: paymentIntent });
}

function failPaymentIntent(
  scope: ModeScope,
  stored: StoredPaymentIntent,
  paymentMethod: StoredPaymentMethod,
  decline: CardDecline,
): never {
  const { paymentIntent } = stored;
  const chargeId = decline.code === "authentication_required" ? undefined : newObjectId("ch");
  const lastError: Stripe.PaymentIntent.LastPaymentError = {
    type: "card_error",
    code: decline.code,
    message: decline.message,
    payment_method: structuredClone(paymentMethod.paymentMethod),
  };
  if (decline.declineCode) {
    lastError.decline_code = decline.declineCode;
  }
  if (chargeId) {
    lastError.charge = chargeId;
    paymentIntent.latest_charge = chargeId;
  }
  paymentIntent.status = "requires_payment_method";
  paymentIntent.next_action = null;
  paymentIntent.last_payment_error = lastError;
  scope.events.publish(scope.mode, {
    type: "payment_intent.payment_failed",
    object: paymentIntent,
  });
  throw cardError({
    code: decline.code,
    declineCode: decline.declineCode,
    message: decline.message,
    paymentIntent: structuredClone(paymentIntent),
    paymentMethod: structuredClone(paymentMethod.paymentMethod),
    chargeId,
  });
}

function requireAction(scope: ModeScope, stored: StoredPaymentIntent): void {
  const { paymentIntent } = stored;
  const challengeUrl = new URL(`${scope.baseUrl}/authenticate/${paymentIntent.id}`);
  challengeUrl.searchParams.set("client_secret", paymentIntent.client_secret ?? "");
  paymentIntent.status = "requires_action";
  if (stored.returnUrl) {
    challengeUrl.searchParams.set("return_url", stored.returnUrl);
    paymentIntent.next_action = {
      type: "redirect_to_url",
      redirect_to_url: { url: challengeUrl.toString(), return_url: stored.returnUrl },
    };
    return;
  }
  paymentIntent.next_action = {
    type: "use_stripe_sdk",
    use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: challengeUrl.toString() },
  };
}

function paymentMethodOf(scope: ModeScope, stored: StoredPaymentIntent): StoredPaymentMethod {
  const paymentMethodId = stored.paymentIntent.payment_method;
  const found =
    typeof paymentMethodId === "string"
      ? scope.store.paymentMethods.get(paymentMethodId)
      : undefined;
  if (!found) {
    throw invalidRequest({
      message:
        "You cannot confirm this PaymentIntent because it's missing a payment method. " +
        "Update the PaymentIntent with a payment method and then confirm it again.",
      code: "payment_intent_unexpected_state",
    });
  }
  return found;
}
