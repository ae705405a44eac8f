/**
 * Scenario 1, click storms: however many times and however fast a shopper
 * (or a script) clicks, a token is charged at most once. Counted where the
 * money is: the payment intents in the Stripe sandbox.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { type ApiAnswer, numberField, stringField, tally } from "./support/api-answer.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { courseAmountMinor, mapWithLimit, range, type Stack, startStack } from "./support/stack.js";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

/** Payment intent ids named by the successful answers. */
function answeredIntentIds(answers: readonly ApiAnswer[]): Set<string> {
  return new Set(
    answers.filter((answer) => answer.status === 200).map((a) => stringField(a, "paymentIntentId")),
  );
}

/** Answers that are neither a charge nor "another click is charging". */
function unexpectedAnswers(answers: readonly ApiAnswer[]): number {
  return Object.entries(tally(answers))
    .filter(([label]) => label !== "200" && label !== "409 CHARGE_IN_PROGRESS")
    .reduce((sum, [, count]) => sum + count, 0);
}

describe("one-click-upsell under a click storm", () => {
  it("creates one payment intent for 200 concurrent clicks on one token", async (context) => {
    const clicks = 200;
    const sessionId = await stack.paidCheckout();
    const token = await stack.tokenOf(sessionId);

    const answers = await Promise.all(
      range(clicks).map(() => stack.send(stack.clickRequest(token))),
    );
    const replay = await stack.send(stack.clickRequest(token));
    const intents = (await stack.upsellIntentsBySession([sessionId])).get(sessionId) ?? [];

    const answeredIds = answeredIntentIds([...answers, replay]);
    const charged = answers.filter((answer) => answer.status === 200);
    printFigures("answers to 200 clicks", tally(answers));
    reportRow(context, {
      scenario: "1a. click storm: 200 clicks on one token",
      requests: clicks + 1,
      expected: {
        paymentIntentsInSandbox: 1,
        distinctIntentsAnswered: 1,
        amountsOtherThanPrice: 0,
        answersOtherThan200or409: 0,
        replayAfterStorm: 200,
      },
      observed: {
        paymentIntentsInSandbox: intents.length,
        distinctIntentsAnswered: answeredIds.size,
        amountsOtherThanPrice: charged.filter((a) => numberField(a, "amount") !== courseAmountMinor)
          .length,
        answersOtherThan200or409: unexpectedAnswers(answers),
        replayAfterStorm: replay.status,
      },
    });
  });

  it("creates 50 payment intents for 50 tokens clicked 4 times at once", async (context) => {
    const tokenCount = 50;
    const clicksPerToken = 4;
    const sessionIds = await mapWithLimit(range(tokenCount), 10, () => stack.paidCheckout());
    const tokens = await mapWithLimit(sessionIds, 10, (sessionId) => stack.tokenOf(sessionId));

    const answers = await Promise.all(
      tokens.flatMap((token) =>
        range(clicksPerToken).map(() => stack.send(stack.clickRequest(token))),
      ),
    );
    const intentsBySession = await stack.upsellIntentsBySession(sessionIds);

    const counts = [...intentsBySession.values()].map((intents) => intents.length);
    printFigures("answers to 200 clicks on 50 tokens", tally(answers));
    reportRow(context, {
      scenario: "1b. click storm: 50 tokens x 4 clicks",
      requests: tokenCount * clicksPerToken,
      expected: {
        paymentIntentsInSandbox: tokenCount,
        tokensChargedOnce: tokenCount,
        tokensChargedTwice: 0,
        distinctIntentsAnswered: tokenCount,
        answersOtherThan200or409: 0,
      },
      observed: {
        paymentIntentsInSandbox: counts.reduce((sum, count) => sum + count, 0),
        tokensChargedOnce: counts.filter((count) => count === 1).length,
        tokensChargedTwice: counts.filter((count) => count > 1).length,
        distinctIntentsAnswered: answeredIntentIds(answers).size,
        answersOtherThan200or409: unexpectedAnswers(answers),
      },
    });
  });
});
