/**
 * The sandbox's state: one independent store per mode, so a test-mode key never sees a
 * live-mode object and the reverse. Maps keep insertion order, which lists rely on.
 */
import type Stripe from "stripe";
import type { Mode } from "../domain/mode.js";
import type { TestCard } from "./cards.js";

/** A payment method with the card it stands for and how it was set up. */
export interface StoredPaymentMethod {
  paymentMethod: Stripe.PaymentMethod;
  card: TestCard;
  /** Set up for later charges (saved with `setup_future_usage` and authenticated then). */
  setUpForFutureUse: boolean;
}

/** A line of a checkout session, as created. */
export interface CheckoutLine {
  priceId: string;
  quantity: number;
  amountMinor: number;
}

/** A checkout session with what completion needs beyond the public object. */
export interface StoredCheckoutSession {
  session: Stripe.Checkout.Session;
  lines: CheckoutLine[];
  paymentIntentData: {
    setupFutureUsage?: "on_session" | "off_session";
    metadata: Stripe.Metadata;
    description?: string;
  };
}

/** A payment intent with its charge id and where the 3-D Secure stand-in returns to. */
export interface StoredPaymentIntent {
  paymentIntent: Stripe.PaymentIntent;
  chargeId?: string;
  returnUrl?: string;
}

/** Every object of one mode. */
export interface ModeStore {
  mode: Mode;
  products: Map<string, Stripe.Product>;
  prices: Map<string, Stripe.Price>;
  customers: Map<string, Stripe.Customer>;
  paymentMethods: Map<string, StoredPaymentMethod>;
  checkoutSessions: Map<string, StoredCheckoutSession>;
  paymentIntents: Map<string, StoredPaymentIntent>;
  refunds: Map<string, Stripe.Refund>;
  events: Map<string, Stripe.Event>;
}

/** The two stores of a sandbox. */
export type ModeStores = Record<Mode, ModeStore>;

/** A fresh, empty store for one mode. */
export function createModeStore(mode: Mode): ModeStore {
  return {
    mode,
    products: new Map(),
    prices: new Map(),
    customers: new Map(),
    paymentMethods: new Map(),
    checkoutSessions: new Map(),
    paymentIntents: new Map(),
    refunds: new Map(),
    events: new Map(),
  };
}

/** Fresh stores for both modes. */
export function createModeStores(): ModeStores {
  return { test: createModeStore("test"), live: createModeStore("live") };
}

/** The other mode, for "exists in live mode" hints in missing-object errors. */
export function otherMode(mode: Mode): Mode {
  return mode === "test" ? "live" : "test";
}
