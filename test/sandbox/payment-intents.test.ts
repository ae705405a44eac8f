import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { savedCard, stripeErrorOf, stripeFor } from "./sandbox-fixture.js";

describe("payment intents and the test cards", () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startStripeSandbox();
    stripe = stripeFor(sandbox);
  });
  afterAll(() => sandbox.close());

  const upsell = (card: { customerId: string; paymentMethodId: string }) => ({
    amount: 2900,
    currency: "usd",
    customer: card.customerId,
    payment_method: card.paymentMethodId,
    confirm: true,
    metadata: { offer: "upsell_course" },
  });

  it("charges a saved 4242 card off-session", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const intent = await stripe.paymentIntents.create({ ...upsell(card), off_session: true });

    expect(intent.id).toMatch(/^pi_/);
    expect(intent).toMatchObject({
      object: "payment_intent",
      status: "succeeded",
      amount: 2900,
      amount_received: 2900,
      customer: card.customerId,
      payment_method: card.paymentMethodId,
      metadata: { offer: "upsell_course" },
      livemode: false,
    });
  });

  it("declines a 3184 card off-session with authentication_required and the intent", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const error = await stripeErrorOf(
      stripe.paymentIntents.create({ ...upsell(card), off_session: true }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.code).toBe("authentication_required");
    expect(error.decline_code).toBe("authentication_required");
    expect(error.payment_intent?.status).toBe("requires_payment_method");
    expect(error.payment_intent?.last_payment_error?.code).toBe("authentication_required");
    expect(error.requestId).toMatch(/^req_/);
  });

  it("asks a 3184 card on-session for 3-D Secure with next_action and client_secret", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const intent = await stripe.paymentIntents.create(upsell(card));

    expect(intent.status).toBe("requires_action");
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    expect(intent.next_action?.type).toBe("use_stripe_sdk");
    expect(String(intent.next_action?.use_stripe_sdk?.stripe_js)).toContain(
      `${sandbox.url}/authenticate/${intent.id}`,
    );
  });

  it("gives a redirect_to_url next action when a return_url is given", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const returnUrl = "https://shop.example/upsell-return";
    const intent = await stripe.paymentIntents.create({ ...upsell(card), return_url: returnUrl });

    expect(intent.next_action?.type).toBe("redirect_to_url");
    expect(intent.next_action?.redirect_to_url?.return_url).toBe(returnUrl);
    expect(intent.next_action?.redirect_to_url?.url).toContain(`/authenticate/${intent.id}`);
  });

  it("charges a 3155 card off-session once it was set up at checkout", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequiredOnSetup");
    const intent = await stripe.paymentIntents.create({ ...upsell(card), off_session: true });

    expect(intent.status).toBe("succeeded");
  });

  it("declines a 3155 card off-session when it was attached without set-up", async () => {
    const customer = await stripe.customers.create({});
    const attached = await stripe.paymentMethods.attach("pm_card_authenticationRequiredOnSetup", {
      customer: customer.id,
    });
    const error = await stripeErrorOf(
      stripe.paymentIntents.create({
        ...upsell({ customerId: customer.id, paymentMethodId: attached.id }),
        off_session: true,
      }),
    );

    expect(error.code).toBe("authentication_required");
  });

  it("declines later charges of a saved 0341 card with card_declined", async () => {
    const card = await savedCard(stripe, "pm_card_chargeCustomerFail");
    const error = await stripeErrorOf(
      stripe.paymentIntents.create({ ...upsell(card), off_session: true }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.code).toBe("card_declined");
    expect(error.decline_code).toBe("generic_decline");
    expect(error.payment_intent?.id).toMatch(/^pi_/);
  });

  it("fails later charges of a saved 3178 card with insufficient_funds", async () => {
    const card = await savedCard(
      stripe,
      "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds",
    );
    const error = await stripeErrorOf(
      stripe.paymentIntents.create({ ...upsell(card), off_session: true }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.code).toBe("card_declined");
    expect(error.decline_code).toBe("insufficient_funds");
  });

  it("keeps the failed intent retrievable with its last payment error", async () => {
    const card = await savedCard(stripe, "pm_card_chargeCustomerFail");
    const error = await stripeErrorOf(
      stripe.paymentIntents.create({ ...upsell(card), off_session: true }),
    );
    const intent = await stripe.paymentIntents.retrieve(String(error.payment_intent?.id));

    expect(intent.status).toBe("requires_payment_method");
    expect(intent.last_payment_error?.decline_code).toBe("generic_decline");
  });

  it("needs the customer to confirm with a saved payment method", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const { customer: _omitted, ...withoutCustomer } = upsell(card);
    const error = await stripeErrorOf(stripe.paymentIntents.create(withoutCustomer));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.param).toBe("payment_method");
    expect(error.message).toContain(card.customerId);
  });

  it("refuses a saved payment method of another customer", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const stranger = await stripe.customers.create({});
    const error = await stripeErrorOf(
      stripe.paymentIntents.create({ ...upsell(card), customer: stranger.id }),
    );

    expect(error.param).toBe("payment_method");
  });

  it("refuses amounts below the currency minimum", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const error = await stripeErrorOf(
      stripe.paymentIntents.create({ ...upsell(card), amount: 49 }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.code).toBe("amount_too_small");
    expect(error.param).toBe("amount");
  });

  it("creates an unconfirmed intent that waits for confirmation", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const intent = await stripe.paymentIntents.create({ ...upsell(card), confirm: false });
    const confirmed = await stripe.paymentIntents.confirm(intent.id, { off_session: true });

    expect(intent.status).toBe("requires_confirmation");
    expect(confirmed.status).toBe("succeeded");
  });

  it("lists a customer's payment intents, newest first", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const upsellIntent = await stripe.paymentIntents.create({ ...upsell(card), off_session: true });
    const listed = await stripe.paymentIntents.list({ customer: card.customerId });

    expect(listed.data).toHaveLength(2);
    expect(listed.data[0]?.id).toBe(upsellIntent.id);
    expect(listed.data.every((intent) => intent.customer === card.customerId)).toBe(true);
  });

  it("passes 3-D Secure through the control and succeeds the intent", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const intent = await stripe.paymentIntents.create(upsell(card));
    await sandbox.authenticatePaymentIntent(intent.id, "succeed");
    const after = await stripe.paymentIntents.retrieve(intent.id);

    expect(after.status).toBe("succeeded");
    expect(after.next_action).toBeNull();
  });

  it("fails 3-D Secure through the control and asks for a new payment method", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const intent = await stripe.paymentIntents.create(upsell(card));
    await sandbox.authenticatePaymentIntent(intent.id, "fail");
    const after = await stripe.paymentIntents.retrieve(intent.id);

    expect(after.status).toBe("requires_payment_method");
    expect(after.last_payment_error?.code).toBe("payment_intent_authentication_failure");
  });

  it("cancels an intent whose 3-D Secure failed, with the time and the reason", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const intent = await stripe.paymentIntents.create(upsell(card));
    await sandbox.authenticatePaymentIntent(intent.id, "fail");
    const beforeEpochSec = Math.floor(Date.now() / 1000);
    const canceled = await stripe.paymentIntents.cancel(intent.id, {
      cancellation_reason: "abandoned",
    });

    expect(canceled).toMatchObject({
      id: intent.id,
      status: "canceled",
      cancellation_reason: "abandoned",
      amount_received: 0,
    });
    expect(canceled.canceled_at).toBeGreaterThanOrEqual(beforeEpochSec);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("canceled");
  });

  it("cancels an intent awaiting authentication without a reason", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const intent = await stripe.paymentIntents.create(upsell(card));
    const canceled = await stripe.paymentIntents.cancel(intent.id);

    expect(canceled.status).toBe("canceled");
    expect(canceled.cancellation_reason).toBeNull();
    expect(canceled.next_action).toBeNull();
  });

  it("refuses to confirm a canceled intent again", async () => {
    const card = await savedCard(stripe, "pm_card_authenticationRequired");
    const intent = await stripe.paymentIntents.create(upsell(card));
    await sandbox.authenticatePaymentIntent(intent.id, "fail");
    await stripe.paymentIntents.cancel(intent.id);
    const error = await stripeErrorOf(
      stripe.paymentIntents.confirm(intent.id, { payment_method: card.paymentMethodId }),
    );

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.code).toBe("payment_intent_unexpected_state");
    expect((await stripe.paymentIntents.retrieve(intent.id)).amount_received).toBe(0);
  });

  it("refuses to cancel a succeeded intent with payment_intent_unexpected_state", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const intent = await stripe.paymentIntents.create({ ...upsell(card), off_session: true });
    const error = await stripeErrorOf(stripe.paymentIntents.cancel(intent.id));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe("payment_intent_unexpected_state");
    expect(error.message).toContain("status of succeeded");
  });

  it("refuses to cancel a canceled intent twice", async () => {
    const card = await savedCard(stripe, "pm_card_visa");
    const intent = await stripe.paymentIntents.create({ ...upsell(card), confirm: false });
    await stripe.paymentIntents.cancel(intent.id);
    const error = await stripeErrorOf(stripe.paymentIntents.cancel(intent.id));

    expect(error.code).toBe("payment_intent_unexpected_state");
    expect(error.message).toContain("status of canceled");
  });
});
