import { describe, expect, it } from "vitest";
import {
  PriceNotAllowedError,
  PriceNotChargeableError,
  PriceNotFoundError,
} from "../../src/domain/errors.js";
import {
  assertPriceAllowed,
  chargeIdempotencyKey,
  toChargeablePrice,
} from "../../src/domain/price-rules.js";
import { oneTimePrice } from "./fakes.js";

describe("assertPriceAllowed", () => {
  it("accepts a price on the mode's allowlist", () => {
    expect(() =>
      assertPriceAllowed({ priceId: "price_a", mode: "test", allowlist: ["price_a"] }),
    ).not.toThrow();
  });

  it("refuses a price missing from the allowlist", () => {
    expect(() =>
      assertPriceAllowed({ priceId: "price_b", mode: "test", allowlist: ["price_a"] }),
    ).toThrow(PriceNotAllowedError);
  });
});

describe("toChargeablePrice", () => {
  it("returns the amount and currency of a one-time price", () => {
    const price = oneTimePrice({ unitAmountMinor: 9700, currency: "eur" });

    expect(toChargeablePrice(price, "test")).toEqual({
      priceId: "price_upsell",
      amountMinor: 9700,
      currency: "eur",
    });
  });

  it.each([
    ["inactive", { active: false }],
    ["recurring", { type: "recurring" as const }],
    ["tiered", { billingScheme: "tiered" as const }],
    ["without unit amount", { unitAmountMinor: null }],
  ])("refuses a price that is %s", (_case, overrides) => {
    expect(() => toChargeablePrice(oneTimePrice(overrides), "test")).toThrow(
      PriceNotChargeableError,
    );
  });

  it("treats an unknown price, or one of the other mode, as not found", () => {
    expect(() => toChargeablePrice(undefined, "test")).toThrow(PriceNotFoundError);
    expect(() => toChargeablePrice(oneTimePrice({ livemode: true }), "test")).toThrow(
      PriceNotFoundError,
    );
  });
});

describe("chargeIdempotencyKey", () => {
  it("is the same for the same token and price, and differs by price", () => {
    const token = "11111111-1111-4111-8111-111111111111";
    const first = chargeIdempotencyKey({ upsellToken: token, priceId: "price_a" });

    expect(chargeIdempotencyKey({ upsellToken: token, priceId: "price_a" })).toBe(first);
    expect(chargeIdempotencyKey({ upsellToken: token, priceId: "price_b" })).not.toBe(first);
    expect(first.length).toBeLessThanOrEqual(255);
  });
});
