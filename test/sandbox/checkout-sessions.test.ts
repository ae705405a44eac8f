import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { embeddedSessionParams, stripeErrorOf, stripeFor } from "./sandbox-fixture.js";

describe("checkout sessions", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
  });
  afterAll(() => sandbox.close());

  it("creates an open embedded session with a client secret and the price's amount", async () => {
    const session: Stripe.Checkout.Session =
      await stripe.checkout.sessions.create(embeddedSessionParams);

    expect(session.id).toMatch(/^cs_test_/);
    expect(session.client_secret).toMatch(new RegExp(`^${session.id}_secret_`));
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      ui_mode: "embedded_page",
      amount_total: 4900,
      currency: "usd",
      livemode: false,
      payment_intent: null,
      url: null,
      customer_creation: "always",
      return_url: embeddedSessionParams.return_url,
    });
  });

  it("multiplies the unit amount by the quantity", async () => {
    const session = await stripe.checkout.sessions.create({
      ...embeddedSessionParams,
      line_items: [{ price: "price_test_upsell_course", quantity: 3 }],
    });

    expect(session.amount_total).toBe(3 * 2900);
  });

  it("gives a hosted session a sandbox URL to pay on", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      ui_mode: "hosted_page",
      success_url: "https://shop.example/done",
      line_items: [{ price: "price_test_main_offer", quantity: 1 }],
    });

    expect(session.url).toBe(`${sandbox.url}/pay/${session.id}`);
    expect(session.client_secret).toBeNull();
  });

  it("retrieves a session by id", async () => {
    const created = await stripe.checkout.sessions.create(embeddedSessionParams);
    const retrieved = await stripe.checkout.sessions.retrieve(created.id);

    expect(retrieved).toEqual(created);
  });

  it("refuses the old ui_mode value `embedded`", async () => {
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({ ...embeddedSessionParams, ui_mode: "embedded" }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.param).toBe("ui_mode");
    expect(error.message).toContain("embedded_page");
  });

  it("requires return_url for embedded_page", async () => {
    const { return_url: _omitted, ...withoutReturnUrl } = embeddedSessionParams;
    const error = await stripeErrorOf(stripe.checkout.sessions.create(withoutReturnUrl));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.code).toBe("parameter_missing");
    expect(error.param).toBe("return_url");
  });

  it("refuses success_url for embedded_page", async () => {
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({
        ...embeddedSessionParams,
        success_url: "https://shop.example/done",
      }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.param).toBe("success_url");
  });

  it("refuses payment_method_types, removed at this API version", async () => {
    const params = { ...embeddedSessionParams, payment_method_types: ["card"] };
    const error = await stripeErrorOf(stripe.checkout.sessions.create(params));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.code).toBe("parameter_unknown");
    expect(error.param).toBe("payment_method_types");
  });

  it("answers resource_missing for an unknown price", async () => {
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({
        ...embeddedSessionParams,
        line_items: [{ price: "price_test_nope", quantity: 1 }],
      }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
    expect(error.param).toBe("line_items[0][price]");
  });

  it("refuses an inactive price", async () => {
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({
        ...embeddedSessionParams,
        line_items: [{ price: "price_test_retired_offer", quantity: 1 }],
      }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.param).toBe("line_items[0][price]");
    expect(error.message).toContain("inactive");
  });

  it("refuses a recurring price in payment mode", async () => {
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({
        ...embeddedSessionParams,
        line_items: [{ price: "price_test_membership_monthly", quantity: 1 }],
      }),
    );

    expect(error.param).toBe("line_items[0][price]");
    expect(error.message).toContain("recurring");
  });

  it("refuses customer_creation together with customer", async () => {
    const customer = await stripe.customers.create({ email: "a@example.com" });
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({ ...embeddedSessionParams, customer: customer.id }),
    );

    expect(error.code).toBe("parameters_exclusive");
    expect(error.param).toBe("customer_creation");
  });

  it("refuses an unknown setup_future_usage value", async () => {
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({
        ...embeddedSessionParams,
        payment_intent_data: { setup_future_usage: "sometimes" as "on_session" },
      }),
    );

    expect(error.param).toBe("payment_intent_data[setup_future_usage]");
  });

  it("requires a quantity on each line item", async () => {
    const error = await stripeErrorOf(
      stripe.checkout.sessions.create({
        ...embeddedSessionParams,
        line_items: [{ price: "price_test_main_offer" }],
      }),
    );

    expect(error.param).toBe("line_items[0][quantity]");
  });
});
