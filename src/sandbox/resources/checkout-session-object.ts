/** The shape of a checkout session, following Stripe's object field by field. */
import type Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";

/** What a new checkout session is made from (already validated). */
export interface CheckoutSessionDraft {
  id: string;
  mode: Mode;
  uiMode: Stripe.Checkout.Session.UiMode;
  amountTotalMinor: number;
  currency: string;
  successUrl?: string;
  cancelUrl?: string;
  returnUrl?: string;
  redirectOnCompletion?: Stripe.Checkout.Session.RedirectOnCompletion;
  clientSecret: string | null;
  hostedUrl: string | null;
  customerId?: string;
  customerEmail?: string;
  customerCreation?: Stripe.Checkout.Session.CustomerCreation;
  clientReferenceId?: string;
  metadata: Stripe.Metadata;
  createdEpochSec: number;
  expiresAtEpochSec: number;
}

/** Builds an open, unpaid session in Stripe's shape. */
export function buildCheckoutSession(draft: CheckoutSessionDraft): Stripe.Checkout.Session {
  const session: Stripe.Checkout.Session = {
    id: draft.id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: draft.amountTotalMinor,
    amount_total: draft.amountTotalMinor,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: draft.cancelUrl ?? null,
    client_reference_id: draft.clientReferenceId ?? null,
    client_secret: draft.clientSecret,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: draft.createdEpochSec,
    currency: draft.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: draft.customerId ?? null,
    customer_account: null,
    customer_creation: draft.customerCreation ?? null,
    customer_details: null,
    customer_email: draft.customerEmail ?? null,
    discounts: [],
    expires_at: draft.expiresAtEpochSec,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: draft.mode === "live",
    locale: null,
    managed_payments: null,
    metadata: draft.metadata,
    mode: "payment",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: draft.successUrl ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: draft.uiMode,
    url: draft.hostedUrl,
    wallet_options: null,
  };
  if (draft.returnUrl !== undefined) {
    session.return_url = draft.returnUrl;
  }
  if (draft.redirectOnCompletion !== undefined) {
    session.redirect_on_completion = draft.redirectOnCompletion;
  }
  return session;
}
