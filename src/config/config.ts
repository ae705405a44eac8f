/**
 * The configuration, read once at start from an env-like record (the process
 * environment, or in Lambda the environment merged with the secrets) and
 * validated into a typed object. A bad value stops the start with a message
 * that names the variable, never its value. `.env.example` documents every
 * variable.
 *
 * Keys are optional one by one: a mode without its Stripe key is simply not
 * served (requests for it get `MODE_NOT_AVAILABLE`), and a webhook endpoint
 * without its secret answers 503 so Stripe keeps the event and retries. That
 * lets a fresh deployment start before its secrets are filled.
 */
import { type Mode, modesOfStage, type Stage, stages } from "../domain/mode.js";
import type { UpsellConfirmation } from "../domain/ports.js";
import { type LogLevel, logLevels } from "../log/logger.js";
import { ConfigError, type Env, EnvReader } from "./env-reader.js";
import { webhookEndpointsOf } from "./webhook-endpoints.js";

/** What one served mode needs. */
export interface ModeConfig {
  readonly mode: Mode;
  readonly secretKey: string;
  readonly publishableKey?: string;
  /** Price ids one-click upsells may charge in this mode. */
  readonly upsellPriceIds: readonly string[];
}

export interface WebhookEndpointConfig {
  /** Path under `/ecommerce`. */
  readonly path: string;
  readonly mode: Mode;
  /** Undefined until configured; the endpoint then answers 503. */
  readonly secret?: string;
}

export interface AppConfig {
  readonly stage: Stage;
  /** The modes served: the stage's modes that have a secret key. */
  readonly modes: Readonly<Partial<Record<Mode, ModeConfig>>>;
  readonly webhookEndpoints: readonly WebhookEndpointConfig[];
  /** Stripe API address override (the local sandbox); Stripe itself when absent. */
  readonly stripeApiBaseUrl?: string;
  readonly stripeTimeoutMs: number;
  readonly allowedOrigins: readonly string[];
  /** Where a checkout returns when the request has no `successUrl`. */
  readonly defaultSuccessUrl: string;
  readonly tokenTtlSec: number;
  readonly claimTimeoutSec: number;
  readonly upsellConfirmation: UpsellConfirmation;
  readonly logLevel: LogLevel;
  readonly awsRegion: string;
  /** DynamoDB Local's URL; absent in AWS. */
  readonly dynamoEndpoint?: string;
  /** Extra table-name prefix (tests); empty in production. */
  readonly tableNamespace: string;
  readonly port: number;
  /**
   * Requests per minute per client address to `get-uuid` and to
   * `one-click-upsell`, enforced by the Node server; 0 turns it off. Lambda
   * ignores it: API Gateway throttles there.
   */
  readonly rateLimitPerMinute: number;
}

const modeSuffix: Readonly<Record<Mode, string>> = { test: "TEST", live: "LIVE" };

/** Longest upsell token lifetime: Stripe's idempotency window (24 hours). */
export const maxTokenTtlSec = 86_400;

