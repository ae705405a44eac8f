/**
 * The Stripe gateway through the real SDK against the sandbox: parameters
 * sent, objects read, outcomes and error classes mapped to domain values.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  CheckoutRejectedError,
  InvalidRequestError,
  InvalidSignatureError,
  PaymentProviderError,
  PaymentProviderUnavailableError,
  PriceNotFoundError,
} from "../../src/domain/errors.js";
import type { ChargeRequest, PaymentGateway } from "../../src/domain/ports.js";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { createStripeClient } from "../../src/stripe/stripe-client.js";
import { createStripeGateway } from "../../src/stripe/stripe-gateway.js";

let sandbox: StripeSandbox;
let gateway: PaymentGateway;
let idempotencySequence = 0;

beforeAll(async () => {
  sandbox = await startStripeSandbox();
  const stripe = createStripeClient({
    mode: "test",
    secretKey: "sk_test_gateway",
    apiBaseUrl: sandbox.url,
    maxNetworkRetries: 0,
    timeoutMs: 2_000,
  });
  gateway = createStripeGateway(stripe);
});

afterEach(async () => {
  await sandbox.clearFaults();
});

afterAll(async () => {
  await sandbox.close();
});

/** A checkout paid with `paymentMethod`; returns its session id, customer and card. */
async function paidSession(paymentMethod = "pm_card_visa") {
  const { sessionId } = await gateway.createCheckoutSession({
    priceId: "price_test_main_offer",
    productType: "offer",
    returnUrl: "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
  });
  const cardNumber = paymentMethod.startsWith("pm_") ? undefined : paymentMethod;
  await sandbox.completeCheckoutSession(sessionId, cardNumber ? { cardNumber } : { paymentMethod });
  const snapshot = await gateway.retrieveCheckoutSession(sessionId);
  if (!snapshot?.customerId || !snapshot.paymentMethodId) throw new Error("no saved card");
  return { sessionId, customerId: snapshot.customerId, paymentMethodId: snapshot.paymentMethodId };
}

async function chargeRequest(
  card: string,
  overrides: Partial<ChargeRequest> = {},
): Promise<ChargeRequest> {
  const { customerId, paymentMethodId } = await paidSession(card);
  idempotencySequence += 1;
  return {
    customerId,
    paymentMethodId,
    amountMinor: 2900,
    currency: "usd",
    confirmation: "on_session",
    idempotencyKey: `gateway-test-${idempotencySequence}-${Date.now()}`,
    metadata: { productType: "oto" },
    ...overrides,
  };
}

describe("createStripeClient", () => {
  it("refuses a key of the other mode", () => {
    expect(() =>
      createStripeClient({ mode: "live", secretKey: "sk_test_x", apiBaseUrl: sandbox.url }),
    ).toThrow(/sk_live_/);
  });
});

describe("StripeGateway checkout sessions", () => {
  it("reads a paid session's customer and saved card in one call", async () => {
    await sandbox.resetCounters();
    const { sessionId } = await gateway.createCheckoutSession({
      priceId: "price_test_main_offer",
      productType: "offer",
      returnUrl: "https://shop.example/s?session_id={CHECKOUT_SESSION_ID}",
    });
    await sandbox.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });

    const snapshot = await gateway.retrieveCheckoutSession(sessionId);

    expect(snapshot).toEqual({
      sessionId,
      livemode: false,
      status: "complete",
      paymentStatus: "paid",
      customerId: expect.stringMatching(/^cus_/),
      paymentMethodId: expect.stringMatching(/^pm_/),
      createdAtEpochSec: expect.any(Number),
    });
    expect(await sandbox.requestCount("GET", "/v1/checkout/sessions/*")).toBe(1);
  });

  it("reads an open session without customer or card", async () => {
    const { sessionId } = await gateway.createCheckoutSession({
      priceId: "price_test_main_offer",
      productType: "oto",
      returnUrl: "https://shop.example/s?session_id={CHECKOUT_SESSION_ID}",
    });

    const snapshot = await gateway.retrieveCheckoutSession(sessionId);

    expect(snapshot).toEqual({
      sessionId,
      livemode: false,
      status: "open",
      paymentStatus: "unpaid",
      createdAtEpochSec: expect.any(Number),
    });
  });

  it("answers undefined for a session Stripe does not know", async () => {
    expect(await gateway.retrieveCheckoutSession("cs_test_missing")).toBeUndefined();
  });

  it("maps an unknown price to PRICE_NOT_FOUND, an inactive one to CHECKOUT_REJECTED", async () => {
    const request = {
      productType: "offer" as const,
      returnUrl: "https://shop.example/s?session_id={CHECKOUT_SESSION_ID}",
    };

    await expect(
      gateway.createCheckoutSession({ ...request, priceId: "price_test_missing" }),
    ).rejects.toBeInstanceOf(PriceNotFoundError);
    await expect(
      gateway.createCheckoutSession({ ...request, priceId: "price_test_retired_offer" }),
    ).rejects.toBeInstanceOf(CheckoutRejectedError);
  });
});

