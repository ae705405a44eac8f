import { describe, expect, expectTypeOf, it } from "vitest";
import { errorFromAnswer } from "../../src/client/json-request.js";
import { type ApiErrorCode, UpsellApiError } from "../../src/client/upsell-api-error.js";
import type { ErrorCode } from "../../src/domain/errors.js";

/** Codes only Stripe's webhook calls can get; a storefront never sees them. */
type WebhookOnlyCode = "INVALID_SIGNATURE" | "WEBHOOK_NOT_CONFIGURED";

describe("ApiErrorCode", () => {
  it("names exactly the codes the API answers a storefront with", () => {
    // Checked by the type-checker in `npm test`: the browser client keeps its
    // own copy of the list (it ships without the server's code) and must not drift.
    expectTypeOf<ApiErrorCode>().toEqualTypeOf<Exclude<ErrorCode, WebhookOnlyCode>>();
  });
});

describe("UpsellApiError", () => {
  it("is retryable after throttling and server errors, not after client errors", () => {
    const retryableByStatus = [400, 402, 404, 409, 429, 500, 502, 503].map((status) => [
      status,
      new UpsellApiError({ code: "X", message: "x", status }).retryable,
    ]);
    expect(retryableByStatus).toEqual([
      [400, false],
      [402, false],
      [404, false],
      [409, false],
      [429, true],
      [500, true],
      [502, true],
      [503, true],
    ]);
  });

  it("lets an explicit retryable win over the status", () => {
    const error = new UpsellApiError({ code: "X", message: "x", status: 409, retryable: true });
    expect(error.retryable).toBe(true);
  });
});

describe("errorFromAnswer", () => {
  const declined = {
    status: 402,
    body: {
      success: false,
      error: {
        code: "PAYMENT_FAILED",
        message: "Your card was declined.",
        declineCode: "generic_decline",
        paymentIntentId: "pi_123",
      },
    },
  };

  it("carries the API's code, message, status and decline details", () => {
    const error = errorFromAnswer(declined);
    expect(error).toMatchObject({
      code: "PAYMENT_FAILED",
      message: "Your card was declined.",
      status: 402,
      retryable: false,
      declineCode: "generic_decline",
      paymentIntentId: "pi_123",
    });
  });

  it("carries the client secret that finishes AUTHENTICATION_REQUIRED", () => {
    const error = errorFromAnswer({
      status: 402,
      body: {
        success: false,
        error: {
          code: "AUTHENTICATION_REQUIRED",
          message: "Authenticate",
          paymentIntentId: "pi_9",
          clientSecret: "pi_9_secret_abc",
        },
      },
    });
    expect(error).toMatchObject({ paymentIntentId: "pi_9", clientSecret: "pi_9_secret_abc" });
  });

  it("honours the API's retryable flag", () => {
    const error = errorFromAnswer({
      status: 409,
      body: {
        success: false,
        error: { code: "CHARGE_IN_PROGRESS", message: "wait", retryable: true },
      },
    });
    expect(error.retryable).toBe(true);
  });

  it("reads the guide's not-found body, which has a message but no error object", () => {
    const error = errorFromAnswer({
      status: 404,
      body: { success: false, found: false, message: "Upsell token not found." },
    });
    expect(error).toMatchObject({ message: "Upsell token not found.", status: 404 });
  });
});

describe("errorFromAnswer with Retry-After", () => {
  it("carries how long the API asked to wait", () => {
    const error = errorFromAnswer({
      status: 429,
      retryAfterSec: 12,
      body: {
        success: false,
        error: { code: "RATE_LIMITED", message: "slow down", retryable: true },
      },
    });
    expect(error).toMatchObject({ code: "RATE_LIMITED", retryable: true, retryAfterSec: 12 });
  });
});
