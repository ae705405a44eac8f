/**
 * The whole product for an API test file: DynamoDB Local (the run's shared
 * one, with tables under a namespace of this file), the Stripe sandbox on a
 * free port, the composed app behind a real Node server on port 0, and the
 * sandbox's webhook endpoints pointed at that server. Everything talks over
 * HTTP through the real AWS and Stripe SDKs.
 */
import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Stripe } from "stripe";
import { inject } from "vitest";
import { type AppConfig, loadConfig } from "../../src/config/config.js";
import type { Mode, Stage } from "../../src/domain/mode.js";
import type { Clock } from "../../src/domain/ports.js";
import { type ComposedApp, composeApp } from "../../src/entry/compose.js";
import { type RunningServer, startServer } from "../../src/entry/node-server.js";
import { createLogger } from "../../src/log/logger.js";
import {
  type CheckoutPayment,
  type StripeSandbox,
  startStripeSandbox,
  type WebhookRetryOptions,
} from "../../src/sandbox/index.js";
import { createStageTables } from "../../src/store/create-tables.js";
import { createDocumentClient, createDynamoClient } from "../../src/store/dynamo-client.js";
import { tableNames } from "../../src/store/table-definitions.js";

export const webhookSecrets = {
  dev: "whsec_api_dev",
  test: "whsec_api_test",
  live: "whsec_api_live",
};

export interface ApiHarnessOptions {
  readonly stage?: Stage;
  /** Extra or overriding variables. */
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  readonly stripeMaxNetworkRetries?: number;
  readonly webhookRetry?: WebhookRetryOptions;
  /** False: tables are not created at start (to test a store failure). */
  readonly createTables?: boolean;
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A string field of an answer's body; throws when it is missing. */
export function stringField(answer: JsonAnswer, name: string): string {
  const value = answer.body[name];
  if (typeof value !== "string")
    throw new Error(`${name} missing in ${JSON.stringify(answer.body)}`);
  return value;
}

export interface ApiHarness {
  readonly url: string;
  readonly config: AppConfig;
  readonly composed: ComposedApp;
  readonly sandbox: StripeSandbox;
  /** SDK clients for test set-up and assertions, one per mode. */
  readonly stripe: Record<Mode, Stripe>;
  readonly logLines: string[];
  readonly namespace: string;
  createTables(): Promise<void>;
  get(path: string, headers?: Record<string, string>): Promise<JsonAnswer>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonAnswer>;
  /** Creates a checkout through the API and pays it in the sandbox; waits for webhooks. */
  paidCheckout(args?: { mode?: Mode; payment?: CheckoutPayment }): Promise<string>;
  /** The upsell token of a session, through get-uuid. */
  tokenOf(sessionId: string, mode?: Mode): Promise<string>;
  /** Every stored token item of a session (scans the mode's token table). */
  tokensOfSession(sessionId: string, mode?: Mode): Promise<Record<string, unknown>[]>;
  /** The raw JSON of the sandbox's `checkout.session.completed` event for a session. */
  completedEventOf(sessionId: string, mode?: Mode): Promise<Record<string, unknown>>;
  /** POSTs `payload` to a webhook path, signed with `secret` (as Stripe would). */
  postSignedWebhook(args: {
    path: string;
    payload: string;
    secret: string;
    timestampEpochSec?: number;
  }): Promise<JsonAnswer>;
  /** Upsell payment intents of the session's customer, counted at the sandbox. */
  upsellPaymentIntents(sessionId: string, mode?: Mode): Promise<Stripe.PaymentIntent[]>;
  close(): Promise<void>;
}

/** Starts everything; call `close()` in `afterAll`. */
export async function startApiHarness(options: ApiHarnessOptions = {}): Promise<ApiHarness> {
  const stage = options.stage ?? "dev";
  const namespace = `api-${randomUUID().slice(0, 8)}-`;
  const dynamoEndpoint = inject("dynamoEndpoint");
  const sandbox = await startStripeSandbox({
    webhookRetry: options.webhookRetry ?? { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 4 },
  });
  const config = loadConfig({
    STAGE: stage,
    ALLOWED_ORIGINS: "https://shop.example,http://localhost:3000",
    STRIPE_SECRET_KEY_TEST: "sk_test_api_harness",
    ...(stage === "prod" ? { STRIPE_SECRET_KEY_LIVE: "sk_live_api_harness" } : {}),
    STRIPE_WEBHOOK_SECRET_DEV: webhookSecrets.dev,
    STRIPE_WEBHOOK_SECRET_TEST: webhookSecrets.test,
    STRIPE_WEBHOOK_SECRET_LIVE: webhookSecrets.live,
    STRIPE_API_BASE_URL: sandbox.url,
    UPSELL_PRICES_TEST: "price_test_upsell_course,price_test_upsell_coaching",
    UPSELL_PRICES_LIVE: "price_live_upsell_course,price_live_upsell_coaching",
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    TABLE_NAMESPACE: namespace,
    LOG_LEVEL: "debug",
    ...options.env,
  });

  const createTables = async () => {
    const client = createDynamoClient({ region: config.awsRegion, endpoint: dynamoEndpoint });
    await createStageTables({ client, stage, namespace });
    client.destroy();
  };
  if (options.createTables !== false) await createTables();

  const logLines: string[] = [];
  const logger = createLogger({
    level: "debug",
    service: "api-test",
    write: (line) => logLines.push(line),
  });
  const composed = composeApp(config, {
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.stripeMaxNetworkRetries === undefined
      ? {}
      : { stripeMaxNetworkRetries: options.stripeMaxNetworkRetries }),
  });
  const server = await startServer({ app: composed.app, port: 0 });
  for (const endpoint of config.webhookEndpoints) {
    await sandbox.addWebhookEndpoint({
      mode: endpoint.mode,
      url: `${server.url}/ecommerce${endpoint.path}`,
      secret: endpoint.secret ?? "",
    });
  }
  const stripe = {
    test: new Stripe("sk_test_api_harness", { ...sandbox.stripeClientOptions }),
    live: new Stripe("sk_live_api_harness", { ...sandbox.stripeClientOptions }),
  };

