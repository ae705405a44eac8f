/**
 * Creates the tables of a stage and mode on an endpoint: on-demand billing,
 * keys and TTL exactly as `table-definitions.ts` says (the CDK stack reads the
 * same file). Used by `npm start`, tests and benchmarks against DynamoDB
 * Local; in AWS the CDK stack owns the tables. Creating existing tables is a
 * no-op, so it is safe to run at every start.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { Mode, Stage } from "../domain/mode.js";
import { modesOfStage } from "../domain/mode.js";
import {
  type TableDefinition,
  type TableKey,
  type TableNames,
  tableDefinitions,
  tableNames,
} from "./table-definitions.js";

export interface CreateTablesOptions {
  readonly client: DynamoDBClient;
  readonly stage: Stage;
  readonly mode: Mode;
  /** Extra prefix, so parallel test files get tables of their own. */
  readonly namespace?: string;
}

/** Creates (if missing) the tables of one stage and mode; returns their names. */
export async function createTables(options: CreateTablesOptions): Promise<TableNames> {
  const names = tableNames(options);
  const keys = Object.keys(tableDefinitions) as TableKey[];
  await Promise.all(
    keys.map((key) =>
      createTable({ client: options.client, name: names[key], definition: tableDefinitions[key] }),
    ),
  );
  return names;
}

/** Creates the tables of every mode the stage serves. */
export async function createStageTables(
  options: Omit<CreateTablesOptions, "mode">,
): Promise<Record<Mode, TableNames | undefined>> {
  const created: Record<Mode, TableNames | undefined> = { test: undefined, live: undefined };
  for (const mode of modesOfStage(options.stage)) {
    created[mode] = await createTables({ ...options, mode });
  }
  return created;
}

async function createTable(args: {
  client: DynamoDBClient;
  name: string;
  definition: TableDefinition;
}): Promise<void> {
  const { client, name, definition } = args;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: keySchema(definition),
        AttributeDefinitions: attributeDefinitions(definition),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    return;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
  if (!definition.ttlAttribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: definition.ttlAttribute },
    }),
  );
}

function keySchema(definition: TableDefinition): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: definition.partitionKey, KeyType: "HASH" }];
  if (definition.sortKey) schema.push({ AttributeName: definition.sortKey, KeyType: "RANGE" });
  return schema;
}

function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const keys = [definition.partitionKey, definition.sortKey].filter(
    (key): key is string => key !== undefined,
  );
  return keys.map((key) => ({ AttributeName: key, AttributeType: "S" }));
}
