/**
 * The HTTP application: every route under `/ecommerce`, one error handler,
 * CORS for the configured origins only, a request id in every response and
 * log line. The same app serves the Node server (`npm start`) and Lambda.
 *
 * @example
 * const app = createApp({ domain, webhookEndpoints });
 * const response = await app.request("/ecommerce/health");
 */
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { errorFields } from "../log/error-fields.js";
import type { AppDeps } from "./app-deps.js";
import { toErrorResponse } from "./error-response.js";
import { RouteNotFoundError } from "./http-errors.js";
import { rateLimitedPaths } from "./rate-limit.js";
import { type AppEnv, requestContext } from "./request-context.js";
import { checkoutRoutes } from "./routes/checkout-routes.js";
import { docsRoutes } from "./routes/docs-routes.js";
import { upsellRoutes } from "./routes/upsell-routes.js";
import { webhookRoutes } from "./routes/webhook-routes.js";

/** The API's base path, as the guide and API Gateway name it. */
export const basePath = "/ecommerce";

/** Builds the app. Extra routes (a storefront) can be added to the returned app. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", requestContext(deps.domain.logger));
  app.use(`${basePath}/*`, corsFor(deps.domain.settings.allowedOrigins));
  const { rateLimit } = deps;
  if (rateLimit) {
    for (const path of rateLimitedPaths) app.use(`${basePath}${path}`, rateLimit);
  }

  app.route(basePath, checkoutRoutes(deps));
  app.route(basePath, upsellRoutes(deps));
  app.route(basePath, webhookRoutes(deps));
  app.route(basePath, docsRoutes(deps));

  app.notFound((c) => respondWithError(c, new RouteNotFoundError("No such endpoint.")));
  app.onError((error, c) => respondWithError(c, error));
  return app;
}

/** Logs a failed request and sends its mapped error response. */
function respondWithError(c: Context<AppEnv>, error: unknown): Response {
  const response = toErrorResponse(error);
  const fields = { status: response.status, ...errorFields(error) };
  const logger = c.get("logger");
  if (response.isServerFault) logger.error("request failed", fields);
  else logger.info("request refused", fields);
  return c.json(response.body, response.status, response.headers);
}

function corsFor(allowedOrigins: readonly string[]) {
  return cors({
    origin: (origin) => (allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["Content-Type", "X-Request-Id"],
    exposeHeaders: ["X-Request-Id", "Retry-After"],
    maxAge: 600,
  });
}
