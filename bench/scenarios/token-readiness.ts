/**
 * Figure 2: token readiness. Webhook deliveries are held back by 5 s in the
 * sandbox, so each customer's first `get-uuid` (right after paying) arrives
 * before the webhook; the API must then ask Stripe and issue the token
 * itself. The late webhook must find that token and create no second one.
 */
import type { BenchStack } from "../support/bench-stack.js";
import { createFunnelClient, type FunnelClient } from "../support/funnel-client.js";
import { summarizeLatencies } from "../support/latency-stats.js";
import { countStripeCalls } from "../support/stripe-call-counter.js";
import { withTimeout } from "../support/with-timeout.js";

/** How many first calls got a token while the webhooks were late, and at what cost. */
export interface TokenReadinessFigure {
  readonly checkouts: number;
  readonly webhookDelayMs: number;
  /** First `get-uuid` calls that returned a token. */
  readonly readyOnFirstCall: number;
  readonly readyShare: number;
  readonly firstCallP50Ms: number;
  readonly firstCallP99Ms: number;
  /** Webhooks delivered before the last first call: must be 0 for the figure to hold. */
  readonly webhooksBeforeFirstCalls: number;
  /** Stripe calls per first `get-uuid` (reading the paid session). */
  readonly stripeCallsPerFirstCall: number;
  /** Stripe calls per late webhook (none: the token exists). */
  readonly stripeCallsPerLateWebhook: number;
  /** Sessions whose token was the same after the late webhook. */
  readonly sameTokenAfterWebhook: number;
  readonly floorShare: number;
  readonly met: boolean;
  readonly concurrency: number;
}

const checkouts = 20;
const concurrency = 4;
const webhookDelayMs = 5_000;

interface FirstCall {
  readonly sessionId: string;
  readonly upsellToken?: string;
  readonly latencyMs: number;
}

/** Creates the checkouts, delays their webhooks, pays and asks once each. */
export async function measureTokenReadiness(stack: BenchStack): Promise<TokenReadinessFigure> {
  const { controls } = stack;
  const client = createFunnelClient({ apiUrl: stack.apiUrl, controls });
  const sessionIds = await inBatches(checkouts, () => client.createCheckoutSession());
  const deliveredBefore = deliveredCount(await controls.webhookAttempts());
  await controls.planWebhooks({ action: "delay", delayMs: webhookDelayMs, count: checkouts });

  let firstCalls: FirstCall[] = [];
  const firstCallStripe = await countStripeCalls(controls, async () => {
    firstCalls = await inBatches(checkouts, (index) =>
      payThenAskOnce(client, sessionIds[index] ?? ""),
    );
  });
  const webhooksBeforeFirstCalls =
    deliveredCount(await controls.webhookAttempts()) - deliveredBefore;

  const lateWebhookStripe = await countStripeCalls(controls, () =>
    withTimeout(controls.webhooksIdle(), {
      timeoutMs: webhookDelayMs + 15_000,
      what: "the delayed webhooks",
    }),
  );
  const sameTokenAfterWebhook = await countSameTokens(client, firstCalls);

  const readyOnFirstCall = firstCalls.filter((call) => call.upsellToken).length;
  const latency = summarizeLatencies(firstCalls.map((call) => call.latencyMs));
  return {
    checkouts,
    webhookDelayMs,
    readyOnFirstCall,
    readyShare: readyOnFirstCall / checkouts,
    firstCallP50Ms: latency.p50Ms,
    firstCallP99Ms: latency.p99Ms,
    webhooksBeforeFirstCalls,
    stripeCallsPerFirstCall: firstCallStripe.count / checkouts,
    stripeCallsPerLateWebhook: lateWebhookStripe.count / checkouts,
    sameTokenAfterWebhook,
    floorShare: 1,
    met: readyOnFirstCall === checkouts && webhooksBeforeFirstCalls === 0,
    concurrency,
  };
}

async function payThenAskOnce(client: FunnelClient, sessionId: string): Promise<FirstCall> {
  await client.payCheckoutSession(sessionId);
  const startedAtMs = performance.now();
  const answer = await client.getUuid(sessionId);
  const latencyMs = performance.now() - startedAtMs;
  const token = answer.status === 200 ? answer.body.upsellToken : undefined;
  return typeof token === "string"
    ? { sessionId, upsellToken: token, latencyMs }
    : { sessionId, latencyMs };
}

async function countSameTokens(client: FunnelClient, firstCalls: FirstCall[]): Promise<number> {
  let same = 0;
  for (const call of firstCalls) {
    const answer = await client.getUuid(call.sessionId);
    if (call.upsellToken && answer.body.upsellToken === call.upsellToken) same += 1;
  }
  return same;
}

function deliveredCount(attempts: { outcome: string; eventType: string }[]): number {
  return attempts.filter(
    (attempt) =>
      attempt.outcome === "delivered" && attempt.eventType === "checkout.session.completed",
  ).length;
}

/** Runs `count` tasks, `concurrency` at a time, results in index order. */
async function inBatches<T>(count: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += concurrency) {
    const indexes = Array.from(
      { length: Math.min(concurrency, count - start) },
      (_, i) => start + i,
    );
    results.push(...(await Promise.all(indexes.map(task))));
  }
  return results;
}
