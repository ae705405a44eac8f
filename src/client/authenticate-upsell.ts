/**
 * Finishes a one-time offer the bank wants the customer to authenticate
 * (`AUTHENTICATION_REQUIRED`): Stripe.js `handleNextAction` shows the bank's
 * challenge on the page; the sandbox shows its own challenge page, then sends
 * the window back to `returnUrl` with `payment_intent` and `redirect_status`,
 * which {@link readAuthenticationReturn} turns into the outcome.
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
 *   customer back; the page there calls {@link readAuthenticationReturn}.
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

/**
 * Reads the outcome from a URL the challenge page returned to; `undefined` when
 * the URL is not such a return.
 *
 * @example
 * const outcome = readAuthenticationReturn(window.location.href);
 * if (outcome?.status === "succeeded") showThankYou(outcome.paymentIntentId);
 */
export function readAuthenticationReturn(url: string | URL): UpsellOutcome | undefined {
  const params = new URL(url).searchParams;
  const paymentIntentId = params.get("payment_intent");
  const redirectStatus = params.get("redirect_status");
  if (!paymentIntentId || !redirectStatus) return undefined;

  if (redirectStatus === "succeeded") return { status: "succeeded", paymentIntentId };
  if (redirectStatus === "processing") return { status: "processing", paymentIntentId };
  throw authenticationFailed({ paymentIntentId, message: undefined, declineCode: undefined });
}

function authenticationFailed(args: {
  paymentIntentId: string;
  message: string | undefined;
  declineCode: string | undefined;
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
