import type Stripe from "stripe";
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

describe("webhook test controls", () => {
  let receiver: WebhookReceiver;
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  const receivedEventIds = () =>
    receiver.received.map(
      (webhook) =>
        stripe.webhooks.constructEvent(
          webhook.body,
          String(webhook.headers["stripe-signature"]),
          testWebhookSecret,
        ).id,
    );
  const lastCompletedEventId = async () => {
    const listed = await stripe.events.list({ type: "checkout.session.completed", limit: 1 });
    return String(listed.data[0]?.id);
  };

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
  afterEach(async () => {
    await sandbox.releaseWebhooks();
    await sandbox.webhooksIdle();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it("holds deliveries until they are released", async () => {
    await sandbox.holdWebhooks();
    await paidSession(stripe, "pm_card_visa");
    await sandbox.webhooksIdle();
    const whileHeld = receiver.received.length;
    const released = await sandbox.releaseWebhooks();
    await sandbox.webhooksIdle();

    expect(whileHeld).toBe(0);
    expect(released).toBe(1);
    expect(receivedEventIds()).toEqual([await lastCompletedEventId()]);
  });

  it("delivers the next event twice", async () => {
    await sandbox.planWebhooks({ action: "duplicate" });
    await paidSession(stripe, "pm_card_visa");
    await sandbox.webhooksIdle();
    const eventId = await lastCompletedEventId();

    expect(receivedEventIds()).toEqual([eventId, eventId]);
  });

  it("delivers the next event late, after later ones", async () => {
    await sandbox.planWebhooks({ action: "delay", delayMs: 300 });
    await paidSession(stripe, "pm_card_visa");
    const lateEventId = await lastCompletedEventId();
    await paidSession(stripe, "pm_card_visa");
    const promptEventId = await lastCompletedEventId();
    await sandbox.webhooksIdle();

    expect(receivedEventIds()).toEqual([promptEventId, lateEventId]);
  });

  it("drops the next event and delivers the one after", async () => {
    await sandbox.planWebhooks({ action: "drop" });
    await paidSession(stripe, "pm_card_visa");
    const droppedEventId = await lastCompletedEventId();
    await paidSession(stripe, "pm_card_visa");
    const deliveredEventId = await lastCompletedEventId();
    await sandbox.webhooksIdle();
    const attempts = await sandbox.webhookAttempts();

    expect(receivedEventIds()).toEqual([deliveredEventId]);
    expect(attempts.find((attempt) => attempt.eventId === droppedEventId)?.outcome).toBe("dropped");
  });

  it("resends an existing event on demand", async () => {
    await paidSession(stripe, "pm_card_visa");
    const eventId = await lastCompletedEventId();
    await sandbox.resendEvent(eventId);
    await sandbox.webhooksIdle();

    expect(receivedEventIds()).toEqual([eventId, eventId]);
  });

  it("sends to an endpoint added at run time", async () => {
    const second = await startWebhookReceiver();
    await sandbox.addWebhookEndpoint({ mode: "test", url: second.url, secret: testWebhookSecret });
    await paidSession(stripe, "pm_card_visa");
    await sandbox.webhooksIdle();
    const types = second.received.map(
      (webhook) =>
        stripe.webhooks.constructEvent(
          webhook.body,
          String(webhook.headers["stripe-signature"]),
          testWebhookSecret,
        ).type,
    );
    await second.close();

    expect(types).toContain("checkout.session.completed");
    expect(types).toContain("payment_intent.succeeded");
  });
});
