import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { stripeFor } from "./sandbox-fixture.js";

describe("catalog, products and prices", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;
  let live: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
    live = stripeFor(sandbox, "sk_live_sandbox");
  });
  afterAll(() => sandbox.close());

  it("seeds the test-mode catalog prices with their amounts and types", async () => {
    const main = await stripe.prices.retrieve("price_test_main_offer");
    const course = await stripe.prices.retrieve("price_test_upsell_course");
    const coaching = await stripe.prices.retrieve("price_test_upsell_coaching");
    const membership = await stripe.prices.retrieve("price_test_membership_monthly");
    const retired = await stripe.prices.retrieve("price_test_retired_offer");

    expect([main.unit_amount, course.unit_amount, coaching.unit_amount]).toEqual([
      4900, 2900, 9700,
    ]);
    expect([main.type, course.type, coaching.type]).toEqual(["one_time", "one_time", "one_time"]);
    expect(main).toMatchObject({ object: "price", currency: "usd", active: true, livemode: false });
    expect(membership.type).toBe("recurring");
    expect(membership.recurring?.interval).toBe("month");
    expect(retired.active).toBe(false);
  });

  it("seeds the same catalog in live mode under live ids", async () => {
    const main = await live.prices.retrieve("price_live_main_offer");

    expect(main).toMatchObject({
      unit_amount: 4900,
      livemode: true,
      product: "prod_live_main_offer",
    });
  });

  it("seeds the products the prices belong to", async () => {
    const product = await stripe.products.retrieve("prod_test_main_offer");

    expect(product).toMatchObject({ object: "product", active: true, livemode: false });
    expect(product.default_price).toBe("price_test_main_offer");
  });

  it("creates a product and a price for it, then lists the price", async () => {
    const product = await stripe.products.create({ name: "Bonus" });
    const price = await stripe.prices.create({
      product: product.id,
      unit_amount: 1500,
      currency: "eur",
    });
    const listed = await stripe.prices.list({ product: product.id });

    expect(product.id).toMatch(/^prod_/);
    expect(price).toMatchObject({ object: "price", unit_amount: 1500, currency: "eur" });
    expect(price.id).toMatch(/^price_/);
    expect(listed.data.map((item) => item.id)).toEqual([price.id]);
  });

  it("creates a price with inline product data", async () => {
    const price = await stripe.prices.create({
      product_data: { name: "Inline" },
      unit_amount: 700,
      currency: "usd",
      recurring: { interval: "year" },
    });

    expect(price.type).toBe("recurring");
    expect(price.recurring?.interval).toBe("year");
    expect(String(price.product)).toMatch(/^prod_/);
  });

  it("lists only active prices when asked", async () => {
    const active = await stripe.prices.list({ active: true, limit: 100 });

    expect(active.data.every((price) => price.active)).toBe(true);
    expect(active.data.map((price) => price.id)).not.toContain("price_test_retired_offer");
  });

  it("pages through lists with starting_after", async () => {
    const first = await stripe.products.list({ limit: 2 });
    const second = await stripe.products.list({ limit: 2, starting_after: first.data[1]?.id });

    expect(first.has_more).toBe(true);
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);
    expect(second.data).toHaveLength(2);
  });
});
