import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { describe, expect, it } from "vitest";
import { parseStageSettings, StageSettingsError } from "../../infra/lib/stage-settings.js";

const baseContext = {
  allowedOrigins: ["https://shop.example.com"],
  upsellPrices: { test: ["price_test_upsell"], live: ["price_live_upsell"] },
};

function settingsError(run: () => unknown): StageSettingsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StageSettingsError);
    return error as StageSettingsError;
  }
  throw new Error("expected a StageSettingsError");
}

describe("parseStageSettings", () => {
  it("fills in the stage's defaults around the given settings", () => {
    const settings = parseStageSettings("prod", baseContext);

    expect(settings).toMatchObject({
      stage: "prod",
      allowedOrigins: ["https://shop.example.com"],
      upsellPrices: { test: ["price_test_upsell"], live: ["price_live_upsell"] },
      throttle: { rateLimitPerSecond: 500, burstLimit: 1000 },
      logRetention: RetentionDays.THREE_MONTHS,
      logLevel: "info",
      secretsMaxAgeSeconds: 300,
    });
    expect(settings.alarmEmail).toBeUndefined();
  });

  it("accepts the context as JSON text, as `cdk -c` passes it", () => {
    const settings = parseStageSettings(
      "dev",
      JSON.stringify({ allowedOrigins: ["http://localhost:5173"] }),
    );

    expect(settings.allowedOrigins).toEqual(["http://localhost:5173"]);
    expect(settings.logRetention).toBe(RetentionDays.TWO_WEEKS);
  });

  it("names the context key when the stage has no settings", () => {
    expect(settingsError(() => parseStageSettings("prod", undefined)).message).toContain(
      "ecommerce-payment:prod",
    );
  });

  it.each([
    [
      "an origin with a path",
      { allowedOrigins: ["https://shop.example.com/checkout"] },
      "allowedOrigins.0",
    ],
    ["no origin", { allowedOrigins: [] }, "allowedOrigins"],
    ["a price id without price_", { upsellPrices: { live: ["prod_123"] } }, "upsellPrices.live.0"],
    ["a retention CloudWatch lacks", { logRetentionDays: 42 }, "logRetentionDays"],
    ["an unknown setting", { alowedOrigins: ["https://a.example"] }, "alowedOrigins"],
    [
      "a fractional burst",
      { throttle: { rateLimitPerSecond: 10, burstLimit: 1.5 } },
      "throttle.burstLimit",
    ],
  ])("refuses %s, naming the setting", (_case, override, settingPath) => {
    const error = settingsError(() => parseStageSettings("prod", { ...baseContext, ...override }));

    expect(error.message).toContain(`ecommerce-payment:prod.${settingPath}`);
  });

  it("refuses live upsell prices in the dev stage, which serves test mode only", () => {
    const error = settingsError(() => parseStageSettings("dev", baseContext));

    expect(error.message).toContain("ecommerce-payment:dev.upsellPrices.live");
  });

  it("refuses a default success URL outside the allowed origins", () => {
    const context = { ...baseContext, defaultSuccessUrl: "https://elsewhere.example/thanks" };

    const error = settingsError(() => parseStageSettings("prod", context));

    expect(error.message).toContain("ecommerce-payment:prod.defaultSuccessUrl");
  });

  it("keeps a default success URL on an allowed origin", () => {
    const context = { ...baseContext, defaultSuccessUrl: "https://shop.example.com/thanks" };

    expect(parseStageSettings("prod", context).defaultSuccessUrl).toBe(
      "https://shop.example.com/thanks",
    );
  });

  it("refuses context that is not JSON", () => {
    expect(settingsError(() => parseStageSettings("dev", "{allowedOrigins:")).message).toMatch(
      /not valid JSON/,
    );
  });
});
