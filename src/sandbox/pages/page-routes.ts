/** Routes of the human pages: `/pay/{checkout_session_id}`, `/authenticate/{payment_intent_id}`. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import { authenticate, payCheckoutSession } from "../controls.js";
import { readBody, redirect, sendHtml } from "../http/http-io.js";
import { completionRedirectUrl } from "../resources/checkout-session-urls.js";
import type { SandboxCore } from "../sandbox-core.js";
import { SandboxError } from "../sandbox-error.js";
import {
  authenticationReturnUrl,
  renderAuthenticatePage,
  renderAuthenticationResult,
} from "./authenticate-page.js";
import { page } from "./html.js";
import { renderClosedSessionPage, renderPayPage } from "./pay-page.js";

interface PageRequest {
  core: SandboxCore;
  response: ServerResponse;
  id: string;
  /** Query parameters on GET, form fields on POST. */
  fields: URLSearchParams;
}

/** Answers one page request. */
export async function handlePageRequest(
  core: SandboxCore,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://sandbox.local");
  const [, kind, id = "", ...rest] = url.pathname.split("/");
  const method = request.method ?? "GET";
  const fields =
    method === "POST" ? new URLSearchParams(await readBody(request)) : url.searchParams;
  const pageRequest: PageRequest = { core, response, id: decodeURIComponent(id), fields };
  if (rest.length > 0 || (method !== "GET" && method !== "POST")) {
    sendHtml(response, 404, page("Not found", "<h1>Not found</h1>"));
    return;
  }
  if (kind === "pay") {
    method === "GET" ? showPayPage(pageRequest) : submitPayment(pageRequest);
    return;
  }
  method === "GET" ? showChallenge(pageRequest) : submitChallenge(pageRequest);
}

function findSession(core: SandboxCore, id: string): Stripe.Checkout.Session | undefined {
  const mode = id.startsWith("cs_live_") ? "live" : "test";
  return core.stores[mode].checkoutSessions.get(id)?.session;
}

/** Embedded sessions are opened with their client secret; hosted ones by their URL alone. */
function secretMatches(expected: string | null, given: string | null): boolean {
  return expected === null || expected === given;
}

function showPayPage({ core, response, id, fields }: PageRequest): void {
  const session = findSession(core, id);
  if (!session || !secretMatches(session.client_secret, fields.get("client_secret"))) {
    sendHtml(response, 404, page("Not found", "<h1>No such checkout session</h1>"));
    return;
  }
  if (session.status !== "open") {
    sendHtml(response, 200, renderClosedSessionPage(session, completionRedirectUrl(session)));
    return;
  }
  sendHtml(
    response,
    200,
    renderPayPage({ session, clientSecret: fields.get("client_secret") ?? "" }),
  );
}

function submitPayment({ core, response, id, fields }: PageRequest): void {
  const session = findSession(core, id);
  const clientSecret = fields.get("client_secret") ?? "";
  if (!session || !secretMatches(session.client_secret, clientSecret)) {
    sendHtml(response, 404, page("Not found", "<h1>No such checkout session</h1>"));
    return;
  }
  const alreadyPaid = completionRedirectUrl(session);
  if (session.status === "complete" && alreadyPaid) {
    redirect(response, alreadyPaid);
    return;
  }
  const cardNumber = fields.get("card_number") ?? "";
  const email = fields.get("email") || undefined;
  try {
    const paid = payCheckoutSession(core, id, {
      cardNumber,
      email,
      name: fields.get("name") || undefined,
    });
    const target = completionRedirectUrl(paid);
    if (target && paid.redirect_on_completion !== "never") {
      redirect(response, target);
      return;
    }
    sendHtml(response, 200, renderClosedSessionPage(paid));
  } catch (error) {
    if (!(error instanceof SandboxError)) {
      throw error;
    }
    const view = { session, clientSecret, errorMessage: error.message, cardNumber, email };
    sendHtml(response, error.status, renderPayPage(view));
  }
}

function findPaymentIntent(core: SandboxCore, id: string): Stripe.PaymentIntent | undefined {
  return (
    core.stores.test.paymentIntents.get(id)?.paymentIntent ??
    core.stores.live.paymentIntents.get(id)?.paymentIntent
  );
}

function showChallenge({ core, response, id, fields }: PageRequest): void {
  const paymentIntent = findPaymentIntent(core, id);
  const clientSecret = fields.get("client_secret") ?? "";
  if (!paymentIntent || paymentIntent.client_secret !== clientSecret) {
    sendHtml(response, 404, page("Not found", "<h1>No such payment</h1>"));
    return;
  }
  const returnUrl = fields.get("return_url") ?? undefined;
  if (paymentIntent.status !== "requires_action") {
    sendHtml(response, 200, renderAuthenticationResult(paymentIntent));
    return;
  }
  sendHtml(response, 200, renderAuthenticatePage({ paymentIntent, clientSecret, returnUrl }));
}

function submitChallenge({ core, response, id, fields }: PageRequest): void {
  const paymentIntent = findPaymentIntent(core, id);
  if (!paymentIntent || paymentIntent.client_secret !== fields.get("client_secret")) {
    sendHtml(response, 404, page("Not found", "<h1>No such payment</h1>"));
    return;
  }
  if (paymentIntent.status === "requires_action") {
    authenticate(core, id, fields.get("outcome") === "succeed" ? "succeed" : "fail");
  }
  const returnUrl = fields.get("return_url");
  if (returnUrl) {
    redirect(response, authenticationReturnUrl(returnUrl, paymentIntent));
    return;
  }
  sendHtml(response, 200, renderAuthenticationResult(paymentIntent));
}
