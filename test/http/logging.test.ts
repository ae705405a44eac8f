import { describe, expect, it } from "vitest";
import { PaymentFailedError } from "../../src/domain/errors.js";
import { errorFields } from "../../src/log/error-fields.js";
import { createLogger } from "../../src/log/logger.js";
import { scrubSecrets } from "../../src/log/scrub-secrets.js";

describe("scrubSecrets", () => {
  it.each([
    ["key sk_test_51Habc123 leaked", "key sk_test_[redacted] leaked"],
    ["rk_live_9xyz", "rk_live_[redacted]"],
    ["secret whsec_AbC/12+=", "secret whsec_[redacted]"],
    ["pi_123_secret_abcDEF", "pi_123_secret_[redacted]"],
    ["card 4242 4242 4242 4242 used", "card [redacted-number] used"],
    ["card 4000000000000341", "card [redacted-number]"],
  ])("redacts %s", (text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it("leaves ids and amounts alone", () => {
    const text = "pi_3SWTgq2uBHxDuQdE amount 29700 cs_test_abc";

    expect(scrubSecrets(text)).toBe(text);
  });
});

describe("createLogger", () => {
  it("writes one JSON object per line with the fixed keys and the child's fields", () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      service: "svc",
      write: (line) => lines.push(line),
    });

    logger.child({ requestId: "r1" }).warn("charge slow", { paymentIntentId: "pi_1" });

    expect(JSON.parse(lines[0] ?? "")).toEqual({
      level: "warn",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message: "charge slow",
      service: "svc",
      requestId: "r1",
      paymentIntentId: "pi_1",
    });
  });

  it("drops lines below its level", () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "warn",
      service: "svc",
      write: (line) => lines.push(line),
    });

    logger.info("noise");
    logger.debug("more noise");

    expect(lines).toHaveLength(0);
  });

  it("scrubs secrets from messages and fields", () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      service: "svc",
      write: (line) => lines.push(line),
    });

    logger.error("Invalid API Key provided: sk_live_abcdef", { errorMessage: "whsec_abc wrong" });

    expect(lines[0]).not.toMatch(/sk_live_abcdef|whsec_abc/);
  });
});

describe("errorFields", () => {
  it("names the error, its code and its cause", () => {
    const error = new PaymentFailedError({ message: "Declined.", declineCode: "generic_decline" });
    Object.defineProperty(error, "cause", { value: new RangeError("inner") });

    expect(errorFields(error)).toEqual({
      errorName: "PaymentFailedError",
      errorMessage: "Declined.",
      errorCode: "PAYMENT_FAILED",
      causeName: "RangeError",
      causeMessage: "inner",
    });
  });
});
