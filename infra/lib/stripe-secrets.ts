/**
 * One Secrets Manager secret per mode of the stage, created without a value:
 * the operator fills it after deploy (docs/operator-guide.md), so no Stripe key
 * ever passes through CloudFormation, the template or the CDK output.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { type CfnSecret, Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { secretLayout } from "../../src/config/aws-secrets.js";
import { type Mode, modesOfStage, type Stage } from "../../src/domain/mode.js";

/** The secret's name: `ecommerce-payment/prod/stripe-live`. */
export function stripeSecretName(stage: Stage, mode: Mode): string {
  return `ecommerce-payment/${stage}/stripe-${mode}`;
}

export interface StripeSecretsProps {
  readonly stage: Stage;
}

export class StripeSecrets extends Construct {
  readonly byMode: Partial<Record<Mode, Secret>> = {};

  constructor(scope: Construct, id: string, props: StripeSecretsProps) {
    super(scope, id);
    for (const mode of modesOfStage(props.stage)) {
      const layout = secretLayout(props.stage, mode);
      const secret = new Secret(this, mode === "test" ? "Test" : "Live", {
        secretName: stripeSecretName(props.stage, mode),
        description:
          `Stripe ${mode}-mode settings of stage ${props.stage}: a JSON object with ` +
          `${layout.required.join(", ")} (optional: ${layout.optional.join(", ")}).`,
        removalPolicy: props.stage === "prod" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      // The L2 construct generates a random value by default; this secret starts empty.
      (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride("GenerateSecretString");
      this.byMode[mode] = secret;
    }
  }
}
