/**
 * Scenario 4, DynamoDB faults: this file's own DynamoDB Local (data on disk)
 * is stopped in the middle of a run, with charges in flight, and restarted.
 * While it is down every request that needs it fails cleanly (503 JSON,
 * `STORE_UNAVAILABLE`, retryable); afterwards every paid checkout has its
 * token or gets it on redelivery, and no token is charged twice.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { PaymentGateway } from "../../src/domain/ports.js";
import { type DynamoLocal, startDynamoLocal } from "../../src/local/dynamo-local.js";
import {
  type ApiAnswer,
  answerLabel,
  errorOf,
  isRetryableError,
  stringField,
  tally,
} from "./support/api-answer.js";
import { ManualClock } from "./support/manual-clock.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { type ApiRequest, mapWithLimit, range, type Stack, startStack } from "./support/stack.js";
import { webhookSecrets } from "./support/test-secrets.js";
import { completedEventOf, signedWebhook } from "./support/webhook-delivery.js";

const clock = new ManualClock();
/** Armed by the test: the next charge stops DynamoDB while the charge is at Stripe. */
let stopStoreDuringNextCharge = false;
let dataDirectory: string;
let dynamo: DynamoLocal;
let stack: Stack;

beforeAll(async () => {
  dataDirectory = mkdtempSync(join(tmpdir(), "reliability-dynamo-"));
  dynamo = await startDynamoLocal({ dbPath: dataDirectory });
  stack = await startStack({
    dynamoEndpoint: dynamo.endpoint,
    clock,
    // Stripe gives up quickly here; the test redelivers what it gave up on.
    webhookRetry: { initialDelayMs: 100, maxDelayMs: 200, maxAttempts: 3 },
    app: { wrapGateway: stoppingStoreMidCharge },
  });
});

/** The worst moment for the store to go: the token is claimed, the card is being charged. */
function stoppingStoreMidCharge(gateway: PaymentGateway): PaymentGateway {
  return {
    ...gateway,
    chargeSavedPaymentMethod: async (request) => {
      if (stopStoreDuringNextCharge) {
        stopStoreDuringNextCharge = false;
        await dynamo.stop();
      }
      return await gateway.chargeSavedPaymentMethod(request);
    },
  };
}

afterAll(async () => {
  await stack?.close();
  await dynamo?.stop();
  if (dataDirectory) rmSync(dataDirectory, { recursive: true, force: true });
});

function getUuid(sessionId: string): ApiRequest {
  return { path: `/ecommerce/get-uuid?session_id=${sessionId}&isTest=true` };
}

/** A clean store failure: 503, the JSON error shape, STORE_UNAVAILABLE, retryable. */
function isCleanStoreFailure(answer: ApiAnswer): boolean {
  return (
    answer.status === 503 &&
    errorOf(answer)?.code === "STORE_UNAVAILABLE" &&
    isRetryableError(answer)
  );
}

/** Clicks until charged, as a client would: retry on retryable answers, bounded. */
async function chargeUntilDone(token: string): Promise<ApiAnswer> {
  let answer = await stack.send(stack.clickRequest(token));
  for (let retry = 0; retry < 10 && errorOf(answer)?.retryable === true; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    answer = await stack.send(stack.clickRequest(token));
  }
  return answer;
}

async function hasLink(sessionId: string): Promise<boolean> {
  return (await stack.stores.test?.findSessionLink(sessionId)) !== undefined;
}

