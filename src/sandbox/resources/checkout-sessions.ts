/** Checkout sessions: create (with Stripe's validation at this API version) and retrieve. */
import type Stripe from "stripe";
import type { ApiContext } from "../api-context.js";
import type { ParamReader } from "../http/params.js";
import { newCheckoutSessionId, newClientSecret, nowEpochSec } from "../ids.js";
import { invalidRequest, parameterMissing } from "../sandbox-error.js";
import type { CheckoutLine, StoredCheckoutSession } from "../store.js";
import { buildCheckoutSession } from "./checkout-session-object.js";
import { readCheckoutSessionUrls } from "./checkout-session-urls.js";
import { expandObject } from "./expand.js";
import { findInMode } from "./lookup.js";

/** Parameters the sandbox reads. `payment_method_types` is absent: this API version removed it. */
const handledParams = [
  "mode",
  "ui_mode",
  "line_items",
  "success_url",
  "cancel_url",
  "return_url",
  "redirect_on_completion",
  "customer",
  "customer_email",
  "customer_creation",
  "client_reference_id",
  "metadata",
  "payment_intent_data",
  "expires_at",
  "expand",
] as const;

/** Real parameters accepted and ignored: they change nothing the sandbox imitates. */
const ignoredParams = [
  "allow_promotion_codes",
  "billing_address_collection",
  "consent_collection",
  "custom_text",
  "locale",
  "phone_number_collection",
  "saved_payment_method_options",
  "submit_type",
  "customer_update",
  "branding_settings",
  "wallet_options",
  "origin_context",
  "integration_identifier",
] as const;

const uiModes = ["elements", "embedded_page", "form", "hosted_page"] as const;
const sessionModes = ["payment", "setup", "subscription"] as const;
const paymentIntentDataParams = [
  "setup_future_usage",
  "metadata",
  "description",
  "receipt_email",
  "statement_descriptor",
  "statement_descriptor_suffix",
] as const;

const minExpirySec = 30 * 60;
const maxExpirySec = 24 * 60 * 60;

/** `POST /v1/checkout/sessions` */
export function createCheckoutSession(ctx: ApiContext): Stripe.Checkout.Session {
  const { params } = ctx;
  params.rejectUnknown([...handledParams, ...ignoredParams]);
  readPaymentMode(params);
  const uiMode = params.optionalEnum("ui_mode", uiModes) ?? "hosted_page";
  const urls = readCheckoutSessionUrls(params, uiMode);
  const lines = readLines(ctx);
  const currency = singleCurrency(ctx, lines);
  const customer = readCustomer(ctx);
  const paymentIntentData = readPaymentIntentData(params.child("payment_intent_data"));
  const createdEpochSec = nowEpochSec();
  const id = newCheckoutSessionId(ctx.mode);
  const embedsClientSecret = uiMode === "embedded_page" || uiMode === "elements";

  const session = buildCheckoutSession({
    id,
    mode: ctx.mode,
    uiMode,
    amountTotalMinor: lines.reduce((total, line) => total + line.amountMinor * line.quantity, 0),
    currency,
    ...urls,
    clientSecret: embedsClientSecret ? newClientSecret(id) : null,
    hostedUrl: embedsClientSecret ? null : `${ctx.baseUrl}/pay/${id}`,
    ...customer,
    clientReferenceId: params.optionalString("client_reference_id"),
    metadata: params.metadata(),
    createdEpochSec,
    expiresAtEpochSec: readExpiry(params, createdEpochSec),
  });
  const stored: StoredCheckoutSession = { session, lines, paymentIntentData };
  ctx.store.checkoutSessions.set(id, stored);
  return expandObject(ctx.store, session, params.stringList("expand"));
}

/** `GET /v1/checkout/sessions/:id` (with `expand[]`). */
export function retrieveCheckoutSession(ctx: ApiContext): Stripe.Checkout.Session {
  const stored = findInMode(ctx, "checkout_session", ctx.pathParam("id"));
  return expandObject(ctx.store, stored.session, ctx.params.stringList("expand"));
}

