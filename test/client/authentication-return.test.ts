import { describe, expect, it } from "vitest";
import { readAuthenticationReturn } from "../../src/client/authenticate-upsell.js";
import { sandboxAuthenticationUrl, sandboxCheckoutUrl } from "../../src/client/payment-host.js";

const successPage = "https://shop.example/success?session_id=cs_test_1";

describe("readAuthenticationReturn", () => {
  it("finds nothing on a page that was not a return from the challenge", () => {
    expect(readAuthenticationReturn(successPage)).toBeUndefined();
  });

  it("reads the payment intent and the status the challenge returned", () => {
    const url = `${successPage}&payment_intent=pi_42&redirect_status=failed`;
    expect(readAuthenticationReturn(url)).toEqual({
      paymentIntentId: "pi_42",
      redirectStatus: "failed",
    });
  });
});

describe("sandbox page URLs", () => {
  it("puts the client secret on the card page's URL", () => {
    const url = new URL(
      sandboxCheckoutUrl({
        sandboxUrl: "http://127.0.0.1:12111",
        sessionId: "cs_test_a",
        clientSecret: "cs_test_a_secret_b",
      }),
    );
    expect(url.pathname).toBe("/pay/cs_test_a");
    expect(url.searchParams.get("client_secret")).toBe("cs_test_a_secret_b");
  });

  it("puts the client secret and the return URL on the challenge page's URL", () => {
    const url = new URL(
      sandboxAuthenticationUrl({
        sandboxUrl: "http://127.0.0.1:12111/",
        paymentIntentId: "pi_7",
        clientSecret: "pi_7_secret_x",
        returnUrl: successPage,
      }),
    );
    expect(url.pathname).toBe("/authenticate/pi_7");
    expect(url.searchParams.get("return_url")).toBe(successPage);
    expect(url.searchParams.get("client_secret")).toBe("pi_7_secret_x");
  });
});
