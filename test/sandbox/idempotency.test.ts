import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { savedCard, stripeErrorOf, stripeFor } from "./sandbox-fixture.js";

describe("idempotency", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
  });
  afterAll(() => sandbox.close());

  it("replays the saved response for the same key and parameters", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const params = {
      amount: 2900,
      currency: "usd",
      customer: card.customerId,
      payment_method: card.paymentMethodId,
      confirm: true,
      off_session: true,
    };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: "replay-1" });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: "replay-1" });
    const listed = await stripe.paymentIntents.list({ customer: card.customerId });

    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(listed.data.filter((intent) => intent.amount === 2900)).toHaveLength(1);
  });

  it("replays a card error once the charge was attempted", async () => {
    const card = await savedCard(stripe, "pm_card_chargeCustomerFail");
    const params = {
      amount: 2900,
      currency: "usd",
      customer: card.customerId,
      payment_method: card.paymentMethodId,
      confirm: true,
      off_session: true,
    };
    const firstError = await stripeErrorOf(
      stripe.paymentIntents.create(params, { idempotencyKey: "decline-1" }),
    );
    const secondError = await stripeErrorOf(
      stripe.paymentIntents.create(params, { idempotencyKey: "decline-1" }),
    );

    expect(firstError).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(secondError).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(secondError.payment_intent?.id).toBe(firstError.payment_intent?.id);
  });

  it("does not save a rejected parameter, so the key works once corrected", async () => {
    const base = { amount: 10, currency: "usd" };
    const rejected = stripe.paymentIntents.create(base, { idempotencyKey: "fix-1" });
    await expect(rejected).rejects.toMatchObject({ code: "amount_too_small" });

    const corrected = stripe.paymentIntents.create(
      { ...base, amount: 500 },
      { idempotencyKey: "fix-1" },
    );
    await expect(corrected).resolves.toMatchObject({ amount: 500 });
  });

  it("refuses the same key with different parameters with an idempotency error", async () => {
    await stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: "mismatch-1" });
    const second = stripe.customers.create(
      { email: "two@example.com" },
      { idempotencyKey: "mismatch-1" },
    );

    await expect(second).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(second).rejects.toMatchObject({ statusCode: 400, rawType: "idempotency_error" });
  });

  it("answers 409 to a second request while the first with the same key still runs", async () => {
    await sandbox.injectFault({
      method: "POST",
      path: "/v1/customers",
      fault: { type: "hang", delayMs: 1500 },
    });
    const first = stripe.customers.create(
      { email: "slow@example.com" },
      { idempotencyKey: "busy-1" },
    );
    while ((await sandbox.pendingFaults()).length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const second = await stripeErrorOf(
      stripe.customers.create({ email: "slow@example.com" }, { idempotencyKey: "busy-1" }),
    );
    const created = await first;

    expect(second).toBeInstanceOf(Stripe.errors.StripeError);
    expect(second).toMatchObject({ statusCode: 409, rawType: "idempotency_error" });
    expect(created.email).toBe("slow@example.com");
  });

  it("keeps keys apart per mode", async () => {
    const live = stripeFor(sandbox, "sk_live_sandbox");
    const inTest = await stripe.customers.create(
      { email: "t@example.com" },
      { idempotencyKey: "both" },
    );
    const inLive = await live.customers.create(
      { email: "l@example.com" },
      { idempotencyKey: "both" },
    );

    expect(inLive.id).not.toBe(inTest.id);
    expect(inLive.livemode).toBe(true);
  });
});
