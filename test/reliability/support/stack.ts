/**
 * The whole product for one reliability test file: the Stripe sandbox on a
 * free port, tables under a namespace of this stack on a DynamoDB Local (the
 * run's shared one unless the file brings its own), the composed app behind
 * a real Node server on port 0, and the sandbox's webhook endpoints pointed
 * at that server. Everything talks through the real AWS and Stripe SDKs.
 *
 * `compose()` builds further apps over the same configuration and tables,
 * e.g. with a port wrapped to fail, or one that "crashes" mid-charge.
 */
import { randomUUID } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Stripe } from "stripe";
import { inject } from "vitest";
import { type AppConfig, loadConfig } from "../../../src/config/config.js";
import type { Mode, Stage } from "../../../src/domain/mode.js";
import { modesOfStage } from "../../../src/domain/mode.js";
import type { Clock, PaymentGateway, TokenStore } from "../../../src/domain/ports.js";
import { type ComposedApp, composeApp, systemClock } from "../../../src/entry/compose.js";
import { startServer } from "../../../src/entry/node-server.js";
import type { Logger } from "../../../src/log/logger.js";
import {
  type StripeSandbox,
  startStripeSandbox,
  type WebhookRetryOptions,
} from "../../../src/sandbox/index.js";
import { createStageTables } from "../../../src/store/create-tables.js";
import { createDocumentClient, createDynamoClient } from "../../../src/store/dynamo-client.js";
import { createDynamoTokenStore } from "../../../src/store/dynamo-token-store.js";
import { type TableNames, tableNames } from "../../../src/store/table-definitions.js";
import {
  defaultPriceCacheMaxEntries,
  defaultPriceCacheTtlMs,
  withPriceCache,
} from "../../../src/stripe/price-cache.js";
import { createStripeClient } from "../../../src/stripe/stripe-client.js";
import { createStripeGateway } from "../../../src/stripe/stripe-gateway.js";
import type { ApiAnswer } from "./api-answer.js";
import { upsellPrice } from "./catalog-prices.js";
import { captureLogger } from "./log-capture.js";
import { type ApiRequest, type PaidCheckoutOptions, withRequests } from "./stack-requests.js";
import { stripeSecretKeys, webhookSecrets } from "./test-secrets.js";

export { mapWithLimit, range } from "./batches.js";
export { courseAmountMinor, upsellPrice } from "./catalog-prices.js";
export type { ApiRequest, PaidCheckoutOptions } from "./stack-requests.js";

export interface StackOptions {
  readonly stage?: Stage;
  /** Extra or overriding variables. */
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  /** Another DynamoDB Local than the run's shared one. */
  readonly dynamoEndpoint?: string;
  readonly webhookRetry?: WebhookRetryOptions;
  /** False: the sandbox sends no webhooks; the test delivers them itself. */
  readonly registerWebhooks?: boolean;
  /** Options of the app behind the HTTP server. */
  readonly app?: AppOptions;
}

/** How an app of the stack differs from production composition. */
export interface AppOptions {
  readonly clock?: Clock;
  readonly stripeMaxNetworkRetries?: number;
  /** Wraps a mode's real token store (a fault, a spy). */
  readonly wrapStore?: (store: TokenStore, mode: Mode) => TokenStore;
  /** Wraps a mode's real payment gateway (built as `composeApp` builds it). */
  readonly wrapGateway?: (gateway: PaymentGateway, mode: Mode) => PaymentGateway;
  readonly rateLimit?: ComposeRateLimit;
}

type ComposeRateLimit = NonNullable<Parameters<typeof composeApp>[1]>["rateLimit"];

export interface Stack {
  readonly url: string;
  readonly config: AppConfig;
  readonly main: ComposedApp;
  readonly sandbox: StripeSandbox;
  /** SDK clients for set-up and assertions. */
  readonly stripe: Readonly<Record<Mode, Stripe>>;
  /** Direct readers of each served mode's tables, for assertions. */
  readonly stores: Readonly<Partial<Record<Mode, TokenStore>>>;
  readonly tables: Readonly<Partial<Record<Mode, TableNames>>>;
  readonly documentClient: DynamoDBDocumentClient;
  readonly logger: Logger;
  readonly logLines: readonly string[];
  /** Another app over the same configuration and tables. */
  compose(options?: AppOptions): ComposedApp;
  /** Over HTTP to the stack's server. */
  send(request: ApiRequest): Promise<ApiAnswer>;
  /** In-process, through `app.request`, to `app` (the main one by default). */
  sendInProcess(request: ApiRequest, app?: ComposedApp): Promise<ApiAnswer>;
  /** A checkout created through the API and paid in the sandbox. */
  paidCheckout(args?: PaidCheckoutOptions): Promise<string>;
  /** A checkout session created through the API, not paid. */
  createCheckout(mode?: Mode): Promise<string>;
  /** The session's upsell token, through get-uuid. */
  tokenOf(sessionId: string, mode?: Mode): Promise<string>;
  /** The one-click upsell request for a token (course upsell by default). */
  clickRequest(upsellToken: string, args?: { mode?: Mode; priceId?: string }): ApiRequest;
  /** Upsell payment intents in the sandbox, per checkout session of `sessionIds`. */
  upsellIntentsBySession(
    sessionIds: readonly string[],
    mode?: Mode,
  ): Promise<Map<string, Stripe.PaymentIntent[]>>;
  close(): Promise<void>;
}

