/**
 * Where the customer types a card and answers a bank's challenge: Stripe itself
 * (Stripe.js with a publishable key) or the project's offline Stripe sandbox,
 * whose `/pay/{checkout_session_id}` and `/authenticate/{payment_intent_id}`
 * pages stand in for Stripe's. The storefront learns which one from its config.
 */

/** Real Stripe: Stripe.js from js.stripe.com with a publishable key. */
export interface StripePaymentHost {
  kind: "stripe";
  /** `pk_test_...` or `pk_live_...`; it must match the client's mode. */
  publishableKey: string;
  /** Overrides the Stripe.js script URL (a newer release, say). */
  stripeJsUrl?: string;
}

/** The offline Stripe sandbox the API talks to on `npm start`. */
export interface SandboxPaymentHost {
  kind: "sandbox";
  /** The sandbox's origin, e.g. `http://127.0.0.1:12111`. */
  sandboxUrl: string;
}

/** Either host; a page never needs to know more than this to take a payment. */
export type PaymentHost = StripePaymentHost | SandboxPaymentHost;

/** The sandbox's card page for a checkout session. */
export function sandboxCheckoutUrl(args: {
  sandboxUrl: string;
  sessionId: string;
  clientSecret: string;
}): string {
  const url = new URL(`/pay/${encodeURIComponent(args.sessionId)}`, args.sandboxUrl);
  url.searchParams.set("client_secret", args.clientSecret);
  return url.toString();
}

/** The sandbox's challenge page for a payment intent that requires authentication. */
export function sandboxAuthenticationUrl(args: {
  sandboxUrl: string;
  paymentIntentId: string;
  clientSecret: string;
  returnUrl: string;
}): string {
  const url = new URL(`/authenticate/${encodeURIComponent(args.paymentIntentId)}`, args.sandboxUrl);
  url.searchParams.set("client_secret", args.clientSecret);
  url.searchParams.set("return_url", args.returnUrl);
  return url.toString();
}
