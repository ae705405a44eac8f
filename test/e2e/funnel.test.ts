/**
 * The whole funnel in a real headless Chromium (Debian's, driven by
 * playwright-core; no browser is ever downloaded): the demo pages, the API on
 * DynamoDB Local and the Stripe sandbox, all started in this process. Each
 * scenario buys the main offer on the sandbox's card page, then answers the
 * one-time offer; a screenshot of its final page goes to test-results/e2e/.
 * No page may request anything but the shop and the sandbox.
 */
import { mkdir } from "node:fs/promises";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type LocalFunnel,
  paymentIntentsOfSession,
  startLocalFunnel,
} from "./support/local-funnel.js";

const screenshotDir = "test-results/e2e";
const mainOfferAmountMinor = 4900;
const oneTimeOfferAmountMinor = 2900;
const scenarioTimeoutMs = 60_000;

let funnel: LocalFunnel;
let browser: Browser;
let page: Page;
/** Origins the current page requested; the offline demo must stay on two. */
let requestedOrigins: Set<string>;

beforeAll(async () => {
  await mkdir(screenshotDir, { recursive: true });
  funnel = await startLocalFunnel({ dynamoEndpoint: inject("dynamoEndpoint") });
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

afterEach(async () => {
  await page?.close();
  expect([...requestedOrigins].sort()).toEqual([funnel.url, funnel.sandbox.url].sort());
});

async function openPage(): Promise<Page> {
  page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  page.setDefaultTimeout(20_000);
  requestedOrigins = new Set();
  page.on("request", (request) => requestedOrigins.add(new URL(request.url()).origin));
  return page;
}

/** Buys the main offer with a card on the sandbox's card page; returns the checkout session id. */
async function buyMainOffer(cardNumber: string): Promise<string> {
  await page.goto(`${funnel.url}/`);
  await expect.poll(() => page.textContent("[data-offer-price]")).toBe("$49.00");
  await page.click("[data-buy]");

  const card = page.frameLocator('iframe[title="Checkout"]');
  await card.locator('input[name="email"]').fill("buyer@example.com");
  await card.locator('input[name="card_number"]').fill(cardNumber);
  await card.locator('button[type="submit"]').click();

  await page.waitForURL(/\/success\?session_id=cs_test_/);
  const sessionId = new URL(page.url()).searchParams.get("session_id");
  if (!sessionId) throw new Error("the success page has no session_id");
  return sessionId;
}

async function purchaseRows(): Promise<string[][]> {
  await page.waitForURL(/\/thank-you\?/);
  await page.waitForSelector("[data-purchases] tbody tr");
  return await page.$$eval("[data-purchases] tbody tr", (rows) =>
    rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent ?? "")),
  );
}

async function succeededAmounts(sessionId: string): Promise<number[]> {
  const intents = await paymentIntentsOfSession(funnel, sessionId);
  return intents
    .filter((intent) => intent.status === "succeeded")
    .map((intent) => intent.amount)
    .sort((a, b) => a - b);
}

async function saveScreenshot(name: string): Promise<void> {
  await page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true });
}

describe("the demo funnel in Chromium", () => {
  it(
    "buys with 4242 and accepts the offer: two succeeded payment intents",
    async () => {
      await openPage();
      const sessionId = await buyMainOffer("4242 4242 4242 4242");
      await page.click("[data-accept]");

      const rows = await purchaseRows();
      await saveScreenshot("accepted-offer");

      expect(rows.map((row) => [row[0], row[2]])).toEqual([
        ["Main offer", "$49.00"],
        ["Upsell: video course", "$29.00"],
      ]);
      expect(await succeededAmounts(sessionId)).toEqual([
        oneTimeOfferAmountMinor,
        mainOfferAmountMinor,
      ]);
    },
    scenarioTimeoutMs,
  );

  it(
    "declines the offer: only the main offer is charged",
    async () => {
      await openPage();
      const sessionId = await buyMainOffer("4242 4242 4242 4242");
      await page.click("[data-decline]");

      const rows = await purchaseRows();
      await saveScreenshot("declined-offer");

      expect(rows.map((row) => row[0])).toEqual(["Main offer"]);
      expect(await page.textContent("[data-note]")).toContain("nothing else was charged");
      expect(await succeededAmounts(sessionId)).toEqual([mainOfferAmountMinor]);
    },
    scenarioTimeoutMs,
  );

  it(
    "shows the bank's decline when the saved card is declined on the offer",
    async () => {
      await openPage();
      const sessionId = await buyMainOffer("4000 0000 0000 0341");
      await page.click("[data-accept]");

      const message = page.locator('[data-message][data-tone="error"]');
      await message.waitFor();
      await saveScreenshot("card-declined-on-offer");

      expect(await message.textContent()).toContain("Your bank declined this payment");
      expect(page.url()).toContain("/success?");
      expect(await page.isDisabled("[data-accept]")).toBe(true);
      expect(await page.textContent("[data-decline]")).toBe("Continue to my order");
      expect(await succeededAmounts(sessionId)).toEqual([mainOfferAmountMinor]);
    },
    scenarioTimeoutMs,
  );

  it(
    "completes the bank's challenge on the sandbox page, then charges the offer",
    async () => {
      await openPage();
      const sessionId = await buyMainOffer("4000 0027 6000 3184");
      await page.click("[data-accept]");

      await page.waitForURL(/\/authenticate\/pi_/);
      await page.click('button[value="succeed"]');

      const rows = await purchaseRows();
      await saveScreenshot("authenticated-offer");

      expect(rows.map((row) => row[0])).toEqual(["Main offer", "Upsell: video course"]);
      expect(await succeededAmounts(sessionId)).toEqual([
        oneTimeOfferAmountMinor,
        mainOfferAmountMinor,
      ]);
    },
    scenarioTimeoutMs,
  );

  it(
    "reports a failed challenge and charges nothing for the offer",
    async () => {
      await openPage();
      const sessionId = await buyMainOffer("4000 0027 6000 3184");
      await page.click("[data-accept]");

      await page.waitForURL(/\/authenticate\/pi_/);
      await page.click('button[value="fail"]');

      const message = page.locator('[data-message][data-tone="error"]');
      await message.waitFor();
      await saveScreenshot("failed-challenge-on-offer");

      expect(page.url()).toMatch(/\/success\?.*redirect_status=failed/);
      expect(await message.textContent()).toContain("could not confirm it was you");
      expect(await succeededAmounts(sessionId)).toEqual([mainOfferAmountMinor]);
    },
    scenarioTimeoutMs,
  );

  it(
    "charges once for a double click on accept",
    async () => {
      await openPage();
      const sessionId = await buyMainOffer("4242 4242 4242 4242");
      const chargeRequests: string[] = [];
      page.on("request", (request) => {
        if (request.url().endsWith("/ecommerce/one-click-upsell"))
          chargeRequests.push(request.url());
      });

      await page.dblclick("[data-accept]");

      const rows = await purchaseRows();
      await saveScreenshot("double-click-accept");

      expect(rows.map((row) => row[0])).toEqual(["Main offer", "Upsell: video course"]);
      expect(chargeRequests).toHaveLength(1);
      const upsells = (await paymentIntentsOfSession(funnel, sessionId)).filter(
        (intent) => intent.amount === oneTimeOfferAmountMinor,
      );
      expect(upsells).toHaveLength(1);
    },
    scenarioTimeoutMs,
  );
});
