/**
 * The Lambda function serving the whole API, its log group and its role. The
 * role is written by hand instead of using the managed basic-execution policy
 * and the `grant*` helpers: both add wildcard resources, and this function
 * should reach exactly its own log group, tables and secrets.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { Table } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { secretIdVariables, secretsMaxAgeVariable } from "../../src/config/aws-secrets.js";
import { modesOfStage } from "../../src/domain/mode.js";
import { cdkBundlingOptions, lambdaBundling, projectRoot } from "./lambda-bundling.js";
import type { StageSettings } from "./stage-settings.js";

/** A current Node.js runtime (nodejs20.x is deprecated); the bundle targets the same. */
export const lambdaRuntime = Runtime.NODEJS_24_X;

/**
 * The DynamoDB actions the store uses (a transaction of puts needs `PutItem`).
 * test/infra/iam-actions.test.ts checks this list against the commands in `src/`,
 * so a new command cannot ship without its grant, nor a grant outlive its command.
 */
export const dynamoActions = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
] as const;

export interface ApiFunctionProps {
  readonly settings: StageSettings;
  readonly tables: readonly Table[];
  readonly secrets: Partial<Record<"test" | "live", Secret>>;
}

export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const { settings } = props;
    const functionName = `ecommerce-payment-${settings.stage}-api`;
    const isProd = settings.stage === "prod";

    this.logGroup = new LogGroup(this, "LogGroup", {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: settings.logRetention,
      removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs ${functionName}: its own log group, tables and Stripe secrets only`,
    });

    this.function = new NodejsFunction(this, "Function", {
      functionName,
      description: "One-click upsell API (checkout, webhooks, upsell tokens, charges)",
      entry: lambdaBundling.entry,
      handler: lambdaBundling.handlerName,
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      runtime: lambdaRuntime,
      architecture: Architecture.ARM_64,
      memorySize: settings.lambdaMemoryMb,
      // Below API Gateway's 30 s integration limit, so the client sees our answer.
      timeout: Duration.seconds(25),
      role,
      logGroup: this.logGroup,
      bundling: cdkBundlingOptions(),
      environment: functionEnvironment(props),
    });

    this.grantLogs(role);
    this.grantTables(role, props.tables);
    this.grantSecrets(role, props.secrets);
  }

  private grantLogs(role: Role): void {
    role.addToPolicy(
      new PolicyStatement({
        sid: "WriteOwnLogs",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );
  }

  private grantTables(role: Role, tables: readonly Table[]): void {
    role.addToPolicy(
      new PolicyStatement({
        sid: "UseOwnTables",
        actions: [...dynamoActions],
        resources: tables.map((table) => table.tableArn),
      }),
    );
  }

  private grantSecrets(role: Role, secrets: ApiFunctionProps["secrets"]): void {
    const arns = Object.values(secrets).map((secret) => secret.secretArn);
    role.addToPolicy(
      new PolicyStatement({
        sid: "ReadOwnStripeSecrets",
        actions: ["secretsmanager:GetSecretValue"],
        resources: arns,
      }),
    );
  }
}

/** The API's configuration, under the names `loadConfig` reads. */
function functionEnvironment(props: ApiFunctionProps): Record<string, string> {
  const { settings } = props;
  const environment: Record<string, string> = {
    STAGE: settings.stage,
    ALLOWED_ORIGINS: settings.allowedOrigins.join(","),
    LOG_LEVEL: settings.logLevel,
    [secretsMaxAgeVariable]: String(settings.secretsMaxAgeSeconds),
  };
  for (const mode of modesOfStage(settings.stage)) {
    const secret = props.secrets[mode];
    if (secret) environment[secretIdVariables[mode]] = secret.secretArn;
    const prices = settings.upsellPrices[mode];
    if (prices.length > 0) environment[`UPSELL_PRICES_${mode.toUpperCase()}`] = prices.join(",");
  }
  if (settings.upsellConfirmation) environment.UPSELL_CONFIRMATION = settings.upsellConfirmation;
  if (settings.defaultSuccessUrl) environment.DEFAULT_SUCCESS_URL = settings.defaultSuccessUrl;
  return environment;
}
