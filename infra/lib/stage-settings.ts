/**
 * What an operator sets per stage: allowed origins, the upsell allowlist,
 * throttling, log retention, alarm e-mail. Read from CDK context under
 * `ecommerce-payment:<stage>` (see `infra/cdk.json`), checked here once, so a
 * typo stops the synth with the name of the setting instead of deploying it.
 */
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { z } from "zod";
import type { Mode, Stage } from "../../src/domain/mode.js";

export interface ThrottleSettings {
  /** Steady-state requests per second across the stage's routes. */
  readonly rateLimitPerSecond: number;
  /** Requests API Gateway accepts at once above the steady rate. */
  readonly burstLimit: number;
}

export interface StageSettings {
  readonly stage: Stage;
  /** Origins allowed by CORS and as checkout return URLs, e.g. `https://shop.example.com`. */
  readonly allowedOrigins: readonly string[];
  /** Price ids a one-click upsell may charge, per mode. */
  readonly upsellPrices: Readonly<Record<Mode, readonly string[]>>;
  readonly throttle: ThrottleSettings;
  readonly logRetention: RetentionDays;
  readonly logLevel: "debug" | "info" | "warn" | "error";
  /** Passed to the API as `UPSELL_CONFIRMATION` when set; the API's default otherwise. */
  readonly upsellConfirmation?: "on_session" | "off_session";
  /** Where a checkout returns when the request names no `successUrl`; on an allowed origin. */
  readonly defaultSuccessUrl?: string;
  /** Subscribed to the alarm topic when set. */
  readonly alarmEmail?: string;
  readonly lambdaMemoryMb: number;
  /** How long the function trusts secrets it read before reading them again. */
  readonly secretsMaxAgeSeconds: number;
}

/** The CDK context key holding a stage's settings. */
export function stageContextKey(stage: Stage): string {
  return `ecommerce-payment:${stage}`;
}

const defaults: Record<Stage, Omit<StageSettings, "stage" | "allowedOrigins">> = {
  dev: {
    upsellPrices: { test: [], live: [] },
    throttle: { rateLimitPerSecond: 20, burstLimit: 40 },
    logRetention: RetentionDays.TWO_WEEKS,
    logLevel: "debug",
    lambdaMemoryMb: 1024,
    secretsMaxAgeSeconds: 300,
  },
  prod: {
    upsellPrices: { test: [], live: [] },
    throttle: { rateLimitPerSecond: 500, burstLimit: 1000 },
    logRetention: RetentionDays.THREE_MONTHS,
    logLevel: "info",
    lambdaMemoryMb: 1024,
    secretsMaxAgeSeconds: 300,
  },
};

const retentionValues = new Set<number>(
  Object.values(RetentionDays).filter((value): value is number => typeof value === "number"),
);

const originSchema = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/, "an origin is scheme://host[:port], no path");
const priceIdSchema = z.string().regex(/^price_[A-Za-z0-9_]+$/, "a price id starts with price_");

const contextSchema = z.strictObject({
  allowedOrigins: z.array(originSchema).min(1),
  upsellPrices: z
    .strictObject({
      test: z.array(priceIdSchema).optional(),
      live: z.array(priceIdSchema).optional(),
    })
    .optional(),
  throttle: z
    .strictObject({
      rateLimitPerSecond: z.number().positive(),
      burstLimit: z.number().int().positive(),
    })
    .optional(),
  logRetentionDays: z
    .number()
    .refine((days) => retentionValues.has(days), "not a CloudWatch retention period")
    .optional(),
  logLevel: z.enum(["debug", "info", "warn", "error"]).optional(),
  upsellConfirmation: z.enum(["on_session", "off_session"]).optional(),
  defaultSuccessUrl: z.url({ protocol: /^https?$/ }).optional(),
  alarmEmail: z.email().optional(),
  lambdaMemoryMb: z.number().int().min(128).max(10_240).optional(),
  secretsMaxAgeSeconds: z.number().int().min(1).max(86_400).optional(),
});

/** Thrown when a stage's context is missing or malformed; names the setting. */
export class StageSettingsError extends Error {
  override readonly name = "StageSettingsError";
  readonly code = "STAGE_SETTINGS_INVALID";
}

/**
 * Checks the context value of a stage (an object, or its JSON text when given
 * with `cdk -c`) and fills in the stage's defaults.
 */
export function parseStageSettings(stage: Stage, contextValue: unknown): StageSettings {
  const key = stageContextKey(stage);
  if (contextValue === undefined) {
    throw new StageSettingsError(`context ${key} is missing; see infra/cdk.json`);
  }
  const raw = typeof contextValue === "string" ? parseJson(key, contextValue) : contextValue;
  const result = contextSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const unknownKeys = issue.code === "unrecognized_keys" ? [issue.keys.join(",")] : [];
      return `${key}.${[...issue.path, ...unknownKeys].join(".")}: ${issue.message}`;
    });
    throw new StageSettingsError(`invalid stage settings: ${problems.join("; ")}`);
  }

  const context = result.data;
  const base = defaults[stage];
  if (stage === "dev" && (context.upsellPrices?.live?.length ?? 0) > 0) {
    throw new StageSettingsError(`${key}.upsellPrices.live: stage dev serves test mode only`);
  }
  const successUrl = context.defaultSuccessUrl;
  if (successUrl && !context.allowedOrigins.includes(new URL(successUrl).origin)) {
    throw new StageSettingsError(`${key}.defaultSuccessUrl: must be on one of allowedOrigins`);
  }
  return {
    ...base,
    stage,
    allowedOrigins: context.allowedOrigins,
    upsellPrices: {
      test: context.upsellPrices?.test ?? base.upsellPrices.test,
      live: context.upsellPrices?.live ?? base.upsellPrices.live,
    },
    throttle: context.throttle ?? base.throttle,
    logRetention: (context.logRetentionDays as RetentionDays | undefined) ?? base.logRetention,
    logLevel: context.logLevel ?? base.logLevel,
    lambdaMemoryMb: context.lambdaMemoryMb ?? base.lambdaMemoryMb,
    secretsMaxAgeSeconds: context.secretsMaxAgeSeconds ?? base.secretsMaxAgeSeconds,
    ...(context.upsellConfirmation ? { upsellConfirmation: context.upsellConfirmation } : {}),
    ...(context.defaultSuccessUrl ? { defaultSuccessUrl: context.defaultSuccessUrl } : {}),
    ...(context.alarmEmail ? { alarmEmail: context.alarmEmail } : {}),
  };
}

function parseJson(key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new StageSettingsError(`context ${key} is not valid JSON`);
  }
}
