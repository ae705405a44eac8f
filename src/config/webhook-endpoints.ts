/**
 * The webhook endpoints of each stage: the path under `/ecommerce`, the mode
 * of the events it accepts, and the variable holding its signing secret.
 * The guide names these three URLs; the dev stage has one endpoint for test
 * mode, the prod stage one per mode, each with its own secret.
 */
import type { Mode, Stage } from "../domain/mode.js";

export interface WebhookEndpointDefinition {
  /** Path under the `/ecommerce` base path. */
  readonly path: string;
  readonly mode: Mode;
  readonly secretVariable: string;
}

const endpointsByStage: Readonly<Record<Stage, readonly WebhookEndpointDefinition[]>> = {
  dev: [{ path: "/stripe-webhook", mode: "test", secretVariable: "STRIPE_WEBHOOK_SECRET_DEV" }],
  prod: [
    {
      path: "/webhooks/checkout-completed-test",
      mode: "test",
      secretVariable: "STRIPE_WEBHOOK_SECRET_TEST",
    },
    {
      path: "/webhooks/checkout-completed",
      mode: "live",
      secretVariable: "STRIPE_WEBHOOK_SECRET_LIVE",
    },
  ],
};

/** The webhook endpoints a stage serves. */
export function webhookEndpointsOf(stage: Stage): readonly WebhookEndpointDefinition[] {
  return endpointsByStage[stage];
}
