import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionLinkRetentionSec } from "../../src/entry/compose.js";
import { createDocumentClient } from "../../src/store/dynamo-client.js";
import { tableNames } from "../../src/store/table-definitions.js";
import {
  type ApiHarness,
  OffsetClock,
  startApiHarness,
  stringField,
  webhookSecrets,
} from "./api-harness.js";

let api: ApiHarness;
const clock = new OffsetClock();

const checkoutBody = { priceId: "price_test_main_offer", productType: "offer", isTest: true };

beforeAll(async () => {
  api = await startApiHarness({ clock });
});

afterAll(async () => {
  await api.close();
});

/** Deletes a session's link and token items, as DynamoDB's TTL does some time after expiry. */
async function deleteAsTtlWould(args: { sessionId: string; upsellToken: string }) {
  const client = createDocumentClient({
    region: api.config.awsRegion,
    endpoint: api.config.dynamoEndpoint,
  });
  const tables = tableNames({ stage: "dev", mode: "test", namespace: api.namespace });
  await client.send(
    new DeleteCommand({ TableName: tables.checkoutSessions, Key: { sessionId: args.sessionId } }),
  );
  await client.send(
    new DeleteCommand({ TableName: tables.upsellTokens, Key: { upsellToken: args.upsellToken } }),
  );
  client.destroy();
}

describe("POST /create-checkout-session", () => {
  it("answers the guide's body with the session's client secret", async () => {
    const answer = await api.post("/ecommerce/create-checkout-session", checkoutBody);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: true,
      clientSecret: expect.stringMatching(/^cs_test_.+_secret_/),
      sessionId: expect.stringMatching(/^cs_test_/),
    });
  });

  it("creates an embedded session that saves the card to a new customer", async () => {
    const answer = await api.post("/ecommerce/create-checkout-session", {
      ...checkoutBody,
      successUrl: "https://shop.example/thanks?from=checkout",
      customerEmail: "buyer@example.com",
    });
    const sessionId = stringField(answer, "sessionId");

    const session = await api.stripe.test.checkout.sessions.retrieve(sessionId);
    await api.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
    const paid = await api.stripe.test.checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent"],
    });

    expect(session).toMatchObject({
      ui_mode: "embedded_page",
      mode: "payment",
      return_url: "https://shop.example/thanks?from=checkout&session_id={CHECKOUT_SESSION_ID}",
      customer_creation: "always",
      customer_email: "buyer@example.com",
      metadata: { productType: "offer" },
    });
    const intent = paid.payment_intent;
    expect(typeof intent === "object" && intent?.setup_future_usage).toBe("off_session");
    expect(typeof paid.customer).toBe("string");
  });

  it("returns to the first allowed origin's success page when no successUrl is sent", async () => {
    const answer = await api.post("/ecommerce/create-checkout-session", checkoutBody);

    const session = await api.stripe.test.checkout.sessions.retrieve(
      stringField(answer, "sessionId"),
    );

    expect(session.return_url).toBe(
      "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
    );
  });

  it.each([
    [
      "a successUrl on a foreign origin",
      { successUrl: "https://evil.example/x" },
      400,
      "SUCCESS_URL_NOT_ALLOWED",
    ],
    ["an unknown price", { priceId: "price_test_nope" }, 400, "PRICE_NOT_FOUND"],
    ["an inactive price", { priceId: "price_test_retired_offer" }, 400, "CHECKOUT_REJECTED"],
    ["a price id without its prefix", { priceId: "main_offer" }, 400, "INVALID_REQUEST"],
    ["an unknown productType", { productType: "bundle" }, 400, "INVALID_REQUEST"],
    ["isTest as a string", { isTest: "true" }, 400, "INVALID_REQUEST"],
    ["a malformed email", { customerEmail: "not-an-email" }, 400, "INVALID_REQUEST"],
    ["live mode on the dev stage", { isTest: false }, 400, "MODE_NOT_AVAILABLE"],
  ])("refuses %s", async (_case, overrides, status, code) => {
    const answer = await api.post("/ecommerce/create-checkout-session", {
      ...checkoutBody,
      ...overrides,
    });

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({
      success: false,
      error: { code, message: expect.any(String) },
    });
  });

  it("treats a missing isTest as live mode, as the guide warns", async () => {
    const { isTest: _isTest, ...withoutMode } = checkoutBody;

    const answer = await api.post("/ecommerce/create-checkout-session", withoutMode);

    expect(answer.body).toMatchObject({ error: { code: "MODE_NOT_AVAILABLE" } });
  });
});

