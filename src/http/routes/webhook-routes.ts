/**
 * The webhook routes of the stage (`/stripe-webhook` in dev;
 * `/webhooks/checkout-completed-test` and `/webhooks/checkout-completed` in
 * prod). The body is read as raw bytes, never parsed before the signature is
 * checked: the signature covers the exact bytes Stripe sent.
 */
import { Hono } from "hono";
import { handleCheckoutWebhook } from "../../domain/use-cases/handle-checkout-webhook.js";
import { type AppDeps, maxWebhookBodyBytes } from "../app-deps.js";
import { limitBody } from "../body-limit.js";
import type { AppEnv } from "../request-context.js";

export function webhookRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  for (const endpoint of deps.webhookEndpoints) {
    routes.post(endpoint.path, limitBody(maxWebhookBodyBytes), async (c) => {
      const payload = new Uint8Array(await c.req.arrayBuffer());
      const result = await handleCheckoutWebhook(
        { ...deps.domain, logger: c.get("logger") },
        {
          mode: endpoint.mode,
          secret: endpoint.secret,
          payload,
          signatureHeader: c.req.header("stripe-signature"),
        },
      );
      return c.json({
        success: true,
        received: true,
        eventId: result.eventId,
        outcome: result.outcome,
      });
    });
  }

  return routes;
}
