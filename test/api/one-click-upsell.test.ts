import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../src/store/dynamo-client.js";
import { tableNames } from "../../src/store/table-definitions.js";
import { type ApiHarness, OffsetClock, startApiHarness, stringField } from "./api-harness.js";

const course = "price_test_upsell_course";
const coaching = "price_test_upsell_coaching";
const courseAmountMinor = 2900;
const coachingAmountMinor = 9700;

let api: ApiHarness;
const clock = new OffsetClock();

beforeAll(async () => {
  api = await startApiHarness({ clock });
});

afterAll(async () => {
  await api.close();
});

/** Overwrites a token's state in DynamoDB, as a crashed writer would have left it. */
async function rewriteState(upsellToken: string, state: Record<string, unknown>) {
  const client = createDocumentClient({
    region: api.config.awsRegion,
    endpoint: api.config.dynamoEndpoint,
  });
  const tables = tableNames({ stage: "dev", mode: "test", namespace: api.namespace });
  await client.send(
    new UpdateCommand({
      TableName: tables.upsellTokens,
      Key: { upsellToken },
      UpdateExpression: "SET #state = :state ADD #version :one",
      ExpressionAttributeNames: { "#state": "state", "#version": "version" },
      ExpressionAttributeValues: { ":state": state, ":one": 1 },
    }),
  );
  client.destroy();
}

async function click(upsellToken: string, priceId: string, extra: Record<string, unknown> = {}) {
  return await api.post("/ecommerce/one-click-upsell", { upsellToken, priceId, ...extra });
}

