/**
 * Completing a checkout session, as a buyer paying on Checkout would: the card is charged
 * (or declined), the customer is created when the session asks for one, the card is saved
 * to it when `setup_future_usage` is set, a succeeded payment intent is created, the session
 * becomes `complete` / `paid`, and `checkout.session.completed` is published.
 */
import type Stripe from "stripe";
import type { ApiContext, ModeScope } from "../api-context.js";
import { attemptCheckoutPayment } from "../charging.js";
import { nowEpochSec } from "../ids.js";
import { cardError, invalidRequest } from "../sandbox-error.js";
import type { StoredCheckoutSession, StoredPaymentIntent, StoredPaymentMethod } from "../store.js";
import { insertCustomer } from "./customers.js";
import { findInMode } from "./lookup.js";
import { succeedPaymentIntent } from "./payment-intent-flow.js";
import { buildPaymentIntent } from "./payment-intent-object.js";
import { materializePaymentMethod, paymentMethodForCardNumber } from "./payment-methods.js";

/** Who pays, as typed on the checkout page. */
export interface Buyer {
  email?: string;
  name?: string;
}

const defaultBuyerEmail = "buyer@example.com";

/** Pays an open session with a stored payment method; throws a card error on a decline. */
export function completeCheckoutSession(
  scope: ModeScope,
  stored: StoredCheckoutSession,
  paymentMethod: StoredPaymentMethod,
  buyer: Buyer,
): Stripe.Checkout.Session {
  const { session } = stored;
  if (session.status !== "open") {
    throw invalidRequest({
      message: `This Checkout Session is ${session.status ?? "closed"} and can no longer be paid.`,
      code: "checkout_session_not_open",
    });
  }
  if (nowEpochSec() >= session.expires_at) {
    session.status = "expired";
    throw invalidRequest({
      message: "This Checkout Session has expired and can no longer be paid.",
      code: "checkout_session_expired",
    });
  }
  const outcome = attemptCheckoutPayment(paymentMethod);
  if (outcome.kind === "declined") {
    throw cardError({
      code: outcome.decline.code,
      declineCode: outcome.decline.declineCode,
      message: outcome.decline.message,
    });
  }

  const email = buyer.email ?? session.customer_email ?? defaultBuyerEmail;
  const customerId = resolveCustomer(scope, stored, { ...buyer, email });
  const intent = createPaidIntent(scope, stored, paymentMethod, customerId);
  session.status = "complete";
  session.payment_status = "paid";
  session.payment_intent = intent.paymentIntent.id;
  session.customer = customerId ?? null;
  session.customer_details = {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name: buyer.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  scope.events.publish(scope.mode, { type: "checkout.session.completed", object: session });
  return session;
}

/**
 * The customer of the payment: the session's own, or a new one when the session asks
 * (`customer_creation: always`) or the card is to be saved (`setup_future_usage`).
 */
function resolveCustomer(
  scope: ModeScope,
  stored: StoredCheckoutSession,
  buyer: Buyer,
): string | undefined {
  const existing = stored.session.customer;
  if (typeof existing === "string") {
    return existing;
  }
  const savesCard = stored.paymentIntentData.setupFutureUsage !== undefined;
  if (stored.session.customer_creation !== "always" && !savesCard) {
    return undefined;
  }
  return insertCustomer(scope, { email: buyer.email, name: buyer.name }).id;
}

function createPaidIntent(
  scope: ModeScope,
  stored: StoredCheckoutSession,
  paymentMethod: StoredPaymentMethod,
  customerId: string | undefined,
): StoredPaymentIntent {
  const { session, paymentIntentData } = stored;
  const intent: StoredPaymentIntent = {
    paymentIntent: buildPaymentIntent({
      mode: scope.mode,
      amountMinor: session.amount_total ?? 0,
      currency: session.currency ?? "usd",
      customerId,
      paymentMethodId: paymentMethod.paymentMethod.id,
      setupFutureUsage: paymentIntentData.setupFutureUsage,
      metadata: paymentIntentData.metadata,
      description: paymentIntentData.description,
    }),
  };
  scope.store.paymentIntents.set(intent.paymentIntent.id, intent);
  succeedPaymentIntent(scope, intent, paymentMethod);
  return intent;
}

/**
 * `POST /v1/test_helpers/checkout/sessions/:id/complete` — a sandbox-only helper that
 * pays a session with `payment_method` (a Stripe test id such as `pm_card_visa`) or
 * `card_number`, plus optional `email` and `name`.
 */
export function completeCheckoutSessionRoute(ctx: ApiContext): Stripe.Checkout.Session {
  const { params } = ctx;
  params.rejectUnknown(["payment_method", "card_number", "email", "name", "expand"]);
  const stored = findInMode(ctx, "checkout_session", ctx.pathParam("id"));
  const paymentMethod = readPaymentMethod(ctx);
  const session = completeCheckoutSession(ctx, stored, paymentMethod, {
    email: params.optionalString("email"),
    name: params.optionalString("name"),
  });
  return session;
}

function readPaymentMethod(ctx: ApiContext): StoredPaymentMethod {
  const paymentMethodId = ctx.params.optionalString("payment_method");
  if (paymentMethodId !== undefined) {
    return materializePaymentMethod(ctx, paymentMethodId, "payment_method");
  }
  const cardNumber = ctx.params.optionalString("card_number");
  if (cardNumber !== undefined) {
    return paymentMethodForCardNumber(ctx, cardNumber);
  }
  throw invalidRequest({
    message: "Provide `payment_method` (e.g. pm_card_visa) or `card_number`.",
    param: "payment_method",
    code: "parameter_missing",
  });
}
