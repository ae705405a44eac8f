import { describe, expect, it } from "vitest";
import { SuccessUrlNotAllowedError } from "../../src/domain/errors.js";
import { buildReturnUrl } from "../../src/domain/success-url.js";

const allowedOrigins = ["https://shop.example", "http://localhost:3000"];

describe("buildReturnUrl", () => {
  it("keeps a URL that already carries the session id placeholder", () => {
    const successUrl = "https://shop.example/success.html?session_id={CHECKOUT_SESSION_ID}";

    expect(buildReturnUrl({ successUrl, allowedOrigins })).toBe(successUrl);
  });

  it.each([
    ["https://shop.example/thanks", "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}"],
    [
      "https://shop.example/thanks?offer=a",
      "https://shop.example/thanks?offer=a&session_id={CHECKOUT_SESSION_ID}",
    ],
    [
      "https://shop.example/thanks#top",
      "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}#top",
    ],
    ["http://localhost:3000/s?", "http://localhost:3000/s?session_id={CHECKOUT_SESSION_ID}"],
  ])("adds the placeholder to %s", (successUrl, expected) => {
    expect(buildReturnUrl({ successUrl, allowedOrigins })).toBe(expected);
  });

  it.each([
    ["a foreign origin", "https://evil.example/success"],
    ["a look-alike host", "https://shop.example.evil.example/success"],
    ["another port", "https://shop.example:8443/success"],
    ["a relative URL", "/success"],
    ["a javascript URL", "javascript:alert(1)"],
    ["credentials", "https://user:pass@shop.example/success"],
    ["an overlong URL", `https://shop.example/${"a".repeat(2100)}`],
  ])("refuses %s", (_case, successUrl) => {
    expect(() => buildReturnUrl({ successUrl, allowedOrigins })).toThrow(SuccessUrlNotAllowedError);
  });
});
