/**
 * Composition root: turns a validated configuration into the running app.
 * Creates the clients once (one Stripe client and one DynamoDB client per
 * served mode, each mode with its own key and tables), wires them into the
 * use cases and returns the Hono app with every route under `/ecommerce`.
 * The Node server, `npm start`, Lambda, tests and benchmarks all start here.
 *
 * @example
 * const { app } = composeApp(loadConfig(process.env));
 * const server = await startServer({ app, port: 3000 });
 */
import { randomUUID } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Hono, MiddlewareHandler } from "hono";
import type { AppConfig, ModeConfig } from "../config/config.js";
import type { Mode } from "../domain/mode.js";
import { createModeRegistry, type ModeResources } from "../domain/mode-resources.js";
import type { Clock, IdGenerator, PaymentGateway, TokenStore } from "../domain/ports.js";
import type { UseCaseDeps } from "../domain/use-cases/use-case-deps.js";
import { createApp } from "../http/app.js";
import type { AppEnv } from "../http/request-context.js";
import { createLogger, type Logger } from "../log/logger.js";
import { createDocumentClient } from "../store/dynamo-client.js";
import { createDynamoTokenStore } from "../store/dynamo-token-store.js";
import { tableNames } from "../store/table-definitions.js";
import {
  defaultPriceCacheMaxEntries,
  defaultPriceCacheTtlMs,
  withPriceCache,
} from "../stripe/price-cache.js";
import { createStripeClient } from "../stripe/stripe-client.js";
import { createStripeGateway } from "../stripe/stripe-gateway.js";

/** The service name in every log line. */
export const serviceName = "ecommerce-payment";

/**
 * How long a session's link to its token outlives the token: longer than
 * Stripe's three days of webhook retries, so a very late delivery still
 * finds the link and cannot issue a second token.
 */
export const sessionLinkRetentionSec = 7 * 24 * 60 * 60;

/** Replacements for tests and tools; production passes none. */
export interface ComposeOverrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Replaces a mode's gateway, e.g. to wrap it with a fault. */
  readonly gateways?: Partial<Record<Mode, PaymentGateway>>;
  /** Replaces a mode's store. */
  readonly stores?: Partial<Record<Mode, TokenStore>>;
  /** SDK network retries (default 1); a test of timeouts may want 0. */
  readonly stripeMaxNetworkRetries?: number;
  /** Per-client rate limit (the Node server passes `nodeRateLimit`); none by default. */
  readonly rateLimit?: MiddlewareHandler<AppEnv>;
}

export interface ComposedApp {
  /** The HTTP app; add extra routes (a storefront) with `app.route("/", routes)`. */
  readonly app: Hono<AppEnv>;
  /** The use-case dependencies the app was built with. */
  readonly domain: UseCaseDeps;
  readonly logger: Logger;
  /** Releases the DynamoDB clients' sockets. */
  close(): void;
}

export const systemClock: Clock = { nowEpochMs: () => Date.now() };

export const randomIds: IdGenerator = {
  newUpsellToken: () => randomUUID(),
  newAttemptId: () => randomUUID(),
};

/** Builds the clients, the use cases and the app for `config`. */
export function composeApp(config: AppConfig, overrides: ComposeOverrides = {}): ComposedApp {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, service: serviceName });
  const clock = overrides.clock ?? systemClock;
  const documentClients: DynamoDBDocumentClient[] = [];

  const resources = servedModes(config).map((modeConfig): ModeResources => {
    const { mode } = modeConfig;
    const gateway =
      overrides.gateways?.[mode] ?? createGateway({ config, modeConfig, clock, overrides });
    const store = overrides.stores?.[mode] ?? createStore({ config, mode, documentClients });
    return { mode, gateway, store, upsellPriceIds: modeConfig.upsellPriceIds };
  });

  const domain: UseCaseDeps = {
    registry: createModeRegistry(resources),
    clock,
    ids: overrides.ids ?? randomIds,
    logger,
    settings: {
      tokenTtlSec: config.tokenTtlSec,
      claimTimeoutSec: config.claimTimeoutSec,
      linkRetentionSec: sessionLinkRetentionSec,
      upsellConfirmation: config.upsellConfirmation,
      allowedOrigins: config.allowedOrigins,
      defaultSuccessUrl: config.defaultSuccessUrl,
    },
  };
  logStart(logger, { config, modes: domain.registry.modes });

  return {
    app: createApp({
      domain,
      webhookEndpoints: config.webhookEndpoints,
      rateLimit: overrides.rateLimit,
    }),
    domain,
    logger,
    close: () => {
      for (const client of documentClients) client.destroy();
    },
  };
}

function servedModes(config: AppConfig): ModeConfig[] {
  return [config.modes.test, config.modes.live].filter(
    (modeConfig): modeConfig is ModeConfig => modeConfig !== undefined,
  );
}

function createGateway(args: {
  config: AppConfig;
  modeConfig: ModeConfig;
  clock: Clock;
  overrides: ComposeOverrides;
}): PaymentGateway {
  const stripe = createStripeClient({
    mode: args.modeConfig.mode,
    secretKey: args.modeConfig.secretKey,
    apiBaseUrl: args.config.stripeApiBaseUrl,
    timeoutMs: args.config.stripeTimeoutMs,
    maxNetworkRetries: args.overrides.stripeMaxNetworkRetries,
  });
  return withPriceCache(createStripeGateway(stripe), {
    ttlMs: defaultPriceCacheTtlMs,
    maxEntries: defaultPriceCacheMaxEntries,
    clock: args.clock,
  });
}

function createStore(args: {
  config: AppConfig;
  mode: Mode;
  documentClients: DynamoDBDocumentClient[];
}): TokenStore {
  const client = createDocumentClient({
    region: args.config.awsRegion,
    endpoint: args.config.dynamoEndpoint,
  });
  args.documentClients.push(client);
  const tables = tableNames({
    stage: args.config.stage,
    mode: args.mode,
    namespace: args.config.tableNamespace,
  });
  return createDynamoTokenStore({ client, tables });
}

function logStart(logger: Logger, args: { config: AppConfig; modes: readonly Mode[] }): void {
  const modes = args.modes.join(",") || "none";
  logger.info(`app composed: stage ${args.config.stage}, modes ${modes}`, {
    stage: args.config.stage,
  });
  for (const endpoint of args.config.webhookEndpoints) {
    if (endpoint.secret) continue;
    logger.warn(`webhook endpoint ${endpoint.path} has no signing secret; it answers 503`);
  }
}
