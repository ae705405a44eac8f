import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness, stringField, webhookSecrets } from "./api-harness.js";

const path = "/stripe-webhook";
const secret = webhookSecrets.dev;

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness();
});

afterEach(async () => {
  await api.sandbox.releaseWebhooks();
  await api.sandbox.webhooksIdle();
});

afterAll(async () => {
  await api.close();
});

/**
 * A paid checkout whose webhooks the sandbox holds back (released after the
 * test by `afterEach`); returns the session and its completed event's JSON.
 */
async function paidCheckoutWithoutWebhook() {
  await api.sandbox.holdWebhooks();
  const created = await api.post("/ecommerce/create-checkout-session", {
    priceId: "price_test_main_offer",
    productType: "offer",
    isTest: true,
  });
  const sessionId = stringField(created, "sessionId");
  await api.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
  const event = await api.completedEventOf(sessionId);
  return { sessionId, event, payload: JSON.stringify(event) };
}

async function linkOf(sessionId: string) {
  return await api.composed.domain.registry.resourcesOf("test").store.findSessionLink(sessionId);
}

describe("POST /stripe-webhook", () => {
  it("stores the token when Stripe delivers checkout.session.completed", async () => {
    const sessionId = await api.paidCheckout();

    const link = await linkOf(sessionId);
    const attempts = await api.sandbox.webhookAttempts();

    expect(link?.upsellToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await api.tokensOfSession(sessionId)).toHaveLength(1);
    const completed = attempts.filter(
      (attempt) => attempt.eventType === "checkout.session.completed",
    );
    expect(completed.every((attempt) => attempt.status === 200)).toBe(true);
  });

  it("answers 200 with the outcome, and ignores other event types", async () => {
    const { sessionId, event } = await paidCheckoutWithoutWebhook();

    const created = await api.postSignedWebhook({ path, secret, payload: JSON.stringify(event) });
    const other = await api.postSignedWebhook({
      path,
      secret,
      payload: JSON.stringify({ ...event, id: "evt_other", type: "customer.created" }),
    });

    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      success: true,
      received: true,
      eventId: event.id,
      outcome: "token_created",
    });
    expect(other.body).toMatchObject({ success: true, outcome: "ignored" });
    expect(await api.tokensOfSession(sessionId)).toHaveLength(1);
  });

  it("keeps one token when the same event arrives 8 times at once", async () => {
    const { sessionId, payload } = await paidCheckoutWithoutWebhook();

    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api.postSignedWebhook({ path, secret, payload })),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const outcomes = answers.map((answer) => answer.body.outcome);
    expect(outcomes.filter((outcome) => outcome === "token_created")).toHaveLength(1);
    expect(await api.tokensOfSession(sessionId)).toHaveLength(1);
  });

  it("finds the token get-uuid created when the webhook arrives late", async () => {
    await api.sandbox.holdWebhooks();
    const created = await api.post("/ecommerce/create-checkout-session", {
      priceId: "price_test_main_offer",
      productType: "offer",
      isTest: true,
    });
    const sessionId = stringField(created, "sessionId");
    await api.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
    const early = await api.tokenOf(sessionId);

    await api.sandbox.releaseWebhooks();
    await api.sandbox.webhooksIdle();
    const late = await api.postSignedWebhook({
      path,
      secret,
      payload: JSON.stringify(await api.completedEventOf(sessionId)),
    });

    expect(late.body).toMatchObject({ outcome: "token_exists" });
    expect(await api.tokenOf(sessionId)).toBe(early);
    expect(await api.tokensOfSession(sessionId)).toHaveLength(1);
  });

  it.each([
    ["a wrong secret", { secret: "whsec_wrong" }],
    ["a stale timestamp", { timestampEpochSec: Math.floor(Date.now() / 1000) - 600 }],
  ])("refuses %s with 400 INVALID_SIGNATURE before storing anything", async (_case, overrides) => {
    const { sessionId, payload } = await paidCheckoutWithoutWebhook();

    const answer = await api.postSignedWebhook({ path, secret, payload, ...overrides });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ success: false, error: { code: "INVALID_SIGNATURE" } });
    expect(await linkOf(sessionId)).toBeUndefined();
  });

  it("refuses a body changed after signing, and a missing signature", async () => {
    const { sessionId, payload } = await paidCheckoutWithoutWebhook();
    const signature = api.stripe.test.webhooks.generateTestHeaderString({ payload, secret });
    const tampered = payload.replace('"paid"', '"paid" ');

    const changed = await fetch(`${api.url}/ecommerce${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: tampered,
    });
    const unsigned = await api.post(`/ecommerce${path}`, JSON.parse(payload));

    expect(changed.status).toBe(400);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body).toMatchObject({ error: { code: "INVALID_SIGNATURE" } });
    expect(await linkOf(sessionId)).toBeUndefined();
  });

  it("refuses a live-mode event on the test endpoint", async () => {
    const { sessionId, event } = await paidCheckoutWithoutWebhook();

    const answer = await api.postSignedWebhook({
      path,
      secret,
      payload: JSON.stringify({ ...event, livemode: true }),
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: "MODE_MISMATCH" } });
    expect(await linkOf(sessionId)).toBeUndefined();
  });

  it("answers 5xx when Stripe fails, and the redelivery stores the token", async () => {
    await api.sandbox.injectFault({
      method: "GET",
      path: "/v1/checkout/sessions/*",
      fault: { type: "error", status: 500 },
      count: 2,
    });

    const sessionId = await api.paidCheckout();

    const event = await api.completedEventOf(sessionId);
    const attempts = (await api.sandbox.webhookAttempts()).filter(
      (attempt) => attempt.eventId === event.id,
    );
    expect(attempts.map((attempt) => attempt.status)).toEqual([502, 200]);
    expect(await api.tokensOfSession(sessionId)).toHaveLength(1);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const payload = JSON.stringify({ padding: "x".repeat(1024 * 1024) });

    const answer = await api.postSignedWebhook({ path, secret, payload });

    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });
  // Last in this group: the duplicate plan stays armed for the rest of the file.
  it("keeps one token when the sandbox delivers every event twice", async () => {
    await api.sandbox.planWebhooks({ action: "duplicate", count: 10 });

    const sessionId = await api.paidCheckout();

    const event = await api.completedEventOf(sessionId);
    const attempts = (await api.sandbox.webhookAttempts()).filter(
      (attempt) => attempt.eventId === event.id,
    );
    expect(attempts.map((attempt) => attempt.status)).toEqual([200, 200]);
    expect(await api.tokensOfSession(sessionId)).toHaveLength(1);
  });
});

describe("POST /stripe-webhook when the store fails", () => {
  let broken: ApiHarness;

  beforeAll(async () => {
    broken = await startApiHarness({ createTables: false, webhookRetry: { maxAttempts: 1 } });
  });

  afterAll(async () => {
    await broken.close();
  });

  it("answers 503 so Stripe retries, and the redelivery stores the token", async () => {
    const created = await broken.post("/ecommerce/create-checkout-session", {
      priceId: "price_test_main_offer",
      productType: "offer",
      isTest: true,
    });
    const sessionId = stringField(created, "sessionId");
    await broken.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
    await broken.sandbox.webhooksIdle();
    const event = await broken.completedEventOf(sessionId);
    const failed = (await broken.sandbox.webhookAttempts()).find(
      (attempt) => attempt.eventId === event.id,
    );

    await broken.createTables();
    await broken.sandbox.resendEvent(String(event.id));
    await broken.sandbox.webhooksIdle();

    expect(failed?.status).toBe(503);
    expect(await broken.tokensOfSession(sessionId)).toHaveLength(1);
  });
});
