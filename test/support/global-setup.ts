/**
 * Starts one DynamoDB Local for the whole test run and hands its endpoint to
 * every test file through `inject("dynamoEndpoint")`. Test files isolate their
 * data by creating tables under a table prefix of their own.
 */
import type { TestProject } from "vitest/node";
import { type DynamoLocal, startDynamoLocal } from "../../src/local/dynamo-local.js";

let dynamo: DynamoLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  dynamo = await startDynamoLocal();
  project.provide("dynamoEndpoint", dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
