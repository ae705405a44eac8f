/**
 * The DynamoDB clients. One document client per mode, created once per
 * process (or Lambda container) and reused by every request.
 *
 * Timeouts are short and bounded: a DynamoDB call normally takes a few
 * milliseconds, and a request that cannot reach the store should fail fast
 * with a retryable 503 (or make Stripe redeliver a webhook) rather than hang.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { dynamoLocalCredentials } from "../local/dynamo-local-credentials.js";

export interface DynamoClientOptions {
  readonly region: string;
  /** DynamoDB Local's URL; absent in AWS, where the SDK finds the regional endpoint. */
  readonly endpoint?: string;
}

/** Per-attempt limits; with 3 attempts a dead store fails in seconds, not minutes. */
const connectionTimeoutMs = 1_000;
const requestTimeoutMs = 3_000;
const maxAttempts = 3;

/** A low-level client; `create-tables.ts` uses it, the store wraps it in a document client. */
export function createDynamoClient(options: DynamoClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    maxAttempts,
    requestHandler: { connectionTimeout: connectionTimeoutMs, requestTimeout: requestTimeoutMs },
    // DynamoDB Local checks only that credentials are present; passing them
    // avoids a credential-chain lookup (and its metadata-service timeouts).
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: dynamoLocalCredentials }
      : {}),
  });
}

/** A document client: plain JavaScript values in and out, undefined fields dropped. */
export function createDocumentClient(options: DynamoClientOptions): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(options), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