function readPaymentMode(params: ParamReader): void {
  const mode = params.optionalEnum("mode", sessionModes);
  if (mode === undefined) {
    throw parameterMissing("mode");
  }
  if (mode !== "payment") {
    throw invalidRequest({
      message: `The Stripe sandbox imitates \`mode: payment\` only, not \`mode: ${mode}\`.`,
      param: "mode",
    });
  }
}

function readLines(ctx: ApiContext): CheckoutLine[] {
  const items = ctx.params.childList("line_items");
  if (items.length === 0) {
    throw parameterMissing("line_items");
  }
  return items.map((item) => readLine(ctx, item));
}

function readLine(ctx: ApiContext, item: ParamReader): CheckoutLine {
  item.rejectUnknown(["price", "quantity", "adjustable_quantity"]);
  const priceParam = item.nameOf("price");
  const priceId = item.requiredString("price");
  const price = findInMode(ctx, "price", priceId, priceParam);
  if (!price.active) {
    throw invalidRequest({
      message: "The price specified is inactive. This field only accepts active prices.",
      param: priceParam,
    });
  }
  if (price.type === "recurring") {
    throw invalidRequest({
      message:
        "You specified `payment` mode but passed a recurring price. Either switch to " +
        "`subscription` mode or use only one-time prices.",
      param: priceParam,
    });
  }
  const quantity = item.optionalInteger("quantity");
  if (quantity === undefined) {
    throw invalidRequest({
      message: `Quantity is required. Add \`quantity\` to \`${item.name}\``,
      param: item.nameOf("quantity"),
      code: "parameter_missing",
    });
  }
  if (quantity < 1) {
    throw invalidRequest({
      message: "This value must be greater than or equal to 1.",
      param: item.nameOf("quantity"),
    });
  }
  return { priceId, quantity, amountMinor: price.unit_amount ?? 0 };
}

function singleCurrency(ctx: ApiContext, lines: readonly CheckoutLine[]): string {
  const currencies = new Set(lines.map((line) => ctx.store.prices.get(line.priceId)?.currency));
  const [currency] = currencies;
  if (currencies.size !== 1 || currency === undefined) {
    throw invalidRequest({
      message: "All line items must use prices in the same currency.",
      param: "line_items",
    });
  }
  return currency;
}

interface CustomerChoice {
  customerId?: string;
  customerEmail?: string;
  customerCreation?: Stripe.Checkout.Session.CustomerCreation;
}

function readCustomer(ctx: ApiContext): CustomerChoice {
  const { params } = ctx;
  const customerId = params.optionalString("customer");
  const customerCreation = params.optionalEnum("customer_creation", [
    "always",
    "if_required",
  ] as const);
  const customerEmail = params.optionalString("customer_email");
  if (customerId === undefined) {
    return { customerEmail, customerCreation: customerCreation ?? "if_required" };
  }
  const other = customerCreation !== undefined ? "customer_creation" : "customer_email";
  if (customerCreation !== undefined || customerEmail !== undefined) {
    throw invalidRequest({
      message: `You may only specify one of these parameters: customer, ${other}.`,
      param: other,
      code: "parameters_exclusive",
    });
  }
  findInMode(ctx, "customer", customerId, "customer");
  return { customerId };
}

function readPaymentIntentData(data: ParamReader): StoredCheckoutSession["paymentIntentData"] {
  data.rejectUnknown(paymentIntentDataParams);
  return {
    setupFutureUsage: data.optionalEnum("setup_future_usage", [
      "on_session",
      "off_session",
    ] as const),
    metadata: data.metadata(),
    description: data.optionalString("description"),
  };
}

function readExpiry(params: ParamReader, createdEpochSec: number): number {
  const expiresAtEpochSec = params.optionalInteger("expires_at");
  if (expiresAtEpochSec === undefined) {
    return createdEpochSec + maxExpirySec;
  }
  const lifetimeSec = expiresAtEpochSec - createdEpochSec;
  if (lifetimeSec < minExpirySec || lifetimeSec > maxExpirySec) {
    throw invalidRequest({
      message: "The `expires_at` timestamp must be between 30 minutes and 24 hours from now.",
      param: "expires_at",
    });
  }
  return expiresAtEpochSec;
}
