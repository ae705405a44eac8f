/** Payment intents: create (optionally confirming), confirm, retrieve, list by customer. */
import type Stripe from "stripe";
import type { ApiContext } from "../api-context.js";
import type { ParamReader } from "../http/params.js";
import { invalidRequest, parameterMissing } from "../sandbox-error.js";
import type { StoredPaymentIntent, StoredPaymentMethod } from "../store.js";
import { expandObject } from "./expand.js";
import { paginate } from "./list.js";
import { findInMode } from "./lookup.js";
import { confirmPaymentIntent } from "./payment-intent-flow.js";
import { buildPaymentIntent } from "./payment-intent-object.js";
import { materializePaymentMethod } from "./payment-methods.js";

const createParams = [
  "amount",
  "currency",
  "customer",
  "payment_method",
  "confirm",
  "off_session",
  "metadata",
  "description",
  "setup_future_usage",
  "return_url",
  "receipt_email",
  "error_on_requires_action",
  "automatic_payment_methods",
  "capture_method",
  "statement_descriptor",
  "statement_descriptor_suffix",
  "use_stripe_sdk",
  "expand",
] as const;

const confirmParams = [
  "payment_method",
  "off_session",
  "return_url",
  "error_on_requires_action",
  "use_stripe_sdk",
  "expand",
] as const;

/** Minimum charge amounts (minor units) of common currencies; others use 50. */
const minimumAmountMinor: Readonly<Record<string, number>> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  chf: 50,
  jpy: 50,
};

/** `POST /v1/payment_intents` */
export function createPaymentIntent(ctx: ApiContext): Stripe.PaymentIntent {
  const { params } = ctx;
  params.rejectUnknown(createParams);
  const currency = params.requiredString("currency").toLowerCase();
  const amountMinor = readAmount(params, currency);
  const confirm = params.optionalBoolean("confirm") ?? false;
  const offSession = readOffSession(params, confirm);
  refuseManualCapture(params);
  const customerId = params.optionalString("customer");
  if (customerId !== undefined) {
    findInMode(ctx, "customer", customerId, "customer");
  }
  const paymentMethod = readPaymentMethod(ctx, customerId);
  if (confirm && paymentMethod === undefined) {
    throw parameterMissing("payment_method");
  }

  const stored: StoredPaymentIntent = {
    paymentIntent: buildPaymentIntent({
      mode: ctx.mode,
      amountMinor,
      currency,
      customerId,
      paymentMethodId: paymentMethod?.paymentMethod.id,
      setupFutureUsage: params.optionalEnum("setup_future_usage", [
        "on_session",
        "off_session",
      ] as const),
      metadata: params.metadata(),
      description: params.optionalString("description"),
      receiptEmail: params.optionalString("receipt_email"),
    }),
    returnUrl: params.optionalString("return_url"),
  };
  ctx.store.paymentIntents.set(stored.paymentIntent.id, stored);
  if (confirm) {
    confirmPaymentIntent(ctx, stored, {
      offSession,
      errorOnRequiresAction: params.optionalBoolean("error_on_requires_action") ?? false,
    });
  }
  return expandObject(ctx.store, stored.paymentIntent, params.stringList("expand"));
}

/** `POST /v1/payment_intents/:id/confirm` */
export function confirmPaymentIntentRoute(ctx: ApiContext): Stripe.PaymentIntent {
  const { params } = ctx;
  params.rejectUnknown(confirmParams);
  const stored = findInMode(ctx, "payment_intent", ctx.pathParam("id"));
  const { paymentIntent } = stored;
  if (
    paymentIntent.status !== "requires_payment_method" &&
    paymentIntent.status !== "requires_confirmation"
  ) {
    throw invalidRequest({
      message:
        "You cannot confirm this PaymentIntent because it has a status of " +
        `${paymentIntent.status}.`,
      code: "payment_intent_unexpected_state",
    });
  }
  const customerId =
    typeof paymentIntent.customer === "string" ? paymentIntent.customer : undefined;
  const paymentMethod = readPaymentMethod(ctx, customerId);
  if (paymentMethod) {
    paymentIntent.payment_method = paymentMethod.paymentMethod.id;
  }
  stored.returnUrl = params.optionalString("return_url") ?? stored.returnUrl;
  confirmPaymentIntent(ctx, stored, {
    offSession: readOffSession(params, true),
    errorOnRequiresAction: params.optionalBoolean("error_on_requires_action") ?? false,
  });
  return expandObject(ctx.store, paymentIntent, params.stringList("expand"));
}

