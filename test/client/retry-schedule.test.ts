import { describe, expect, it } from "vitest";
import {
  defaultTokenRetryPolicy,
  delayBeforeAttemptMs,
  resolveRetryPolicy,
  waitMs,
} from "../../src/client/retry-schedule.js";
import { UpsellApiError } from "../../src/client/upsell-api-error.js";

describe("delayBeforeAttemptMs", () => {
  it("does not wait before the first attempt", () => {
    expect(delayBeforeAttemptMs(defaultTokenRetryPolicy, 1)).toBe(0);
  });

  it("doubles from one second and stops at the cap, as the guide's back-off", () => {
    const delays = Array.from({ length: 10 }, (_, index) =>
      delayBeforeAttemptMs(defaultTokenRetryPolicy, index + 1),
    );
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000]);
  });

  it("bounds the whole wait of the default policy to under a minute", () => {
    const attempts = Array.from({ length: defaultTokenRetryPolicy.maxAttempts }, (_, i) => i + 1);
    const totalMs = attempts.reduce(
      (sum, attempt) => sum + delayBeforeAttemptMs(defaultTokenRetryPolicy, attempt),
      0,
    );
    expect(totalMs).toBe(55_000);
  });
});

describe("resolveRetryPolicy", () => {
  it("keeps the defaults that are not overridden", () => {
    expect(resolveRetryPolicy({ maxAttempts: 3 })).toEqual({
      ...defaultTokenRetryPolicy,
      maxAttempts: 3,
    });
  });

  it("always allows at least one attempt and no negative wait", () => {
    expect(resolveRetryPolicy({ maxAttempts: 0, initialDelayMs: -5, maxDelayMs: -1 })).toEqual({
      maxAttempts: 1,
      initialDelayMs: 0,
      maxDelayMs: 0,
    });
  });
});

describe("waitMs", () => {
  it("resolves after the delay when nothing aborts it", async () => {
    await expect(waitMs(5, undefined)).resolves.toBeUndefined();
  });

  it("rejects with ABORTED as soon as the signal fires", async () => {
    const controller = new AbortController();
    const waiting = waitMs(60_000, controller.signal);
    controller.abort();
    const error = await waiting.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpsellApiError);
    expect(error).toMatchObject({ code: "ABORTED", status: 0, retryable: false });
  });

  it("rejects at once when the signal has already fired", async () => {
    const error = await waitMs(10, AbortSignal.abort()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "ABORTED" });
  });
});
