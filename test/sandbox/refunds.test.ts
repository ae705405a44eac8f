import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { paidSession, stripeErrorOf, stripeFor } from "./sandbox-fixture.js";

describe("refunds", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
  });
  afterAll(() => sandbox.close());

  const paidIntentId = async () =>
    String((await paidSession(stripe, "pm_card_visa")).payment_intent);

  it("refunds a whole payment by payment intent", async () => {
    const paymentIntent = await paidIntentId();
    const refund = await stripe.refunds.create({ payment_intent: paymentIntent });

    expect(refund.id).toMatch(/^re_/);
    expect(refund).toMatchObject({
      object: "refund",
      amount: 4900,
      currency: "usd",
      status: "succeeded",
      payment_intent: paymentIntent,
    });
    expect(refund.charge).toMatch(/^ch_/);
  });

  it("refunds part of a payment, then lists the refunds of that payment", async () => {
    const paymentIntent = await paidIntentId();
    const first = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 });
    const second = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 900 });
    const listed = await stripe.refunds.list({ payment_intent: paymentIntent });

    expect(listed.data.map((refund) => refund.id)).toEqual([second.id, first.id]);
  });

  it("refuses to refund more than what is left", async () => {
    const paymentIntent = await paidIntentId();
    await stripe.refunds.create({ payment_intent: paymentIntent, amount: 4000 });
    const error = await stripeErrorOf(
      stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.param).toBe("amount");
  });

  it("refuses to refund a payment that did not succeed", async () => {
    const intent = await stripe.paymentIntents.create({ amount: 500, currency: "usd" });
    const error = await stripeErrorOf(stripe.refunds.create({ payment_intent: intent.id }));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
