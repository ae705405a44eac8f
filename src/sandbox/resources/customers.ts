/** Customers: create, retrieve, list (by `email`). */
import type Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";
import type { ApiContext, ModeScope } from "../api-context.js";
import { newObjectId, nowEpochSec, randomBase62 } from "../ids.js";
import { expandObject } from "./expand.js";
import { paginate } from "./list.js";
import { findInMode } from "./lookup.js";
import { attachPaymentMethod, materializePaymentMethod } from "./payment-methods.js";

/** What a customer is made from. */
export interface CustomerDraft {
  email?: string;
  name?: string;
  description?: string;
  phone?: string;
  metadata?: Stripe.Metadata;
}

/** Builds a customer object in Stripe's shape. */
export function buildCustomer(mode: Mode, draft: CustomerDraft): Stripe.Customer {
  return {
    id: newObjectId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: nowEpochSec(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: draft.description ?? null,
    email: draft.email ?? null,
    invoice_prefix: randomBase62(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: mode === "live",
    metadata: draft.metadata ?? {},
    name: draft.name ?? null,
    next_invoice_sequence: 1,
    phone: draft.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

/** Creates and stores a customer (used by the API and by checkout completion). */
export function insertCustomer(scope: ModeScope, draft: CustomerDraft): Stripe.Customer {
  const customer = buildCustomer(scope.mode, draft);
  scope.store.customers.set(customer.id, customer);
  return customer;
}

const createParams = [
  "email",
  "name",
  "description",
  "phone",
  "metadata",
  "payment_method",
  "invoice_settings",
  "expand",
  "preferred_locales",
] as const;

/** `POST /v1/customers` (optionally attaching `payment_method`). */
export function createCustomer(ctx: ApiContext): Stripe.Customer {
  const { params } = ctx;
  params.rejectUnknown(createParams);
  const paymentMethodId = params.optionalString("payment_method");
  const stored =
    paymentMethodId === undefined
      ? undefined
      : materializePaymentMethod(ctx, paymentMethodId, "payment_method");
  const defaultPaymentMethod = params
    .child("invoice_settings")
    .optionalString("default_payment_method");
  const customer = insertCustomer(ctx, {
    email: params.optionalString("email"),
    name: params.optionalString("name"),
    description: params.optionalString("description"),
    phone: params.optionalString("phone"),
    metadata: params.metadata(),
  });
  if (stored) {
    attachPaymentMethod(ctx, stored, customer.id);
  }
  customer.invoice_settings.default_payment_method = defaultPaymentMethod ?? null;
  return expandObject(ctx.store, customer, params.stringList("expand"));
}

/** `GET /v1/customers/:id` */
export function retrieveCustomer(ctx: ApiContext): Stripe.Customer {
  const customer = findInMode(ctx, "customer", ctx.pathParam("id"));
  return expandObject(ctx.store, customer, ctx.params.stringList("expand"));
}

/** `GET /v1/customers` (filter: `email`). */
export function listCustomers(ctx: ApiContext): Stripe.ApiList<Stripe.Customer> {
  const email = ctx.params.optionalString("email");
  const customers = [...ctx.store.customers.values()].filter(
    (customer) => email === undefined || customer.email === email,
  );
  return paginate(ctx, customers, "/v1/customers");
}
