import { describe, expect, it } from "vitest";
import {
  AuthenticationRequiredError,
  ChargeInProgressError,
  PaymentFailedError,
  StoreUnavailableError,
  TokenNotFoundError,
} from "../../src/domain/errors.js";
import { toErrorResponse } from "../../src/http/error-response.js";

describe("toErrorResponse", () => {
  it("puts a decline's code and message in the error, with status 402", () => {
    const response = toErrorResponse(
      new PaymentFailedError({
        message: "Your card was declined.",
        declineCode: "generic_decline",
        paymentIntentId: "pi_1",
      }),
    );

    expect(response.status).toBe(402);
    expect(response.body).toEqual({
      success: false,
      error: {
        code: "PAYMENT_FAILED",
        message: "Your card was declined.",
        retryable: false,
        declineCode: "generic_decline",
        paymentIntentId: "pi_1",
      },
    });
  });

  it("hands the client secret to the page when authentication is required", () => {
    const response = toErrorResponse(
      new AuthenticationRequiredError({ paymentIntentId: "pi_1", clientSecret: "pi_1_secret_x" }),
    );

    expect(response.status).toBe(402);
    expect(response.body.error).toMatchObject({
      code: "AUTHENTICATION_REQUIRED",
      clientSecret: "pi_1_secret_x",
    });
  });

  it("adds the guide's found:false and message to a token lookup miss", () => {
    const response = toErrorResponse(new TokenNotFoundError("Upsell token not found."));

    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ found: false, message: "Upsell token not found." });
  });

  it.each([
    [new ChargeInProgressError("busy"), 409, "1"],
    [new StoreUnavailableError("down"), 503, "2"],
  ])("marks %s retryable with a Retry-After", (error, status, retryAfter) => {
    const response = toErrorResponse(error);

    expect(response.status).toBe(status);
    expect(response.body.error.retryable).toBe(true);
    expect(response.headers).toEqual({ "retry-after": retryAfter });
  });

  it("turns anything else into a generic 500 that reveals nothing", () => {
    const response = toErrorResponse(new Error("secret internals at /srv/app.js:12"));

    expect(response).toMatchObject({ status: 500, isServerFault: true });
    expect(JSON.stringify(response.body)).not.toContain("internals");
  });
});
