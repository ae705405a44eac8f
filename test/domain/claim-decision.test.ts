import { describe, expect, it } from "vitest";
import { decideNextStep } from "../../src/domain/claim-decision.js";
import type { UpsellTokenState } from "../../src/domain/upsell-token.js";
import { readyToken } from "./fakes.js";

const nowEpochSec = 1_800_000_000;
const claimTimeoutSec = 60;

function decide(state: UpsellTokenState, priceId = "price_a", overrides = {}) {
  const token = readyToken({ state, expiresAtEpochSec: nowEpochSec + 3600, ...overrides });
  return decideNextStep({ token, priceId, nowEpochSec, claimTimeoutSec });
}

describe("decideNextStep", () => {
  it("claims a fresh token for any price", () => {
    expect(decide({ status: "ready" }).kind).toBe("claim");
  });

  it("claims a token released after an interruption only for the same price", () => {
    const released: UpsellTokenState = { status: "ready", priceId: "price_a" };

    expect(decide(released, "price_a").kind).toBe("claim");
    expect(decide(released, "price_b").kind).toBe("other_price");
  });

  it("waits while another request holds a fresh claim for the same price", () => {
    const charging: UpsellTokenState = {
      status: "charging",
      priceId: "price_a",
      attemptId: "attempt-1",
      claimedAtEpochSec: nowEpochSec - 10,
    };

    expect(decide(charging).kind).toBe("in_progress");
  });

  it("takes over a claim older than the claim timeout, for the same price only", () => {
    const abandoned: UpsellTokenState = {
      status: "charging",
      priceId: "price_a",
      attemptId: "attempt-1",
      claimedAtEpochSec: nowEpochSec - claimTimeoutSec,
    };

    expect(decide(abandoned, "price_a").kind).toBe("claim");
    expect(decide(abandoned, "price_b").kind).toBe("other_price");
  });

  it("replays a success for the same price and refuses another price", () => {
    const charged: UpsellTokenState = {
      status: "charged",
      priceId: "price_a",
      paymentIntentId: "pi_1",
      amountMinor: 2900,
      currency: "usd",
    };

    expect(decide(charged, "price_a")).toEqual({ kind: "replay_charged", state: charged });
    expect(decide(charged, "price_b").kind).toBe("other_price");
  });

  it("replays a decline for the same price and lets another price be tried", () => {
    const declined: UpsellTokenState = {
      status: "declined",
      priceId: "price_a",
      declineCode: "insufficient_funds",
      declineMessage: "Your card has insufficient funds.",
    };

    expect(decide(declined, "price_a")).toEqual({ kind: "replay_declined", state: declined });
    expect(decide(declined, "price_b").kind).toBe("claim");
  });

  it("refreshes a pending payment for the same price and refuses another price", () => {
    const pending: UpsellTokenState = {
      status: "pending",
      priceId: "price_a",
      attemptId: "attempt-1",
      paymentIntentId: "pi_1",
    };

    expect(decide(pending, "price_a")).toEqual({ kind: "refresh_pending", state: pending });
    expect(decide(pending, "price_b").kind).toBe("other_price");
  });

  it("refuses a new claim once the token has expired", () => {
    const step = decide({ status: "ready" }, "price_a", { expiresAtEpochSec: nowEpochSec });

    expect(step.kind).toBe("expired");
  });

  it("still replays a success after expiry, since replaying charges nothing", () => {
    const charged: UpsellTokenState = {
      status: "charged",
      priceId: "price_a",
      paymentIntentId: "pi_1",
      amountMinor: 2900,
      currency: "usd",
    };

    const step = decide(charged, "price_a", { expiresAtEpochSec: nowEpochSec - 1 });

    expect(step.kind).toBe("replay_charged");
  });
});
