/**
 * Upsell tokens written straight into the API's tables, with the API's own
 * item layout (`src/store/token-items.ts`), many per batch: thousands of
 * ready tokens in seconds, where paying thousands of checkouts would take
 * minutes. They carry the customer and saved card of one real paid checkout,
 * so the sandbox charges them like any other.
 */
import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { UpsellToken } from "../../src/domain/upsell-token.js";
import { createDynamoTokenStore } from "../../src/store/dynamo-token-store.js";
import type { TableNames } from "../../src/store/table-definitions.js";
import { linkToItem, tokenToItem } from "../../src/store/token-items.js";

/** A Stripe customer and the card saved to it. */
export interface SavedCard {
  readonly customerId: string;
  readonly paymentMethodId: string;
}

/** A ready token and the checkout session it belongs to. */
export interface FixtureToken {
  readonly sessionId: string;
  readonly upsellToken: string;
}

interface PutRequest {
  readonly table: string;
  readonly item: Record<string, unknown>;
}

const itemsPerBatch = 25;
const batchesInFlight = 8;
const maxBatchRetries = 10;
const tokenTtlSec = 86_400;

/** The customer and card behind a token the API issued for a real paid checkout. */
export async function savedCardOf(args: {
  dynamo: DynamoDBClient;
  tables: TableNames;
  upsellToken: string;
}): Promise<SavedCard> {
  const store = createDynamoTokenStore({
    client: DynamoDBDocumentClient.from(args.dynamo),
    tables: args.tables,
  });
  const token = await store.getToken(args.upsellToken);
  if (!token) throw new Error("the sample upsell token is not in the table");
  return { customerId: token.customerId, paymentMethodId: token.paymentMethodId };
}

/**
 * Writes `count` ready tokens (and, for `get-uuid`, the session links that
 * point at them), each on a checkout session id of its own.
 */
export async function writeTokenFixtures(args: {
  dynamo: DynamoDBClient;
  tables: TableNames;
  card: SavedCard;
  count: number;
  withSessionLinks: boolean;
}): Promise<FixtureToken[]> {
  const batchId = randomUUID().replaceAll("-", "").slice(0, 12);
  const nowEpochSec = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: args.count }, (_, index) =>
    readyToken({ card: args.card, sessionId: `cs_test_bench${batchId}_${index}`, nowEpochSec }),
  );
  const puts = tokens.flatMap((token) => putsOf(token, args));
  await writeAll(DynamoDBDocumentClient.from(args.dynamo), puts);
  return tokens.map(({ sessionId, upsellToken }) => ({ sessionId, upsellToken }));
}

function readyToken(args: {
  card: SavedCard;
  sessionId: string;
  nowEpochSec: number;
}): UpsellToken {
  return {
    upsellToken: randomUUID(),
    mode: "test",
    sessionId: args.sessionId,
    customerId: args.card.customerId,
    paymentMethodId: args.card.paymentMethodId,
    createdAtEpochSec: args.nowEpochSec,
    expiresAtEpochSec: args.nowEpochSec + tokenTtlSec,
    version: 1,
    state: { status: "ready" },
  };
}

function putsOf(
  token: UpsellToken,
  args: { tables: TableNames; withSessionLinks: boolean },
): PutRequest[] {
  const tokenPut = { table: args.tables.upsellTokens, item: tokenToItem(token) };
  if (!args.withSessionLinks) return [tokenPut];
  const link = linkToItem({
    sessionId: token.sessionId,
    upsellToken: token.upsellToken,
    tokenExpiresAtEpochSec: token.expiresAtEpochSec,
    expiresAtEpochSec: token.expiresAtEpochSec + tokenTtlSec,
  });
  return [tokenPut, { table: args.tables.checkoutSessions, item: link }];
}

async function writeAll(client: DynamoDBDocumentClient, puts: PutRequest[]): Promise<void> {
  const batches: PutRequest[][] = [];
  for (let start = 0; start < puts.length; start += itemsPerBatch) {
    batches.push(puts.slice(start, start + itemsPerBatch));
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch) await writeBatch(client, batch);
    }
  };
  await Promise.all(Array.from({ length: batchesInFlight }, worker));
}

async function writeBatch(client: DynamoDBDocumentClient, batch: PutRequest[]): Promise<void> {
  let requestItems = requestItemsOf(batch);
  for (let attempt = 0; attempt <= maxBatchRetries; attempt++) {
    const { UnprocessedItems } = await client.send(
      new BatchWriteCommand({ RequestItems: requestItems }),
    );
    if (!UnprocessedItems || Object.keys(UnprocessedItems).length === 0) return;
    requestItems = UnprocessedItems as typeof requestItems;
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
  }
  throw new Error("DynamoDB Local left items unprocessed after retries");
}

function requestItemsOf(batch: PutRequest[]) {
  const requestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {};
  for (const put of batch) {
    requestItems[put.table] ??= [];
    requestItems[put.table]?.push({ PutRequest: { Item: put.item } });
  }
  return requestItems;
}
