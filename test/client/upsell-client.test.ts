/**
 * The browser client run under Node against the real thing: the API composed
 * in-process on DynamoDB Local, talking to the Stripe sandbox through the real
 * SDK. `fetch` is only wrapped, to count requests and to act between attempts,
 * except in one test that answers a throttled request itself.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FetchFunction } from "../../src/client/json-request.js";
import { createOneClickOffer } from "../../src/client/one-click-offer.js";
import { UpsellApiError } from "../../src/client/upsell-api-error.js";
import { createUpsellClient, type UpsellClientOptions } from "../../src/client/upsell-client.js";
import {
  type LocalFunnel,
  oneTimeOfferPriceId,
  paymentIntentsOfSession,
  startLocalFunnel,
} from "../e2e/support/local-funnel.js";

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const fastRetry = { maxAttempts: 4, initialDelayMs: 10, maxDelayMs: 20 };

let funnel: LocalFunnel;

beforeAll(async () => {
  funnel = await startLocalFunnel({ dynamoEndpoint: inject("dynamoEndpoint") });
});

afterAll(async () => {
  await funnel?.close();
});

function clientFor(overrides: Partial<UpsellClientOptions> = {}) {
  return createUpsellClient({
    apiBaseUrl: `${funnel.url}/ecommerce`,
    mode: "test",
    tokenRetry: fastRetry,
    ...overrides,
  });
}

/** A fetch that records the paths it was asked for, and runs `onAnswer` after each answer. */
function countingFetch(onAnswer: (path: string, count: number) => Promise<void> = async () => {}) {
  const paths: string[] = [];
  const fetchFn: FetchFunction = async (input, init) => {
    const path = new URL(input).pathname;
    paths.push(path);
    const response = await fetch(input, init);
    await onAnswer(path, paths.filter((seen) => seen === path).length);
    return response;
  };
  return { fetchFn, paths };
}

async function paidSession(cardNumber: string): Promise<string> {
  const { sessionId } = await clientFor().createCheckoutSession({
    priceId: "price_test_main_offer",
    successUrl: `${funnel.url}/success`,
  });
  await funnel.sandbox.completeCheckoutSession(sessionId, { cardNumber });
  return sessionId;
}

describe("createCheckoutSession", () => {
  it("creates an embedded test-mode session for the main offer", async () => {
    const session = await clientFor().createCheckoutSession({
      priceId: "price_test_main_offer",
      successUrl: `${funnel.url}/success?session_id={CHECKOUT_SESSION_ID}`,
    });

    expect(session.sessionId).toMatch(/^cs_test_/);
    expect(session.clientSecret).toMatch(/^cs_test_.+_secret_/);
    const stored = await funnel.stripe.checkout.sessions.retrieve(session.sessionId);
    expect(stored.ui_mode).toBe("embedded_page");
    expect(stored.return_url).toBe(`${funnel.url}/success?session_id={CHECKOUT_SESSION_ID}`);
  });

  it("throws SUCCESS_URL_NOT_ALLOWED, not retryable, for a foreign return URL", async () => {
    const error = await clientFor()
      .createCheckoutSession({
        priceId: "price_test_main_offer",
        successUrl: "https://evil.example/x",
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UpsellApiError);
    expect(error).toMatchObject({ code: "SUCCESS_URL_NOT_ALLOWED", status: 400, retryable: false });
  });
});

describe("getUpsellToken", () => {
  it("returns a ready UUID v4 token for a paid checkout", async () => {
    const sessionId = await paidSession("4242424242424242");
    const token = await clientFor().getUpsellToken({ sessionId });

    expect(token.upsellToken).toMatch(uuidV4);
    expect(token.status).toBe("ready");
    const dayFromNowSec = Math.floor(Date.now() / 1000) + 24 * 60 * 60;
    expect(Math.abs(token.expiresAtEpochSec - dayFromNowSec)).toBeLessThan(60);
  });

  it("asks again while the checkout is not paid, and succeeds once it is", async () => {
    const { sessionId } = await clientFor().createCheckoutSession({
      priceId: "price_test_main_offer",
      successUrl: `${funnel.url}/success`,
    });
    const counting = countingFetch(async (path, count) => {
      if (path.endsWith("/get-uuid") && count === 2) {
        await funnel.sandbox.completeCheckoutSession(sessionId, { cardNumber: "4242424242424242" });
      }
    });

    const token = await clientFor({ fetch: counting.fetchFn }).getUpsellToken({ sessionId });

    expect(token.upsellToken).toMatch(uuidV4);
    expect(counting.paths).toEqual([
      "/ecommerce/get-uuid",
      "/ecommerce/get-uuid",
      "/ecommerce/get-uuid",
    ]);
  });

  it("gives up with TOKEN_NOT_READY after the policy's attempts", async () => {
    const { sessionId } = await clientFor().createCheckoutSession({
      priceId: "price_test_main_offer",
      successUrl: `${funnel.url}/success`,
    });
    const counting = countingFetch();

    const error = await clientFor({ fetch: counting.fetchFn })
      .getUpsellToken({ sessionId, retry: { maxAttempts: 3 } })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "TOKEN_NOT_READY", status: 404, retryable: true });
    expect(counting.paths).toHaveLength(3);
  });

  it("stops asking when the caller aborts", async () => {
    const { sessionId } = await clientFor().createCheckoutSession({
      priceId: "price_test_main_offer",
      successUrl: `${funnel.url}/success`,
    });
    const controller = new AbortController();
    const counting = countingFetch(async () => controller.abort());

    const error = await clientFor({ fetch: counting.fetchFn })
      .getUpsellToken({ sessionId, signal: controller.signal, retry: { initialDelayMs: 5_000 } })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "ABORTED" });
    expect(counting.paths).toHaveLength(1);
  });

  it("waits as long as a throttled answer asks before asking again", async () => {
    const askedAtMs: number[] = [];
    const answers = [
      Response.json(
        { success: false, error: { code: "RATE_LIMITED", message: "wait", retryable: true } },
        { status: 429, headers: { "retry-after": "1" } },
      ),
      Response.json({
        success: true,
        found: true,
        upsellToken: "t",
        expiresAt: 1,
        status: "ready",
      }),
    ];
    const throttledThenFound: FetchFunction = async () => {
      askedAtMs.push(Date.now());
      const answer = answers.shift();
      if (!answer) throw new Error("asked more often than expected");
      return answer;
    };

    const token = await clientFor({ fetch: throttledThenFound }).getUpsellToken({
      sessionId: "cs_test_throttled",
    });

    expect(token.upsellToken).toBe("t");
    const [first = 0, second = 0] = askedAtMs;
    expect(second - first).toBeGreaterThanOrEqual(990);
  });

  it("does not ask again after an error that is not retryable", async () => {
    const sessionId = await paidSession("4242424242424242");
    const counting = countingFetch();

    const error = await clientFor({ mode: "live", fetch: counting.fetchFn })
      .getUpsellToken({ sessionId })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "MODE_MISMATCH", status: 400, retryable: false });
    expect(counting.paths).toHaveLength(1);
  });
});

