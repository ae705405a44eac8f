/**
 * Everything the HTTP figures run against, on this machine, on loopback:
 * DynamoDB Local (Java), the Stripe sandbox (a child process) and the API's
 * Node server (another child process), wired like `npm start` wires them:
 * the sandbox sends checkout webhooks to the API, signed with a shared secret.
 */
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type DynamoLocal,
  dynamoLocalCredentials,
  startDynamoLocal,
} from "../../src/local/dynamo-local.js";
import { findFreePort } from "../../src/local/free-port.js";
import { createSandboxControlClient, type SandboxControls } from "../../src/sandbox/index.js";
import { createTables } from "../../src/store/create-tables.js";
import type { TableNames } from "../../src/store/table-definitions.js";
import type { BuiltChildren } from "./build-children.js";
import { type BenchChild, startBenchChild } from "./child-process.js";
import { sandboxCatalogPath } from "./project-paths.js";

/** Local-only credentials the sandbox accepts; no real key is involved. */
export const benchStripeKey = "sk_test_bench_local_only";
const benchWebhookSecret = "whsec_bench_local_only";
const benchOrigin = "http://127.0.0.1";
const region = "us-east-1";

/** The seeded catalog's main offer and upsell (test mode). */
export const mainOfferPriceId = "price_test_main_offer";
export const upsellPriceId = "price_test_upsell_course";

/** The running stack and how to drive it. */
export interface BenchStack {
  readonly apiUrl: string;
  readonly sandboxUrl: string;
  readonly controls: SandboxControls;
  readonly tables: TableNames;
  /** A low-level client of the same DynamoDB Local, for fixtures and raw loops. */
  readonly dynamo: DynamoDBClient;
  /** The API server child running now. */
  api(): BenchChild;
  /** Replaces the API server with a fresh process on the same port. */
  restartApi(): Promise<BenchChild>;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local, creates the tables, starts the sandbox and the API. */
export async function startBenchStack(children: BuiltChildren): Promise<BenchStack> {
  const stopActions: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const action of stopActions.reverse()) await action().catch(() => undefined);
  };
  try {
    const dynamoLocal = await startDynamoLocal();
    stopActions.push(() => dynamoLocal.stop());
    const dynamo = dynamoClientOf(dynamoLocal);
    stopActions.push(async () => dynamo.destroy());
    const namespace = `bench-${randomUUID().slice(0, 8)}-`;
    const tables = await createTables({ client: dynamo, stage: "dev", mode: "test", namespace });

    const apiPort = await findFreePort();
    const sandbox = await startBenchChild({
      scriptPath: children.stripeSandboxPath,
      env: sandboxEnv(apiPort),
    });
    stopActions.push(() => sandbox.stop());

    const apiEnv = apiServerEnv({ apiPort, sandboxUrl: sandbox.url, dynamoLocal, namespace });
    const startApi = () =>
      startBenchChild({ scriptPath: children.apiServerPath, env: apiEnv, nodeArgs: apiNodeArgs() });
    let api = await startApi();
    stopActions.push(() => api.stop());

    return {
      apiUrl: api.url,
      sandboxUrl: sandbox.url,
      controls: createSandboxControlClient(sandbox.url),
      tables,
      dynamo,
      api: () => api,
      restartApi: async () => {
        await api.stop();
        api = await startApi();
        return api;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function dynamoClientOf(dynamoLocal: DynamoLocal): DynamoDBClient {
  return new DynamoDBClient({
    region,
    endpoint: dynamoLocal.endpoint,
    credentials: dynamoLocalCredentials,
  });
}

/**
 * `--expose-gc` lets the memory figure ask for a full GC before reading the
 * live heap (nothing calls it otherwise); `BENCH_API_NODE_ARGS` adds options,
 * e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server.
 */
function apiNodeArgs(): string[] {
  const extra = (process.env.BENCH_API_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
  return ["--expose-gc", ...extra];
}

function sandboxEnv(apiPort: number): Record<string, string> {
  return {
    BENCH_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/ecommerce/stripe-webhook`,
    BENCH_WEBHOOK_SECRET: benchWebhookSecret,
    BENCH_CATALOG_PATH: sandboxCatalogPath,
  };
}

/**
 * The API's environment: stage dev (test mode), production defaults for
 * everything else (log level info included), nothing from the caller's shell.
 */
function apiServerEnv(args: {
  apiPort: number;
  sandboxUrl: string;
  dynamoLocal: DynamoLocal;
  namespace: string;
}): Record<string, string> {
  return {
    STAGE: "dev",
    PORT: String(args.apiPort),
    STRIPE_SECRET_KEY_TEST: benchStripeKey,
    STRIPE_WEBHOOK_SECRET_DEV: benchWebhookSecret,
    STRIPE_API_BASE_URL: args.sandboxUrl,
    ALLOWED_ORIGINS: benchOrigin,
    UPSELL_PRICES_TEST: upsellPriceId,
    DYNAMODB_ENDPOINT: args.dynamoLocal.endpoint,
    TABLE_NAMESPACE: args.namespace,
    AWS_REGION: region,
    LOG_LEVEL: "info",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}
