/**
 * API Gateway only forwards the routes the stack declares; a route the app
 * serves but the stack lacks would answer 404 in AWS while every local test
 * passes. This keeps the two lists equal, stage by stage.
 */
import { describe, expect, it } from "vitest";
import { apiRoutesOf } from "../../infra/lib/api-routes.js";
import { loadConfig } from "../../src/config/config.js";
import { stages } from "../../src/domain/mode.js";
import { composeApp } from "../../src/entry/compose.js";
import { silentLogger } from "../../src/log/logger.js";

function appRouteKeys(stage: (typeof stages)[number]): string[] {
  const config = loadConfig({
    STAGE: stage,
    ALLOWED_ORIGINS: "https://shop.example.com",
    STRIPE_SECRET_KEY_TEST: "sk_test_routes",
    ...(stage === "prod" ? { STRIPE_SECRET_KEY_LIVE: "sk_live_routes" } : {}),
  });
  const composed = composeApp(config, { logger: silentLogger });
  const keys = composed.app.routes
    .filter((route) => route.method === "GET" || route.method === "POST")
    .map((route) => `${route.method} ${route.path}`);
  composed.close();
  return [...new Set(keys)].sort();
}

describe("apiRoutesOf", () => {
  it.each(stages)("declares exactly the routes the app serves in stage %s", (stage) => {
    const declared = apiRoutesOf(stage).map((route) => `${route.method} ${route.path}`);

    expect(declared.sort()).toEqual(appRouteKeys(stage));
  });
});
