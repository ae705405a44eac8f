/**
 * Finding objects by id within the caller's mode, with Stripe's `resource_missing`
 * error (and its "exists in live mode" hint) when the id is unknown there.
 */
import type Stripe from "stripe";
import type { ModeScope } from "../api-context.js";
import { resourceMissing } from "../sandbox-error.js";
import {
  type ModeStore,
  otherMode,
  type StoredCheckoutSession,
  type StoredPaymentIntent,
  type StoredPaymentMethod,
} from "../store.js";

/** The kinds of stored objects and what the store keeps for each. */
export interface StoredKinds {
  product: Stripe.Product;
  price: Stripe.Price;
  customer: Stripe.Customer;
  payment_method: StoredPaymentMethod;
  checkout_session: StoredCheckoutSession;
  payment_intent: StoredPaymentIntent;
  refund: Stripe.Refund;
  event: Stripe.Event;
}

/** A kind of stored object. */
export type StoredKind = keyof StoredKinds;

const objectNames: Record<StoredKind, string> = {
  product: "product",
  price: "price",
  customer: "customer",
  payment_method: "PaymentMethod",
  checkout_session: "checkout.session",
  payment_intent: "payment_intent",
  refund: "refund",
  event: "event",
};

/** The map of one kind in a store. */
export function mapOf<K extends StoredKind>(
  store: ModeStore,
  kind: K,
): Map<string, StoredKinds[K]> {
  const maps: { [Kind in StoredKind]: Map<string, StoredKinds[Kind]> } = {
    product: store.products,
    price: store.prices,
    customer: store.customers,
    payment_method: store.paymentMethods,
    checkout_session: store.checkoutSessions,
    payment_intent: store.paymentIntents,
    refund: store.refunds,
    event: store.events,
  };
  return maps[kind];
}

/** Finds an object of the caller's mode or throws `resource_missing` naming `param`. */
export function findInMode<K extends StoredKind>(
  scope: ModeScope,
  kind: K,
  id: string,
  param?: string,
): StoredKinds[K] {
  const found = mapOf(scope.store, kind).get(id);
  if (found !== undefined) {
    return found;
  }
  const elsewhere = otherMode(scope.mode);
  const inOtherMode = mapOf(scope.stores[elsewhere], kind).has(id);
  throw resourceMissing({
    objectName: objectNames[kind],
    id,
    param,
    existsInOtherMode: inOtherMode ? elsewhere : undefined,
  });
}

const kindsByPrefix: ReadonlyArray<[string, StoredKind]> = [
  ["prod_", "product"],
  ["price_", "price"],
  ["cus_", "customer"],
  ["pm_", "payment_method"],
  ["cs_", "checkout_session"],
  ["pi_", "payment_intent"],
  ["re_", "refund"],
  ["evt_", "event"],
];

/** The public Stripe object stored under an id of any kind, for `expand[]`. */
export function findPublicObject(store: ModeStore, id: string): object | undefined {
  const entry = kindsByPrefix.find(([prefix]) => id.startsWith(prefix));
  if (!entry) {
    return undefined;
  }
  const kind = entry[1];
  if (kind === "payment_method") {
    return store.paymentMethods.get(id)?.paymentMethod;
  }
  if (kind === "checkout_session") {
    return store.checkoutSessions.get(id)?.session;
  }
  if (kind === "payment_intent") {
    return store.paymentIntents.get(id)?.paymentIntent;
  }
  return mapOf(store, kind).get(id);
}
