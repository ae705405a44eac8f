/**
 * The one-click offer against a fake `UpsellClient` (the client's port): these
 * tests pin the page-side guard. The real API and sandbox are exercised in
 * upsell-client.test.ts and the browser test.
 */
import { describe, expect, it } from "vitest";
import type { AuthenticationChallenge } from "../../src/client/authenticate-upsell.js";
import { createOneClickOffer, type OneClickButton } from "../../src/client/one-click-offer.js";
import { UpsellApiError } from "../../src/client/upsell-api-error.js";
import type { UpsellCharge, UpsellClient } from "../../src/client/upsell-client.js";

const charge: UpsellCharge = {
  paymentIntentId: "pi_fake_1",
  amountMinor: 2900,
  currency: "usd",
  status: "succeeded",
};

interface FakeClient extends UpsellClient {
  calls: { token: number; charge: number };
  release(): void;
}

/**
 * A client whose charges wait until `release()`, then answer with `answer`
 * (called with the number of the charge, from 1); get-uuid reports `tokenStatus`.
 */
function fakeClient(
  answer: (chargeNumber: number) => UpsellCharge = () => charge,
  tokenStatus = "ready",
): FakeClient {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const calls = { token: 0, charge: 0 };
  return {
    mode: "test",
    calls,
    release: () => release(),
    createCheckoutSession: async () => ({ sessionId: "cs_test_1", clientSecret: "secret" }),
    getUpsellToken: async () => {
      calls.token += 1;
      return {
        upsellToken: "c4c8c4a9-270d-4296-868f-ace647345651",
        expiresAtEpochSec: 1,
        status: tokenStatus,
      };
    },
    chargeUpsell: async () => {
      calls.charge += 1;
      await gate;
      return answer(calls.charge);
    },
  };
}

function fakeButton(): OneClickButton & { attributes: Record<string, string> } {
  const attributes: Record<string, string> = {};
  return {
    disabled: false,
    attributes,
    setAttribute: (name, value) => {
      attributes[name] = value;
    },
  };
}

const baseOptions = { sessionId: "cs_test_1", priceId: "price_test_upsell_course" };

