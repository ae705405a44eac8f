/**
 * What the demo pages need to know and may know: where the API is, which mode,
 * where the customer pays (Stripe with a publishable key, or the sandbox), and
 * how to show the two offers. Served as `/storefront-config.json`, built once at
 * start; it never holds a secret.
 */
import type { PaymentHost } from "../client/payment-host.js";
import type { PaymentMode } from "../client/upsell-client.js";

/** How an offer is shown; the amount is read from Stripe, for display only. */
export interface OfferDisplay {
  priceId: string;
  name: string;
  description: string;
  /** Null when Stripe could not be asked; the page then shows no price. */
  amountMinor: number | null;
  currency: string | null;
}

/** A Stripe test card and what it does in this funnel. */
export interface TestCard {
  number: string;
  checkout: string;
  oneTimeOffer: string;
}

/** The public configuration of the demo storefront. */
export interface StorefrontConfig {
  /** Base URL of the API, path included (`/ecommerce` when served together). */
  apiBaseUrl: string;
  mode: PaymentMode;
  paymentHost: PaymentHost;
  mainOffer: OfferDisplay;
  oneTimeOffer: OfferDisplay;
  /** Listed on the pages in test mode; empty in live mode. */
  testCards: TestCard[];
}

/**
 * Stripe's test cards as the funnel treats them. The sandbox follows Stripe's
 * documented behaviour for each number.
 */
export const funnelTestCards: readonly TestCard[] = [
  {
    number: "4242 4242 4242 4242",
    checkout: "pays",
    oneTimeOffer: "charged with one click",
  },
  {
    number: "4000 0027 6000 3184",
    checkout: "pays (real Stripe shows the bank's challenge first)",
    oneTimeOffer: "asks the bank's challenge again, then charged",
  },
  {
    number: "4000 0025 0000 3155",
    checkout: "pays (real Stripe shows the bank's challenge first)",
    oneTimeOffer: "charged with one click (the card was set up)",
  },
  {
    number: "4000 0000 0000 0341",
    checkout: "pays (the card is saved)",
    oneTimeOffer: "declined by the bank",
  },
  {
    number: "4000 0000 0000 0002",
    checkout: "declined",
    oneTimeOffer: "not reached",
  },
];
