import { describe, expect, it } from "vitest";
import { assertSessionIdOfMode, modeOfSessionId } from "../../src/domain/checkout-session-id.js";
import { InvalidRequestError, ModeMismatchError } from "../../src/domain/errors.js";

describe("modeOfSessionId", () => {
  it.each([
    ["cs_test_a1XzAg4n", "test"],
    ["cs_live_a1XzAg4n", "live"],
    ["cs_a1XzAg4n", undefined],
    ["pi_test_a1", undefined],
    ["cs_test_", undefined],
    ["cs_test_a b", undefined],
  ])("reads %s as %s", (sessionId, mode) => {
    expect(modeOfSessionId(sessionId)).toBe(mode);
  });
});

describe("assertSessionIdOfMode", () => {
  it("refuses a live session asked for in test mode, and the reverse", () => {
    expect(() => assertSessionIdOfMode("cs_live_abc", "test")).toThrow(ModeMismatchError);
    expect(() => assertSessionIdOfMode("cs_test_abc", "live")).toThrow(ModeMismatchError);
  });

  it("refuses something that is not a session id", () => {
    expect(() => assertSessionIdOfMode("abc", "test")).toThrow(InvalidRequestError);
  });
});
