/**
 * The upsell routes: `GET /get-uuid` (session id → upsell token),
 * `POST /one-click-upsell` (charge) and `GET /upsell-status` (how a token's
 * payment ended, e.g. after the customer authenticated).
 */
import { Hono } from "hono";
import { chargeUpsell } from "../../domain/use-cases/charge-upsell.js";
import { getUpsellStatus } from "../../domain/use-cases/get-upsell-status.js";
import { getUpsellToken } from "../../domain/use-cases/get-upsell-token.js";
import { type AppDeps, maxJsonBodyBytes } from "../app-deps.js";
import { limitBody } from "../body-limit.js";
import { modeOfFlag, readJsonBody, readQuery } from "../read-request.js";
import type { AppEnv } from "../request-context.js";
import { getUuidQuery, oneClickUpsellBody, upsellStatusQuery } from "../schemas.js";

export function upsellRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/get-uuid", async (c) => {
    const query = readQuery(c, getUuidQuery);
    const found = await getUpsellToken(
      { ...deps.domain, logger: c.get("logger") },
      { sessionId: query.session_id, mode: modeOfFlag(query.isTest) },
    );
    return c.json({
      success: true,
      found: true,
      upsellToken: found.upsellToken,
      expiresAt: found.expiresAtEpochSec,
      status: found.status,
    });
  });

  routes.post("/one-click-upsell", limitBody(maxJsonBodyBytes), async (c) => {
    const body = await readJsonBody(c, oneClickUpsellBody);
    const charge = await chargeUpsell(
      { ...deps.domain, logger: c.get("logger") },
      {
        upsellToken: body.upsellToken,
        priceId: body.priceId,
        mode: body.isTest === undefined ? undefined : modeOfFlag(body.isTest),
      },
    );
    return c.json({
      success: true,
      paymentIntentId: charge.paymentIntentId,
      amount: charge.amountMinor,
      currency: charge.currency,
      status: charge.status,
    });
  });

  routes.get("/upsell-status", async (c) => {
    const query = readQuery(c, upsellStatusQuery);
    const view = await getUpsellStatus(
      { ...deps.domain, logger: c.get("logger") },
      {
        upsellToken: query.upsellToken,
        mode: query.isTest === undefined ? undefined : modeOfFlag(query.isTest),
      },
    );
    const { expiresAtEpochSec, amountMinor, ...rest } = view;
    return c.json({
      success: true,
      ...rest,
      expiresAt: expiresAtEpochSec,
      ...(amountMinor === undefined ? {} : { amount: amountMinor }),
    });
  });

  return routes;
}