describe("StripeGateway prices", () => {
  it("describes one-time, recurring and inactive prices", async () => {
    const course = await gateway.retrievePrice("price_test_upsell_course");
    const membership = await gateway.retrievePrice("price_test_membership_monthly");
    const retired = await gateway.retrievePrice("price_test_retired_offer");

    expect(course).toEqual({
      priceId: "price_test_upsell_course",
      livemode: false,
      active: true,
      type: "one_time",
      billingScheme: "per_unit",
      unitAmountMinor: 2900,
      currency: "usd",
    });
    expect(membership?.type).toBe("recurring");
    expect(retired?.active).toBe(false);
    expect(await gateway.retrievePrice("price_test_missing")).toBeUndefined();
  });
});

describe("StripeGateway charges", () => {
  it("charges a saved card and reports success", async () => {
    const request = await chargeRequest("pm_card_visa");

    const outcome = await gateway.chargeSavedPaymentMethod(request);

    expect(outcome).toEqual({
      kind: "succeeded",
      paymentIntentId: expect.stringMatching(/^pi_/),
      amountMinor: 2900,
      currency: "usd",
    });
  });

  it("returns the first payment intent again for the same idempotency key", async () => {
    const request = await chargeRequest("pm_card_visa");

    const first = await gateway.chargeSavedPaymentMethod(request);
    const second = await gateway.chargeSavedPaymentMethod(request);

    expect(second).toEqual(first);
  });

  it("reports a decline with the decline code and the card's plain message", async () => {
    const request = await chargeRequest("4000000000000341");

    const outcome = await gateway.chargeSavedPaymentMethod(request);

    expect(outcome).toEqual({
      kind: "declined",
      paymentIntentId: expect.stringMatching(/^pi_/),
      declineCode: "generic_decline",
      message: "Your card was declined.",
      confirmable: true,
    });
  });

  it("asks for authentication on-session, then reads the outcome after it", async () => {
    const request = await chargeRequest("4000002760003184");

    const outcome = await gateway.chargeSavedPaymentMethod(request);
    if (outcome.kind !== "requires_action") throw new Error(`unexpected ${outcome.kind}`);
    await sandbox.authenticatePaymentIntent(outcome.paymentIntentId, "succeed");
    const after = await gateway.retrieveChargeOutcome(outcome.paymentIntentId);

    expect(outcome.clientSecret).toContain("_secret_");
    expect(after).toMatchObject({ kind: "succeeded", paymentIntentId: outcome.paymentIntentId });
  });

  it("turns an off-session authentication_required error into requires_action", async () => {
    const request = await chargeRequest("4000002760003184", { confirmation: "off_session" });

    const outcome = await gateway.chargeSavedPaymentMethod(request);
    const later = outcome.paymentIntentId
      ? await gateway.retrieveChargeOutcome(outcome.paymentIntentId)
      : undefined;

    expect(outcome).toMatchObject({ kind: "requires_action", clientSecret: expect.any(String) });
    expect(later?.kind).toBe("requires_action");
  });

  it("reports a failed authentication as a decline", async () => {
    const request = await chargeRequest("4000002760003184");
    const outcome = await gateway.chargeSavedPaymentMethod(request);
    if (outcome.kind !== "requires_action") throw new Error(`unexpected ${outcome.kind}`);

    await sandbox.authenticatePaymentIntent(outcome.paymentIntentId, "fail");
    const after = await gateway.retrieveChargeOutcome(outcome.paymentIntentId);

    expect(after).toMatchObject({ kind: "declined", confirmable: true });
  });

  it.each([
    [500, PaymentProviderError],
    [429, PaymentProviderUnavailableError],
  ] as const)("maps a Stripe %i to %o", async (status, errorClass) => {
    const request = await chargeRequest("pm_card_visa");
    await sandbox.injectFault({
      method: "POST",
      path: "/v1/payment_intents",
      fault: { type: "error", status },
    });

    await expect(gateway.chargeSavedPaymentMethod(request)).rejects.toBeInstanceOf(errorClass);
  });

  it("maps a timeout to PAYMENT_PROVIDER_UNAVAILABLE", async () => {
    await sandbox.injectFault({
      method: "GET",
      path: "/v1/prices/*",
      fault: { type: "hang", delayMs: 3_000 },
    });

    await expect(gateway.retrievePrice("price_test_upsell_course")).rejects.toBeInstanceOf(
      PaymentProviderUnavailableError,
    );
  });
});