describe("GET /get-uuid", () => {
  it("answers the guide's success body", async () => {
    const sessionId = await api.paidCheckout();

    const answer = await api.get(`/ecommerce/get-uuid?session_id=${sessionId}&isTest=true`);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: true,
      found: true,
      upsellToken: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      expiresAt: expect.any(Number),
      status: "ready",
    });
    const nowEpochSec = Math.floor(clock.nowEpochMs() / 1000);
    expect(Number(answer.body.expiresAt) - nowEpochSec).toBeGreaterThan(86_400 - 60);
    expect(Number(answer.body.expiresAt) - nowEpochSec).toBeLessThanOrEqual(86_400);
  });

  it("returns the same token on every call", async () => {
    const sessionId = await api.paidCheckout();

    const first = await api.tokenOf(sessionId);
    const second = await api.tokenOf(sessionId);

    expect(second).toBe(first);
  });

  it("answers the guide's not-found body while the checkout is unpaid", async () => {
    const created = await api.post("/ecommerce/create-checkout-session", checkoutBody);

    const answer = await api.get(
      `/ecommerce/get-uuid?session_id=${stringField(created, "sessionId")}&isTest=true`,
    );

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      success: false,
      found: false,
      message:
        "Upsell token not found. The webhook may still be processing, or the token has expired.",
      error: {
        code: "TOKEN_NOT_FOUND",
        message:
          "Upsell token not found. The webhook may still be processing, or the token has expired.",
        retryable: false,
      },
    });
  });

  it("answers not found for a session Stripe does not know", async () => {
    const answer = await api.get("/ecommerce/get-uuid?session_id=cs_test_unknown123&isTest=true");

    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ success: false, found: false });
  });

  it("answers 410 once the token has expired", async () => {
    const sessionId = await api.paidCheckout();
    await api.tokenOf(sessionId);
    clock.advanceSec(api.config.tokenTtlSec);

    try {
      const answer = await api.get(`/ecommerce/get-uuid?session_id=${sessionId}&isTest=true`);

      expect(answer.status).toBe(410);
      expect(answer.body).toMatchObject({ found: false, error: { code: "TOKEN_EXPIRED" } });
    } finally {
      clock.offsetMs = 0;
    }
  });

  it("issues no second token for an old checkout once TTL has deleted its items", async () => {
    const sessionId = await api.paidCheckout();
    const upsellToken = await api.tokenOf(sessionId);
    const bought = await api.post("/ecommerce/one-click-upsell", {
      upsellToken,
      priceId: "price_test_upsell_course",
      isTest: true,
    });
    expect(bought.status).toBe(200);
    const completedEvent = JSON.stringify(await api.completedEventOf(sessionId));
    clock.advanceSec(api.config.tokenTtlSec + sessionLinkRetentionSec + 1);
    await deleteAsTtlWould({ sessionId, upsellToken });

    try {
      const answer = await api.get(`/ecommerce/get-uuid?session_id=${sessionId}&isTest=true`);
      const redelivery = await api.postSignedWebhook({
        path: "/stripe-webhook",
        payload: completedEvent,
        secret: webhookSecrets.dev,
        timestampEpochSec: Math.floor(Date.now() / 1000),
      });

      expect(answer.status).toBe(410);
      expect(answer.body).toMatchObject({ found: false, error: { code: "TOKEN_EXPIRED" } });
      expect(redelivery.status).toBe(200);
      expect(redelivery.body).toMatchObject({ outcome: "ignored" });
      expect(await api.tokensOfSession(sessionId)).toEqual([]);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it.each([
    ["a session of the other mode", "session_id=cs_live_abc123&isTest=true", "MODE_MISMATCH"],
    ["a test session without isTest", "session_id=cs_test_abc123", "MODE_MISMATCH"],
    ["a missing session id", "isTest=true", "INVALID_REQUEST"],
    ["a malformed session id", "session_id=cs_test_%3Cscript%3E&isTest=true", "INVALID_REQUEST"],
    ["isTest that is not a boolean", "session_id=cs_test_abc123&isTest=yes", "INVALID_REQUEST"],
  ])("refuses %s with 400", async (_case, query, code) => {
    const answer = await api.get(`/ecommerce/get-uuid?${query}`);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ success: false, error: { code } });
  });
});
