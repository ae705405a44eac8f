import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PaymentGateway } from "../../src/domain/ports.js";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { withPriceCache } from "../../src/stripe/price-cache.js";
import { createStripeClient } from "../../src/stripe/stripe-client.js";
import { createStripeGateway } from "../../src/stripe/stripe-gateway.js";
import { ManualClock } from "../domain/fakes.js";

let sandbox: StripeSandbox;
let gateway: PaymentGateway;
const clock = new ManualClock();
const ttlMs = 60_000;
const pricePath = "/v1/prices/price_test_upsell_course";

beforeAll(async () => {
  sandbox = await startStripeSandbox();
  const stripe = createStripeClient({
    mode: "test",
    secretKey: "sk_test_cache",
    apiBaseUrl: sandbox.url,
  });
  gateway = withPriceCache(createStripeGateway(stripe), { ttlMs, maxEntries: 2, clock });
});

afterAll(async () => {
  await sandbox.close();
});

describe("withPriceCache", () => {
  it("asks Stripe once for concurrent and repeated reads, and again after the TTL", async () => {
    await sandbox.resetCounters();

    await Promise.all(
      Array.from({ length: 10 }, () => gateway.retrievePrice("price_test_upsell_course")),
    );
    await gateway.retrievePrice("price_test_upsell_course");
    const cachedCount = await sandbox.requestCount("GET", pricePath);
    clock.advanceSec(ttlMs / 1000);
    await gateway.retrievePrice("price_test_upsell_course");

    expect(cachedCount).toBe(1);
    expect(await sandbox.requestCount("GET", pricePath)).toBe(2);
  });

  it("does not cache an unknown price", async () => {
    await sandbox.resetCounters();

    await gateway.retrievePrice("price_test_missing");
    await gateway.retrievePrice("price_test_missing");

    expect(await sandbox.requestCount("GET", "/v1/prices/price_test_missing")).toBe(2);
  });

  it("forgets the oldest entry beyond its size", async () => {
    await gateway.retrievePrice("price_test_upsell_course");
    await gateway.retrievePrice("price_test_upsell_coaching");
    await gateway.retrievePrice("price_test_main_offer");
    await sandbox.resetCounters();

    await gateway.retrievePrice("price_test_upsell_course");

    expect(await sandbox.requestCount("GET", pricePath)).toBe(1);
  });
});
