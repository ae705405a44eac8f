import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { embeddedSessionParams, savedCard, stripeFor } from "./sandbox-fixture.js";

/** Submits a page form the way a browser does, without following the redirect. */
function submitForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

describe("human pages", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
  });
  afterAll(() => sandbox.close());

  describe("GET /pay/{checkout_session_id}", () => {
    it("shows a card form that submits to the top window and lists the test cards", async () => {
      const session = await stripe.checkout.sessions.create(embeddedSessionParams);
      const response = await fetch(
        `${sandbox.url}/pay/${session.id}?client_secret=${session.client_secret}`,
      );
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(html).toContain('target="_top"');
      expect(html).toContain("4000002760003184");
      expect(html).toContain("$49.00");
    });

    it("refuses an embedded session without its client secret", async () => {
      const session = await stripe.checkout.sessions.create(embeddedSessionParams);
      const response = await fetch(`${sandbox.url}/pay/${session.id}?client_secret=wrong`);

      expect(response.status).toBe(404);
    });

    it("pays and redirects to the return URL with the session id filled in", async () => {
      const session = await stripe.checkout.sessions.create(embeddedSessionParams);
      const response = await submitForm(`${sandbox.url}/pay/${session.id}`, {
        client_secret: String(session.client_secret),
        card_number: "4242 4242 4242 4242",
        email: "buyer@example.com",
      });
      const paid = await stripe.checkout.sessions.retrieve(session.id);

      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(
        `https://shop.example/thanks?session_id=${session.id}`,
      );
      expect(paid).toMatchObject({ status: "complete", payment_status: "paid" });
      expect(paid.customer_details?.email).toBe("buyer@example.com");
    });

    it("shows a declined card's message and keeps the session open", async () => {
      const session = await stripe.checkout.sessions.create(embeddedSessionParams);
      const response = await submitForm(`${sandbox.url}/pay/${session.id}`, {
        client_secret: String(session.client_secret),
        card_number: "4000000000000002",
      });
      const html = await response.text();
      const after = await stripe.checkout.sessions.retrieve(session.id);

      expect(response.status).toBe(402);
      expect(html).toContain("Your card was declined.");
      expect(after.status).toBe("open");
    });

    it("pays a hosted session and redirects to its success URL", async () => {
      const session = await stripe.checkout.sessions.create({
        mode: "payment",
        ui_mode: "hosted_page",
        success_url: "https://shop.example/done/{CHECKOUT_SESSION_ID}",
        line_items: [{ price: "price_test_upsell_course", quantity: 1 }],
      });
      const response = await submitForm(String(session.url), { card_number: "4242424242424242" });

      expect(response.headers.get("location")).toBe(`https://shop.example/done/${session.id}`);
    });
  });

  describe("GET /authenticate/{payment_intent_id}", () => {
    const returnUrl = "https://shop.example/upsell-return";

    async function intentNeedingAuthentication(): Promise<Stripe.PaymentIntent> {
      const card = await savedCard(stripe, "pm_card_authenticationRequired");
      return await stripe.paymentIntents.create({
        amount: 2900,
        currency: "usd",
        customer: card.customerId,
        payment_method: card.paymentMethodId,
        confirm: true,
        return_url: returnUrl,
      });
    }

    it("shows the challenge with both outcomes, submitting to the top window", async () => {
      const intent = await intentNeedingAuthentication();
      const response = await fetch(String(intent.next_action?.redirect_to_url?.url));
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(html).toContain('target="_top"');
      expect(html).toContain('value="succeed"');
      expect(html).toContain('value="fail"');
    });

    it.each([
      ["succeed", "succeeded", "succeeded"],
      ["fail", "failed", "requires_payment_method"],
    ])("on %s redirects with redirect_status=%s", async (outcome, redirectStatus, status) => {
      const intent = await intentNeedingAuthentication();
      const response = await submitForm(`${sandbox.url}/authenticate/${intent.id}`, {
        client_secret: String(intent.client_secret),
        return_url: returnUrl,
        outcome,
      });
      const location = new URL(String(response.headers.get("location")));
      const after = await stripe.paymentIntents.retrieve(intent.id);

      expect(response.status).toBe(303);
      expect(`${location.origin}${location.pathname}`).toBe(returnUrl);
      expect(location.searchParams.get("payment_intent")).toBe(intent.id);
      expect(location.searchParams.get("redirect_status")).toBe(redirectStatus);
      expect(after.status).toBe(status);
    });

    it("refuses a wrong client secret", async () => {
      const intent = await intentNeedingAuthentication();
      const response = await fetch(`${sandbox.url}/authenticate/${intent.id}?client_secret=nope`);

      expect(response.status).toBe(404);
    });
  });
});
