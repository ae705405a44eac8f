import { beforeEach, describe, expect, it } from "vitest";
import {
  InvalidSignatureError,
  ModeMismatchError,
  StoreUnavailableError,
  TokenExpiredError,
  TokenNotFoundError,
  WebhookNotConfiguredError,
} from "../../src/domain/errors.js";
import type { CheckoutSessionSnapshot, WebhookEvent } from "../../src/domain/ports.js";
import { getUpsellToken } from "../../src/domain/use-cases/get-upsell-token.js";
import { handleCheckoutWebhook } from "../../src/domain/use-cases/handle-checkout-webhook.js";
import { type FakeWorld, fakeWorld } from "./fakes.js";

const sessionId = "cs_test_paid1";

const paidSession: CheckoutSessionSnapshot = {
  sessionId,
  livemode: false,
  status: "complete",
  paymentStatus: "paid",
  customerId: "cus_1",
  paymentMethodId: "pm_1",
  // Ten minutes before the fake world's clock starts (2026-01-15 12:00 UTC).
  createdAtEpochSec: Date.UTC(2026, 0, 15, 11, 50, 0) / 1000,
};

const completedEvent: WebhookEvent = {
  eventId: "evt_1",
  type: "checkout.session.completed",
  livemode: false,
  checkoutSessionId: sessionId,
  paymentStatus: "paid",
};

const delivery = {
  mode: "test" as const,
  secret: "whsec_test",
  payload: new TextEncoder().encode("{}"),
  signatureHeader: "t=1,v1=abc",
};

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
  world.gateways.test.sessions.set(sessionId, paidSession);
  world.gateways.test.nextEvent = completedEvent;
});

describe("handleCheckoutWebhook", () => {
  it("stores a token that expires after the token lifetime", async () => {
    const result = await handleCheckoutWebhook(world.deps, delivery);

    expect(result.outcome).toBe("token_created");
    const [token] = world.stores.test.tokens.values();
    expect(token).toMatchObject({
      sessionId,
      customerId: "cus_1",
      paymentMethodId: "pm_1",
      expiresAtEpochSec: world.clock.nowEpochSec() + 86_400,
      state: { status: "ready" },
    });
  });

  it("stores one token for duplicate and concurrent deliveries", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => handleCheckoutWebhook(world.deps, delivery)),
    );

    expect(world.stores.test.tokens.size).toBe(1);
    expect(results.filter((result) => result.outcome === "token_created")).toHaveLength(1);
  });

  it("handles async_payment_succeeded like a paid completion", async () => {
    world.gateways.test.nextEvent = {
      ...completedEvent,
      type: "checkout.session.async_payment_succeeded",
    };

    const result = await handleCheckoutWebhook(world.deps, delivery);

    expect(result.outcome).toBe("token_created");
  });

  it.each([
    ["another event type", { type: "payment_intent.succeeded" }],
    ["a completed but unpaid session", { paymentStatus: "unpaid" }],
  ])("acknowledges and ignores %s", async (_case, overrides) => {
    world.gateways.test.nextEvent = { ...completedEvent, ...overrides };

    const result = await handleCheckoutWebhook(world.deps, delivery);

    expect(result.outcome).toBe("ignored");
    expect(world.stores.test.tokens.size).toBe(0);
  });

  it("refuses an event of the other mode", async () => {
    world.gateways.test.nextEvent = { ...completedEvent, livemode: true };

    await expect(handleCheckoutWebhook(world.deps, delivery)).rejects.toBeInstanceOf(
      ModeMismatchError,
    );
  });

  it("refuses a delivery without signature, or to an endpoint without secret", async () => {
    await expect(
      handleCheckoutWebhook(world.deps, { ...delivery, signatureHeader: undefined }),
    ).rejects.toBeInstanceOf(InvalidSignatureError);
    await expect(
      handleCheckoutWebhook(world.deps, { ...delivery, secret: undefined }),
    ).rejects.toBeInstanceOf(WebhookNotConfiguredError);
  });

  it("fails (so Stripe retries) when the store is down, and succeeds on redelivery", async () => {
    world.stores.test.failure = new StoreUnavailableError("down");
    await expect(handleCheckoutWebhook(world.deps, delivery)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );

    world.stores.test.failure = undefined;
    const result = await handleCheckoutWebhook(world.deps, delivery);

    expect(result.outcome).toBe("token_created");
  });
});

describe("getUpsellToken", () => {
  it("returns the token the webhook stored", async () => {
    await handleCheckoutWebhook(world.deps, delivery);

    const found = await getUpsellToken(world.deps, { sessionId, mode: "test" });

    const [stored] = world.stores.test.tokens.values();
    expect(found).toEqual({
      upsellToken: stored?.upsellToken,
      expiresAtEpochSec: stored?.expiresAtEpochSec,
      status: "ready",
    });
  });

  it("creates the token itself when Stripe says paid before the webhook came", async () => {
    const found = await getUpsellToken(world.deps, { sessionId, mode: "test" });

    const late = await handleCheckoutWebhook(world.deps, delivery);

    expect(late.outcome).toBe("token_exists");
    expect(world.stores.test.tokens.size).toBe(1);
    expect([...world.stores.test.tokens.keys()]).toEqual([found.upsellToken]);
  });

  it("answers not found while the session is unpaid or unknown", async () => {
    world.gateways.test.sessions.set(sessionId, { ...paidSession, paymentStatus: "unpaid" });

    await expect(getUpsellToken(world.deps, { sessionId, mode: "test" })).rejects.toBeInstanceOf(
      TokenNotFoundError,
    );
    await expect(
      getUpsellToken(world.deps, { sessionId: "cs_test_unknown", mode: "test" }),
    ).rejects.toBeInstanceOf(TokenNotFoundError);
  });

  it("answers expired once the token's lifetime is over, without issuing a new one", async () => {
    await getUpsellToken(world.deps, { sessionId, mode: "test" });
    world.clock.advanceSec(86_400);

    await expect(getUpsellToken(world.deps, { sessionId, mode: "test" })).rejects.toBeInstanceOf(
      TokenExpiredError,
    );
    expect(world.stores.test.tokens.size).toBe(1);
  });

  it("answers expired, issuing nothing, for a checkout older than its link's retention", async () => {
    // Token lifetime (1 day) + link retention (7 days) after the session's creation.
    world.clock.advanceSec(8 * 86_400 - 600);

    await expect(getUpsellToken(world.deps, { sessionId, mode: "test" })).rejects.toBeInstanceOf(
      TokenExpiredError,
    );
    const late = await handleCheckoutWebhook(world.deps, delivery);

    expect(late.outcome).toBe("ignored");
    expect(world.stores.test.tokens.size).toBe(0);
  });

  it("still issues the token of a checkout whose webhook came days late", async () => {
    world.clock.advanceSec(3 * 86_400);

    const result = await handleCheckoutWebhook(world.deps, delivery);

    expect(result.outcome).toBe("token_created");
  });

  it("refuses a live session id asked for in test mode", async () => {
    await expect(
      getUpsellToken(world.deps, { sessionId: "cs_live_paid1", mode: "test" }),
    ).rejects.toBeInstanceOf(ModeMismatchError);
  });
});