describe("the API across a DynamoDB Local stop and restart", () => {
  // Down: clean 503s. Restarted: every paid checkout has its token, none charged twice.
  it("fails cleanly while down and loses or doubles nothing after", async (context) => {
    // Before: six paid checkouts with tokens; two already charged.
    const sessionsBefore = await mapWithLimit(range(6), 3, () => stack.paidCheckout());
    const tokensBefore = await mapWithLimit(sessionsBefore, 3, (id) => stack.tokenOf(id));
    const chargedBefore = await Promise.all(
      tokensBefore.slice(0, 2).map((token) => stack.send(stack.clickRequest(token))),
    );

    // A click whose charge is at Stripe when the store goes away, then clicks racing the stop.
    stopStoreDuringNextCharge = true;
    const midCharge = await stack.send(stack.clickRequest(tokensBefore[2] ?? ""));
    const inFlightAnswers = await Promise.all(
      range(3).map(() => stack.send(stack.clickRequest(tokensBefore[3] ?? ""))),
    );

    // While down: checkouts still open and get paid; everything needing the store fails cleanly.
    const sessionsWhileDown = await mapWithLimit(range(4), 2, () => stack.createCheckout());
    for (const sessionId of sessionsWhileDown) {
      await stack.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
    }
    await stack.sandbox.webhooksIdle();
    const [lateSession = "", webhookSession = ""] = sessionsWhileDown;
    const webhookPayload = JSON.stringify(
      await completedEventOf(stack.stripe.test, webhookSession),
    );
    const requestsWhileDown: ApiRequest[] = [
      getUuid(sessionsBefore[4] ?? ""),
      getUuid(lateSession),
      stack.clickRequest(tokensBefore[4] ?? ""),
      stack.clickRequest(tokensBefore[5] ?? ""),
      stack.clickRequest(tokensBefore[2] ?? ""),
      { path: `/ecommerce/upsell-status?upsellToken=${tokensBefore[5]}&isTest=true` },
      signedWebhook({
        path: "/stripe-webhook",
        payload: webhookPayload,
        secret: webhookSecrets.dev,
      }),
    ];
    const answersWhileDown = [];
    for (const request of requestsWhileDown) answersWhileDown.push(await stack.send(request));

    await dynamo.restart();

    // After: data survived; what Stripe gave up on is redelivered; every token charged once.
    const paidSessions = [...sessionsBefore, ...sessionsWhileDown];
    const survived = (await Promise.all(sessionsBefore.map(hasLink))).filter(Boolean).length;
    const missing = [];
    for (const sessionId of paidSessions) if (!(await hasLink(sessionId))) missing.push(sessionId);
    for (const sessionId of missing) {
      await stack.sandbox.resendEvent((await completedEventOf(stack.stripe.test, sessionId)).id);
    }
    await stack.sandbox.webhooksIdle();
    const withToken = (await Promise.all(paidSessions.map(hasLink))).filter(Boolean).length;

    // The claim of the mid-charge click was never closed: it holds until its timeout.
    const beforeClaimTimeout = await stack.send(stack.clickRequest(tokensBefore[2] ?? ""));
    clock.advanceSec(stack.config.claimTimeoutSec);
    const allTokens = await mapWithLimit(paidSessions, 3, (id) => stack.tokenOf(id));
    const finalAnswers = await Promise.all(allTokens.map(chargeUntilDone));
    const intentCounts = [...(await stack.upsellIntentsBySession(paidSessions)).values()].map(
      (intents) => intents.length,
    );
    const answeredIds = finalAnswers
      .filter((answer) => answer.status === 200)
      .map((answer) => stringField(answer, "paymentIntentId"));
    const recovered = finalAnswers[paidSessions.indexOf(sessionsBefore[2] ?? "")];

    printFigures("DynamoDB restart", {
      chargedBefore: chargedBefore.map(answerLabel),
      midCharge: answerLabel(midCharge),
      inFlightAnswers: tally(inFlightAnswers),
      whileDown: answersWhileDown.map(answerLabel),
      redelivered: missing.length,
      finalAnswers: tally(finalAnswers),
    });
    reportRow(context, {
      scenario: "4a. DynamoDB down: requests fail cleanly",
      requests: requestsWhileDown.length + inFlightAnswers.length + 1,
      expected: {
        answersWhileDown: requestsWhileDown.length,
        clean503StoreUnavailable: requestsWhileDown.length,
        inFlightAnswersWithErrorShapeOr200: inFlightAnswers.length,
        midChargeAnswer: "200",
      },
      observed: {
        answersWhileDown: answersWhileDown.length,
        clean503StoreUnavailable: answersWhileDown.filter(isCleanStoreFailure).length,
        inFlightAnswersWithErrorShapeOr200: inFlightAnswers.filter(
          (answer) => answer.status === 200 || errorOf(answer) !== undefined,
        ).length,
        midChargeAnswer: answerLabel(midCharge),
      },
    });
    reportRow(context, {
      scenario: "4b. DynamoDB restarted: every paid checkout has its token",
      requests: paidSessions.length + missing.length,
      expected: {
        paidCheckouts: 10,
        tokensSurvivedRestart: sessionsBefore.length,
        sessionsWithTokenAfterRedelivery: paidSessions.length,
      },
      observed: {
        paidCheckouts: paidSessions.length,
        tokensSurvivedRestart: survived,
        sessionsWithTokenAfterRedelivery: withToken,
      },
    });
    reportRow(context, {
      scenario: "4c. DynamoDB restarted: no token charged twice",
      requests: finalAnswers.length + 1,
      expected: {
        tokensCharged: paidSessions.length,
        tokensWithOnePaymentIntent: paidSessions.length,
        tokensWithMoreIntents: 0,
        distinctIntentsAnswered: paidSessions.length,
        claimLeftByMidChargeAnswer: "409 CHARGE_IN_PROGRESS",
        midChargeRecoveredToItsIntent: true,
      },
      observed: {
        tokensCharged: answeredIds.length,
        tokensWithOnePaymentIntent: intentCounts.filter((count) => count === 1).length,
        tokensWithMoreIntents: intentCounts.filter((count) => count > 1).length,
        distinctIntentsAnswered: new Set(answeredIds).size,
        claimLeftByMidChargeAnswer: answerLabel(beforeClaimTimeout),
        midChargeRecoveredToItsIntent:
          recovered?.status === 200 &&
          stringField(midCharge, "paymentIntentId") === stringField(recovered, "paymentIntentId"),
      },
    });
  });
});
