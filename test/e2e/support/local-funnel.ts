/**
 * The whole funnel in one test process, as `npm start` runs it: the Stripe
 * sandbox on port 0, the API (`composeApp`) on the run's DynamoDB Local with
 * tables of its own, the demo storefront mounted at `/`, all served on port 0.
 *
 * The server starts before the app exists (its URL is the allowed origin the
 * configuration needs), so it serves a shell that hands each request to the
 * app once composed.
 */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { Stripe } from "stripe";
import type { AppConfig } from "../../../src/config/config.js";
import { loadConfig } from "../../../src/config/config.js";
import { composeApp } from "../../../src/entry/compose.js";
import { nodeRateLimit, type RunningServer, startServer } from "../../../src/entry/node-server.js";
import { createLogger } from "../../../src/log/logger.js";
import { type StripeSandbox, startStripeSandbox } from "../../../src/sandbox/index.js";
import { createStageTables } from "../../../src/store/create-tables.js";
import { createDynamoClient } from "../../../src/store/dynamo-client.js";
import { createStorefront } from "../../../src/storefront/create-storefront.js";

/** The running funnel and the handles a test asserts with. */
export interface LocalFunnel {
  /** The storefront and API origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly sandbox: StripeSandbox;
  /** An SDK client on the sandbox, to read what Stripe recorded. */
  readonly stripe: Stripe;
  readonly config: AppConfig;
  close(): Promise<void>;
}

const webhookSecret = "whsec_e2e_funnel_local_only";

/** The composed app as the shell calls it: the request and the Node server's bindings. */
interface ComposedFetch {
  fetch(request: Request, env: unknown): Response | Promise<Response>;
}

/** The one-time offer the demo sells (on the API's allowlist). */
export const oneTimeOfferPriceId = "price_test_upsell_course";

/** The publishable key the storefront shows when it is set up for real Stripe. */
export const e2ePublishableKey = "pk_test_e2e_funnel";

/**
 * Starts the funnel against the run's DynamoDB Local. With `storefrontHost:
 * "stripe"`, the API still runs on the sandbox but the pages are set up for
 * real Stripe (Stripe.js and a publishable key), for a test that serves
 * Stripe.js itself.
 */
export async function startLocalFunnel(args: {
  dynamoEndpoint: string;
  storefrontHost?: "sandbox" | "stripe";
}): Promise<LocalFunnel> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer();
  };

  try {
    const sandbox = await startStripeSandbox({
      port: 0,
      webhookRetry: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    closers.push(() => sandbox.close());

    let composedApp: ComposedFetch | undefined;
    const shell = new Hono();
    shell.all("*", (c) =>
      composedApp ? composedApp.fetch(c.req.raw, c.env) : c.text("starting", 503),
    );
    const server: RunningServer = await startServer({ app: shell, port: 0 });
    closers.push(() => server.close());

    const config = loadConfig({
      STAGE: "dev",
      PORT: "0",
      STRIPE_SECRET_KEY_TEST: "sk_test_e2e_funnel",
      STRIPE_PUBLISHABLE_KEY_TEST: e2ePublishableKey,
      STRIPE_API_BASE_URL: sandbox.url,
      STRIPE_WEBHOOK_SECRET_DEV: webhookSecret,
      ALLOWED_ORIGINS: server.url,
      UPSELL_PRICES_TEST: oneTimeOfferPriceId,
      DYNAMODB_ENDPOINT: args.dynamoEndpoint,
      TABLE_NAMESPACE: `e2e-${randomUUID().slice(0, 8)}`,
      LOG_LEVEL: "error",
      AWS_REGION: "us-east-1",
    });
    await createTablesOf(config);

    const logger = createLogger({ level: "error", service: "e2e-funnel" });
    // As on `npm start`: the Node server's per-client rate limit is on.
    const composed = composeApp(config, { logger, rateLimit: nodeRateLimit(config) });
    closers.push(() => composed.close());
    const sandboxUrl = args.storefrontHost === "stripe" ? undefined : sandbox.url;
    composed.app.route("/", await createStorefront({ appConfig: config, sandboxUrl }));
    composedApp = composed.app;

    await sandbox.addWebhookEndpoint({
      mode: "test",
      url: `${server.url}/ecommerce/stripe-webhook`,
      secret: webhookSecret,
    });

    const stripe = new Stripe("sk_test_e2e_assertions", {
      ...sandbox.stripeClientOptions,
      maxNetworkRetries: 0,
    });
    return { url: server.url, sandbox, stripe, config, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The payment intents of the customer who paid a checkout session. */
export async function paymentIntentsOfSession(
  funnel: LocalFunnel,
  sessionId: string,
): Promise<Stripe.PaymentIntent[]> {
  const session = await funnel.stripe.checkout.sessions.retrieve(sessionId);
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  if (!customer) throw new Error(`checkout session ${sessionId} has no customer`);
  const list = await funnel.stripe.paymentIntents.list({ customer, limit: 100 });
  return list.data;
}

async function createTablesOf(config: AppConfig): Promise<void> {
  const client = createDynamoClient({ region: config.awsRegion, endpoint: config.dynamoEndpoint });
  try {
    await createStageTables({ client, stage: config.stage, namespace: config.tableNamespace });
  } finally {
    client.destroy();
  }
}
