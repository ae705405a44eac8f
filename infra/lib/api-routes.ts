/**
 * The routes API Gateway sends to the function: those of the integration guide,
 * under `/ecommerce`. Only these reach Lambda; any other path is answered 404 by
 * API Gateway without an invocation. Webhook paths depend on the stage: `dev`
 * has one endpoint (test mode only), `prod` one per mode so a
 * test event can never be verified with, or stored beside, live data.
 */
import { webhookEndpointsOf } from "../../src/config/webhook-endpoints.js";
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

/**
 * The Stripe webhook endpoints of a stage, from the same definitions the API
 * routes by (`src/config/webhook-endpoints.ts`).
 */
export function webhookRoutesOf(stage: Stage): readonly WebhookRoute[] {
  return webhookEndpointsOf(stage).map((endpoint) => ({
    method: "POST",
    path: `${apiBasePath}${endpoint.path}`,
    mode: endpoint.mode,
    outputSuffix: outputSuffixOf(endpoint.secretVariable),
  }));
}

/**
 * Every route of a stage: the storefront's endpoints (with the status read
 * after a 3-D Secure challenge), the API docs, the health check and the
 * webhooks. test/infra/api-routes.test.ts keeps this list equal to the app's.
 */
export function apiRoutesOf(stage: Stage): readonly ApiRoute[] {
  return [
    { method: "POST", path: `${apiBasePath}/create-checkout-session` },
    { method: "GET", path: `${apiBasePath}/get-uuid` },
    { method: "POST", path: `${apiBasePath}/one-click-upsell` },
    { method: "GET", path: `${apiBasePath}/upsell-status` },
    { method: "GET", path: `${apiBasePath}/openapi.json` },
    { method: "GET", path: `${apiBasePath}/docs` },
    { method: "GET", path: `${apiBasePath}/health` },
    ...webhookRoutesOf(stage),
  ];
}

/** `STRIPE_WEBHOOK_SECRET_DEV` → `Dev`. */
function outputSuffixOf(secretVariable: string): string {
  const suffix = secretVariable.split("_").at(-1) ?? secretVariable;
  return suffix.charAt(0) + suffix.slice(1).toLowerCase();
}
