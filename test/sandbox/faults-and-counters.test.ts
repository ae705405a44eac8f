import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { savedCard, stripeErrorOf, stripeFor } from "./sandbox-fixture.js";

describe("fault injection and request counters", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
  });
  afterEach(async () => {
    await sandbox.clearFaults();
    await sandbox.resetCounters();
  });
  afterAll(() => sandbox.close());

  const countCustomers = async () => (await stripe.customers.list({ limit: 100 })).data.length;

  it("fails the next request with 500 without executing it", async () => {
    const before = await countCustomers();
    await sandbox.injectFault({
      method: "POST",
      path: "/v1/customers",
      fault: { type: "error", status: 500 },
    });
    const error = await stripeErrorOf(stripe.customers.create({ email: "x@example.com" }));

    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error.statusCode).toBe(500);
    expect(await countCustomers()).toBe(before);
  });

  it("fails with 429 as a rate limit", async () => {
    await sandbox.injectFault({
      method: "GET",
      path: "/v1/prices/*",
      fault: { type: "error", status: 429 },
    });
    const error = await stripeErrorOf(stripe.prices.retrieve("price_test_main_offer"));

    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  });

  it("strikes exactly the next N matching requests, then lets them through", async () => {
    await sandbox.injectFault({
      method: "GET",
      path: "/v1/prices/price_test_main_offer",
      count: 2,
      fault: { type: "error", status: 500 },
    });
    const outcomes = [];
    for (let call = 0; call < 3; call += 1) {
      outcomes.push(
        await stripe.prices.retrieve("price_test_main_offer").then(
          () => "ok",
          () => "failed",
        ),
      );
    }

    expect(outcomes).toEqual(["failed", "failed", "ok"]);
  });

  it("leaves other methods and paths alone", async () => {
    await sandbox.injectFault({
      method: "POST",
      path: "/v1/prices",
      fault: { type: "error", status: 500 },
    });

    await expect(stripe.prices.retrieve("price_test_main_offer")).resolves.toMatchObject({
      unit_amount: 4900,
    });
    expect(await sandbox.pendingFaults()).toHaveLength(1);
  });

  it("delays a hanging request, which then succeeds", async () => {
    await sandbox.injectFault({
      method: "GET",
      path: "/v1/prices/*",
      fault: { type: "hang", delayMs: 50 },
    });

    await expect(stripe.prices.retrieve("price_test_main_offer")).resolves.toMatchObject({
      id: "price_test_main_offer",
    });
    expect(await sandbox.pendingFaults()).toHaveLength(0);
  });

  it("closes the connection; the SDK retries once by itself and succeeds", async () => {
    await sandbox.injectFault({ method: "POST", path: "/v1/customers", fault: { type: "close" } });
    const customer = await stripe.customers.create({ email: "retry@example.com" });

    expect(customer.id).toMatch(/^cus_/);
    expect(await sandbox.requestCount("POST", "/v1/customers")).toBe(2);
  });

  it("creates exactly one payment intent when the answer is lost after execution", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    await sandbox.resetCounters();
    await sandbox.injectFault({
      method: "POST",
      path: "/v1/payment_intents",
      phase: "after_execution",
      fault: { type: "close" },
    });
    const intent = await stripe.paymentIntents.create({
      amount: 2900,
      currency: "usd",
      customer: card.customerId,
      payment_method: card.paymentMethodId,
      confirm: true,
      off_session: true,
    });
    const listed = await stripe.paymentIntents.list({ customer: card.customerId });

    expect(await sandbox.requestCount("POST", "/v1/payment_intents")).toBe(2);
    expect(intent.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(listed.data.filter((item) => item.amount === 2900).map((item) => item.id)).toEqual([
      intent.id,
    ]);
  });

  it("answers 500 after executing, and the retry with the same key replays the work", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    await sandbox.injectFault({
      method: "POST",
      path: "/v1/payment_intents",
      phase: "after_execution",
      fault: { type: "error", status: 500 },
    });
    const params = {
      amount: 9700,
      currency: "usd",
      customer: card.customerId,
      payment_method: card.paymentMethodId,
      confirm: true,
      off_session: true,
    };
    const failure = await stripeErrorOf(
      stripe.paymentIntents.create(params, { idempotencyKey: "lost-answer" }),
    );
    const retried = await stripe.paymentIntents.create(params, { idempotencyKey: "lost-answer" });
    const listed = await stripe.paymentIntents.list({ customer: card.customerId });

    expect(failure.statusCode).toBe(500);
    expect(retried.status).toBe("succeeded");
    expect(listed.data.filter((item) => item.amount === 9700)).toHaveLength(1);
  });

  it("counts requests per method and path, with * for one segment", async () => {
    await stripe.prices.retrieve("price_test_main_offer");
    await stripe.prices.retrieve("price_test_upsell_course");
    await stripe.prices.list();

    expect(await sandbox.requestCount("GET", "/v1/prices/price_test_main_offer")).toBe(1);
    expect(await sandbox.requestCount("GET", "/v1/prices/*")).toBe(2);
    expect(await sandbox.requestCount("GET", "/v1/prices")).toBe(1);
    expect(await sandbox.requestCount("POST", "/v1/prices/*")).toBe(0);
  });

  it("starts counting from zero after a reset", async () => {
    await stripe.prices.list();
    await sandbox.resetCounters();

    expect(await sandbox.requestCounts()).toEqual([]);
  });
});
