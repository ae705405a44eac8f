/**
 * The function's DynamoDB grant must match what the application code sends:
 * a command without its action fails in AWS only (AccessDenied at runtime), and
 * an action without a command is a permission nobody needs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dynamoActions } from "../../infra/lib/api-function.js";

const sourceRoot = new URL("../../src/", import.meta.url);

/** Local tooling that never runs in Lambda: table creation and DynamoDB Local. */
const notInLambda = [/^local\//, /^store\/create-tables\.ts$/, /^sandbox\//];

/** IAM action of each SDK command (document client and low-level client names). */
const actionOfCommand: Record<string, string[]> = {
  GetCommand: ["dynamodb:GetItem"],
  GetItemCommand: ["dynamodb:GetItem"],
  PutCommand: ["dynamodb:PutItem"],
  PutItemCommand: ["dynamodb:PutItem"],
  UpdateCommand: ["dynamodb:UpdateItem"],
  UpdateItemCommand: ["dynamodb:UpdateItem"],
  DeleteCommand: ["dynamodb:DeleteItem"],
  DeleteItemCommand: ["dynamodb:DeleteItem"],
  QueryCommand: ["dynamodb:Query"],
  ScanCommand: ["dynamodb:Scan"],
  BatchGetCommand: ["dynamodb:BatchGetItem"],
  BatchWriteCommand: ["dynamodb:BatchWriteItem"],
  TransactGetCommand: ["dynamodb:GetItem"],
};

/** Inside a transaction, each item kind needs the action of its single-item twin. */
const actionOfTransactItem: Record<string, string> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};

function lambdaSourceFiles(): { path: string; text: string }[] {
  const entries = readdirSync(sourceRoot, { recursive: true, encoding: "utf8" });
  return entries
    .filter((path) => path.endsWith(".ts") && !notInLambda.some((pattern) => pattern.test(path)))
    .map((path) => ({ path, text: readFileSync(new URL(path, sourceRoot), "utf8") }));
}

function actionsUsedBy(text: string): string[] {
  if (!/@aws-sdk\/(lib-dynamodb|client-dynamodb)/.test(text)) return [];
  const actions: string[] = [];
  for (const [, command] of text.matchAll(/new (\w+Command)\(/g)) {
    actions.push(...(actionOfCommand[command as string] ?? []));
    if (command === "TransactWriteCommand" || command === "TransactWriteItemsCommand") {
      for (const [, kind] of text.matchAll(/\b(Put|Update|Delete|ConditionCheck):\s*\{/g)) {
        actions.push(actionOfTransactItem[kind as string] as string);
      }
    }
  }
  return actions;
}

describe("the function's DynamoDB grant", () => {
  const used = new Set(lambdaSourceFiles().flatMap((file) => actionsUsedBy(file.text)));

  it("finds DynamoDB commands in the application code", () => {
    expect(used.size).toBeGreaterThan(0);
  });

  it("allows exactly the actions the application code uses", () => {
    expect([...dynamoActions].sort()).toEqual([...used].sort());
  });

  it("knows every DynamoDB command the application code sends", () => {
    const unknown = lambdaSourceFiles().flatMap((file) =>
      /@aws-sdk\/(lib-dynamodb|client-dynamodb)/.test(file.text)
        ? [...file.text.matchAll(/new (\w+Command)\(/g)]
            .map(([, command]) => command as string)
            .filter((command) => !actionOfCommand[command] && !command.startsWith("TransactWrite"))
            .map((command) => `${file.path}: ${command}`)
        : [],
    );
    expect(unknown).toEqual([]);
  });
});
