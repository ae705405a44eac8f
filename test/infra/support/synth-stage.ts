/**
 * Synthesizes one stage's stack for template assertions. Bundling is skipped
 * (`aws:cdk:bundling-stacks` empty) to keep these tests fast; the bundle itself
 * is built and exercised by lambda-handler.test.ts and synth-offline.test.ts.
 */
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { parseStageSettings, type StageSettings } from "../../../infra/lib/stage-settings.js";
import { UpsellStack } from "../../../infra/lib/upsell-stack.js";
import type { Stage } from "../../../src/domain/mode.js";

/** Context values of the fixture stages; tests override single fields. */
export const baseStageContext = {
  dev: { allowedOrigins: ["http://localhost:3000"], upsellPrices: { test: ["price_test_upsell"] } },
  prod: {
    allowedOrigins: ["https://shop.example.com", "https://www.shop.example.com"],
    upsellPrices: { test: ["price_test_upsell"], live: ["price_live_upsell"] },
    throttle: { rateLimitPerSecond: 250, burstLimit: 600 },
    alarmEmail: "ops@example.com",
    defaultSuccessUrl: "https://shop.example.com/thank-you",
  },
} as const;

export interface SynthesizedStage {
  readonly stack: UpsellStack;
  readonly template: Template;
  readonly settings: StageSettings;
}

export function synthStage(
  stage: Stage,
  overrides: Record<string, unknown> = {},
): SynthesizedStage {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  const settings = parseStageSettings(stage, { ...baseStageContext[stage], ...overrides });
  const stack = new UpsellStack(app, `ecommerce-payment-${stage}`, { settings });
  return { stack, template: Template.fromStack(stack), settings };
}