/**
 * Reads and validates the configuration.
 *
 * @throws ConfigError listing every bad variable.
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Env): AppConfig {
  const reader = new EnvReader(env);
  const stage = reader.oneOf("STAGE", stages, "dev");
  const allowedOrigins = readOrigins(reader);
  const stripeTimeoutMs = reader.integer("STRIPE_TIMEOUT_MS", {
    min: 100,
    max: 60_000,
    fallback: 8_000,
  });
  const claimTimeoutSec = reader.integer("CLAIM_TIMEOUT_SECONDS", {
    min: 1,
    max: 3_600,
    fallback: 60,
  });
  checkClaimOutlivesStripeCalls(reader, { stripeTimeoutMs, claimTimeoutSec });

  const config: AppConfig = {
    stage,
    modes: readModes(reader, stage),
    webhookEndpoints: webhookEndpointsOf(stage).map((endpoint) => ({
      path: endpoint.path,
      mode: endpoint.mode,
      secret: reader.secret(endpoint.secretVariable, "whsec_"),
    })),
    stripeApiBaseUrl: reader.url("STRIPE_API_BASE_URL"),
    stripeTimeoutMs,
    allowedOrigins,
    defaultSuccessUrl: readDefaultSuccessUrl(reader, allowedOrigins),
    tokenTtlSec: reader.integer("TOKEN_TTL_SECONDS", {
      min: 60,
      // Stripe keeps an idempotency key for 24 hours at least, and the charge
      // key is the only guard when a timed-out charge is retried: a token must
      // not outlive it.
      max: maxTokenTtlSec,
      fallback: maxTokenTtlSec,
    }),
    claimTimeoutSec,
    upsellConfirmation: reader.oneOf(
      "UPSELL_CONFIRMATION",
      ["on_session", "off_session"] as const,
      "on_session",
    ),
    logLevel: reader.oneOf("LOG_LEVEL", logLevels, "info"),
    awsRegion: reader.optional("AWS_REGION") ?? "us-east-1",
    dynamoEndpoint: reader.url("DYNAMODB_ENDPOINT"),
    tableNamespace: readTableNamespace(reader),
    port: reader.integer("PORT", { min: 0, max: 65_535, fallback: 3000 }),
    rateLimitPerMinute: reader.integer("RATE_LIMIT_PER_MINUTE", {
      min: 0,
      max: 1_000_000,
      fallback: 60,
    }),
  };

  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return config;
}

function readModes(reader: EnvReader, stage: Stage): Partial<Record<Mode, ModeConfig>> {
  if (stage === "dev" && reader.optional("STRIPE_SECRET_KEY_LIVE")) {
    reader.problem("STRIPE_SECRET_KEY_LIVE is refused in stage dev (test mode only)");
  }
  const modes: Partial<Record<Mode, ModeConfig>> = {};
  for (const mode of modesOfStage(stage)) {
    const suffix = modeSuffix[mode];
    const secretKey = reader.secret(`STRIPE_SECRET_KEY_${suffix}`, `sk_${mode}_`);
    const publishableKey = reader.secret(`STRIPE_PUBLISHABLE_KEY_${suffix}`, `pk_${mode}_`);
    const upsellPriceIds = readPriceIds(reader, `UPSELL_PRICES_${suffix}`);
    if (!secretKey) continue;
    modes[mode] = { mode, secretKey, publishableKey, upsellPriceIds };
  }
  return modes;
}

function readPriceIds(reader: EnvReader, name: string): string[] {
  const ids = reader.list(name);
  if (ids.every((id) => /^price_[A-Za-z0-9_]+$/.test(id))) return ids;
  reader.problem(`${name} must be a comma-separated list of price ids (price_...)`);
  return [];
}

function readOrigins(reader: EnvReader): string[] {
  const origins = reader.list("ALLOWED_ORIGINS").map((origin) => origin.replace(/\/+$/, ""));
  if (origins.length === 0) {
    reader.problem("ALLOWED_ORIGINS must list at least one origin (https://shop.example)");
    return [];
  }
  if (!origins.every(isOrigin)) {
    reader.problem("ALLOWED_ORIGINS must hold origins only: scheme://host[:port], no path");
    return [];
  }
  return origins;
}

function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const isHttp = url.protocol === "http:" || url.protocol === "https:";
  return isHttp && url.origin === value;
}

function readDefaultSuccessUrl(reader: EnvReader, allowedOrigins: readonly string[]): string {
  const configured = reader.url("DEFAULT_SUCCESS_URL");
  const fallback = allowedOrigins[0] ? `${allowedOrigins[0]}/success` : "http://localhost/success";
  if (!configured) return fallback;
  if (allowedOrigins.includes(new URL(configured).origin)) return configured;
  reader.problem("DEFAULT_SUCCESS_URL must be on one of ALLOWED_ORIGINS");
  return fallback;
}

function readTableNamespace(reader: EnvReader): string {
  const namespace = reader.optional("TABLE_NAMESPACE") ?? "";
  if (/^[A-Za-z0-9_.-]{0,64}$/.test(namespace)) return namespace;
  reader.problem("TABLE_NAMESPACE may hold up to 64 letters, digits, '_', '.' or '-'");
  return "";
}

/**
 * A claim must outlive the slowest Stripe call that may still be running
 * under it (two attempts plus back-off), or a recovery could start while the
 * first request is still waiting for Stripe.
 */
function checkClaimOutlivesStripeCalls(
  reader: EnvReader,
  settings: { stripeTimeoutMs: number; claimTimeoutSec: number },
): void {
  const slowestCallMs = settings.stripeTimeoutMs * 2 + 2_000;
  if (settings.claimTimeoutSec * 1000 > slowestCallMs) return;
  reader.problem(
    "CLAIM_TIMEOUT_SECONDS must exceed twice STRIPE_TIMEOUT_MS plus 2 seconds (one retry)",
  );
}
