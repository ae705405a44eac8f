/**
 * `GET /authenticate/{payment_intent_id}`: the 3-D Secure stand-in. The buyer completes or
 * fails the challenge; the answer goes to the top window (`target="_top"`), which is then
 * sent to `return_url` with `payment_intent` and `redirect_status`, as Stripe does.
 */
import type Stripe from "stripe";
import { escapeHtml, formatAmount, page } from "./html.js";

/** What the challenge page shows. */
export interface AuthenticatePageView {
  paymentIntent: Stripe.PaymentIntent;
  clientSecret: string;
  returnUrl?: string;
}

/** The challenge of a `requires_action` payment intent. */
export function renderAuthenticatePage(view: AuthenticatePageView): string {
  const { paymentIntent } = view;
  const amount = formatAmount(paymentIntent.amount, paymentIntent.currency);
  const hidden = [
    `<input type="hidden" name="client_secret" value="${escapeHtml(view.clientSecret)}">`,
    view.returnUrl
      ? `<input type="hidden" name="return_url" value="${escapeHtml(view.returnUrl)}">`
      : "",
  ].join("\n");
  return page(
    "Authenticate payment",
    `<h1>3D Secure test payment</h1>
<p>Your bank asks you to confirm a payment of ${escapeHtml(amount)}.</p>
<form method="post" action="/authenticate/${escapeHtml(paymentIntent.id)}" target="_top">
${hidden}
<button type="submit" name="outcome" value="succeed">Complete authentication</button>
<button type="submit" name="outcome" value="fail">Fail authentication</button>
</form>`,
  );
}

/** The result when there is no return URL to go back to. */
export function renderAuthenticationResult(paymentIntent: Stripe.PaymentIntent): string {
  return page(
    "Authentication finished",
    `<h1>Payment ${escapeHtml(paymentIntent.status)}</h1><p>${escapeHtml(paymentIntent.id)}</p>`,
  );
}

/** `return_url` with `payment_intent`, its client secret and `redirect_status` added. */
export function authenticationReturnUrl(
  returnUrl: string,
  paymentIntent: Stripe.PaymentIntent,
): string {
  const url = new URL(returnUrl);
  url.searchParams.set("payment_intent", paymentIntent.id);
  url.searchParams.set("payment_intent_client_secret", paymentIntent.client_secret ?? "");
  url.searchParams.set(
    "redirect_status",
    paymentIntent.status === "succeeded" ? "succeeded" : "failed",
  );
  return url.toString();
}
