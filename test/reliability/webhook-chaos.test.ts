/**
 * Scenario 2, webhook chaos: Stripe delivers at least once, in any order,
 * sometimes concurrently, sometimes after the page already asked get-uuid.
 * Whatever happens, a paid session ends with exactly one upsell token, every
 * delivery is answered 2xx, and a delivery whose store write fails is
 * answered 5xx and its redelivery creates the token.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, it } from "vitest";
import { StoreUnavailableError } from "../../src/domain/errors.js";
import type { TokenStore } from "../../src/domain/ports.js";
import type { WebhookAttempt } from "../../src/sandbox/index.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { mapWithLimit, range, type Stack, startStack } from "./support/stack.js";

/** Sessions whose first token write fails, once each (a port wrapper: the fault). */
const failFirstWriteOf = new Set<string>();
let failedWrites = 0;

function withFailingFirstWrite(store: TokenStore): TokenStore {
  return {
    ...store,
    issueToken: async (args) => {
      if (failFirstWriteOf.delete(args.token.sessionId)) {
        failedWrites += 1;
        throw new StoreUnavailableError("Injected: the token write failed.");
      }
      return await store.issueToken(args);
    },
  };
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    webhookRetry: { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 5 },
    app: { wrapStore: withFailingFirstWrite },
  });
});

afterAll(async () => {
  await stack?.close();
});

/** A deterministic shuffle (mulberry32), so a failing order can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

/** Upsell tokens stored per session, read straight from the tokens table. */
async function storedTokensBySession(sessionIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(sessionIds.map((id) => [id, 0]));
  const tableName = stack.tables.test?.upsellTokens;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await stack.documentClient.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      const sessionId = String(item.sessionId);
      if (counts.has(sessionId)) counts.set(sessionId, (counts.get(sessionId) ?? 0) + 1);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}

/** Events the sandbox has published so far, oldest first. */
async function publishedEventIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const event of stack.stripe.test.events.list({ limit: 100 })) ids.push(event.id);
  return ids.reverse();
}

function createdLines(): number {
  return stack.logLines.filter((line) => line.includes('"message":"upsell token created"')).length;
}

function isSuccess(attempt: WebhookAttempt): boolean {
  return attempt.status !== null && attempt.status >= 200 && attempt.status < 300;
}

describe("checkout webhooks under chaos", () => {
  it("stores one token per session from 5 shuffled, concurrent, late copies", async (context) => {
    const sessionCount = 20;
    const copiesPerEvent = 5;
    const seed = Date.now() % 1_000_000;
    const createdBefore = createdLines();
    const earlierEvents = new Set(await publishedEventIds());
    await stack.sandbox.holdWebhooks();
    const sessionIds = await mapWithLimit(range(sessionCount), 5, () =>
      stack.paidCheckout({ awaitWebhooks: false }),
    );
    // The page is faster than Stripe for half of them: get-uuid issues their tokens.
    const lateSessions = sessionIds.slice(0, sessionCount / 2);
    const tokensFromGetUuid = await mapWithLimit(lateSessions, 5, (id) => stack.tokenOf(id));

    const eventIds = (await publishedEventIds()).filter((id) => !earlierEvents.has(id));
    const attemptsBefore = (await stack.sandbox.webhookAttempts()).length;
    const resends = shuffled(
      eventIds.flatMap((eventId) => range(copiesPerEvent - 1).map(() => eventId)),
      seed,
    );
    const half = Math.floor(resends.length / 2);
    await Promise.all(resends.slice(0, half).map((id) => stack.sandbox.resendEvent(id)));
    const released = await stack.sandbox.releaseWebhooks();
    await Promise.all(resends.slice(half).map((id) => stack.sandbox.resendEvent(id)));
    await stack.sandbox.webhooksIdle();

    const attempts = (await stack.sandbox.webhookAttempts()).slice(attemptsBefore);
    const tokenCounts = [...(await storedTokensBySession(sessionIds)).values()];
    const links = await Promise.all(sessionIds.map((id) => stack.stores.test?.findSessionLink(id)));
    const lateKept = lateSessions.filter(
      (_, index) => links[index]?.upsellToken === tokensFromGetUuid[index],
    ).length;
    printFigures("deliveries", {
      seed,
      events: eventIds.length,
      heldThenReleased: released,
      resent: resends.length,
    });
    reportRow(context, {
      scenario: "2a. webhook chaos: 5x, shuffled, concurrent, late",
      requests: attempts.length + lateSessions.length,
      expected: {
        deliveries: eventIds.length * copiesPerEvent,
        deliveriesAnswered2xx: eventIds.length * copiesPerEvent,
        sessionsWithOneToken: sessionCount,
        sessionsWithMoreTokens: 0,
        tokensCreated: sessionCount,
        lateWebhookKeptGetUuidToken: lateSessions.length,
      },
      observed: {
        deliveries: attempts.length,
        deliveriesAnswered2xx: attempts.filter(isSuccess).length,
        sessionsWithOneToken: tokenCounts.filter((count) => count === 1).length,
        sessionsWithMoreTokens: tokenCounts.filter((count) => count > 1).length,
        tokensCreated: createdLines() - createdBefore,
        lateWebhookKeptGetUuidToken: lateKept,
      },
    });
  });

  it("answers 5xx when the token write fails; the redelivery stores it", async (context) => {
    const sessionCount = 5;
    const sessionIds = await mapWithLimit(range(sessionCount), 5, () => stack.createCheckout());
    for (const sessionId of sessionIds) failFirstWriteOf.add(sessionId);
    const attemptsBefore = (await stack.sandbox.webhookAttempts()).length;
    failedWrites = 0;

    for (const sessionId of sessionIds) {
      await stack.sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
    }
    await stack.sandbox.webhooksIdle();

    const completed = (await stack.sandbox.webhookAttempts())
      .slice(attemptsBefore)
      .filter((attempt) => attempt.eventType === "checkout.session.completed");
    const firstAttempts = completed.filter((attempt) => attempt.attempt === 1);
    const redeliveries = completed.filter((attempt) => attempt.attempt > 1);
    const tokenCounts = [...(await storedTokensBySession(sessionIds)).values()];
    printFigures("completed-event attempts", {
      statuses: completed.map((attempt) => `${attempt.attempt}:${attempt.status}`).join(" "),
    });
    reportRow(context, {
      scenario: "2b. webhook store write fails, then redelivered",
      requests: completed.length,
      expected: {
        failedTokenWrites: sessionCount,
        firstDeliveriesAnswered5xx: sessionCount,
        redeliveriesAnswered2xx: sessionCount,
        sessionsWithOneToken: sessionCount,
      },
      observed: {
        failedTokenWrites: failedWrites,
        firstDeliveriesAnswered5xx: firstAttempts.filter((a) => (a.status ?? 0) >= 500).length,
        redeliveriesAnswered2xx: redeliveries.filter(isSuccess).length,
        sessionsWithOneToken: tokenCounts.filter((count) => count === 1).length,
      },
    });
  });
});