  return buildHarness({
    server,
    config,
    composed,
    sandbox,
    stripe,
    logLines,
    namespace,
    createTables,
  });
}

function buildHarness(parts: {
  server: RunningServer;
  config: AppConfig;
  composed: ComposedApp;
  sandbox: StripeSandbox;
  stripe: Record<Mode, Stripe>;
  logLines: string[];
  namespace: string;
  createTables: () => Promise<void>;
}): ApiHarness {
  const { server, sandbox, stripe } = parts;
  const send = async (path: string, init: RequestInit): Promise<JsonAnswer> => {
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : {},
    };
  };
  const get = (path: string, headers: Record<string, string> = {}) => send(path, { headers });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    send(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  const paidCheckout = async (args: { mode?: Mode; payment?: CheckoutPayment } = {}) => {
    const mode = args.mode ?? "test";
    const created = await post("/ecommerce/create-checkout-session", {
      priceId: `price_${mode}_main_offer`,
      productType: "offer",
      isTest: mode === "test",
    });
    if (created.status !== 200) throw new Error(`checkout failed: ${JSON.stringify(created.body)}`);
    const sessionId = stringField(created, "sessionId");
    await sandbox.completeCheckoutSession(
      sessionId,
      args.payment ?? { paymentMethod: "pm_card_visa" },
    );
    await sandbox.webhooksIdle();
    return sessionId;
  };

  const tokenOf = async (sessionId: string, mode: Mode = "test") => {
    const answer = await get(
      `/ecommerce/get-uuid?session_id=${sessionId}&isTest=${mode === "test"}`,
    );
    if (answer.status !== 200) throw new Error(`get-uuid failed: ${JSON.stringify(answer.body)}`);
    return stringField(answer, "upsellToken");
  };

  const upsellPaymentIntents = async (sessionId: string, mode: Mode = "test") => {
    const session = await stripe[mode].checkout.sessions.retrieve(sessionId);
    const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
    const list = await stripe[mode].paymentIntents.list({ customer, limit: 100 });
    return list.data.filter((intent) => intent.metadata.productType === "oto");
  };

  const tokensOfSession = async (sessionId: string, mode: Mode = "test") => {
    const tables = tableNames({ stage: parts.config.stage, mode, namespace: parts.namespace });
    const client = createDocumentClient({
      region: parts.config.awsRegion,
      endpoint: parts.config.dynamoEndpoint,
    });
    try {
      const { Items } = await client.send(
        new ScanCommand({
          TableName: tables.upsellTokens,
          FilterExpression: "sessionId = :sessionId",
          ExpressionAttributeValues: { ":sessionId": sessionId },
          ConsistentRead: true,
        }),
      );
      return Items ?? [];
    } finally {
      client.destroy();
    }
  };

  const completedEventOf = async (sessionId: string, mode: Mode = "test") => {
    const events = await stripe[mode].events.list({
      type: "checkout.session.completed",
      limit: 100,
    });
    const event = events.data.find((candidate) => {
      const object = candidate.data.object as { id?: string };
      return object.id === sessionId;
    });
    if (!event) throw new Error(`no checkout.session.completed event for ${sessionId}`);
    return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  };

  const postSignedWebhook = async (args: {
    path: string;
    payload: string;
    secret: string;
    timestampEpochSec?: number;
  }) => {
    const signature = stripe.test.webhooks.generateTestHeaderString({
      payload: args.payload,
      secret: args.secret,
      ...(args.timestampEpochSec === undefined ? {} : { timestamp: args.timestampEpochSec }),
    });
    return await send(`/ecommerce${args.path}`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature },
      body: args.payload,
    });
  };

  return {
    url: server.url,
    tokensOfSession,
    completedEventOf,
    postSignedWebhook,
    config: parts.config,
    composed: parts.composed,
    sandbox,
    stripe,
    logLines: parts.logLines,
    namespace: parts.namespace,
    createTables: parts.createTables,
    get,
    post,
    paidCheckout,
    tokenOf,
    upsellPaymentIntents,
    close: async () => {
      await server.close();
      await sandbox.close();
      parts.composed.close();
    },
  };
}

/** A clock a test can move forward; starts at real time. */
export class OffsetClock implements Clock {
  offsetMs = 0;
  nowEpochMs(): number {
    return Date.now() + this.offsetMs;
  }
  advanceSec(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