describe("StripeGateway cancelPaymentIntent", () => {
  async function failedChallenge(): Promise<string> {
    const outcome = await gateway.chargeSavedPaymentMethod(await chargeRequest("4000002760003184"));
    if (outcome.kind !== "requires_action") throw new Error(`unexpected ${outcome.kind}`);
    await sandbox.authenticatePaymentIntent(outcome.paymentIntentId, "fail");
    return outcome.paymentIntentId;
  }

  it("cancels a payment intent whose authentication failed", async () => {
    const paymentIntentId = await failedChallenge();

    const cancel = await gateway.cancelPaymentIntent(paymentIntentId);
    const after = await gateway.retrieveChargeOutcome(paymentIntentId);

    expect(cancel).toEqual({ kind: "canceled" });
    expect(after).toMatchObject({ kind: "declined", declineCode: "canceled", confirmable: false });
  });

  it("answers not_cancelable for a payment intent that succeeded", async () => {
    const outcome = await gateway.chargeSavedPaymentMethod(await chargeRequest("pm_card_visa"));
    if (outcome.kind !== "succeeded") throw new Error(`unexpected ${outcome.kind}`);

    await expect(gateway.cancelPaymentIntent(outcome.paymentIntentId)).resolves.toEqual({
      kind: "not_cancelable",
    });
  });

  it.each([
    [500, PaymentProviderError],
    [429, PaymentProviderUnavailableError],
  ] as const)("maps a Stripe %i on cancel to %o", async (status, errorClass) => {
    const paymentIntentId = await failedChallenge();
    await sandbox.injectFault({
      method: "POST",
      path: "/v1/payment_intents/*/cancel",
      fault: { type: "error", status },
    });

    await expect(gateway.cancelPaymentIntent(paymentIntentId)).rejects.toBeInstanceOf(errorClass);
  });
});

describe("StripeGateway webhook verification", () => {
  const secret = "whsec_gateway_test";
  const payload = JSON.stringify({
    id: "evt_1",
    object: "event",
    type: "checkout.session.completed",
    livemode: false,
    data: { object: { id: "cs_test_1", object: "checkout.session", payment_status: "paid" } },
  });

  function header(body: string, signingSecret = secret) {
    return createStripeClient({
      mode: "test",
      secretKey: "sk_test_x",
    }).webhooks.generateTestHeaderString({ payload: body, secret: signingSecret });
  }

  it("returns the verified event's ids", async () => {
    const event = await gateway.verifyWebhookEvent({
      payload: new TextEncoder().encode(payload),
      signatureHeader: header(payload),
      secret,
    });

    expect(event).toEqual({
      eventId: "evt_1",
      type: "checkout.session.completed",
      livemode: false,
      checkoutSessionId: "cs_test_1",
      paymentStatus: "paid",
    });
  });

  it("refuses a signature made with another secret", async () => {
    await expect(
      gateway.verifyWebhookEvent({
        payload: new TextEncoder().encode(payload),
        signatureHeader: header(payload, "whsec_other"),
        secret,
      }),
    ).rejects.toBeInstanceOf(InvalidSignatureError);
  });

  it("refuses a signed body that is not an event", async () => {
    await expect(
      gateway.verifyWebhookEvent({
        payload: new TextEncoder().encode("not json"),
        signatureHeader: header("not json"),
        secret,
      }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
