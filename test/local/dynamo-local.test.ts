import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { dynamoLocalCredentials } from "../../src/local/dynamo-local.js";

describe("DynamoDB Local started by the global setup", () => {
  it("answers the real DynamoDB client on its loopback endpoint", async () => {
    const endpoint = inject("dynamoEndpoint");
    const client = new DynamoDBClient({
      endpoint,
      region: "us-east-1",
      credentials: dynamoLocalCredentials,
    });

    const result = await client.send(new ListTablesCommand({}));

    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Array.isArray(result.TableNames)).toBe(true);
    client.destroy();
  });
});
