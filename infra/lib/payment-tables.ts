/**
 * The DynamoDB tables of one stage, named and keyed from
 * `src/store/table-definitions.ts` (the file the store itself reads), so code
 * and infrastructure cannot drift apart.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, Table } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { type Mode, modesOfStage, type Stage } from "../../src/domain/mode.js";
import { type TableKey, tableDefinitions, tableNames } from "../../src/store/table-definitions.js";

export interface PaymentTablesProps {
  readonly stage: Stage;
}

/**
 * On-demand tables with TTL on the expiry attribute. In `prod` they also get
 * point-in-time recovery, deletion protection and a retain policy: they hold
 * the saved payment methods of paying customers and the charge audit trail.
 */
export class PaymentTables extends Construct {
  /** Every table of the stage, all modes. */
  readonly all: readonly Table[];
  readonly byMode: Partial<Record<Mode, Record<TableKey, Table>>> = {};

  constructor(scope: Construct, id: string, props: PaymentTablesProps) {
    super(scope, id);
    const isProd = props.stage === "prod";
    const all: Table[] = [];

    for (const mode of modesOfStage(props.stage)) {
      const names = tableNames({ stage: props.stage, mode });
      const tables = {} as Record<TableKey, Table>;
      for (const key of Object.keys(tableDefinitions) as TableKey[]) {
        const definition: TableDefinitionShape = tableDefinitions[key];
        const table = new Table(this, `${capitalize(mode)}${capitalize(key)}`, {
          tableName: names[key],
          partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
          ...(definition.sortKey
            ? { sortKey: { name: definition.sortKey, type: AttributeType.STRING } }
            : {}),
          ...(definition.ttlAttribute ? { timeToLiveAttribute: definition.ttlAttribute } : {}),
          billingMode: BillingMode.PAY_PER_REQUEST,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: isProd },
          deletionProtection: isProd,
          removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        tables[key] = table;
        all.push(table);
      }
      this.byMode[mode] = tables;
    }
    this.all = all;
  }
}

/** The optional fields read above, whichever table literal they come from. */
interface TableDefinitionShape {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly ttlAttribute?: string;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
