/**
 * `GET /pay/{checkout_session_id}`: a card form a person can pay a checkout session on,
 * listing the test cards. The form submits to the top window (`target="_top"`), so from
 * inside an embedding iframe the buyer lands on the session's return URL, with
 * `{CHECKOUT_SESSION_ID}` filled in.
 */
import type Stripe from "stripe";
import { testCards } from "../cards.js";
import { escapeHtml, formatAmount, page } from "./html.js";

/** What the pay page shows. */
export interface PayPageView {
  session: Stripe.Checkout.Session;
  clientSecret: string;
  errorMessage?: string;
  cardNumber?: string;
  email?: string;
}

/** The card form of an open session. */
export function renderPayPage(view: PayPageView): string {
  const { session } = view;
  const amount = formatAmount(session.amount_total ?? 0, session.currency ?? "usd");
  const error = view.errorMessage
    ? `<p class="error" role="alert">${escapeHtml(view.errorMessage)}</p>`
    : "";
  const rows = testCards
    .map(
      (card) => `<tr><td><code>${card.number}</code></td><td>${escapeHtml(card.label)}</td></tr>`,
    )
    .join("\n");
  const email = view.email ?? session.customer_email ?? "";
  return page(
    `Pay ${amount}`,
    `<h1>Pay ${escapeHtml(amount)}</h1>
<form method="post" action="/pay/${escapeHtml(session.id)}" target="_top">
<input type="hidden" name="client_secret" value="${escapeHtml(view.clientSecret)}">
<label>Email
<input name="email" type="email" value="${escapeHtml(email)}" autocomplete="email"></label>
<label>Name on card <input name="name" autocomplete="cc-name"></label>
<label>Card number
<input name="card_number" inputmode="numeric" required placeholder="4242 4242 4242 4242"
 value="${escapeHtml(view.cardNumber ?? "")}"></label>
${error}
<button type="submit">Pay ${escapeHtml(amount)}</button>
</form>
<table><caption>Test cards (any future expiry and CVC)</caption>
${rows}
</table>`,
  );
}

/** The page of a session that can no longer be paid. */
export function renderClosedSessionPage(
  session: Stripe.Checkout.Session,
  returnUrl?: string,
): string {
  const link = returnUrl
    ? `<p><a href="${escapeHtml(returnUrl)}" target="_top">Return to the shop</a></p>`
    : "";
  return page(
    "Checkout closed",
    `<h1>This checkout is ${escapeHtml(session.status ?? "closed")}</h1>${link}`,
  );
}