/** Starts a stack; call `close()` in `afterAll`. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const stage = options.stage ?? "dev";
  const namespace = `rel-${randomUUID().slice(0, 8)}-`;
  const dynamoEndpoint = options.dynamoEndpoint ?? inject("dynamoEndpoint");
  const sandbox = await startStripeSandbox({
    webhookRetry: options.webhookRetry ?? { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 5 },
  });
  const config = loadConfig(stackEnv({ stage, namespace, dynamoEndpoint, sandbox, ...options }));
  await createTables({ config, namespace });

  const documentClient = createDocumentClient({
    region: config.awsRegion,
    endpoint: dynamoEndpoint,
  });
  const tables: Partial<Record<Mode, TableNames>> = {};
  const stores: Partial<Record<Mode, TokenStore>> = {};
  for (const mode of modesOfStage(stage)) {
    tables[mode] = tableNames({ stage, mode, namespace });
    stores[mode] = createDynamoTokenStore({
      client: documentClient,
      tables: tableNames({ stage, mode, namespace }),
    });
  }

  const captured = captureLogger(`reliability-${stage}`);
  const apps: ComposedApp[] = [];
  const compose = (appOptions: AppOptions = {}): ComposedApp => {
    const composed = composeApp(config, {
      logger: captured.logger,
      clock: appOptions.clock ?? options.clock,
      stripeMaxNetworkRetries: appOptions.stripeMaxNetworkRetries,
      rateLimit: appOptions.rateLimit,
      stores: wrappedStores({ stores, wrap: appOptions.wrapStore }),
      gateways: wrappedGateways({ config, wrap: appOptions.wrapGateway, appOptions }),
    });
    apps.push(composed);
    return composed;
  };
  const main = compose(options.app);
  const server = await startServer({ app: main.app, port: 0 });
  for (const endpoint of options.registerWebhooks === false ? [] : config.webhookEndpoints) {
    await sandbox.addWebhookEndpoint({
      mode: endpoint.mode,
      url: `${server.url}/ecommerce${endpoint.path}`,
      secret: endpoint.secret ?? "",
    });
  }

  const stripe = {
    test: new Stripe(stripeSecretKeys.test, { ...sandbox.stripeClientOptions }),
    live: new Stripe(stripeSecretKeys.live, { ...sandbox.stripeClientOptions }),
  };
  const close = async () => {
    await server.close();
    await sandbox.close();
    for (const app of apps) app.close();
    documentClient.destroy();
    captured.flush(namespace.replace(/-$/, ""));
  };

  return withRequests({
    url: server.url,
    config,
    main,
    sandbox,
    stripe,
    stores,
    tables,
    documentClient,
    logger: captured.logger,
    logLines: captured.lines,
    compose,
    close,
  });
}

function stackEnv(args: {
  stage: Stage;
  namespace: string;
  dynamoEndpoint: string;
  sandbox: StripeSandbox;
  env?: Record<string, string>;
}): Record<string, string> {
  return {
    STAGE: args.stage,
    ALLOWED_ORIGINS: "https://shop.example,http://localhost:3000",
    STRIPE_SECRET_KEY_TEST: stripeSecretKeys.test,
    ...(args.stage === "prod" ? { STRIPE_SECRET_KEY_LIVE: stripeSecretKeys.live } : {}),
    STRIPE_WEBHOOK_SECRET_DEV: webhookSecrets.dev,
    STRIPE_WEBHOOK_SECRET_TEST: webhookSecrets.test,
    STRIPE_WEBHOOK_SECRET_LIVE: webhookSecrets.live,
    STRIPE_API_BASE_URL: args.sandbox.url,
    UPSELL_PRICES_TEST: Object.values(upsellPrice.test).join(","),
    UPSELL_PRICES_LIVE: Object.values(upsellPrice.live).join(","),
    DYNAMODB_ENDPOINT: args.dynamoEndpoint,
    TABLE_NAMESPACE: args.namespace,
    LOG_LEVEL: "debug",
    ...args.env,
  };
}

async function createTables(args: { config: AppConfig; namespace: string }): Promise<void> {
  const client = createDynamoClient({
    region: args.config.awsRegion,
    endpoint: args.config.dynamoEndpoint,
  });
  try {
    await createStageTables({ client, stage: args.config.stage, namespace: args.namespace });
  } finally {
    client.destroy();
  }
}

function wrappedStores(args: {
  stores: Partial<Record<Mode, TokenStore>>;
  wrap?: (store: TokenStore, mode: Mode) => TokenStore;
}): Partial<Record<Mode, TokenStore>> | undefined {
  const { wrap } = args;
  if (!wrap) return undefined;
  const wrapped: Partial<Record<Mode, TokenStore>> = {};
  for (const mode of ["test", "live"] as const) {
    const store = args.stores[mode];
    if (store) wrapped[mode] = wrap(store, mode);
  }
  return wrapped;
}

function wrappedGateways(args: {
  config: AppConfig;
  wrap?: (gateway: PaymentGateway, mode: Mode) => PaymentGateway;
  appOptions: AppOptions;
}): Partial<Record<Mode, PaymentGateway>> | undefined {
  const { wrap, config } = args;
  if (!wrap) return undefined;
  const wrapped: Partial<Record<Mode, PaymentGateway>> = {};
  for (const modeConfig of [config.modes.test, config.modes.live]) {
    if (!modeConfig) continue;
    const stripe = createStripeClient({
      mode: modeConfig.mode,
      secretKey: modeConfig.secretKey,
      apiBaseUrl: config.stripeApiBaseUrl,
      timeoutMs: config.stripeTimeoutMs,
      maxNetworkRetries: args.appOptions.stripeMaxNetworkRetries,
    });
    const gateway = withPriceCache(createStripeGateway(stripe), {
      ttlMs: defaultPriceCacheTtlMs,
      maxEntries: defaultPriceCacheMaxEntries,
      clock: args.appOptions.clock ?? systemClock,
    });
    wrapped[modeConfig.mode] = wrap(gateway, modeConfig.mode);
  }
  return wrapped;
}
