/**
 * The token store on DynamoDB, for one mode's tables.
 *
 * One token per session: the session link and the token are written in ONE
 * transaction whose first item is conditional on the session having no link:
 *
 * ```
 * TransactWriteItems
 *   ├─ Put checkout-sessions { sessionId, upsellToken }  IF attribute_not_exists(sessionId)
 *   └─ Put upsell-tokens     { upsellToken, ... }       IF attribute_not_exists(upsellToken)
 * ```
 *
 * Either both are written or neither; a second writer (duplicate webhook,
 * get-uuid racing the webhook) fails the first condition and reads the link
 * the winner wrote. A `TransactionConflict` (two transactions on the same
 * session at the same instant) is retried after a short pause.
 *
 * Every token state change is an update conditional on the version the
 * writer read (optimistic locking); see `upsell-token.ts`.
 */
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type {
  ChargeAttempt,
  ChargeAttemptUpdate,
  IssueTokenResult,
  SessionTokenLink,
  TokenStore,
} from "../domain/ports.js";
import type { UpsellToken, UpsellTokenState } from "../domain/upsell-token.js";
import { toStoreError } from "./store-errors.js";
import type { TableNames } from "./table-definitions.js";
import { itemToLink, itemToToken, linkToItem, tokenToItem } from "./token-items.js";

export interface DynamoTokenStoreOptions {
  readonly client: DynamoDBDocumentClient;
  /** The tables of ONE stage and mode (`tableNames(...)`). */
  readonly tables: TableNames;
}

const maxConflictRetries = 5;
const conflictPauseMs = 20;

/** Creates the store for one mode's tables. */
export function createDynamoTokenStore(options: DynamoTokenStoreOptions): TokenStore {
  const { client, tables } = options;

  const getToken = (upsellToken: string) =>
    guard(async () => {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tables.upsellTokens,
          Key: { upsellToken },
          ConsistentRead: true,
        }),
      );
      return Item ? itemToToken(Item) : undefined;
    });

  const findSessionLink = (sessionId: string) =>
    guard(async () => {
      const { Item } = await client.send(
        new GetCommand({
          TableName: tables.checkoutSessions,
          Key: { sessionId },
          ConsistentRead: true,
        }),
      );
      return Item ? itemToLink(Item) : undefined;
    });

  const issueToken = (args: { token: UpsellToken; linkRetentionSec: number }) =>
    guard(() => issueOnce({ client, tables, findSessionLink, ...args }));

  const replaceState = (args: {
    upsellToken: string;
    expectedVersion: number;
    state: UpsellTokenState;
  }) => guard(() => replaceStateIfVersion({ client, tables, ...args }));

  const recordChargeAttempt = (attempt: ChargeAttempt) =>
    guard(async () => {
      await client.send(new PutCommand({ TableName: tables.chargeAttempts, Item: { ...attempt } }));
    });

  const updateChargeAttempt = (update: ChargeAttemptUpdate) =>
    guard(() => updateAttempt({ client, tables, update }));

  return {
    getToken,
    findSessionLink,
    issueToken,
    replaceState,
    recordChargeAttempt,
    updateChargeAttempt,
  };
}

async function issueOnce(args: {
  client: DynamoDBDocumentClient;
  tables: TableNames;
  token: UpsellToken;
  linkRetentionSec: number;
  findSessionLink: (sessionId: string) => Promise<SessionTokenLink | undefined>;
}): Promise<IssueTokenResult> {
  const { token } = args;
  const link: SessionTokenLink = {
    sessionId: token.sessionId,
    upsellToken: token.upsellToken,
    tokenExpiresAtEpochSec: token.expiresAtEpochSec,
  };
  const linkItem = linkToItem({
    ...link,
    expiresAtEpochSec: token.expiresAtEpochSec + args.linkRetentionSec,
  });

  for (let attempt = 0; ; attempt++) {
    try {
      await args.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: args.tables.checkoutSessions,
                Item: linkItem,
                ConditionExpression: "attribute_not_exists(sessionId)",
              },
            },
            {
              Put: {
                TableName: args.tables.upsellTokens,
                Item: tokenToItem(token),
                ConditionExpression: "attribute_not_exists(upsellToken)",
              },
            },
          ],
        }),
      );
      return { created: true, link };
    } catch (error) {
      const reason = cancellationReason(error);
      if (reason === "link_exists") {
        const existing = await args.findSessionLink(token.sessionId);
        if (existing) return { created: false, link: existing };
      }
      if (reason === undefined || attempt >= maxConflictRetries) throw error;
      await pause(conflictPauseMs * (attempt + 1));
    }
  }
}

/** Why a transaction was cancelled: the session already has a link, or a conflict. */
function cancellationReason(error: unknown): "link_exists" | "conflict" | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
  if (codes[0] === "ConditionalCheckFailed") return "link_exists";
  if (codes.includes("TransactionConflict")) return "conflict";
  return undefined;
}

async function replaceStateIfVersion(args: {
  client: DynamoDBDocumentClient;
  tables: TableNames;
  upsellToken: string;
  expectedVersion: number;
  state: UpsellTokenState;
}): Promise<boolean> {
  try {
    await args.client.send(
      new UpdateCommand({
        TableName: args.tables.upsellTokens,
        Key: { upsellToken: args.upsellToken },
        UpdateExpression: "SET #state = :state, #version = :nextVersion",
        ConditionExpression: "#version = :expectedVersion",
        ExpressionAttributeNames: { "#state": "state", "#version": "version" },
        ExpressionAttributeValues: {
          ":state": { ...args.state },
          ":expectedVersion": args.expectedVersion,
          ":nextVersion": args.expectedVersion + 1,
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

async function updateAttempt(args: {
  client: DynamoDBDocumentClient;
  tables: TableNames;
  update: ChargeAttemptUpdate;
}): Promise<void> {
  const { upsellToken, attemptId, ...changes } = args.update;
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = entries.map(([key, value], index) => {
    names[`#f${index}`] = key;
    values[`:v${index}`] = value;
    return `#f${index} = :v${index}`;
  });

  await args.client.send(
    new UpdateCommand({
      TableName: args.tables.chargeAttempts,
      Key: { upsellToken, attemptId },
      UpdateExpression: `SET ${assignments.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** Runs a store operation; any failure becomes a retryable `STORE_UNAVAILABLE`. */
async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
