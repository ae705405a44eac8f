/**
 * Reading a charge's outcome from what Stripe returns: a payment intent, or
 * the card error thrown by a confirmation that failed. Both end as the same
 * `ChargeOutcome` values, so the domain never looks at Stripe objects.
 */
import { Stripe } from "stripe";
import type { ChargeOutcome } from "../domain/ports.js";

const { StripeCardError } = Stripe.errors;

/** The outcome a payment intent is in now. */
export function outcomeOfPaymentIntent(intent: Stripe.PaymentIntent): ChargeOutcome {
  switch (intent.status) {
    case "succeeded":
      return {
        kind: "succeeded",
        paymentIntentId: intent.id,
        amountMinor: intent.amount,
        currency: intent.currency,
      };
    case "requires_action":
      return requiresAction(intent);
    case "requires_payment_method":
      return outcomeOfFailedAttempt(intent);
    case "canceled":
      return {
        kind: "declined",
        paymentIntentId: intent.id,
        declineCode: "canceled",
        message: "The payment was canceled.",
        confirmable: false,
      };
    default:
      return { kind: "processing", paymentIntentId: intent.id };
  }
}

/** The outcome carried by a card error, or undefined if `error` is not one. */
export function outcomeOfCardError(error: unknown): ChargeOutcome | undefined {
  if (!(error instanceof StripeCardError)) return undefined;
  const intent = error.payment_intent;
  // Off-session, a bank that wants authentication fails the confirmation with
  // this code; the customer is on the page and can still authenticate.
  if (error.code === "authentication_required" && intent?.client_secret) {
    return requiresAction(intent);
  }
  return {
    kind: "declined",
    ...(intent ? { paymentIntentId: intent.id } : {}),
    declineCode: error.decline_code ?? error.code ?? "card_declined",
    message: declineMessageOf(error),
    confirmable: intent ? isConfirmable(intent.status) : false,
  };
}

/**
 * The card's decline message, as Stripe wrote it for the customer. The SDK
 * prefixes `error.message` with the request id; the payment intent's last
 * error carries the plain text.
 */
function declineMessageOf(error: InstanceType<typeof StripeCardError>): string {
  const fromIntent = error.payment_intent?.last_payment_error?.message;
  if (fromIntent) return fromIntent;
  const prefix = error.requestId ? `[${error.requestId}] ` : "";
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/**
 * A payment intent back in `requires_payment_method`: the last attempt
 * failed. Authentication that is still awaited is not a decline yet.
 */
function outcomeOfFailedAttempt(intent: Stripe.PaymentIntent): ChargeOutcome {
  const lastError = intent.last_payment_error;
  if (lastError?.code === "authentication_required") return requiresAction(intent);
  return {
    kind: "declined",
    paymentIntentId: intent.id,
    declineCode: lastError?.decline_code ?? lastError?.code ?? "payment_failed",
    message: lastError?.message ?? "The payment failed.",
    confirmable: true,
  };
}

/** Statuses from which a page holding the client secret could still confirm and charge. */
const confirmableStatuses: readonly Stripe.PaymentIntent.Status[] = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
];

function isConfirmable(status: Stripe.PaymentIntent.Status): boolean {
  return confirmableStatuses.includes(status);
}

function requiresAction(intent: Stripe.PaymentIntent): ChargeOutcome {
  if (!intent.client_secret) return { kind: "processing", paymentIntentId: intent.id };
  return {
    kind: "requires_action",
    paymentIntentId: intent.id,
    clientSecret: intent.client_secret,
  };
}