/** `GET /v1/payment_intents/:id` */
export function retrievePaymentIntent(ctx: ApiContext): Stripe.PaymentIntent {
  const stored = findInMode(ctx, "payment_intent", ctx.pathParam("id"));
  return expandObject(ctx.store, stored.paymentIntent, ctx.params.stringList("expand"));
}

/** `GET /v1/payment_intents` (filter: `customer`). */
export function listPaymentIntents(ctx: ApiContext): Stripe.ApiList<Stripe.PaymentIntent> {
  const customerId = ctx.params.optionalString("customer");
  const intents = [...ctx.store.paymentIntents.values()]
    .map((stored) => stored.paymentIntent)
    .filter((intent) => customerId === undefined || intent.customer === customerId);
  return paginate(ctx, intents, "/v1/payment_intents");
}

function readAmount(params: ParamReader, currency: string): number {
  const amountMinor = params.requiredInteger("amount");
  const minimum = minimumAmountMinor[currency] ?? 50;
  if (amountMinor < minimum) {
    const shown = (minimum / 100).toFixed(2);
    throw invalidRequest({
      message: `Amount must be at least ${shown} ${currency}`,
      param: "amount",
      code: "amount_too_small",
    });
  }
  return amountMinor;
}

function readOffSession(params: ParamReader, confirm: boolean): boolean {
  const raw = params.optionalString("off_session");
  if (raw === undefined || raw === "false") {
    return false;
  }
  if (!["true", "one_off", "recurring"].includes(raw)) {
    throw invalidRequest({ message: `Invalid off_session: ${raw}`, param: "off_session" });
  }
  if (!confirm) {
    throw invalidRequest({
      message: "`off_session` can only be used when `confirm` is set to true.",
      param: "off_session",
    });
  }
  return true;
}

function refuseManualCapture(params: ParamReader): void {
  const captureMethod = params.optionalString("capture_method");
  if (captureMethod !== undefined && captureMethod !== "automatic") {
    throw invalidRequest({
      message: "The Stripe sandbox imitates `capture_method: automatic` only.",
      param: "capture_method",
    });
  }
}

/**
 * The payment method to charge. A saved one (attached to a customer) needs that customer
 * on the intent, as Stripe requires.
 */
function readPaymentMethod(
  ctx: ApiContext,
  customerId: string | undefined,
): StoredPaymentMethod | undefined {
  const id = ctx.params.optionalString("payment_method");
  if (id === undefined) {
    return undefined;
  }
  const stored = materializePaymentMethod(ctx, id, "payment_method");
  const owner = stored.paymentMethod.customer;
  if (typeof owner === "string" && customerId === undefined) {
    throw invalidRequest({
      message:
        `The \`payment_method\` parameter supplied ${stored.paymentMethod.id} belongs to the ` +
        `Customer ${owner}. Please include the Customer in the \`customer\` parameter on the ` +
        "PaymentIntent.",
      param: "payment_method",
    });
  }
  if (typeof owner === "string" && owner !== customerId) {
    throw invalidRequest({
      message:
        `The customer does not have a payment method with the ID ${stored.paymentMethod.id}. ` +
        "The payment method must be attached to the customer.",
      param: "payment_method",
    });
  }
  return stored;
}
