import { beforeEach, describe, expect, it } from "vitest";
import {
  AuthenticationRequiredError,
  ChargeInProgressError,
  PaymentFailedError,
  PaymentProviderUnavailableError,
  PriceNotAllowedError,
  PriceNotChargeableError,
  StoreUnavailableError,
  TokenAlreadyUsedError,
  TokenExpiredError,
  TokenNotFoundError,
} from "../../src/domain/errors.js";
import { chargeUpsell } from "../../src/domain/use-cases/charge-upsell.js";
import { type FakeWorld, fakeWorld, oneTimePrice, readyToken } from "./fakes.js";

const token = readyToken();
const request = { upsellToken: token.upsellToken, priceId: "price_upsell" };

let world: FakeWorld;

beforeEach(() => {
  world = fakeWorld();
  world.stores.test.seed(token);
  world.gateways.test.prices.set("price_upsell", oneTimePrice());
  world.gateways.test.prices.set(
    "price_downsell",
    oneTimePrice({ priceId: "price_downsell", unitAmountMinor: 900 }),
  );
});

function storedState() {
  return world.stores.test.tokens.get(token.upsellToken)?.state;
}

describe("chargeUpsell", () => {
  it("charges the saved card for the price's amount and consumes the token", async () => {
    const charge = await chargeUpsell(world.deps, request);

    expect(charge).toEqual({
      paymentIntentId: "pi_1",
      amountMinor: 2900,
      currency: "usd",
      status: "succeeded",
    });
    const [sent] = world.gateways.test.chargeRequests;
    expect(sent).toMatchObject({
      customerId: "cus_1",
      paymentMethodId: "pm_1",
      amountMinor: 2900,
      currency: "usd",
      confirmation: "on_session",
    });
    expect(storedState()).toMatchObject({ status: "charged", paymentIntentId: "pi_1" });
  });

  it("keeps an audit record: token, price, payment intent, status, amount", async () => {
    await chargeUpsell(world.deps, request);

    const attempts = [...world.stores.test.attempts.values()];
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      upsellToken: token.upsellToken,
      priceId: "price_upsell",
      paymentIntentId: "pi_1",
      status: "succeeded",
      amountMinor: 2900,
      currency: "usd",
    });
  });

  it("returns the same result to a repeated request without calling Stripe again", async () => {
    const first = await chargeUpsell(world.deps, request);

    const second = await chargeUpsell(world.deps, request);

    expect(second).toEqual(first);
    expect(world.gateways.test.chargeRequests).toHaveLength(1);
  });

  it("charges once when many requests arrive at the same time", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => chargeUpsell(world.deps, request)),
    );

    expect(world.gateways.test.paymentIntents.size).toBe(1);
    const failures = results.filter((result) => result.status === "rejected");
    for (const failure of failures) {
      expect(failure.reason).toBeInstanceOf(ChargeInProgressError);
    }
    expect(results.some((result) => result.status === "fulfilled")).toBe(true);
  });

  it("refuses another price once the token was charged", async () => {
    await chargeUpsell(world.deps, request);

    await expect(
      chargeUpsell(world.deps, { ...request, priceId: "price_downsell" }),
    ).rejects.toBeInstanceOf(TokenAlreadyUsedError);
  });

  it("refuses a price missing from the allowlist before touching Stripe", async () => {
    await expect(
      chargeUpsell(world.deps, { ...request, priceId: "price_not_listed" }),
    ).rejects.toBeInstanceOf(PriceNotAllowedError);
    expect(world.gateways.test.chargeRequests).toHaveLength(0);
  });

  it("refuses an inactive price without claiming the token", async () => {
    world.gateways.test.prices.set("price_upsell", oneTimePrice({ active: false }));

    await expect(chargeUpsell(world.deps, request)).rejects.toBeInstanceOf(PriceNotChargeableError);
    expect(storedState()).toEqual({ status: "ready" });
  });

  it("refuses an unknown token and a token of the other mode", async () => {
    await expect(
      chargeUpsell(world.deps, { ...request, upsellToken: "22222222-2222-4222-8222-222222222222" }),
    ).rejects.toBeInstanceOf(TokenNotFoundError);
    await expect(chargeUpsell(world.deps, { ...request, mode: "live" })).rejects.toBeInstanceOf(
      TokenNotFoundError,
    );
  });

  it("refuses an expired token even though its item still exists", async () => {
    world.clock.epochMs = token.expiresAtEpochSec * 1000;

    await expect(chargeUpsell(world.deps, request)).rejects.toBeInstanceOf(TokenExpiredError);
    expect(world.gateways.test.chargeRequests).toHaveLength(0);
  });

  it("answers a decline with the decline code and the card's message", async () => {
    world.gateways.test.chargeScript = () => ({
      kind: "declined",
      paymentIntentId: "pi_declined",
      declineCode: "insufficient_funds",
      message: "Your card has insufficient funds.",
      confirmable: true,
    });

    const failure = await chargeUpsell(world.deps, request).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PaymentFailedError);
    expect(failure).toMatchObject({
      declineCode: "insufficient_funds",
      message: "Your card has insufficient funds.",
    });
    expect(storedState()).toMatchObject({ status: "declined", priceId: "price_upsell" });
    expect(world.gateways.test.cancelRequests).toEqual(["pi_declined"]);
  });

  it("replays a decline for the same price and lets a cheaper offer be tried", async () => {
    world.gateways.test.chargeScript = (sent) =>
      sent.amountMinor === 2900
        ? {
            kind: "declined",
            declineCode: "insufficient_funds",
            message: "Declined.",
            confirmable: false,
          }
        : { kind: "succeeded", paymentIntentId: "pi_down", amountMinor: 900, currency: "usd" };
    await chargeUpsell(world.deps, request).catch(() => undefined);

    await expect(chargeUpsell(world.deps, request)).rejects.toBeInstanceOf(PaymentFailedError);
    const downsell = await chargeUpsell(world.deps, { ...request, priceId: "price_downsell" });

    expect(downsell.amountMinor).toBe(900);
    expect(world.gateways.test.chargeRequests).toHaveLength(2);
  });

  it("asks for authentication with the client secret and settles after it", async () => {
    world.gateways.test.chargeScript = () => ({
      kind: "requires_action",
      paymentIntentId: "pi_3ds",
      clientSecret: "pi_3ds_secret_abc",
    });

    const failure = await chargeUpsell(world.deps, request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AuthenticationRequiredError);
    expect(failure).toMatchObject({ paymentIntentId: "pi_3ds", clientSecret: "pi_3ds_secret_abc" });
    expect(storedState()).toMatchObject({ status: "pending", paymentIntentId: "pi_3ds" });

    world.gateways.test.laterOutcomes.set("pi_3ds", {
      kind: "succeeded",
      paymentIntentId: "pi_3ds",
      amountMinor: 2900,
      currency: "usd",
    });
    const charge = await chargeUpsell(world.deps, request);

    expect(charge.paymentIntentId).toBe("pi_3ds");
    expect(storedState()).toMatchObject({ status: "charged", paymentIntentId: "pi_3ds" });
    expect(world.gateways.test.chargeRequests).toHaveLength(1);
  });

  it("releases the claim bound to the price when Stripe is unreachable", async () => {
    world.gateways.test.chargeScript = () =>
      new PaymentProviderUnavailableError("Stripe could not be reached.");

    await expect(chargeUpsell(world.deps, request)).rejects.toBeInstanceOf(
      PaymentProviderUnavailableError,
    );
    expect(storedState()).toEqual({ status: "ready", priceId: "price_upsell" });
    await expect(
      chargeUpsell(world.deps, { ...request, priceId: "price_downsell" }),
    ).rejects.toBeInstanceOf(TokenAlreadyUsedError);

    world.gateways.test.chargeScript = (sent) => ({
      kind: "succeeded",
      paymentIntentId: "pi_retry",
      amountMinor: sent.amountMinor,
      currency: sent.currency,
    });
    const charge = await chargeUpsell(world.deps, request);

    expect(charge.paymentIntentId).toBe("pi_retry");
    const keys = new Set(world.gateways.test.chargeRequests.map((sent) => sent.idempotencyKey));
    expect(keys.size).toBe(1);
  });

  it("recovers a claim abandoned by a crashed request, with the same idempotency key", async () => {
    const crashedKey = `upsell-charge:${token.upsellToken}:price_upsell`;
    world.stores.test.seed({
      ...token,
      version: 2,
      state: {
        status: "charging",
        priceId: "price_upsell",
        attemptId: "crashed",
        claimedAtEpochSec: world.clock.nowEpochSec(),
      },
    });

    await expect(chargeUpsell(world.deps, request)).rejects.toBeInstanceOf(ChargeInProgressError);
    world.clock.advanceSec(world.deps.settings.claimTimeoutSec);
    const charge = await chargeUpsell(world.deps, request);

    expect(charge.status).toBe("succeeded");
    expect(world.gateways.test.chargeRequests.map((sent) => sent.idempotencyKey)).toEqual([
      crashedKey,
    ]);
  });

  it("answers success when the charge went through but recording it failed", async () => {
    world.gateways.test.chargeScript = (sent) => {
      world.stores.test.failure = new StoreUnavailableError("down");
      return {
        kind: "succeeded",
        paymentIntentId: "pi_1",
        amountMinor: sent.amountMinor,
        currency: "usd",
      };
    };

    const charge = await chargeUpsell(world.deps, request);

    expect(charge.paymentIntentId).toBe("pi_1");
    expect(world.logLines.some((line) => line.includes("could not record a charge outcome"))).toBe(
      true,
    );
  });

  it("records the outcome in the audit trail even when the token write fails", async () => {
    const store = world.stores.test;
    world.gateways.test.chargeScript = (sent) => {
      store.replaceState = async () => {
        throw new StoreUnavailableError("token table down");
      };
      return {
        kind: "succeeded",
        paymentIntentId: "pi_1",
        amountMinor: sent.amountMinor,
        currency: "usd",
      };
    };

    const charge = await chargeUpsell(world.deps, request);

    expect(charge.paymentIntentId).toBe("pi_1");
    expect(storedState()).toMatchObject({ status: "charging" });
    expect([...store.attempts.values()]).toEqual([
      expect.objectContaining({ status: "succeeded", paymentIntentId: "pi_1", amountMinor: 2900 }),
    ]);
  });

  it("charges off-session when configured so", async () => {
    world = fakeWorld({ settings: { upsellConfirmation: "off_session" } });
    world.stores.test.seed(token);
    world.gateways.test.prices.set("price_upsell", oneTimePrice());

    await chargeUpsell(world.deps, request);

    expect(world.gateways.test.chargeRequests[0]?.confirmation).toBe("off_session");
  });

  describe("after a failed authentication", () => {
    const failedChallenge = {
      kind: "declined",
      paymentIntentId: "pi_3ds",
      declineCode: "payment_intent_authentication_failure",
      message: "The provided PaymentMethod has failed authentication.",
      confirmable: true,
    } as const;

    beforeEach(() => {
      world.gateways.test.chargeScript = (sent) =>
        sent.amountMinor === 2900
          ? { kind: "requires_action", paymentIntentId: "pi_3ds", clientSecret: "pi_3ds_secret" }
          : { kind: "succeeded", paymentIntentId: "pi_down", amountMinor: 900, currency: "usd" };
    });

    async function failChallenge(): Promise<unknown> {
      await chargeUpsell(world.deps, request).catch(() => undefined);
      world.gateways.test.laterOutcomes.set("pi_3ds", failedChallenge);
      return chargeUpsell(world.deps, request).catch((error: unknown) => error);
    }

    it("cancels the payment intent before recording the decline", async () => {
      const failure = await failChallenge();

      expect(failure).toBeInstanceOf(PaymentFailedError);
      expect(world.gateways.test.cancelRequests).toEqual(["pi_3ds"]);
      expect(storedState()).toMatchObject({ status: "declined", paymentIntentId: "pi_3ds" });
      const attempt = world.stores.test.attempts.get("attempt-1");
      expect(attempt).toMatchObject({ status: "declined", paymentIntentId: "pi_3ds" });
    });

    it("lets a downsell charge once the first payment intent is canceled", async () => {
      await failChallenge();
      const downsell = await chargeUpsell(world.deps, { ...request, priceId: "price_downsell" });

      expect(downsell).toMatchObject({ paymentIntentId: "pi_down", amountMinor: 900 });
      const canceled = await world.gateways.test.retrieveChargeOutcome("pi_3ds");
      expect(canceled).toMatchObject({ kind: "declined", confirmable: false });
    });

    it("keeps the token bound to the price while Stripe cannot cancel", async () => {
      world.gateways.test.cancelFailure = new PaymentProviderUnavailableError("unreachable");

      const failure = await failChallenge();

      expect(failure).toBeInstanceOf(ChargeInProgressError);
      expect(storedState()).toMatchObject({ status: "pending", paymentIntentId: "pi_3ds" });
      await expect(
        chargeUpsell(world.deps, { ...request, priceId: "price_downsell" }),
      ).rejects.toBeInstanceOf(TokenAlreadyUsedError);
      expect(world.gateways.test.chargeRequests).toHaveLength(1);
    });

    it("retries the cancel on the next request and then frees the token", async () => {
      world.gateways.test.cancelFailure = new PaymentProviderUnavailableError("unreachable");
      await failChallenge();
      world.gateways.test.cancelFailure = undefined;

      await expect(chargeUpsell(world.deps, request)).rejects.toBeInstanceOf(PaymentFailedError);
      const downsell = await chargeUpsell(world.deps, { ...request, priceId: "price_downsell" });

      expect(world.gateways.test.cancelRequests).toEqual(["pi_3ds", "pi_3ds"]);
      expect(downsell.paymentIntentId).toBe("pi_down");
    });

    it("records the charge when the page confirmed the intent before the cancel", async () => {
      await chargeUpsell(world.deps, request).catch(() => undefined);
      world.gateways.test.laterOutcomes.set("pi_3ds", failedChallenge);
      world.gateways.test.cancelPaymentIntent = async (paymentIntentId) => {
        world.gateways.test.laterOutcomes.set(paymentIntentId, {
          kind: "succeeded",
          paymentIntentId,
          amountMinor: 2900,
          currency: "usd",
        });
        return { kind: "not_cancelable" };
      };

      const charge = await chargeUpsell(world.deps, request);

      expect(charge).toMatchObject({ paymentIntentId: "pi_3ds", amountMinor: 2900 });
      expect(storedState()).toMatchObject({ status: "charged", paymentIntentId: "pi_3ds" });
      await expect(
        chargeUpsell(world.deps, { ...request, priceId: "price_downsell" }),
      ).rejects.toBeInstanceOf(TokenAlreadyUsedError);
    });
  });
});
