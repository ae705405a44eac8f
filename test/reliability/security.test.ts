/**
 * Scenario 6, security: forged, stale and foreign webhooks are refused before
 * anything is stored; test and live never cross; an expired token is refused
 * although its item still exists; a checkout cannot return to a foreign site;
 * CORS answers configured origins only. (The log scan of the whole suite is
 * `log-scan.test.ts`, which runs last.)
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Mode } from "../../src/domain/mode.js";
import { type ApiAnswer, answerLabel } from "./support/api-answer.js";
import { ManualClock } from "./support/manual-clock.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { type ApiRequest, type Stack, startStack, upsellPrice } from "./support/stack.js";
import { webhookSecrets } from "./support/test-secrets.js";
import {
  completedEventOf,
  signatureOf,
  signedWebhook,
  webhookRequest,
} from "./support/webhook-delivery.js";

const testEndpoint = "/webhooks/checkout-completed-test";
const liveEndpoint = "/webhooks/checkout-completed";

let stack: Stack;

beforeAll(async () => {
  // No automatic webhooks: every delivery below is made by hand.
  stack = await startStack({ stage: "prod", registerWebhooks: false });
});

afterAll(async () => {
  await stack?.close();
});

function countLabels(answers: readonly ApiAnswer[], label: string): number {
  return answers.filter((answer) => answerLabel(answer) === label).length;
}

async function linkExists(mode: Mode, sessionId: string): Promise<boolean> {
  return (await stack.stores[mode]?.findSessionLink(sessionId)) !== undefined;
}

/** A paid session that has no token yet, and its completed event as Stripe would send it. */
async function paidSessionAndPayload(mode: Mode = "test") {
  const sessionId = await stack.paidCheckout({ mode });
  const payload = JSON.stringify(await completedEventOf(stack.stripe[mode], sessionId));
  return { sessionId, payload };
}

async function retrievalsOf(sessionId: string): Promise<number> {
  return await stack.sandbox.requestCount("GET", `/v1/checkout/sessions/${sessionId}`);
}

describe("webhook signatures", () => {
  it("refuses bad, wrong-secret and stale signatures before storing", async (context) => {
    const { sessionId, payload } = await paidSessionAndPayload();
    const other = await paidSessionAndPayload();
    const nowSec = Math.floor(Date.now() / 1000);
    const forged: ApiRequest[] = [
      webhookRequest({ path: testEndpoint, payload }),
      webhookRequest({ path: testEndpoint, payload, signature: "" }),
      webhookRequest({ path: testEndpoint, payload, signature: "garbage" }),
      webhookRequest({ path: testEndpoint, payload, signature: `t=${nowSec},v1=` }),
      webhookRequest({ path: testEndpoint, payload, signature: `v1=${"ab".repeat(32)}` }),
      signedWebhook({ path: testEndpoint, payload, secret: "whsec_not_this_endpoints_secret" }),
      signedWebhook({ path: testEndpoint, payload, secret: webhookSecrets.live }),
      signedWebhook({
        path: testEndpoint,
        payload,
        secret: webhookSecrets.test,
        timestampEpochSec: nowSec - 600,
      }),
      webhookRequest({
        path: testEndpoint,
        payload,
        signature: signatureOf({ payload: other.payload, secret: webhookSecrets.test }),
      }),
    ];
    const refused = [];
    for (const request of forged) refused.push(await stack.send(request));
    const storedAfterForgeries = await linkExists("test", sessionId);
    const retrievalsAfterForgeries = await retrievalsOf(sessionId);
    const genuine = await stack.send(
      signedWebhook({ path: testEndpoint, payload, secret: webhookSecrets.test }),
    );

    printFigures("forged deliveries", { answers: refused.map(answerLabel) });
    reportRow(context, {
      scenario: "6a. forged, stale or foreign webhook signatures",
      requests: forged.length + 1,
      expected: {
        refused400InvalidSignature: forged.length,
        tokenStoredBeforeGenuine: false,
        stripeCallsBeforeGenuine: 0,
        genuineDeliveryAfterwards: "200",
        tokenStoredAfterGenuine: true,
      },
      observed: {
        refused400InvalidSignature: countLabels(refused, "400 INVALID_SIGNATURE"),
        tokenStoredBeforeGenuine: storedAfterForgeries,
        stripeCallsBeforeGenuine: retrievalsAfterForgeries,
        genuineDeliveryAfterwards: answerLabel(genuine),
        tokenStoredAfterGenuine: await linkExists("test", sessionId),
      },
    });
  });

  it("refuses an event of the other mode on each endpoint", async (context) => {
    const testSession = await paidSessionAndPayload("test");
    const liveSession = await paidSessionAndPayload("live");
    const crossed = [
      signedWebhook({
        path: liveEndpoint,
        payload: testSession.payload,
        secret: webhookSecrets.live,
      }),
      signedWebhook({
        path: testEndpoint,
        payload: liveSession.payload,
        secret: webhookSecrets.test,
      }),
    ];
    const answers = [];
    for (const request of crossed) answers.push(await stack.send(request));
    const links = await Promise.all([
      linkExists("test", testSession.sessionId),
      linkExists("live", testSession.sessionId),
      linkExists("test", liveSession.sessionId),
      linkExists("live", liveSession.sessionId),
    ]);

    reportRow(context, {
      scenario: "6b. webhook event of the other mode",
      requests: crossed.length,
      expected: { refused400ModeMismatch: 2, tokensStored: 0, stripeCalls: 0 },
      observed: {
        refused400ModeMismatch: countLabels(answers, "400 MODE_MISMATCH"),
        tokensStored: links.filter(Boolean).length,
        stripeCalls:
          (await retrievalsOf(testSession.sessionId)) + (await retrievalsOf(liveSession.sessionId)),
      },
    });
  });
});

