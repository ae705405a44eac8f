/**
 * Finishes a one-time offer the bank wants the customer to authenticate
 * (`AUTHENTICATION_REQUIRED`): Stripe.js `handleNextAction` shows the bank's
 * challenge on the page; the sandbox shows its own challenge page, then sends
 * the window back to `returnUrl` with `payment_intent` and `redirect_status`.
 * Either way the one-click offer then asks the API for the final outcome.
 */
import { type PaymentHost, sandboxAuthenticationUrl } from "./payment-host.js";
import { loadStripeJs } from "./stripe-js.js";
import { UpsellApiError } from "./upsell-api-error.js";

/** What the API hands back with `AUTHENTICATION_REQUIRED`. */
export interface AuthenticationChallenge {
  paymentIntentId: string;
  clientSecret: string;
}

/** How a one-time offer ended, as far as the page can tell. */
export type UpsellOutcome =
  | {
      status: "succeeded";
      paymentIntentId: string;
      /** Present when the API answered the charge directly (no authentication). */
      amountMinor?: number;
      currency?: string;
    }
  /** The bank accepted; the money is still on its way (rare for cards). */
  | { status: "processing"; paymentIntentId: string }
  /** The page is leaving for the challenge page; read the outcome on return. */
  | { status: "redirecting"; paymentIntentId: string };

/** Finishes one challenge; resolves with the outcome or throws `AUTHENTICATION_FAILED`. */
export type Authenticator = (challenge: AuthenticationChallenge) => Promise<UpsellOutcome>;

/**
 * Builds the authenticator for a payment host.
 *
 * @param args.returnUrl Where the sandbox (or a redirecting bank) sends the
 *   customer back; the page there calls `OneClickOffer.resume`.
 */
export function createAuthenticator(args: { host: PaymentHost; returnUrl: string }): Authenticator {
  const host = args.host;
  if (host.kind === "sandbox") {
    return async (challenge) => {
      window.location.assign(
        sandboxAuthenticationUrl({
          sandboxUrl: host.sandboxUrl,
          returnUrl: args.returnUrl,
          ...challenge,
        }),
      );
      return { status: "redirecting", paymentIntentId: challenge.paymentIntentId };
    };
  }

  return async (challenge) => {
    const stripe = await loadStripeJs({
      publishableKey: host.publishableKey,
      ...(host.stripeJsUrl ? { scriptUrl: host.stripeJsUrl } : {}),
    });
    const result = await stripe.handleNextAction({ clientSecret: challenge.clientSecret });
    const status = result.paymentIntent?.status;
    if (!result.error && status === "succeeded") {
      return { status: "succeeded", paymentIntentId: challenge.paymentIntentId };
    }
    if (!result.error && status === "processing") {
      return { status: "processing", paymentIntentId: challenge.paymentIntentId };
    }
    throw authenticationFailed({
      paymentIntentId: challenge.paymentIntentId,
      message: result.error?.message,
      declineCode: result.error?.decline_code,
    });
  };
}

/** What the challenge page (or a redirecting bank) appends to the return URL. */
export interface AuthenticationReturn {
  paymentIntentId: string;
  /** `succeeded`, `failed`, ... as Stripe reports it; a hint only, the API has the truth. */
  redirectStatus: string;
}

/**
 * Reads the return parameters from a URL; `undefined` when the URL is not a
 * return from a challenge. `OneClickOffer.resume` uses it, then asks the API.
 *
 * @example
 * readAuthenticationReturn("https://shop.example/ok?payment_intent=pi_1&redirect_status=failed");
 * // { paymentIntentId: "pi_1", redirectStatus: "succeeded" }
 */
export function readAuthenticationReturn(url: string | URL): AuthenticationReturn | undefined {
  const params = new URL(url).searchParams;
  const paymentIntentId = params.get("payment_intent");
  const redirectStatus = params.get("redirect_status");
  if (!paymentIntentId || !redirectStatus) return undefined;
  return { paymentIntentId, redirectStatus };
}

/** The error for a challenge the customer did not pass (or left). */
export function authenticationFailed(args: {
  paymentIntentId: string;
  message?: string | undefined;
  declineCode?: string | undefined;
}): UpsellApiError {
  return new UpsellApiError({
    code: "AUTHENTICATION_FAILED",
    message: args.message ?? "The bank could not confirm it was you; nothing was charged.",
    status: 0,
    retryable: false,
    paymentIntentId: args.paymentIntentId,
    ...(args.declineCode ? { declineCode: args.declineCode } : {}),
  });
}
