import { randomUUID } from "node:crypto";
import { DescribeTableCommand, DescribeTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { StoreUnavailableError } from "../../src/domain/errors.js";
import type { TokenStore } from "../../src/domain/ports.js";
import type { UpsellToken } from "../../src/domain/upsell-token.js";
import { createTables } from "../../src/store/create-tables.js";
import { createDocumentClient, createDynamoClient } from "../../src/store/dynamo-client.js";
import { createDynamoTokenStore } from "../../src/store/dynamo-token-store.js";
import type { TableNames } from "../../src/store/table-definitions.js";

const endpoint = inject("dynamoEndpoint");
const namespace = `store-${randomUUID().slice(0, 8)}-`;
const rawClient = createDynamoClient({ region: "us-east-1", endpoint });
const documentClient = createDocumentClient({ region: "us-east-1", endpoint });

let tables: TableNames;
let store: TokenStore;

function newToken(overrides: Partial<UpsellToken> = {}): UpsellToken {
  return {
    upsellToken: randomUUID(),
    mode: "test",
    sessionId: `cs_test_${randomUUID().replaceAll("-", "")}`,
    customerId: "cus_1",
    paymentMethodId: "pm_1",
    createdAtEpochSec: 1_800_000_000,
    expiresAtEpochSec: 1_800_086_400,
    version: 1,
    state: { status: "ready" },
    ...overrides,
  };
}

beforeAll(async () => {
  tables = await createTables({ client: rawClient, stage: "dev", mode: "test", namespace });
  store = createDynamoTokenStore({ client: documentClient, tables });
});

afterAll(() => {
  documentClient.destroy();
  rawClient.destroy();
});

describe("createTables", () => {
  it("creates on-demand tables with TTL on the expiry attribute, and is repeatable", async () => {
    await createTables({ client: rawClient, stage: "dev", mode: "test", namespace });

    const description = await rawClient.send(
      new DescribeTableCommand({ TableName: tables.upsellTokens }),
    );
    const ttl = await rawClient.send(
      new DescribeTimeToLiveCommand({ TableName: tables.upsellTokens }),
    );
    expect(tables.upsellTokens).toBe(`${namespace}ecommerce-payment-dev-upsell-tokens`);
    expect(description.Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe("expiresAtEpochSec");
  });
});

describe("DynamoTokenStore.issueToken", () => {
  it("stores the token and the session link, readable back", async () => {
    const token = newToken();

    const result = await store.issueToken({ token, linkRetentionSec: 600 });

    expect(result).toEqual({
      created: true,
      link: {
        sessionId: token.sessionId,
        upsellToken: token.upsellToken,
        tokenExpiresAtEpochSec: token.expiresAtEpochSec,
      },
    });
    expect(await store.getToken(token.upsellToken)).toEqual(token);
    expect(await store.findSessionLink(token.sessionId)).toEqual(result.link);
  });

  it("keeps the session link longer than the token, by the retention", async () => {
    const token = newToken();

    await store.issueToken({ token, linkRetentionSec: 600 });

    const { Item } = await documentClient.send(
      new GetCommand({ TableName: tables.checkoutSessions, Key: { sessionId: token.sessionId } }),
    );
    expect(Item?.expiresAtEpochSec).toBe(token.expiresAtEpochSec + 600);
  });

  it("keeps the first token when a second is issued for the same session", async () => {
    const first = newToken();
    const second = newToken({ sessionId: first.sessionId });
    await store.issueToken({ token: first, linkRetentionSec: 600 });

    const result = await store.issueToken({ token: second, linkRetentionSec: 600 });

    expect(result.created).toBe(false);
    expect(result.link.upsellToken).toBe(first.upsellToken);
    expect(await store.getToken(second.upsellToken)).toBeUndefined();
  });

  it("creates exactly one token when 20 writers race for one session", async () => {
    const sessionId = newToken().sessionId;
    const candidates = Array.from({ length: 20 }, () => newToken({ sessionId }));

    const results = await Promise.all(
      candidates.map((token) => store.issueToken({ token, linkRetentionSec: 600 })),
    );

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.link.upsellToken)).size).toBe(1);
    const stored = await Promise.all(candidates.map((token) => store.getToken(token.upsellToken)));
    expect(stored.filter((token) => token !== undefined)).toHaveLength(1);
  });
});

describe("DynamoTokenStore.replaceState", () => {
  it("writes when the version matches and increments it", async () => {
    const token = newToken();
    await store.issueToken({ token, linkRetentionSec: 600 });
    const state = {
      status: "charging" as const,
      priceId: "price_a",
      attemptId: "a1",
      claimedAtEpochSec: 5,
    };

    const written = await store.replaceState({
      upsellToken: token.upsellToken,
      expectedVersion: 1,
      state,
    });

    expect(written).toBe(true);
    expect(await store.getToken(token.upsellToken)).toMatchObject({ version: 2, state });
  });

  it("refuses a stale version and changes nothing", async () => {
    const token = newToken();
    await store.issueToken({ token, linkRetentionSec: 600 });

    const written = await store.replaceState({
      upsellToken: token.upsellToken,
      expectedVersion: 7,
      state: { status: "ready", priceId: "price_a" },
    });

    expect(written).toBe(false);
    expect(await store.getToken(token.upsellToken)).toEqual(token);
  });

  it("lets exactly one of 25 concurrent claims win", async () => {
    const token = newToken();
    await store.issueToken({ token, linkRetentionSec: 600 });

    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        store.replaceState({
          upsellToken: token.upsellToken,
          expectedVersion: 1,
          state: {
            status: "charging",
            priceId: "price_a",
            attemptId: `a${index}`,
            claimedAtEpochSec: 5,
          },
        }),
      ),
    );

    expect(outcomes.filter(Boolean)).toHaveLength(1);
  });
});

describe("DynamoTokenStore charge attempts", () => {
  it("records an attempt and its outcome", async () => {
    const attempt = {
      upsellToken: randomUUID(),
      attemptId: "a1",
      sessionId: "cs_test_x",
      priceId: "price_a",
      idempotencyKey: "key",
      status: "started" as const,
      startedAtEpochSec: 10,
      updatedAtEpochSec: 10,
      amountMinor: 2900,
      currency: "usd",
    };
    await store.recordChargeAttempt(attempt);

    await store.updateChargeAttempt({
      upsellToken: attempt.upsellToken,
      attemptId: "a1",
      status: "succeeded",
      updatedAtEpochSec: 12,
      paymentIntentId: "pi_1",
    });

    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: tables.chargeAttempts,
        Key: { upsellToken: attempt.upsellToken, attemptId: "a1" },
      }),
    );
    expect(Item).toEqual({
      ...attempt,
      status: "succeeded",
      updatedAtEpochSec: 12,
      paymentIntentId: "pi_1",
    });
  });
});

describe("DynamoTokenStore failures", () => {
  it("reports a malformed item as a store failure, not as a token", async () => {
    const upsellToken = randomUUID();
    await documentClient.send(
      new PutCommand({ TableName: tables.upsellTokens, Item: { upsellToken, state: "??" } }),
    );

    await expect(store.getToken(upsellToken)).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it("reports missing tables as STORE_UNAVAILABLE", async () => {
    const missing = createDynamoTokenStore({
      client: documentClient,
      tables: { ...tables, upsellTokens: `${namespace}no-such-table` },
    });

    await expect(missing.getToken(randomUUID())).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
