/** The shape of a payment intent, following Stripe's object field by field. */
import type Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";
import { newClientSecret, newObjectId, nowEpochSec } from "../ids.js";

/** What a new payment intent is made from (already validated). */
export interface PaymentIntentDraft {
  mode: Mode;
  amountMinor: number;
  currency: string;
  customerId?: string;
  paymentMethodId?: string;
  setupFutureUsage?: Stripe.PaymentIntent.SetupFutureUsage;
  metadata: Stripe.Metadata;
  description?: string;
  receiptEmail?: string;
}

/** Builds a payment intent awaiting a payment method or a confirmation. */
export function buildPaymentIntent(draft: PaymentIntentDraft): Stripe.PaymentIntent {
  const id = newObjectId("pi");
  return {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: draft.amountMinor,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: "always", enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: newClientSecret(id),
    confirmation_method: "automatic",
    created: nowEpochSec(),
    currency: draft.currency,
    customer: draft.customerId ?? null,
    customer_account: null,
    description: draft.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: draft.mode === "live",
    managed_payments: null,
    metadata: draft.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: draft.paymentMethodId ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        installments: null,
        mandate_options: null,
        network: null,
        request_three_d_secure: "automatic",
      },
    },
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: draft.receiptEmail ?? null,
    review: null,
    setup_future_usage: draft.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: draft.paymentMethodId ? "requires_confirmation" : "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
}