describe("test and live tokens", () => {
  it("never charges a test token in live mode nor a live token in test mode", async (context) => {
    const testSession = await stack.paidCheckout({ mode: "test" });
    const liveSession = await stack.paidCheckout({ mode: "live" });
    const testToken = await stack.tokenOf(testSession, "test");
    const liveToken = await stack.tokenOf(liveSession, "live");
    const click = (upsellToken: string, priceId: string, isTest?: boolean): ApiRequest => ({
      path: "/ecommerce/one-click-upsell",
      body: { upsellToken, priceId, ...(isTest === undefined ? {} : { isTest }) },
    });
    const crossings: ApiRequest[] = [
      click(testToken, upsellPrice.live.course, false),
      click(testToken, upsellPrice.test.course, false),
      click(liveToken, upsellPrice.test.course, true),
      click(liveToken, upsellPrice.live.course, true),
      click(testToken, upsellPrice.live.course),
      click(liveToken, upsellPrice.test.course),
      { path: `/ecommerce/get-uuid?session_id=${testSession}&isTest=false` },
      { path: `/ecommerce/get-uuid?session_id=${liveSession}&isTest=true` },
    ];
    const answers = [];
    for (const request of crossings) answers.push(await stack.send(request));
    const testIntents = await stack.upsellIntentsBySession([testSession], "test");
    const liveIntents = await stack.upsellIntentsBySession([liveSession], "live");

    printFigures("mode crossings", { answers: answers.map(answerLabel) });
    reportRow(context, {
      scenario: "6c. test token in live mode, live token in test mode",
      requests: crossings.length,
      expected: {
        tokenNotFoundInOtherMode: 4,
        priceOfOtherModeNotAllowed: 2,
        sessionOfOtherModeMismatch: 2,
        upsellPaymentIntents: 0,
      },
      observed: {
        tokenNotFoundInOtherMode: countLabels(answers.slice(0, 4), "404 TOKEN_NOT_FOUND"),
        priceOfOtherModeNotAllowed: countLabels(answers.slice(4, 6), "400 PRICE_NOT_ALLOWED"),
        sessionOfOtherModeMismatch: countLabels(answers.slice(6), "400 MODE_MISMATCH"),
        upsellPaymentIntents:
          (testIntents.get(testSession)?.length ?? 0) + (liveIntents.get(liveSession)?.length ?? 0),
      },
    });
  });

  it("refuses an expired token even while its item still exists", async (context) => {
    const sessionId = await stack.paidCheckout();
    const token = await stack.tokenOf(sessionId);
    const stored = await stack.stores.test?.getToken(token);
    const expiresAtEpochSec = stored?.expiresAtEpochSec ?? 0;
    const lastValidSecond = stack.compose({
      clock: new ManualClock((expiresAtEpochSec - 1) * 1000),
    });
    const afterExpiry = stack.compose({ clock: new ManualClock(expiresAtEpochSec * 1000) });
    const getUuid: ApiRequest = { path: `/ecommerce/get-uuid?session_id=${sessionId}&isTest=true` };

    const beforeAnswer = await stack.sendInProcess(getUuid, lastValidSecond);
    const refused = [
      await stack.sendInProcess(getUuid, afterExpiry),
      await stack.sendInProcess(stack.clickRequest(token), afterExpiry),
    ];
    const itemStillThere = (await stack.stores.test?.getToken(token)) !== undefined;
    const intents = await stack.upsellIntentsBySession([sessionId]);

    reportRow(context, {
      scenario: "6d. expired token, item still in the table",
      requests: 3,
      expected: {
        getUuidOneSecondBefore: "200",
        refused410TokenExpired: 2,
        itemStillInTable: true,
        upsellPaymentIntents: 0,
      },
      observed: {
        getUuidOneSecondBefore: answerLabel(beforeAnswer),
        refused410TokenExpired: countLabels(refused, "410 TOKEN_EXPIRED"),
        itemStillInTable: itemStillThere,
        upsellPaymentIntents: intents.get(sessionId)?.length ?? 0,
      },
    });
  });
});

