/**
 * `POST /create-checkout-session`: starts the main purchase.
 */
import { Hono } from "hono";
import { createCheckoutSession } from "../../domain/use-cases/create-checkout-session.js";
import { type AppDeps, maxJsonBodyBytes } from "../app-deps.js";
import { limitBody } from "../body-limit.js";
import { modeOfFlag, readJsonBody } from "../read-request.js";
import type { AppEnv } from "../request-context.js";
import { createCheckoutSessionBody } from "../schemas.js";

export function checkoutRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post("/create-checkout-session", limitBody(maxJsonBodyBytes), async (c) => {
    const body = await readJsonBody(c, createCheckoutSessionBody);
    const session = await createCheckoutSession(
      { ...deps.domain, logger: c.get("logger") },
      {
        mode: modeOfFlag(body.isTest),
        priceId: body.priceId,
        productType: body.productType,
        successUrl: body.successUrl,
        customerEmail: body.customerEmail,
      },
    );
    return c.json({
      success: true,
      clientSecret: session.clientSecret,
      sessionId: session.sessionId,
    });
  });

  return routes;
}
