import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { embeddedSessionParams, paidSession, stripeFor } from "./sandbox-fixture.js";

describe("errors and modes", () => {
  let sandbox: StripeSandbox;
  let test: Stripe;
  let live: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    test = stripeFor(sandbox, "sk_test_any_key");
    live = stripeFor(sandbox, "sk_live_any_key");
  });
  afterAll(() => sandbox.close());

  it("sends a request-id header with every answer", async () => {
    const price = await test.prices.retrieve("price_test_main_offer");

    expect(price.lastResponse.requestId).toMatch(/^req_/);
  });

  it("refuses a key that is neither sk_test_ nor sk_live_", async () => {
    const other = stripeFor(sandbox, "pk_test_publishable");

    await expect(other.prices.list()).rejects.toBeInstanceOf(
      Stripe.errors.StripeAuthenticationError,
    );
  });

  it("answers an unknown route with an invalid request error", async () => {
    const answer = test.rawRequest("GET", "/v1/subscriptions");

    await expect(answer).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it("creates live-mode sessions with cs_live_ ids and livemode true", async () => {
    const session = await live.checkout.sessions.create({
      ...embeddedSessionParams,
      line_items: [{ price: "price_live_main_offer", quantity: 1 }],
    });

    expect(session.id).toMatch(/^cs_live_/);
    expect(session.livemode).toBe(true);
  });

  it("hides test-mode objects from a live key, and says where they are", async () => {
    const session = await paidSession(test, "pm_card_visa");
    const lookup = live.checkout.sessions.retrieve(session.id);

    await expect(lookup).rejects.toMatchObject({ code: "resource_missing", statusCode: 404 });
    await expect(lookup).rejects.toThrow(/exists in test mode/);
  });

  it("refuses a test-mode price in a live-mode session", async () => {
    const creation = live.checkout.sessions.create(embeddedSessionParams);

    await expect(creation).rejects.toMatchObject({
      code: "resource_missing",
      param: "line_items[0][price]",
    });
  });

  it("keeps the customers of each mode apart", async () => {
    const testCustomer = await test.customers.create({ email: "same@example.com" });
    const liveCustomer = await live.customers.create({ email: "same@example.com" });
    const liveList = await live.customers.list({ email: "same@example.com" });

    expect(liveList.data.map((customer) => customer.id)).toEqual([liveCustomer.id]);
    expect(testCustomer.livemode).toBe(false);
  });

  it("refuses a parameter the endpoint does not know", async () => {
    const creation = test.customers.create({ nickname: "x" } as Stripe.CustomerCreateParams);

    await expect(creation).rejects.toMatchObject({ code: "parameter_unknown", param: "nickname" });
  });
});
