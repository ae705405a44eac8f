import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { embeddedSessionParams, paidSession, stripeFor } from "./sandbox-fixture.js";

describe("completing a checkout session", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
  });
  afterAll(() => sandbox.close());

  it("marks the session complete and paid with a succeeded payment intent", async () => {
    const session = await paidSession(stripe, "pm_card_visa");
    const intent = await stripe.paymentIntents.retrieve(String(session.payment_intent));

    expect(session).toMatchObject({ status: "complete", payment_status: "paid" });
    expect(intent).toMatchObject({
      status: "succeeded",
      amount: 4900,
      amount_received: 4900,
      currency: "usd",
      customer: session.customer,
      setup_future_usage: "off_session",
    });
    expect(intent.latest_charge).toMatch(/^ch_/);
  });

  it("creates the customer and saves the card to it", async () => {
    const session = await paidSession(stripe, "pm_card_visa");
    const intent = await stripe.paymentIntents.retrieve(String(session.payment_intent));
    const paymentMethod = await stripe.paymentMethods.retrieve(String(intent.payment_method));
    const customer = await stripe.customers.retrieve(String(session.customer));

    expect(session.customer).toMatch(/^cus_/);
    expect(customer).toMatchObject({ object: "customer", livemode: false });
    expect(paymentMethod).toMatchObject({ object: "payment_method", type: "card" });
    expect(paymentMethod.customer).toBe(session.customer);
    expect(paymentMethod.card?.last4).toBe("4242");
  });

  it("expands payment_intent and payment_intent.payment_method on retrieve", async () => {
    const paid = await paidSession(stripe, "pm_card_mastercard");
    const session = await stripe.checkout.sessions.retrieve(paid.id, {
      expand: ["payment_intent", "payment_intent.payment_method"],
    });
    const intent = session.payment_intent;
    const paymentMethod = typeof intent === "object" ? intent?.payment_method : undefined;

    expect(typeof intent === "object" && intent?.object).toBe("payment_intent");
    expect(typeof paymentMethod === "object" && paymentMethod?.card?.brand).toBe("mastercard");
  });

  it("completes with a raw test card number", async () => {
    const session = await stripe.checkout.sessions.create(embeddedSessionParams);
    await stripe.rawRequest("POST", `/v1/test_helpers/checkout/sessions/${session.id}/complete`, {
      card_number: "4000 0025 0000 3155",
    });
    const paid = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.payment_method"],
    });
    const intent = paid.payment_intent;
    const paymentMethod = typeof intent === "object" ? intent?.payment_method : undefined;

    expect(paid.payment_status).toBe("paid");
    expect(typeof paymentMethod === "object" && paymentMethod?.card?.last4).toBe("3155");
  });

  it.each([
    ["pm_card_chargeDeclined", "generic_decline"],
    ["pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds"],
  ])("declines %s at checkout with %s and leaves the session open", async (card, declineCode) => {
    const session = await stripe.checkout.sessions.create(embeddedSessionParams);
    const attempt = stripe.rawRequest(
      "POST",
      `/v1/test_helpers/checkout/sessions/${session.id}/complete`,
      { payment_method: card },
    );

    await expect(attempt).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    await expect(attempt).rejects.toMatchObject({
      code: "card_declined",
      decline_code: declineCode,
    });
    const after = await stripe.checkout.sessions.retrieve(session.id);
    expect(after).toMatchObject({ status: "open", payment_status: "unpaid", payment_intent: null });
  });

  it("creates no customer when none is asked for and the card is not saved", async () => {
    const session = await paidSession(stripe, "pm_card_visa", {
      customer_creation: undefined,
      payment_intent_data: undefined,
    });

    expect(session.customer).toBeNull();
    expect(session.payment_status).toBe("paid");
  });

  it("charges the session's existing customer", async () => {
    const customer = await stripe.customers.create({ email: "known@example.com" });
    const session = await paidSession(stripe, "pm_card_visa", {
      customer: customer.id,
      customer_creation: undefined,
    });

    expect(session.customer).toBe(customer.id);
  });

  it("refuses to complete a session twice", async () => {
    const session = await paidSession(stripe, "pm_card_visa");
    const again = stripe.rawRequest(
      "POST",
      `/v1/test_helpers/checkout/sessions/${session.id}/complete`,
      { payment_method: "pm_card_visa" },
    );

    await expect(again).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it("completes through the in-process control too", async () => {
    const session = await stripe.checkout.sessions.create(embeddedSessionParams);
    const paid = await sandbox.completeCheckoutSession(session.id, {
      cardNumber: "4242424242424242",
    });

    expect(paid.status).toBe("complete");
  });
});
