/**
 * What the HTTP app needs: the use-case dependencies (built once by
 * `composeApp`) and the webhook endpoints of the stage.
 */
import type { MiddlewareHandler } from "hono";
import type { WebhookEndpointConfig } from "../config/config.js";
import type { UseCaseDeps } from "../domain/use-cases/use-case-deps.js";
import type { AppEnv } from "./request-context.js";

export interface AppDeps {
  readonly domain: UseCaseDeps;
  readonly webhookEndpoints: readonly WebhookEndpointConfig[];
  /** Per-client limit of the rate-limited paths (Node server); none in Lambda. */
  readonly rateLimit?: MiddlewareHandler<AppEnv>;
}

/** Largest JSON body an API route reads; the real ones are a few hundred bytes. */
export const maxJsonBodyBytes = 16 * 1024;

/** Largest webhook body; Stripe events with an expanded session stay far below. */
export const maxWebhookBodyBytes = 1024 * 1024;
