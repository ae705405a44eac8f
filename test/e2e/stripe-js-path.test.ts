/**
 * The pages' real-Stripe path in Chromium, offline: the storefront is set up
 * with a publishable key, and this test answers js.stripe.com itself with a
 * stand-in Stripe.js (served at the wire, like the sandbox stands in for
 * Stripe's API). It checks what the pages ask of Stripe.js
 * (`createEmbeddedCheckoutPage`, `handleNextAction`) and that the outcome is
 * then read from the API, which runs on the sandbox.
 */
import { mkdir } from "node:fs/promises";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { defaultStripeJsUrl } from "../../src/client/stripe-js.js";
import {
  e2ePublishableKey,
  type LocalFunnel,
  paymentIntentsOfSession,
  startLocalFunnel,
} from "./support/local-funnel.js";

/** Reports each call to the test (`recordStripeCall`), which also answers the challenge. */
const standInStripeJs = `
window.Stripe = function (publishableKey) {
  window.recordStripeCall("Stripe", publishableKey);
  return {
    createEmbeddedCheckoutPage: async function (options) {
      var clientSecret = await options.fetchClientSecret();
      window.recordStripeCall("createEmbeddedCheckoutPage", clientSecret);
      return {
        mount: function (target) {
          var marker = document.createElement("p");
          marker.id = "stand-in-checkout";
          marker.textContent = "Stripe Checkout";
          target.replaceChildren(marker);
          window.recordStripeCall("mount", target.id);
        },
        destroy: function () {},
      };
    },
    handleNextAction: async function (options) {
      window.recordStripeCall("handleNextAction", options.clientSecret);
      var status = await window.answerChallenge(options.clientSecret);
      return { paymentIntent: { id: options.clientSecret.split("_secret_")[0], status: status } };
    },
  };
};
`;

let funnel: LocalFunnel;
let browser: Browser;

beforeAll(async () => {
  await mkdir("test-results/e2e", { recursive: true });
  funnel = await startLocalFunnel({
    dynamoEndpoint: inject("dynamoEndpoint"),
    storefrontHost: "stripe",
  });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await funnel?.close();
});

/** A page whose js.stripe.com requests get the stand-in; its Stripe.js calls land in `calls`. */
async function pageWithStandInStripe(): Promise<{ page: Page; calls: string[][] }> {
  const page = await browser.newPage();
  page.setDefaultTimeout(20_000);
  const calls: string[][] = [];
  await page.exposeFunction("recordStripeCall", (name: string, argument: string) => {
    calls.push([name, argument]);
  });
  await page.route("https://js.stripe.com/**", (route) =>
    route.fulfill({ contentType: "text/javascript", body: standInStripeJs }),
  );
  return { page, calls };
}

describe("the pages on real Stripe (Stripe.js answered by the test)", () => {
  it("mounts via createEmbeddedCheckoutPage, passes a challenge via handleNextAction", async () => {
    const { page, calls } = await pageWithStandInStripe();
    const origins = new Set<string>();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    await page.exposeFunction("answerChallenge", async (clientSecret: string) => {
      const paymentIntentId = clientSecret.split("_secret_")[0] ?? "";
      const intent = await funnel.sandbox.authenticatePaymentIntent(paymentIntentId, "succeed");
      return intent.status;
    });

    await page.goto(`${funnel.url}/checkout`);
    await page.waitForSelector("#stand-in-checkout");
    const created = calls.find(([name]) => name === "createEmbeddedCheckoutPage");
    const clientSecret = created?.[1] ?? "";
    expect(clientSecret).toMatch(/^cs_test_.+_secret_/);
    const sessionId = clientSecret.split("_secret_")[0] ?? "";

    // Stripe's part: the buyer pays (3-D Secure card), Stripe returns to the success page.
    await funnel.sandbox.completeCheckoutSession(sessionId, { cardNumber: "4000002760003184" });
    await page.goto(`${funnel.url}/success?session_id=${sessionId}`);
    await page.click("[data-accept]");
    await page.waitForURL(/\/thank-you\?/);
    await page.screenshot({ path: "test-results/e2e/stripe-js-challenge.png", fullPage: true });

    expect(calls.map(([name]) => name)).toEqual([
      "Stripe",
      "createEmbeddedCheckoutPage",
      "mount",
      "Stripe",
      "handleNextAction",
    ]);
    expect(calls[4]?.[1]).toMatch(/^pi_.+_secret_/);
    const intents = await paymentIntentsOfSession(funnel, sessionId);
    expect(intents.filter((intent) => intent.status === "succeeded")).toHaveLength(2);
    expect([...origins].sort()).toEqual([funnel.url, new URL(defaultStripeJsUrl).origin].sort());
    await page.close();
  }, 60_000);

  it("names the configuration's publishable key and mounts into the checkout element", async () => {
    const { page, calls } = await pageWithStandInStripe();
    await page.goto(`${funnel.url}/checkout`);
    await page.waitForSelector("#stand-in-checkout");

    expect(calls[0]).toEqual(["Stripe", e2ePublishableKey]);
    expect(calls[2]).toEqual(["mount", "checkout"]);
    await page.close();
  });
});
