/**
 * Test and live mode on the prod stage: each mode has its own Stripe key,
 * webhook endpoint and secret, and tables; nothing crosses over.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness, webhookSecrets } from "./api-harness.js";

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness({ stage: "prod" });
});

afterAll(async () => {
  await api.close();
});

describe("test and live mode on the prod stage", () => {
  it("runs the whole flow in each mode, in that mode's Stripe account and tables", async () => {
    const testSession = await api.paidCheckout({ mode: "test" });
    const liveSession = await api.paidCheckout({ mode: "live" });

    const testToken = await api.tokenOf(testSession, "test");
    const liveToken = await api.tokenOf(liveSession, "live");
    const liveCharge = await api.post("/ecommerce/one-click-upsell", {
      upsellToken: liveToken,
      priceId: "price_live_upsell_course",
      isTest: false,
    });

    expect(liveSession).toMatch(/^cs_live_/);
    expect(liveCharge.status).toBe(200);
    expect(await api.tokensOfSession(testSession, "test")).toHaveLength(1);
    expect(await api.tokensOfSession(testSession, "live")).toHaveLength(0);
    expect(await api.tokensOfSession(liveSession, "live")).toHaveLength(1);
    expect(await api.tokensOfSession(liveSession, "test")).toHaveLength(0);
    expect(testToken).not.toBe(liveToken);
    const liveIntent = await api.stripe.live.paymentIntents.retrieve(
      String(liveCharge.body.paymentIntentId),
    );
    expect(liveIntent.livemode).toBe(true);
  });

  it("does not let a test token charge in live mode, nor a live token in test mode", async () => {
    const testToken = await api.tokenOf(await api.paidCheckout({ mode: "test" }), "test");
    const liveToken = await api.tokenOf(await api.paidCheckout({ mode: "live" }), "live");

    const testAsLive = await api.post("/ecommerce/one-click-upsell", {
      upsellToken: testToken,
      priceId: "price_live_upsell_course",
      isTest: false,
    });
    const liveAsTest = await api.post("/ecommerce/one-click-upsell", {
      upsellToken: liveToken,
      priceId: "price_test_upsell_course",
      isTest: true,
    });

    expect(testAsLive.status).toBe(404);
    expect(liveAsTest.status).toBe(404);
  });

  it("charges a token without isTest in its own mode, against that mode's allowlist", async () => {
    const liveToken = await api.tokenOf(await api.paidCheckout({ mode: "live" }), "live");

    const testPrice = await api.post("/ecommerce/one-click-upsell", {
      upsellToken: liveToken,
      priceId: "price_test_upsell_course",
    });
    const livePrice = await api.post("/ecommerce/one-click-upsell", {
      upsellToken: liveToken,
      priceId: "price_live_upsell_course",
    });

    expect(testPrice.body).toMatchObject({ error: { code: "PRICE_NOT_ALLOWED" } });
    expect(livePrice.status).toBe(200);
  });

  it("refuses a test session id asked for in live mode", async () => {
    const testSession = await api.paidCheckout({ mode: "test" });

    const answer = await api.get(`/ecommerce/get-uuid?session_id=${testSession}&isTest=false`);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: "MODE_MISMATCH" } });
  });

  it("refuses a test-mode event on the live endpoint, even with the live secret", async () => {
    await api.sandbox.holdWebhooks();
    try {
      const created = await api.post("/ecommerce/create-checkout-session", {
        priceId: "price_test_main_offer",
        productType: "offer",
        isTest: true,
      });
      const sessionId = String(created.body.sessionId);
      await api.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
      const event = await api.completedEventOf(sessionId, "test");

      const onLive = await api.postSignedWebhook({
        path: "/webhooks/checkout-completed",
        secret: webhookSecrets.live,
        payload: JSON.stringify(event),
      });
      const testSecretOnLive = await api.postSignedWebhook({
        path: "/webhooks/checkout-completed",
        secret: webhookSecrets.test,
        payload: JSON.stringify(event),
      });

      expect(onLive.status).toBe(400);
      expect(onLive.body).toMatchObject({ error: { code: "MODE_MISMATCH" } });
      expect(testSecretOnLive.body).toMatchObject({ error: { code: "INVALID_SIGNATURE" } });
      expect(await api.tokensOfSession(sessionId, "live")).toHaveLength(0);
    } finally {
      await api.sandbox.releaseWebhooks();
      await api.sandbox.webhooksIdle();
    }
  });

  it("has no dev webhook route on the prod stage", async () => {
    const answer = await api.post("/ecommerce/stripe-webhook", {});

    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});
