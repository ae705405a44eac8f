/**
 * Scenario 3, continued: a claim left by a crashed request. The request
 * claimed the token and charged the card, then its process died before it
 * recorded anything. The claim holds until the claim timeout (crossed on an
 * injected clock, not by waiting); then a click takes it over and charges
 * with the same idempotency key, so Stripe answers with the same payment
 * intent and the customer is charged once.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ChargeOutcome, PaymentGateway } from "../../src/domain/ports.js";
import { answerLabel, bodyHas } from "./support/api-answer.js";
import { ManualClock } from "./support/manual-clock.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { type Stack, startStack } from "./support/stack.js";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** A gateway that charges for real, then never answers: the process died right there. */
function crashingAfterCharge(gateway: PaymentGateway, charged: (outcome: ChargeOutcome) => void) {
  return {
    ...gateway,
    chargeSavedPaymentMethod: async (
      request: Parameters<PaymentGateway["chargeSavedPaymentMethod"]>[0],
    ) => {
      charged(await gateway.chargeSavedPaymentMethod(request));
      return await new Promise<ChargeOutcome>(() => {});
    },
  };
}

describe("a claim left by a crashed request", () => {
  it("is taken over after the claim timeout, reusing its payment intent", async (context) => {
    const clock = new ManualClock();
    const claimTimeoutSec = stack.config.claimTimeoutSec;
    const crash = deferred<ChargeOutcome>();
    const crashing = stack.compose({
      clock,
      wrapGateway: (gateway) => crashingAfterCharge(gateway, crash.resolve),
    });
    const recovering = stack.compose({ clock });
    const sessionId = await stack.paidCheckout();
    const token = await stack.tokenOf(sessionId);
    const request = stack.clickRequest(token);
    const chargePostsBefore = await stack.sandbox.requestCount("POST", "/v1/payment_intents");

    void stack.sendInProcess(request, crashing);
    const crashedCharge = await crash.promise;
    const atCrash = await stack.sendInProcess(request, recovering);
    clock.advanceSec(claimTimeoutSec - 1);
    const justBefore = await stack.sendInProcess(request, recovering);
    clock.advanceSec(1);
    const atTimeout = await stack.sendInProcess(request, recovering);
    const afterRecovery = await stack.sendInProcess(request, recovering);

    const intents = (await stack.upsellIntentsBySession([sessionId])).get(sessionId) ?? [];
    const attempts = await stack.documentClient.send(
      new QueryCommand({
        TableName: stack.tables.test?.chargeAttempts,
        KeyConditionExpression: "upsellToken = :token",
        ExpressionAttributeValues: { ":token": token },
      }),
    );
    const keys = new Set((attempts.Items ?? []).map((item) => String(item.idempotencyKey)));
    const statuses = (attempts.Items ?? []).map((item) => String(item.status)).sort();
    printFigures("crash recovery", {
      claimTimeoutSec,
      answers: [atCrash, justBefore, atTimeout, afterRecovery].map(answerLabel),
      auditStatuses: statuses,
    });
    reportRow(context, {
      scenario: "3j. crashed claim recovered after the claim timeout",
      requests: 4,
      expected: {
        answerWhileClaimFresh: "409 CHARGE_IN_PROGRESS",
        answerOneSecondBeforeTimeout: "409 CHARGE_IN_PROGRESS",
        answerAtTimeout: "200",
        recoveryReturnsCrashedIntent: true,
        chargeRequestsToStripe: 2,
        paymentIntentsInSandbox: 1,
        idempotencyKeysUsed: 1,
        auditTrail: "started,succeeded",
      },
      observed: {
        answerWhileClaimFresh: answerLabel(atCrash),
        answerOneSecondBeforeTimeout: answerLabel(justBefore),
        answerAtTimeout: answerLabel(atTimeout),
        recoveryReturnsCrashedIntent:
          bodyHas(atTimeout, "paymentIntentId", crashedCharge.paymentIntentId) &&
          bodyHas(afterRecovery, "paymentIntentId", crashedCharge.paymentIntentId),
        chargeRequestsToStripe:
          (await stack.sandbox.requestCount("POST", "/v1/payment_intents")) - chargePostsBefore,
        paymentIntentsInSandbox: intents.length,
        idempotencyKeysUsed: keys.size,
        auditTrail: statuses.join(","),
      },
    });
  });
});
