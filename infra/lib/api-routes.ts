/**
 * The routes API Gateway sends to the function: those of the integration guide,
 * under `/ecommerce`. Only these reach Lambda; any other path is answered 404 by
 * API Gateway without an invocation. Webhook paths depend on the stage: `dev`
 * has one endpoint for its test-mode sandbox account, `prod` one per mode so a
 * test event can never be verified with, or stored beside, live data.
 */
import type { Mode, Stage } from "../../src/domain/mode.js";

export const apiBasePath = "/ecommerce";

export interface ApiRoute {
  readonly method: "GET" | "POST";
  /** Full path, base path included. */
  readonly path: string;
}

export interface WebhookRoute extends ApiRoute {
  readonly mode: Mode;
  /** Suffix of the stack output holding the endpoint's URL: `WebhookUrlLive`. */
  readonly outputSuffix: string;
}

/** The Stripe webhook endpoints of a stage. */
export function webhookRoutesOf(stage: Stage): readonly WebhookRoute[] {
  if (stage === "dev") {
    return [webhook({ mode: "test", path: "/stripe-webhook", outputSuffix: "Dev" })];
  }
  return [
    webhook({ mode: "test", path: "/webhooks/checkout-completed-test", outputSuffix: "Test" }),
    webhook({ mode: "live", path: "/webhooks/checkout-completed", outputSuffix: "Live" }),
  ];
}

/** Every route of a stage: the storefront's endpoints, the API docs and the webhooks. */
export function apiRoutesOf(stage: Stage): readonly ApiRoute[] {
  return [
    { method: "POST", path: `${apiBasePath}/create-checkout-session` },
    { method: "GET", path: `${apiBasePath}/get-uuid` },
    { method: "POST", path: `${apiBasePath}/one-click-upsell` },
    { method: "GET", path: `${apiBasePath}/openapi.json` },
    { method: "GET", path: `${apiBasePath}/docs` },
    ...webhookRoutesOf(stage),
  ];
}

function webhook(args: { mode: Mode; path: string; outputSuffix: string }): WebhookRoute {
  return { method: "POST", ...args, path: `${apiBasePath}${args.path}` };
}