describe("createOneClickOffer", () => {
  it("returns the running promise to a second click and charges once", async () => {
    const client = fakeClient();
    const offer = createOneClickOffer({ ...baseOptions, client });

    const first = offer.accept();
    const second = offer.accept();
    client.release();

    expect(second).toBe(first);
    await expect(first).resolves.toMatchObject({
      status: "succeeded",
      paymentIntentId: "pi_fake_1",
    });
    expect(client.calls).toEqual({ token: 1, charge: 1 });
  });

  it("disables the button while it runs and keeps it disabled after a success", async () => {
    const client = fakeClient();
    const button = fakeButton();
    const offer = createOneClickOffer({ ...baseOptions, client, button });

    const accepting = offer.accept();
    expect(button.disabled).toBe(true);
    expect(offer.busy).toBe(true);
    client.release();
    await accepting;

    expect(button.disabled).toBe(true);
    expect(button.attributes["aria-busy"]).toBe("false");
    expect(offer.busy).toBe(false);
  });

  it("answers a click after a success with the same outcome, without a new charge", async () => {
    const client = fakeClient();
    const offer = createOneClickOffer({ ...baseOptions, client });
    client.release();
    const first = await offer.accept();

    const again = await offer.accept();

    expect(again).toBe(first);
    expect(client.calls.charge).toBe(1);
  });

  it("re-enables the button after a failure and lets the next click try again", async () => {
    let failNext = true;
    const client = fakeClient(() => {
      if (!failNext) return charge;
      failNext = false;
      throw new UpsellApiError({ code: "PAYMENT_PROVIDER_UNAVAILABLE", message: "x", status: 503 });
    });
    const button = fakeButton();
    const offer = createOneClickOffer({ ...baseOptions, client, button });
    client.release();

    await expect(offer.accept()).rejects.toMatchObject({ code: "PAYMENT_PROVIDER_UNAVAILABLE" });
    expect(button.disabled).toBe(false);
    await expect(offer.accept()).resolves.toMatchObject({ status: "succeeded" });

    expect(client.calls).toEqual({ token: 1, charge: 2 });
  });

  it("hands AUTHENTICATION_REQUIRED to the authenticator, then asks the API", async () => {
    const client = fakeClient((chargeNumber) => {
      if (chargeNumber === 1) throw authenticationRequired();
      return { ...charge, paymentIntentId: "pi_3ds" };
    });
    const challenges: AuthenticationChallenge[] = [];
    const offer = createOneClickOffer({
      ...baseOptions,
      client,
      authenticate: async (challenge) => {
        challenges.push(challenge);
        return { status: "succeeded", paymentIntentId: challenge.paymentIntentId };
      },
    });
    client.release();

    await expect(offer.accept()).resolves.toEqual({
      status: "succeeded",
      paymentIntentId: "pi_3ds",
      amountMinor: 2900,
      currency: "usd",
    });
    expect(challenges).toEqual([{ paymentIntentId: "pi_3ds", clientSecret: "pi_3ds_secret_z" }]);
    expect(client.calls.charge).toBe(2);
  });

  it("reports AUTHENTICATION_FAILED when the API still waits for authentication", async () => {
    const client = fakeClient(() => {
      throw authenticationRequired();
    });
    const offer = createOneClickOffer({
      ...baseOptions,
      client,
      authenticate: async (challenge) => ({
        status: "succeeded",
        paymentIntentId: challenge.paymentIntentId,
      }),
    });
    client.release();

    await expect(offer.accept()).rejects.toMatchObject({
      code: "AUTHENTICATION_FAILED",
      paymentIntentId: "pi_3ds",
    });
  });

  it("leaves the page on a redirecting challenge without asking the API again", async () => {
    const client = fakeClient(() => {
      throw authenticationRequired();
    });
    const offer = createOneClickOffer({
      ...baseOptions,
      client,
      authenticate: async (challenge) => ({
        status: "redirecting",
        paymentIntentId: challenge.paymentIntentId,
      }),
    });
    client.release();

    await expect(offer.accept()).resolves.toEqual({
      status: "redirecting",
      paymentIntentId: "pi_3ds",
    });
    expect(client.calls.charge).toBe(1);
  });

  it("throws AUTHENTICATION_REQUIRED to the page when it has no authenticator", async () => {
    const client = fakeClient(() => {
      throw authenticationRequired();
    });
    const offer = createOneClickOffer({ ...baseOptions, client });
    client.release();

    await expect(offer.accept()).rejects.toMatchObject({ code: "AUTHENTICATION_REQUIRED" });
  });
});

describe("OneClickOffer.resume", () => {
  const returnedUrl =
    "https://shop.example/ok?session_id=cs_test_1&payment_intent=pi_3ds&redirect_status=succeeded";

  it("does nothing on a page that is not a return from a challenge", async () => {
    const client = fakeClient();
    const offer = createOneClickOffer({ ...baseOptions, client });

    await expect(offer.resume("https://shop.example/success?session_id=cs_test_1")).resolves.toBe(
      undefined,
    );
    expect(client.calls).toEqual({ token: 0, charge: 0 });
  });

  it("never charges a token that was not charged before, whatever the link says", async () => {
    const client = fakeClient(() => charge, "ready");
    const offer = createOneClickOffer({ ...baseOptions, client });

    await expect(offer.resume(returnedUrl)).resolves.toBeUndefined();
    expect(client.calls).toEqual({ token: 1, charge: 0 });
  });

  it("asks the API for the final outcome of a pending payment", async () => {
    const client = fakeClient(() => ({ ...charge, paymentIntentId: "pi_3ds" }), "pending");
    const button = fakeButton();
    const offer = createOneClickOffer({ ...baseOptions, client, button });
    client.release();

    await expect(offer.resume(returnedUrl)).resolves.toMatchObject({
      status: "succeeded",
      paymentIntentId: "pi_3ds",
    });
    expect(button.disabled).toBe(true);
  });
});

function authenticationRequired(): UpsellApiError {
  return new UpsellApiError({
    code: "AUTHENTICATION_REQUIRED",
    message: "authenticate",
    status: 402,
    paymentIntentId: "pi_3ds",
    clientSecret: "pi_3ds_secret_z",
  });
}
