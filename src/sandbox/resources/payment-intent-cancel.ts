/**
 * `POST /v1/payment_intents/:id/cancel`. Stripe cancels an intent that has not charged yet
 * (or, rarely, one still processing); after that no confirmation can charge it. Other
 * statuses get the same `payment_intent_unexpected_state` error Stripe sends.
 */
import type Stripe from "stripe";
import type { ApiContext } from "../api-context.js";
import { nowEpochSec } from "../ids.js";
import { invalidRequest } from "../sandbox-error.js";
import { expandObject } from "./expand.js";
import { findInMode } from "./lookup.js";

const cancelParams = ["cancellation_reason", "expand"] as const;

const cancelableStatuses: readonly Stripe.PaymentIntent.Status[] = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
  "processing",
];

const cancellationReasons = [
  "duplicate",
  "fraudulent",
  "requested_by_customer",
  "abandoned",
] as const;

/** `POST /v1/payment_intents/:id/cancel` */
export function cancelPaymentIntentRoute(ctx: ApiContext): Stripe.PaymentIntent {
  const { params } = ctx;
  params.rejectUnknown(cancelParams);
  const reason = params.optionalEnum("cancellation_reason", cancellationReasons);
  const { paymentIntent } = findInMode(ctx, "payment_intent", ctx.pathParam("id"));
  if (!cancelableStatuses.includes(paymentIntent.status)) {
    throw invalidRequest({
      message:
        "You cannot cancel this PaymentIntent because it has a status of " +
        `${paymentIntent.status}. Only a PaymentIntent with one of the following statuses ` +
        `may be canceled: ${cancelableStatuses.join(", ")}.`,
      code: "payment_intent_unexpected_state",
    });
  }

  paymentIntent.status = "canceled";
  paymentIntent.canceled_at = nowEpochSec();
  paymentIntent.cancellation_reason = reason ?? null;
  paymentIntent.next_action = null;
  ctx.events.publish(ctx.mode, { type: "payment_intent.canceled", object: paymentIntent });
  return expandObject(ctx.store, paymentIntent, params.stringList("expand"));
}
