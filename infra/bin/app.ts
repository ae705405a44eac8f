/**
 * The CDK app: one stack per stage (`ecommerce-payment-dev`, `ecommerce-payment-prod`).
 *
 * `npm run synth` runs this file directly (no CDK CLI, no AWS credentials, no
 * network) and writes the templates to `infra/cdk.out`; `cdk deploy` run from
 * `infra/` runs it through `infra/cdk.json`. Stage settings come from the
 * context in `infra/cdk.json`, which the CLI passes in and which this file
 * reads itself when run directly, so both paths build the same templates.
 */
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { stages } from "../../src/domain/mode.js";
import { parseStageSettings, stageContextKey } from "../lib/stage-settings.js";
import { stackNameOf, UpsellStack } from "../lib/upsell-stack.js";

const infraDir = fileURLToPath(new URL("..", import.meta.url));
const launchedByCdkCli = process.env.CDK_CONTEXT_JSON !== undefined;
const defaultOutdir = `${infraDir}cdk.out`;

// Run directly, start from an empty default output folder so old assets don't pile up.
if (!launchedByCdkCli && !process.env.CDK_OUTDIR) {
  rmSync(defaultOutdir, { recursive: true, force: true });
}
const app = new App({
  outdir: process.env.CDK_OUTDIR ?? defaultOutdir,
  ...(launchedByCdkCli ? {} : { context: cdkJsonContext() }),
});

for (const stage of stages) {
  const settings = parseStageSettings(stage, app.node.tryGetContext(stageContextKey(stage)));
  new UpsellStack(app, stackNameOf(stage), {
    settings,
    stackName: stackNameOf(stage),
    description: `One-click upsell backend on Stripe, stage ${stage}`,
    // Unset offline: the stacks are environment-agnostic and synth looks nothing up.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
}

const assembly = app.synth();
if (!launchedByCdkCli) {
  for (const stack of assembly.stacks) {
    process.stdout.write(`${stack.stackName}: ${stack.templateFullPath}\n`);
  }
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(`${infraDir}cdk.json`, "utf8")) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}
