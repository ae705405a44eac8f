import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { ConfigError } from "../../src/config/env-reader.js";

const baseEnv = {
  ALLOWED_ORIGINS: "https://shop.example,https://www.shop.example",
  STRIPE_SECRET_KEY_TEST: "sk_test_abc",
  STRIPE_WEBHOOK_SECRET_DEV: "whsec_dev",
  UPSELL_PRICES_TEST: "price_a, price_b",
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("reads a dev configuration with its defaults", () => {
    const config = loadConfig(baseEnv);

    expect(config).toMatchObject({
      stage: "dev",
      modes: {
        test: { mode: "test", secretKey: "sk_test_abc", upsellPriceIds: ["price_a", "price_b"] },
      },
      webhookEndpoints: [{ path: "/stripe-webhook", mode: "test", secret: "whsec_dev" }],
      allowedOrigins: ["https://shop.example", "https://www.shop.example"],
      defaultSuccessUrl: "https://shop.example/success",
      tokenTtlSec: 86_400,
      claimTimeoutSec: 60,
      upsellConfirmation: "on_session",
      logLevel: "info",
      port: 3000,
      tableNamespace: "",
    });
    expect(config.modes.live).toBeUndefined();
  });

  it("serves both modes in prod, each with its own webhook endpoint and secret", () => {
    const config = loadConfig({
      ...baseEnv,
      STAGE: "prod",
      STRIPE_SECRET_KEY_LIVE: "sk_live_abc",
      STRIPE_WEBHOOK_SECRET_TEST: "whsec_t",
      STRIPE_WEBHOOK_SECRET_LIVE: "whsec_l",
    });

    expect(Object.keys(config.modes)).toEqual(["test", "live"]);
    expect(config.webhookEndpoints).toEqual([
      { path: "/webhooks/checkout-completed-test", mode: "test", secret: "whsec_t" },
      { path: "/webhooks/checkout-completed", mode: "live", secret: "whsec_l" },
    ]);
  });

  it("starts without secrets: the mode is not served and the endpoint has no secret", () => {
    const config = loadConfig({ ALLOWED_ORIGINS: "https://shop.example" });

    expect(config.modes).toEqual({});
    expect(config.webhookEndpoints[0]?.secret).toBeUndefined();
  });

  it("refuses a live key in stage dev", () => {
    expect(problemsOf({ ...baseEnv, STRIPE_SECRET_KEY_LIVE: "sk_live_abc" })).toEqual([
      "STRIPE_SECRET_KEY_LIVE is refused in stage dev (test mode only)",
    ]);
  });

  it.each([
    ["STRIPE_SECRET_KEY_TEST", "sk_live_swapped"],
    ["STRIPE_WEBHOOK_SECRET_DEV", "sk_test_not_a_webhook_secret"],
    ["STRIPE_PUBLISHABLE_KEY_TEST", "pk_live_x"],
    ["STAGE", "staging"],
    ["LOG_LEVEL", "verbose"],
    ["UPSELL_CONFIRMATION", "sometimes"],
    ["TOKEN_TTL_SECONDS", "1.5"],
    ["TOKEN_TTL_SECONDS", "86401"],
    ["PORT", "70000"],
    ["UPSELL_PRICES_TEST", "prod_abc"],
    ["ALLOWED_ORIGINS", "https://shop.example/path"],
    ["STRIPE_API_BASE_URL", "ftp://example"],
    ["DEFAULT_SUCCESS_URL", "https://elsewhere.example/success"],
    ["TABLE_NAMESPACE", "bad name!"],
  ])("names %s when its value is bad, without echoing the value", (name, value) => {
    const problems = problemsOf({ ...baseEnv, [name]: value });

    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems.join("\n")).not.toContain(value);
  });

  it("lists every bad variable at once", () => {
    const problems = problemsOf({ ...baseEnv, LOG_LEVEL: "loud", PORT: "-1", STAGE: "x" });

    expect(problems).toHaveLength(3);
  });

  it("requires at least one allowed origin", () => {
    expect(problemsOf({ STRIPE_SECRET_KEY_TEST: "sk_test_abc" })[0]).toContain("ALLOWED_ORIGINS");
  });

  it("refuses a claim timeout shorter than the slowest Stripe call it must outlive", () => {
    const problems = problemsOf({
      ...baseEnv,
      STRIPE_TIMEOUT_MS: "10000",
      CLAIM_TIMEOUT_SECONDS: "20",
    });

    expect(problems[0]).toContain("CLAIM_TIMEOUT_SECONDS");
  });

  it("treats empty values as absent", () => {
    const config = loadConfig({ ...baseEnv, LOG_LEVEL: "", STRIPE_SECRET_KEY_LIVE: " " });

    expect(config.logLevel).toBe("info");
  });
});