describe("checkout return URLs and CORS", () => {
  it("refuses a successUrl on a foreign origin before calling Stripe", async (context) => {
    const foreign = [
      "https://evil.example/success",
      "https://shop.example.evil.example/success",
      "https://shop.example@evil.example/success",
      "http://shop.example/success",
      "https://shop.example:8443/success",
      "https://shop.example./success",
      "//evil.example/success",
      "/success",
      "javascript:alert(document.domain)",
      "data:text/html,<script>alert(1)</script>",
    ];
    const checkout = (successUrl: string): ApiRequest => ({
      path: "/ecommerce/create-checkout-session",
      body: { priceId: "price_test_main_offer", productType: "offer", isTest: true, successUrl },
    });
    const sessionsBefore = await stack.sandbox.requestCount("POST", "/v1/checkout/sessions");
    const answers = [];
    for (const url of foreign) answers.push(await stack.send(checkout(url)));
    const sessionsAfterRefusals = await stack.sandbox.requestCount("POST", "/v1/checkout/sessions");
    const allowed = await stack.send(checkout("https://shop.example/thanks"));

    printFigures("foreign return URLs", { answers: answers.map(answerLabel) });
    reportRow(context, {
      scenario: "6e. successUrl on a foreign origin",
      requests: foreign.length + 1,
      expected: {
        refused400SuccessUrlNotAllowed: foreign.length,
        checkoutSessionsCreated: 0,
        allowedOriginAccepted: "200",
      },
      observed: {
        refused400SuccessUrlNotAllowed: countLabels(answers, "400 SUCCESS_URL_NOT_ALLOWED"),
        checkoutSessionsCreated: sessionsAfterRefusals - sessionsBefore,
        allowedOriginAccepted: answerLabel(allowed),
      },
    });
  });

  it("answers CORS for configured origins only", async (context) => {
    const configured = ["https://shop.example", "http://localhost:3000"];
    const foreign = [
      "https://evil.example",
      "https://shop.example.evil.example",
      "http://shop.example",
      "null",
    ];
    const preflight = (origin: string): ApiRequest => ({
      method: "OPTIONS",
      path: "/ecommerce/one-click-upsell",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    const simple = (origin: string): ApiRequest => ({
      path: "/ecommerce/health",
      headers: { origin },
    });
    const allowOrigin = async (request: ApiRequest) =>
      (await stack.send(request)).headers.get("access-control-allow-origin");

    const configuredAnswers = [];
    for (const origin of configured) {
      configuredAnswers.push((await allowOrigin(preflight(origin))) === origin);
      configuredAnswers.push((await allowOrigin(simple(origin))) === origin);
    }
    const foreignAnswers = [];
    for (const origin of foreign) {
      foreignAnswers.push(await allowOrigin(preflight(origin)));
      foreignAnswers.push(await allowOrigin(simple(origin)));
    }

    reportRow(context, {
      scenario: "6f. CORS",
      requests: (configured.length + foreign.length) * 2,
      expected: {
        configuredOriginsAllowed: configured.length * 2,
        foreignOriginsGivenAllowOrigin: 0,
      },
      observed: {
        configuredOriginsAllowed: configuredAnswers.filter(Boolean).length,
        foreignOriginsGivenAllowOrigin: foreignAnswers.filter((value) => value !== null).length,
      },
    });
  });
});
