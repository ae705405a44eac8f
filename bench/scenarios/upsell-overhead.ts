/**
 * Figure 3b: `POST /one-click-upsell` against the floor, a loop of the same
 * three engine steps through the SDKs: claim the token (an update conditional
 * on its version, as `dynamo-token-store.ts` writes it), create and confirm
 * the payment intent (the Stripe SDK against the sandbox, with the gateway's
 * parameters and idempotency key), write the outcome (conditional again).
 * Every request spends a token of its own, written beforehand.
 */
import { randomUUID } from "node:crypto";
import {
  type AttributeValue,
  type DynamoDBClient,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { Stripe } from "stripe";
import { chargeIdempotencyKey } from "../../src/domain/price-rules.js";
import { tokenPrefix } from "../../src/domain/upsell-token.js";
import type { TableNames } from "../../src/store/table-definitions.js";
import {
  alternateRounds,
  type OverheadFigure,
  overheadFigure,
} from "../support/alternating-rounds.js";
import { type BenchStack, benchStripeKey, upsellPriceId } from "../support/bench-stack.js";
import { runHttpLoad } from "../support/http-load.js";
import { type LoadRun, perSecOf } from "../support/load-run.js";
import { runRawLoop } from "../support/raw-loop.js";
import {
  type FixtureToken,
  type SavedCard,
  writeTokenFixtures,
} from "../support/token-fixtures.js";

/** How hard both sides are run, and how rounds are sized. */
export interface UpsellLoad {
  readonly connections: number;
  readonly rounds: number;
  /** Rounds are sized from the warm-up's rate to last about this long. */
  readonly targetRoundSec: number;
  readonly warmUpRequests: number;
  readonly minRequestsPerRound: number;
  readonly maxRequestsPerRound: number;
}

/** The goal: the API keeps at least this share of the raw loop's rate. */
export const upsellGoal = 0.8;

interface Price {
  readonly amountMinor: number;
  readonly currency: string;
}

interface Contenders {
  api(tokens: readonly FixtureToken[]): Promise<LoadRun>;
  raw(tokens: readonly FixtureToken[]): Promise<LoadRun>;
}

const maxRunMs = 60_000;

/** Warms both sides up, sizes the rounds, writes their tokens, runs them alternating. */
export async function measureUpsellOverhead(args: {
  stack: BenchStack;
  card: SavedCard;
  load: UpsellLoad;
}): Promise<OverheadFigure> {
  const { stack, load } = args;
  const margin = 2 * load.connections;
  const tokens = (count: number) =>
    writeTokenFixtures({ ...stack, card: args.card, count, withSessionLinks: false });
  const contenders = await contendersFor({ stack, load, card: args.card });

  const warmUp = await tokens(2 * (load.warmUpRequests + margin));
  const warmUpApi = await contenders.api(warmUp.slice(0, load.warmUpRequests));
  const warmUpRaw = await contenders.raw(warmUp.slice(-load.warmUpRequests));
  const perRound = requestsPerRound(load, Math.max(perSecOf(warmUpApi), perSecOf(warmUpRaw)));

  const pool = await tokens(2 * load.rounds * (perRound + margin));
  const slice = (side: number, round: number) => {
    const start = (2 * round + side) * (perRound + margin);
    return pool.slice(start, start + perRound);
  };
  const runs = await alternateRounds({
    rounds: load.rounds,
    api: (round) => contenders.api(slice(0, round)),
    raw: (round) => contenders.raw(slice(1, round)),
  });
  return overheadFigure({
    runs,
    goal: upsellGoal,
    connections: load.connections,
    perRound: `${perRound} requests`,
  });
}

function requestsPerRound(load: UpsellLoad, warmUpPerSec: number): number {
  const sized = Math.round(warmUpPerSec * load.targetRoundSec);
  return Math.min(load.maxRequestsPerRound, Math.max(load.minRequestsPerRound, sized));
}

async function contendersFor(args: {
  stack: BenchStack;
  load: UpsellLoad;
  card: SavedCard;
}): Promise<Contenders> {
  const { stack, load, card } = args;
  const address = new URL(stack.sandboxUrl);
  const stripe = new Stripe(benchStripeKey, {
    host: address.hostname,
    port: Number(address.port),
    protocol: "http",
  });
  const retrieved = await stripe.prices.retrieve(upsellPriceId);
  if (retrieved.unit_amount === null) throw new Error("the upsell price has no unit amount");
  const price = { amountMinor: retrieved.unit_amount, currency: retrieved.currency };

  return {
    api: (tokens) => apiRun({ apiUrl: stack.apiUrl, connections: load.connections, tokens }),
    raw: (tokens) =>
      runRawLoop({
        concurrency: load.connections,
        amount: tokens.length,
        maxDurationMs: maxRunMs,
        operation: (index) =>
          claimChargeRecord({ ...stack, stripe, price, card, token: tokens[index] }),
      }),
  };
}

function apiRun(args: {
  apiUrl: string;
  connections: number;
  tokens: readonly FixtureToken[];
}): Promise<LoadRun> {
  let next = 0;
  return runHttpLoad({
    url: args.apiUrl,
    connections: args.connections,
    amount: args.tokens.length,
    maxDurationMs: maxRunMs,
    nextRequest: () => ({
      method: "POST",
      path: "/ecommerce/one-click-upsell",
      body: JSON.stringify({
        upsellToken: args.tokens[Math.min(next++, args.tokens.length - 1)]?.upsellToken,
        priceId: upsellPriceId,
        isTest: true,
      }),
    }),
  });
}

/** Claim, charge, record: the floor of one one-click upsell. */
async function claimChargeRecord(args: {
  dynamo: DynamoDBClient;
  tables: TableNames;
  stripe: Stripe;
  price: Price;
  card: SavedCard;
  token: FixtureToken | undefined;
}): Promise<void> {
  const { price, token } = args;
  if (!token) throw new Error("no token left for this operation");
  const target = { ...args, upsellToken: token.upsellToken };
  const claimedAtEpochSec = Math.floor(Date.now() / 1000);
  await replaceState(target, {
    expectedVersion: 1,
    state: {
      status: { S: "charging" },
      priceId: { S: upsellPriceId },
      attemptId: { S: randomUUID() },
      claimedAtEpochSec: { N: String(claimedAtEpochSec) },
    },
  });
  const intent = await args.stripe.paymentIntents.create(
    {
      amount: price.amountMinor,
      currency: price.currency,
      customer: args.card.customerId,
      payment_method: args.card.paymentMethodId,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      metadata: {
        productType: "oto",
        checkoutSessionId: token.sessionId,
        priceId: upsellPriceId,
        upsellTokenPrefix: tokenPrefix(token.upsellToken),
      },
      use_stripe_sdk: true,
    },
    {
      idempotencyKey: chargeIdempotencyKey({
        upsellToken: token.upsellToken,
        priceId: upsellPriceId,
      }),
    },
  );
  if (intent.status !== "succeeded") throw new Error(`payment intent ${intent.status}`);
  await replaceState(target, {
    expectedVersion: 2,
    state: {
      status: { S: "charged" },
      priceId: { S: upsellPriceId },
      paymentIntentId: { S: intent.id },
      amountMinor: { N: String(price.amountMinor) },
      currency: { S: price.currency },
    },
  });
}

/** The store's state change: SET state and version, IF the version is still the one read. */
async function replaceState(
  target: { dynamo: DynamoDBClient; tables: TableNames; upsellToken: string },
  change: { expectedVersion: number; state: Record<string, AttributeValue> },
): Promise<void> {
  await target.dynamo.send(
    new UpdateItemCommand({
      TableName: target.tables.upsellTokens,
      Key: { upsellToken: { S: target.upsellToken } },
      UpdateExpression: "SET #state = :state, #version = :nextVersion",
      ConditionExpression: "#version = :expectedVersion",
      ExpressionAttributeNames: { "#state": "state", "#version": "version" },
      ExpressionAttributeValues: {
        ":state": { M: change.state },
        ":expectedVersion": { N: String(change.expectedVersion) },
        ":nextVersion": { N: String(change.expectedVersion + 1) },
      },
    }),
  );
}
