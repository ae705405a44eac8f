/**
 * Stripe failing under each call of each endpoint, with the SDK's own retry
 * turned off and a short timeout, so every fault reaches this service: the
 * caller gets a retryable error, the retry succeeds, nothing is charged twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./api-harness.js";

const course = "price_test_upsell_course";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({
    stripeMaxNetworkRetries: 0,
    env: { STRIPE_TIMEOUT_MS: "400", CLAIM_TIMEOUT_SECONDS: "5" },
  });
});

afterEach(async () => {
  await api.sandbox.clearFaults();
});

afterAll(async () => {
  await api.close();
});

async function click(upsellToken: string) {
  return await api.post("/ecommerce/one-click-upsell", { upsellToken, priceId: course });
}

/** Retries as a client honouring `retryable` would, a little faster than Retry-After. */
async function clickUntilSettled(upsellToken: string) {
  for (let attempt = 0; ; attempt++) {
    const answer = await click(upsellToken);
    const error = answer.body.error as { retryable?: boolean } | undefined;
    if (!error?.retryable || attempt >= 20) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("Stripe faults on POST /one-click-upsell", () => {
  it.each([
    ["a 500", { type: "error", status: 500 }, "before_execution", 502, "PAYMENT_PROVIDER_ERROR"],
    [
      "a 429",
      { type: "error", status: 429 },
      "before_execution",
      503,
      "PAYMENT_PROVIDER_UNAVAILABLE",
    ],
    [
      "a hang past the timeout",
      { type: "hang", delayMs: 1_200 },
      "before_execution",
      503,
      "PAYMENT_PROVIDER_UNAVAILABLE",
    ],
    [
      "a closed connection",
      { type: "close" },
      "before_execution",
      503,
      "PAYMENT_PROVIDER_UNAVAILABLE",
    ],
    [
      "a hang after charging",
      { type: "hang", delayMs: 1_200 },
      "after_execution",
      503,
      "PAYMENT_PROVIDER_UNAVAILABLE",
    ],
  ] as const)(
    "answers %s retryable, and retrying charges exactly once",
    async (_case, fault, phase, status, code) => {
      const sessionId = await api.paidCheckout();
      const token = await api.tokenOf(sessionId);
      // Two strikes: the SDK retries a closed connection once even with retries off.
      await api.sandbox.injectFault({
        method: "POST",
        path: "/v1/payment_intents",
        fault,
        phase,
        count: 2,
      });

      const failed = await click(token);
      const retried = await clickUntilSettled(token);

      expect(failed.status).toBe(status);
      expect(failed.body).toMatchObject({ success: false, error: { code, retryable: true } });
      expect(failed.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(retried.status).toBe(200);
      const intents = await api.upsellPaymentIntents(sessionId);
      expect(intents.map((intent) => intent.id)).toEqual([retried.body.paymentIntentId]);
    },
  );

  it("answers retryable when the price cannot be read, without claiming the token", async () => {
    // Coaching is charged by no other test here, so its price is not cached yet.
    const coaching = "price_test_upsell_coaching";
    const token = await api.tokenOf(await api.paidCheckout());
    await api.sandbox.injectFault({
      method: "GET",
      path: `/v1/prices/${coaching}`,
      fault: { type: "error", status: 500 },
    });

    const failed = await api.post("/ecommerce/one-click-upsell", {
      upsellToken: token,
      priceId: coaching,
    });
    const status = await api.get(`/ecommerce/upsell-status?upsellToken=${token}`);

    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({
      error: { code: "PAYMENT_PROVIDER_ERROR", retryable: true },
    });
    expect(status.body).toMatchObject({ status: "ready" });
    expect(status.body.priceId).toBeUndefined();
  });
});

describe("Stripe faults on the other endpoints", () => {
  it("answers 502 retryable when creating a checkout session fails", async () => {
    await api.sandbox.injectFault({
      method: "POST",
      path: "/v1/checkout/sessions",
      fault: { type: "error", status: 500 },
    });

    const answer = await api.post("/ecommerce/create-checkout-session", {
      priceId: "price_test_main_offer",
      productType: "offer",
      isTest: true,
    });

    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({
      error: { code: "PAYMENT_PROVIDER_ERROR", retryable: true },
    });
  });

  it("answers get-uuid retryable when Stripe hangs, and the retry finds the token", async () => {
    await api.sandbox.holdWebhooks();
    const created = await api.post("/ecommerce/create-checkout-session", {
      priceId: "price_test_main_offer",
      productType: "offer",
      isTest: true,
    });
    const sessionId = String(created.body.sessionId);
    await api.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
    await api.sandbox.injectFault({
      method: "GET",
      path: `/v1/checkout/sessions/${sessionId}`,
      fault: { type: "hang", delayMs: 1_500 },
    });

    const failed = await api.get(`/ecommerce/get-uuid?session_id=${sessionId}&isTest=true`);
    const retried = await api.get(`/ecommerce/get-uuid?session_id=${sessionId}&isTest=true`);
    await api.sandbox.releaseWebhooks();
    await api.sandbox.webhooksIdle();

    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({
      error: { code: "PAYMENT_PROVIDER_UNAVAILABLE", retryable: true },
    });
    expect(retried.status).toBe(200);
    expect(await api.tokenOf(sessionId)).toBe(retried.body.upsellToken);
  });
});
