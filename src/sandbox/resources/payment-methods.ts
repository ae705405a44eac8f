/**
 * Card payment methods. Stripe's test ids (`pm_card_visa`, ...) become a fresh
 * `pm_...` object whenever they are used, as on Stripe.
 */
import type Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";
import type { ApiContext, ModeScope } from "../api-context.js";
import {
  isTestPaymentMethodId,
  lookUpCard,
  type TestCard,
  testPaymentMethodCards,
} from "../cards.js";
import { newObjectId, nowEpochSec, randomBase62 } from "../ids.js";
import { cardError, invalidRequest } from "../sandbox-error.js";
import type { StoredPaymentMethod } from "../store.js";
import { expandObject } from "./expand.js";
import { paginate } from "./list.js";
import { findInMode } from "./lookup.js";

const expiryYearsAhead = 4;

/** Builds a card payment method in Stripe's shape. */
export function buildPaymentMethod(mode: Mode, card: TestCard): Stripe.PaymentMethod {
  return {
    id: newObjectId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: {
      address: null,
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + expiryYearsAhead,
      fingerprint: fingerprintOf(card.number),
      funding: "credit",
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowEpochSec(),
    customer: null,
    customer_account: null,
    livemode: mode === "live",
    metadata: {},
    type: "card",
  };
}

const fingerprints = new Map<string, string>();

/** The same card number always has the same fingerprint, as on Stripe. */
function fingerprintOf(number: string): string {
  const known = fingerprints.get(number);
  if (known) {
    return known;
  }
  const fingerprint = randomBase62(16);
  fingerprints.set(number, fingerprint);
  return fingerprint;
}

/** Stores a new payment method for a card. */
export function insertPaymentMethod(scope: ModeScope, card: TestCard): StoredPaymentMethod {
  const stored: StoredPaymentMethod = {
    paymentMethod: buildPaymentMethod(scope.mode, card),
    card,
    setUpForFutureUse: false,
  };
  scope.store.paymentMethods.set(stored.paymentMethod.id, stored);
  return stored;
}

/** A stored payment method, creating one when `id` is a Stripe test id. */
export function materializePaymentMethod(
  scope: ModeScope,
  id: string,
  param: string,
): StoredPaymentMethod {
  if (!isTestPaymentMethodId(id)) {
    return findInMode(scope, "payment_method", id, param);
  }
  const lookup = lookUpCard(testPaymentMethodCards[id] ?? "");
  if (!lookup.found) {
    throw invalidRequest({ message: `No such PaymentMethod: '${id}'`, param });
  }
  return insertPaymentMethod(scope, lookup.card);
}

/** A payment method for a raw test card number (checkout pages and the test helper). */
export function paymentMethodForCardNumber(scope: ModeScope, number: string): StoredPaymentMethod {
  const lookup = lookUpCard(number);
  if (!lookup.found) {
    throw cardError({
      code: lookup.decline.code,
      declineCode: lookup.decline.declineCode,
      message: lookup.decline.message,
    });
  }
  return insertPaymentMethod(scope, lookup.card);
}

/** Attaches to a customer; a payment method belongs to at most one customer. */
export function attachPaymentMethod(
  scope: ModeScope,
  stored: StoredPaymentMethod,
  customerId: string,
): void {
  findInMode(scope, "customer", customerId, "customer");
  const current = stored.paymentMethod.customer;
  if (current !== null && current !== customerId) {
    throw invalidRequest({
      message: "The payment method you provided has already been attached to a customer.",
      param: "payment_method",
    });
  }
  stored.paymentMethod.customer = customerId;
}

/** `GET /v1/payment_methods/:id` */
export function retrievePaymentMethod(ctx: ApiContext): Stripe.PaymentMethod {
  const stored = findInMode(ctx, "payment_method", ctx.pathParam("id"));
  return expandObject(ctx.store, stored.paymentMethod, ctx.params.stringList("expand"));
}

/** `POST /v1/payment_methods/:id/attach` (test ids attach a fresh payment method). */
export function attachPaymentMethodRoute(ctx: ApiContext): Stripe.PaymentMethod {
  ctx.params.rejectUnknown(["customer", "expand"]);
  const stored = materializePaymentMethod(ctx, ctx.pathParam("id"), "payment_method");
  attachPaymentMethod(ctx, stored, ctx.params.requiredString("customer"));
  return stored.paymentMethod;
}

/** `POST /v1/payment_methods/:id/detach` */
export function detachPaymentMethod(ctx: ApiContext): Stripe.PaymentMethod {
  const stored = findInMode(ctx, "payment_method", ctx.pathParam("id"));
  stored.paymentMethod.customer = null;
  stored.setUpForFutureUse = false;
  return stored.paymentMethod;
}

/** `GET /v1/payment_methods?customer=` and `GET /v1/customers/:id/payment_methods` */
export function listPaymentMethods(ctx: ApiContext): Stripe.ApiList<Stripe.PaymentMethod> {
  const customerId = ctx.pathParams.id ?? ctx.params.requiredString("customer");
  findInMode(ctx, "customer", customerId, "customer");
  const owned = [...ctx.store.paymentMethods.values()]
    .map((stored) => stored.paymentMethod)
    .filter((paymentMethod) => paymentMethod.customer === customerId);
  return paginate(ctx, owned, `/v1/customers/${customerId}/payment_methods`);
}