describe("POST /one-click-upsell", () => {
  it("charges the saved card the amount Stripe holds for the price", async () => {
    const sessionId = await api.paidCheckout();
    const token = await api.tokenOf(sessionId);

    const answer = await click(token, course);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      success: true,
      paymentIntentId: expect.stringMatching(/^pi_/),
      amount: courseAmountMinor,
      currency: "usd",
      status: "succeeded",
    });
    const intents = await api.upsellPaymentIntents(sessionId);
    expect(intents.map((intent) => [intent.id, intent.amount, intent.status])).toEqual([
      [answer.body.paymentIntentId, courseAmountMinor, "succeeded"],
    ]);
  });

  it("ignores an amount sent by the client", async () => {
    const token = await api.tokenOf(await api.paidCheckout());

    const answer = await click(token, course, { amount: 1 });

    expect(answer.body.amount).toBe(courseAmountMinor);
  });

  it("returns the same payment to a repeated click and refuses another offer", async () => {
    const sessionId = await api.paidCheckout();
    const token = await api.tokenOf(sessionId);
    const first = await click(token, course);

    const again = await click(token, course);
    const other = await click(token, coaching);

    expect(again.body).toEqual(first.body);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ success: false, error: { code: "TOKEN_ALREADY_USED" } });
    expect(await api.upsellPaymentIntents(sessionId)).toHaveLength(1);
  });

  it("creates exactly one payment intent for a burst of 60 concurrent clicks", async () => {
    const sessionId = await api.paidCheckout();
    const token = await api.tokenOf(sessionId);
    await api.sandbox.resetCounters();

    const answers = await Promise.all(Array.from({ length: 60 }, () => click(token, course)));

    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].every((status) => status === 200 || status === 409)).toBe(true);
    const succeeded = answers.filter((answer) => answer.status === 200);
    expect(new Set(succeeded.map((answer) => answer.body.paymentIntentId)).size).toBe(1);
    for (const busy of answers.filter((answer) => answer.status === 409)) {
      expect(busy.body).toMatchObject({ error: { code: "CHARGE_IN_PROGRESS", retryable: true } });
    }
    expect(await api.upsellPaymentIntents(sessionId)).toHaveLength(1);
    expect(await api.sandbox.requestCount("POST", "/v1/payment_intents")).toBe(1);
  });

  it("answers a decline with 402, the decline code and the card's message", async () => {
    const token = await api.tokenOf(
      await api.paidCheckout({ payment: { cardNumber: "4000000000000341" } }),
    );

    const answer = await click(token, course);

    expect(answer.status).toBe(402);
    expect(answer.body).toMatchObject({
      success: false,
      error: {
        code: "PAYMENT_FAILED",
        message: "Your card was declined.",
        declineCode: "generic_decline",
        retryable: false,
      },
    });
  });

  it("reports insufficient funds and replays it for the same offer", async () => {
    const token = await api.tokenOf(
      await api.paidCheckout({ payment: { cardNumber: "4000008260003178" } }),
    );

    const answer = await click(token, coaching);
    const replay = await click(token, coaching);

    expect(answer.body).toMatchObject({ error: { declineCode: "insufficient_funds" } });
    expect(replay.body).toEqual(answer.body);
  });

  it("asks for authentication with the client secret, then reports the outcome", async () => {
    const sessionId = await api.paidCheckout({ payment: { cardNumber: "4000002760003184" } });
    const token = await api.tokenOf(sessionId);

    const answer = await click(token, course);

    expect(answer.status).toBe(402);
    expect(answer.body).toMatchObject({
      error: {
        code: "AUTHENTICATION_REQUIRED",
        paymentIntentId: expect.stringMatching(/^pi_/),
        clientSecret: expect.stringContaining("_secret_"),
      },
    });
    const error = answer.body.error as { paymentIntentId: string };
    const pending = await api.get(`/ecommerce/upsell-status?upsellToken=${token}`);
    expect(pending.body).toMatchObject({ status: "pending", clientSecret: expect.any(String) });

    await api.sandbox.authenticatePaymentIntent(error.paymentIntentId, "succeed");
    const status = await api.get(`/ecommerce/upsell-status?upsellToken=${token}&isTest=true`);
    const repeat = await click(token, course);

    expect(status.body).toMatchObject({
      success: true,
      status: "charged",
      paymentIntentId: error.paymentIntentId,
      amount: courseAmountMinor,
    });
    expect(repeat.body).toMatchObject({ success: true, paymentIntentId: error.paymentIntentId });
    expect(await api.upsellPaymentIntents(sessionId)).toHaveLength(1);
  });

  it("reports a failed authentication as a decline", async () => {
    const token = await api.tokenOf(
      await api.paidCheckout({ payment: { cardNumber: "4000002760003184" } }),
    );
    const challenge = await click(token, course);
    const { paymentIntentId } = challenge.body.error as { paymentIntentId: string };

    await api.sandbox.authenticatePaymentIntent(paymentIntentId, "fail");
    const answer = await click(token, course);

    expect(answer.status).toBe(402);
    expect(answer.body).toMatchObject({ error: { code: "PAYMENT_FAILED" } });
  });

  it("answers 502 retryable when Stripe fails with 500, and a retry charges once", async () => {
    const sessionId = await api.paidCheckout();
    const token = await api.tokenOf(sessionId);
    await api.sandbox.injectFault({
      method: "POST",
      path: "/v1/payment_intents",
      fault: { type: "error", status: 500 },
      count: 2,
    });

    const failed = await click(token, course);
    const retried = await click(token, course);

    expect(failed.status).toBe(502);
    expect(failed.headers.get("retry-after")).toBe("2");
    expect(failed.body).toMatchObject({
      error: { code: "PAYMENT_PROVIDER_ERROR", retryable: true },
    });
    expect(retried.status).toBe(200);
    expect(await api.upsellPaymentIntents(sessionId)).toHaveLength(1);
  });

  it("never charges twice when Stripe charged but its answer was lost", async () => {
    const sessionId = await api.paidCheckout();
    const token = await api.tokenOf(sessionId);
    await api.sandbox.resetCounters();
    await api.sandbox.injectFault({
      method: "POST",
      path: "/v1/payment_intents",
      fault: { type: "close" },
      phase: "after_execution",
    });

    const answer = await click(token, course);

    // The SDK's one network retry resent the same idempotency key: Stripe
    // replayed the payment intent it had created instead of charging again.
    expect(answer.status).toBe(200);
    expect(await api.sandbox.requestCount("POST", "/v1/payment_intents")).toBe(2);
    const intents = await api.upsellPaymentIntents(sessionId);
    expect(intents.map((intent) => intent.id)).toEqual([answer.body.paymentIntentId]);
  });

  it("recovers a crashed request's claim after the claim timeout, charging once", async () => {
    const sessionId = await api.paidCheckout();
    const token = await api.tokenOf(sessionId);
    const charged = await click(token, course);
    // The process "dies" after Stripe charged but before the outcome was
    // recorded: the token is back in a claim that nobody will finish.
    await rewriteState(token, {
      status: "charging",
      priceId: course,
      attemptId: "crashed-attempt",
      claimedAtEpochSec: Math.floor(clock.nowEpochMs() / 1000),
    });

    const whileClaimed = await click(token, course);
    clock.advanceSec(api.config.claimTimeoutSec);
    try {
      const recovered = await click(token, course);

      expect(whileClaimed.status).toBe(409);
      expect(whileClaimed.body).toMatchObject({ error: { code: "CHARGE_IN_PROGRESS" } });
      expect(recovered.body).toEqual(charged.body);
      expect(await api.upsellPaymentIntents(sessionId)).toHaveLength(1);
    } finally {
      clock.offsetMs = 0;
    }
  });

  it.each([
    ["a price off the allowlist", "price_test_main_offer", 400, "PRICE_NOT_ALLOWED"],
    ["a malformed price id", "prod_123", 400, "INVALID_REQUEST"],
  ])("refuses %s", async (_case, priceId, status, code) => {
    const token = await api.tokenOf(await api.paidCheckout());

    const answer = await click(token, priceId);

    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ success: false, error: { code } });
  });

  it("refuses an unknown or malformed token with the JSON error shape", async () => {
    const unknown = await click("2f1e7c3a-9b7d-4c1e-8f00-123456789abc", course);
    const malformed = await click("not-a-token", course);

    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      success: false,
      found: false,
      error: { code: "TOKEN_NOT_FOUND" },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: "INVALID_REQUEST" } });
  });

  it("refuses an expired token although its item still exists", async () => {
    const token = await api.tokenOf(await api.paidCheckout());
    clock.advanceSec(api.config.tokenTtlSec);

    try {
      const answer = await click(token, course);

      expect(answer.status).toBe(410);
      expect(answer.body).toMatchObject({ error: { code: "TOKEN_EXPIRED" } });
      const status = await api.get(`/ecommerce/upsell-status?upsellToken=${token}`);
      expect(status.body).toMatchObject({ status: "ready" });
    } finally {
      clock.offsetMs = 0;
    }
  });

  it("writes log lines with the request id and token prefix, never the whole token", async () => {
    const token = await api.tokenOf(await api.paidCheckout());

    const answer = await click(token, course);

    const requestId = answer.headers.get("x-request-id") ?? "";
    const lines = api.logLines.filter((line) => line.includes(requestId));
    expect(lines.some((line) => line.includes(`"tokenPrefix":"${token.slice(0, 8)}"`))).toBe(true);
    expect(api.logLines.some((line) => line.includes(token))).toBe(false);
    expect(stringField(answer, "paymentIntentId")).toMatch(/^pi_/);
  });

  describe("after a failed 3-D Secure challenge", () => {
    /** A token whose first click (course) failed authentication; returns its payment intent. */
    async function failedChallenge() {
      const sessionId = await api.paidCheckout({ payment: { cardNumber: "4000002760003184" } });
      const token = await api.tokenOf(sessionId);
      const challenge = await click(token, course);
      const { paymentIntentId } = challenge.body.error as { paymentIntentId: string };
      await api.sandbox.authenticatePaymentIntent(paymentIntentId, "fail");
      return { sessionId, token, paymentIntentId };
    }

    it("cancels the payment intent at Stripe so the page cannot confirm it again", async () => {
      const { token, paymentIntentId } = await failedChallenge();

      const status = await api.get(`/ecommerce/upsell-status?upsellToken=${token}&isTest=true`);
      const repeat = await click(token, course);

      expect(status.body).toMatchObject({ status: "declined", paymentIntentId });
      expect(repeat.status).toBe(402);
      expect(repeat.body).toMatchObject({ error: { code: "PAYMENT_FAILED", paymentIntentId } });
      const intent = await api.stripe.test.paymentIntents.retrieve(paymentIntentId);
      expect(intent).toMatchObject({ status: "canceled", amount_received: 0 });
      const reconfirm = await api.stripe.test.paymentIntents
        .confirm(paymentIntentId)
        .catch((error: unknown) => error);
      expect(reconfirm).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(reconfirm).toMatchObject({ code: "payment_intent_unexpected_state" });
    });

    it("then charges a downsell to another price exactly once", async () => {
      const { sessionId, token, paymentIntentId } = await failedChallenge();
      await click(token, course);

      const downsell = await click(token, coaching);
      const downsellError = downsell.body.error as { paymentIntentId: string };
      await api.sandbox.authenticatePaymentIntent(downsellError.paymentIntentId, "succeed");
      const charged = await click(token, coaching);

      expect(charged.body).toMatchObject({ success: true, amount: coachingAmountMinor });
      const intents = await api.upsellPaymentIntents(sessionId);
      const byStatus = intents.map((intent) => [intent.id, intent.status, intent.amount_received]);
      expect(byStatus).toEqual([
        [downsellError.paymentIntentId, "succeeded", coachingAmountMinor],
        [paymentIntentId, "canceled", 0],
      ]);
    });

    it("keeps the token bound to the price while the cancel fails, and retries it", async () => {
      const { token, paymentIntentId } = await failedChallenge();
      await api.sandbox.injectFault({
        method: "POST",
        path: "/v1/payment_intents/*/cancel",
        fault: { type: "error", status: 500 },
        count: 10,
      });

      const whileFailing = await click(token, course);
      const downsell = await click(token, coaching);
      const status = await api.get(`/ecommerce/upsell-status?upsellToken=${token}&isTest=true`);
      await api.sandbox.clearFaults();
      const retried = await click(token, course);

      expect(whileFailing.status).toBe(409);
      expect(whileFailing.body).toMatchObject({ error: { code: "CHARGE_IN_PROGRESS" } });
      expect(downsell.status).toBe(409);
      expect(downsell.body).toMatchObject({ error: { code: "TOKEN_ALREADY_USED" } });
      expect(status.body).toMatchObject({ status: "pending", paymentIntentId });
      expect(retried.body).toMatchObject({ error: { code: "PAYMENT_FAILED", paymentIntentId } });
      const intent = await api.stripe.test.paymentIntents.retrieve(paymentIntentId);
      expect(intent.status).toBe("canceled");
    });
  });
});