describe("chargeUpsell", () => {
  it("charges the saved card the price's amount from Stripe", async () => {
    const sessionId = await paidSession("4242424242424242");
    const client = clientFor();
    const { upsellToken } = await client.getUpsellToken({ sessionId });

    const charge = await client.chargeUpsell({ upsellToken, priceId: oneTimeOfferPriceId });

    expect(charge).toMatchObject({ amountMinor: 2900, currency: "usd", status: "succeeded" });
    const intents = await paymentIntentsOfSession(funnel, sessionId);
    expect(intents.map((intent) => [intent.amount, intent.status]).sort()).toEqual([
      [2900, "succeeded"],
      [4900, "succeeded"],
    ]);
  });

  it("throws PAYMENT_FAILED with the decline code when the bank declines", async () => {
    const sessionId = await paidSession("4000000000000341");
    const client = clientFor();
    const { upsellToken } = await client.getUpsellToken({ sessionId });

    const error = await client
      .chargeUpsell({ upsellToken, priceId: oneTimeOfferPriceId })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      code: "PAYMENT_FAILED",
      status: 402,
      retryable: false,
      declineCode: "generic_decline",
    });
  });

  it("throws AUTHENTICATION_REQUIRED with a client secret, then succeeds once passed", async () => {
    const sessionId = await paidSession("4000002760003184");
    const client = clientFor();
    const { upsellToken } = await client.getUpsellToken({ sessionId });

    const error = await client
      .chargeUpsell({ upsellToken, priceId: oneTimeOfferPriceId })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "AUTHENTICATION_REQUIRED", status: 402 });
    const challenge = error instanceof UpsellApiError ? error : undefined;
    expect(challenge?.clientSecret).toMatch(/^pi_.+_secret_/);

    await funnel.sandbox.authenticatePaymentIntent(challenge?.paymentIntentId ?? "", "succeed");
    const charge = await client.chargeUpsell({ upsellToken, priceId: oneTimeOfferPriceId });

    expect(charge).toMatchObject({
      paymentIntentId: challenge?.paymentIntentId,
      status: "succeeded",
    });
  });
});

describe("createOneClickOffer against the API", () => {
  it("creates one payment intent for two concurrent accepts", async () => {
    const sessionId = await paidSession("4242424242424242");
    const counting = countingFetch();
    const offer = createOneClickOffer({
      client: clientFor({ fetch: counting.fetchFn }),
      sessionId,
      priceId: oneTimeOfferPriceId,
    });

    const [first, second] = await Promise.all([offer.accept(), offer.accept()]);

    expect(second).toBe(first);
    expect(counting.paths.filter((path) => path.endsWith("/one-click-upsell"))).toHaveLength(1);
    const upsells = (await paymentIntentsOfSession(funnel, sessionId)).filter(
      (intent) => intent.amount === 2900,
    );
    expect(upsells).toHaveLength(1);
  });
});
