import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import {
  fastRetry,
  paidSession,
  startWebhookReceiver,
  stripeFor,
  testWebhookSecret,
  type WebhookReceiver,
} from "./sandbox-fixture.js";

describe("webhooks", () => {
  let receiver: WebhookReceiver;
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  const completedEvents = () =>
    receiver.received
      .map((webhook) =>
        stripe.webhooks.constructEvent(
          webhook.body,
          String(webhook.headers["stripe-signature"]),
          testWebhookSecret,
        ),
      )
      .filter((event) => event.type === "checkout.session.completed");

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    sandbox = await startStripeSandbox({
      webhookEndpoints: [
        {
          mode: "test",
          url: receiver.url,
          secret: testWebhookSecret,
          enabledEvents: ["checkout.session.completed"],
        },
      ],
      webhookRetry: fastRetry,
    });
    stripe = stripeFor(sandbox);
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.respondWith([]);
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it("delivers checkout.session.completed signed so the SDK verifies it", async () => {
    const session = await paidSession(stripe, "pm_card_visa");
    await sandbox.webhooksIdle();
    const [event] = completedEvents();

    expect(event?.type).toBe("checkout.session.completed");
    const object = event?.type === "checkout.session.completed" ? event.data.object : undefined;
    expect(object?.id).toBe(session.id);
    expect(object?.payment_status).toBe("paid");
    expect(object?.customer).toBe(session.customer);
    expect(event?.livemode).toBe(false);
  });

  it("signs with HMAC-SHA256 of `t.body`, which a wrong secret fails to verify", async () => {
    await paidSession(stripe, "pm_card_visa");
    await sandbox.webhooksIdle();
    const [webhook] = receiver.received;
    const header = String(webhook?.headers["stripe-signature"]);

    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(() =>
      stripe.webhooks.constructEvent(String(webhook?.body), header, "whsec_wrong"),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it("retries with back-off until the endpoint answers 2xx", async () => {
    receiver.respondWith([500, 503]);
    const session = await paidSession(stripe, "pm_card_visa", { payment_intent_data: undefined });
    await sandbox.webhooksIdle();
    const attempts = (await sandbox.webhookAttempts()).filter(
      (attempt) => attempt.eventType === "checkout.session.completed",
    );
    const forSession = completedEvents().filter(
      (event) => event.type === "checkout.session.completed" && event.data.object.id === session.id,
    );

    expect(forSession).toHaveLength(3);
    expect(attempts.slice(-3).map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    expect(attempts.slice(-3).map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
  });

  it("gives up after the configured number of attempts", async () => {
    receiver.respondWith(Array.from({ length: 50 }, () => 500));
    await paidSession(stripe, "pm_card_visa", { payment_intent_data: undefined });
    await sandbox.webhooksIdle();
    const failures = completedEvents();

    expect(failures).toHaveLength(fastRetry.maxAttempts);
  });

  it("keeps events for retrieve and list", async () => {
    const session = await paidSession(stripe, "pm_card_visa");
    const listed = await stripe.events.list({ type: "checkout.session.completed", limit: 1 });
    const event = listed.data[0];
    const retrieved = await stripe.events.retrieve(String(event?.id));

    expect(event?.id).toMatch(/^evt_/);
    expect(retrieved.type).toBe("checkout.session.completed");
    expect(retrieved.type === "checkout.session.completed" && retrieved.data.object.id).toBe(
      session.id,
    );
  });

  it("sends nothing to the test endpoint for live-mode events", async () => {
    const live = stripeFor(sandbox, "sk_live_sandbox");
    const session = await live.checkout.sessions.create({
      mode: "payment",
      ui_mode: "embedded_page",
      return_url: "https://shop.example/thanks",
      line_items: [{ price: "price_live_main_offer", quantity: 1 }],
    });
    await sandbox.completeCheckoutSession(session.id, { paymentMethod: "pm_card_visa" });
    await sandbox.webhooksIdle();

    expect(receiver.received).toHaveLength(0);
  });
});
