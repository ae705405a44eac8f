/**
 * One stage of the one-click upsell backend: tables, Stripe secrets, the
 * function, the HTTP API and the alarms, plus the outputs an operator copies
 * into the Stripe Dashboard and the Secrets Manager commands.
 */
import { CfnOutput, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { modesOfStage } from "../../src/domain/mode.js";
import { ApiFunction } from "./api-function.js";
import { apiBasePath, webhookRoutesOf } from "./api-routes.js";
import { PaymentTables } from "./payment-tables.js";
import type { StageSettings } from "./stage-settings.js";
import { StripeSecrets, stripeSecretName } from "./stripe-secrets.js";
import { UpsellAlarms } from "./upsell-alarms.js";
import { UpsellHttpApi } from "./upsell-http-api.js";

export interface UpsellStackProps extends StackProps {
  readonly settings: StageSettings;
}

/** The stack name of a stage: `ecommerce-payment-prod`. */
export function stackNameOf(stage: string): string {
  return `ecommerce-payment-${stage}`;
}

export class UpsellStack extends Stack {
  constructor(scope: Construct, id: string, props: UpsellStackProps) {
    const { settings, ...stackProps } = props;
    super(scope, id, { terminationProtection: settings.stage === "prod", ...stackProps });
    Tags.of(this).add("project", "ecommerce-payment");
    Tags.of(this).add("stage", settings.stage);

    const tables = new PaymentTables(this, "Tables", { stage: settings.stage });
    const secrets = new StripeSecrets(this, "StripeSecrets", { stage: settings.stage });
    const api = new ApiFunction(this, "Api", {
      settings,
      tables: tables.all,
      secrets: secrets.byMode,
    });
    const httpApi = new UpsellHttpApi(this, "Http", { settings, handler: api.function });
    const alarms = new UpsellAlarms(this, "Alarms", {
      settings,
      api: httpApi.api,
      handler: api.function,
      accessLogGroup: httpApi.accessLogGroup,
    });

    new CfnOutput(this, "ApiBaseUrl", {
      description: "The storefront's API base URL",
      value: httpApi.urlOf(apiBasePath),
    });
    for (const route of webhookRoutesOf(settings.stage)) {
      new CfnOutput(this, `WebhookUrl${route.outputSuffix}`, {
        description: `Stripe Dashboard (${route.mode} mode): endpoint URL to add`,
        value: httpApi.urlOf(route.path),
      });
    }
    for (const mode of modesOfStage(settings.stage)) {
      new CfnOutput(this, `StripeSecretName${mode === "test" ? "Test" : "Live"}`, {
        description: `Secrets Manager secret to fill with the ${mode}-mode Stripe settings`,
        value: stripeSecretName(settings.stage, mode),
      });
    }
    new CfnOutput(this, "FunctionLogGroup", { value: api.logGroup.logGroupName });
    new CfnOutput(this, "AccessLogGroup", { value: httpApi.accessLogGroup.logGroupName });
    new CfnOutput(this, "AlarmTopicArn", { value: alarms.topic.topicArn });
  }
}
