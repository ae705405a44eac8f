/** Refunds of succeeded payment intents: create (full or partial) and list. */
import type Stripe from "stripe";
import type { ApiContext } from "../api-context.js";
import { newObjectId, nowEpochSec } from "../ids.js";
import { invalidRequest } from "../sandbox-error.js";
import type { StoredPaymentIntent } from "../store.js";
import { expandObject } from "./expand.js";
import { paginate } from "./list.js";
import { findInMode } from "./lookup.js";

const createParams = [
  "payment_intent",
  "charge",
  "amount",
  "reason",
  "metadata",
  "expand",
] as const;
const reasons = ["duplicate", "fraudulent", "requested_by_customer"] as const;

/** `POST /v1/refunds` (by `payment_intent` or `charge`). */
export function createRefund(ctx: ApiContext): Stripe.Refund {
  const { params } = ctx;
  params.rejectUnknown(createParams);
  const stored = findRefundedIntent(ctx);
  const { paymentIntent } = stored;
  if (paymentIntent.status !== "succeeded" || stored.chargeId === undefined) {
    throw invalidRequest({
      message:
        `This PaymentIntent (${paymentIntent.id}) does not have a successful charge ` +
        "to refund.",
      param: "payment_intent",
    });
  }
  const refundableMinor = paymentIntent.amount_received - refundedMinor(ctx, paymentIntent.id);
  const amountMinor = params.optionalInteger("amount") ?? refundableMinor;
  if (refundableMinor <= 0) {
    throw invalidRequest({
      message: `Charge ${stored.chargeId} has already been refunded.`,
      code: "charge_already_refunded",
    });
  }
  if (amountMinor < 1 || amountMinor > refundableMinor) {
    throw invalidRequest({
      message:
        `Refund amount (${amountMinor}) is greater than unrefunded amount on charge ` +
        `(${refundableMinor})`,
      param: "amount",
      code: "amount_too_large",
    });
  }

  const refund = buildRefund(ctx, stored, amountMinor);
  ctx.store.refunds.set(refund.id, refund);
  ctx.events.publish(ctx.mode, { type: "refund.created", object: refund });
  return expandObject(ctx.store, refund, params.stringList("expand"));
}

/** `GET /v1/refunds` (filters: `payment_intent`, `charge`). */
export function listRefunds(ctx: ApiContext): Stripe.ApiList<Stripe.Refund> {
  const paymentIntentId = ctx.params.optionalString("payment_intent");
  const chargeId = ctx.params.optionalString("charge");
  const refunds = [...ctx.store.refunds.values()].filter(
    (refund) =>
      (paymentIntentId === undefined || refund.payment_intent === paymentIntentId) &&
      (chargeId === undefined || refund.charge === chargeId),
  );
  return paginate(ctx, refunds, "/v1/refunds");
}

function findRefundedIntent(ctx: ApiContext): StoredPaymentIntent {
  const paymentIntentId = ctx.params.optionalString("payment_intent");
  if (paymentIntentId !== undefined) {
    return findInMode(ctx, "payment_intent", paymentIntentId, "payment_intent");
  }
  const chargeId = ctx.params.optionalString("charge");
  const byCharge = [...ctx.store.paymentIntents.values()].find(
    (stored) => chargeId !== undefined && stored.chargeId === chargeId,
  );
  if (byCharge) {
    return byCharge;
  }
  throw invalidRequest({
    message:
      "One of the following params should be provided for this request: payment_intent or charge.",
    param: chargeId === undefined ? "payment_intent" : "charge",
  });
}

function refundedMinor(ctx: ApiContext, paymentIntentId: string): number {
  let total = 0;
  for (const refund of ctx.store.refunds.values()) {
    if (refund.payment_intent === paymentIntentId) {
      total += refund.amount;
    }
  }
  return total;
}

function buildRefund(
  ctx: ApiContext,
  stored: StoredPaymentIntent,
  amountMinor: number,
): Stripe.Refund {
  const { paymentIntent } = stored;
  return {
    id: newObjectId("re"),
    object: "refund",
    amount: amountMinor,
    application: null,
    balance_transaction: null,
    charge: stored.chargeId ?? null,
    created: nowEpochSec(),
    currency: paymentIntent.currency,
    customer: paymentIntent.customer,
    customer_account: null,
    destination_details: { card: { type: "refund" }, type: "card" },
    metadata: ctx.params.metadata(),
    payment_intent: paymentIntent.id,
    payment_method: paymentIntent.payment_method,
    reason: ctx.params.optionalEnum("reason", reasons) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}
