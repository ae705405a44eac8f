/**
 * The DynamoDB tables of one stage and mode: their names, keys and TTL
 * attribute. The store, the local table creation and the CDK stack all read
 * this file, so a table can never be keyed one way in code and another in AWS.
 */
import type { Mode, Stage } from "../domain/mode.js";

export interface TableDefinition {
  /** Appended to the stage-and-mode prefix: `ecommerce-payment-prod-upsell-tokens`. */
  readonly suffix: string;
  /** Partition key attribute (string). */
  readonly partitionKey: string;
  /** Sort key attribute (string), when the table has one. */
  readonly sortKey?: string;
  /** Attribute holding the epoch-seconds expiry that DynamoDB's TTL deletes by. */
  readonly ttlAttribute?: string;
}

export const tableDefinitions = {
  /** One item per upsell token: the saved customer and payment method, and the claim. */
  upsellTokens: {
    suffix: "upsell-tokens",
    partitionKey: "upsellToken",
    ttlAttribute: "expiresAtEpochSec",
  },
  /** One item per paid checkout session: guarantees one token per session. */
  checkoutSessions: {
    suffix: "checkout-sessions",
    partitionKey: "sessionId",
    ttlAttribute: "expiresAtEpochSec",
  },
  /** Audit trail: one item per charge attempt, kept (no TTL). */
  chargeAttempts: {
    suffix: "charge-attempts",
    partitionKey: "upsellToken",
    sortKey: "attemptId",
  },
} as const satisfies Record<string, TableDefinition>;

export type TableKey = keyof typeof tableDefinitions;
export type TableNames = Record<TableKey, string>;

/**
 * The table name prefix of a stage and mode. Stage `dev` has one set of tables
 * and serves test mode only; stage `prod` keeps test and live mode apart.
 */
export function tablePrefix(stage: Stage, mode: Mode): string {
  if (stage === "dev") {
    if (mode === "live") throw new Error("stage dev serves test mode only");
    return "ecommerce-payment-dev";
  }
  return mode === "test" ? "ecommerce-payment-test" : "ecommerce-payment-prod";
}

/** Full table names for a stage and mode, with an optional extra prefix for tests. */
export function tableNames(options: { stage: Stage; mode: Mode; namespace?: string }): TableNames {
  const base = `${options.namespace ?? ""}${tablePrefix(options.stage, options.mode)}`;
  const names = {} as TableNames;
  for (const key of Object.keys(tableDefinitions) as TableKey[]) {
    names[key] = `${base}-${tableDefinitions[key].suffix}`;
  }
  return names;
}
