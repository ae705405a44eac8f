/**
 * Figure 1: Stripe calls per funnel, counted by the sandbox, step by step.
 * The first funnel on a fresh server pays for the price lookup of the upsell;
 * the second shows the steady state with a warm price cache, whose floor is
 * 1 (create the session) + 1 (read the paid session) + 0 + 1 (payment intent).
 */
import type { BenchStack } from "../support/bench-stack.js";
import { createFunnelClient, requireString } from "../support/funnel-client.js";
import { countStripeCalls, type StripeCalls } from "../support/stripe-call-counter.js";
import { withTimeout } from "../support/with-timeout.js";

/** Stripe calls of each step of one funnel. */
export interface FunnelStripeCalls {
  readonly checkout: StripeCalls;
  readonly webhook: StripeCalls;
  readonly getUuid: StripeCalls;
  readonly upsell: StripeCalls;
  readonly total: number;
}

/** Two funnels' calls against the floor. */
export interface StripeCallsFigure {
  /** The first funnel on a fresh server: the upsell price is not cached yet. */
  readonly coldPriceCache: FunnelStripeCalls;
  readonly warmPriceCache: FunnelStripeCalls;
  readonly floor: number;
  readonly met: boolean;
  /** The upsell token of the warm funnel's checkout: real customer and card for fixtures. */
  readonly sampleUpsellToken: string;
}

const floor = 3;

/** Must run on a fresh API server, so that the first funnel meets a cold price cache. */
export async function measureStripeCalls(stack: BenchStack): Promise<StripeCallsFigure> {
  const coldPriceCache = await countOneFunnel(stack);
  const warmPriceCache = await countOneFunnel(stack);
  return {
    coldPriceCache: coldPriceCache.calls,
    warmPriceCache: warmPriceCache.calls,
    floor,
    met: warmPriceCache.calls.total <= floor,
    sampleUpsellToken: warmPriceCache.upsellToken,
  };
}

async function countOneFunnel(
  stack: BenchStack,
): Promise<{ calls: FunnelStripeCalls; upsellToken: string }> {
  const client = createFunnelClient({ apiUrl: stack.apiUrl, controls: stack.controls });
  const { controls } = stack;
  let sessionId = "";
  let upsellToken = "";

  const checkout = await countStripeCalls(controls, async () => {
    sessionId = await client.createCheckoutSession();
  });
  const webhook = await countStripeCalls(controls, async () => {
    const attemptsBefore = (await controls.webhookAttempts()).length;
    await client.payCheckoutSession(sessionId);
    await withTimeout(controls.webhooksIdle(), { timeoutMs: 15_000, what: "webhook delivery" });
    await assertDelivered(stack, attemptsBefore);
  });
  const getUuid = await countStripeCalls(controls, async () => {
    upsellToken = requireString(await client.getUuid(sessionId), "upsellToken");
  });
  const upsell = await countStripeCalls(controls, async () => {
    requireString(await client.oneClickUpsell(upsellToken), "paymentIntentId");
  });

  const total = checkout.count + webhook.count + getUuid.count + upsell.count;
  return { calls: { checkout, webhook, getUuid, upsell, total }, upsellToken };
}

/** The payment's webhook reached the API and was acknowledged. */
async function assertDelivered(stack: BenchStack, attemptsBefore: number): Promise<void> {
  const attempts = (await stack.controls.webhookAttempts()).slice(attemptsBefore);
  if (attempts.some((attempt) => attempt.outcome === "delivered")) return;
  throw new Error("the checkout.session.completed webhook was not acknowledged by the API");
}
