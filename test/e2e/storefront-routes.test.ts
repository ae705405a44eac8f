/**
 * The storefront's routes, requested in-process (no browser): what each page
 * and asset answers, and the content security policy that keeps the offline
 * demo offline.
 */
import type { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import type { StorefrontConfig } from "../../src/storefront/storefront-config.js";
import {
  contentSecurityPolicy,
  createStorefrontRoutes,
  storefrontPages,
} from "../../src/storefront/storefront-routes.js";

const baseConfig: StorefrontConfig = {
  apiBaseUrl: "/ecommerce",
  mode: "test",
  paymentHost: { kind: "sandbox", sandboxUrl: "http://127.0.0.1:12111" },
  mainOffer: {
    priceId: "price_test_main_offer",
    name: "Main offer",
    description: "The course",
    amountMinor: 4900,
    currency: "usd",
  },
  oneTimeOffer: {
    priceId: "price_test_upsell_course",
    name: "Upsell",
    description: "",
    amountMinor: 2900,
    currency: "usd",
  },
  testCards: [{ number: "4242 4242 4242 4242", checkout: "pays", oneTimeOffer: "charged" }],
};

describe("createStorefrontRoutes", () => {
  let routes: Hono;

  beforeAll(async () => {
    routes = await createStorefrontRoutes({ config: baseConfig });
  });

  it.each(Object.entries(storefrontPages))(
    "serves %s as HTML with its page script",
    async (path, file) => {
      const response = await routes.request(path);
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/html");
      expect(html).toContain('<link rel="stylesheet" href="/assets/storefront.css" />');
      const script = file === "index.html" ? "product-page" : file.replace(".html", "-page");
      expect(html).toContain(`src="/assets/${script}.js"`);
    },
  );

  it("loads nothing from another origin in its HTML", async () => {
    for (const path of Object.keys(storefrontPages)) {
      const html = await (await routes.request(path)).text();
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it("serves every page script and the stylesheet it links", async () => {
    const names = ["product-page", "checkout-page", "success-page", "thank-you-page"];
    for (const name of names) {
      const response = await routes.request(`/assets/${name}.js`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/javascript");
    }
    const css = await routes.request("/assets/storefront.css");
    expect(css.headers.get("content-type")).toContain("text/css");
  });

  it("answers 404 for an asset it does not have", async () => {
    const response = await routes.request("/assets/missing.js");
    expect(response.status).toBe(404);
  });

  it("serves its configuration as JSON, exactly as built", async () => {
    const response = await routes.request("/storefront-config.json");
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(baseConfig);
  });

  it("sends its security headers with every page", async () => {
    const response = await routes.request("/success");
    expect(response.headers.get("content-security-policy")).toBe(
      contentSecurityPolicy(baseConfig.paymentHost),
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("contentSecurityPolicy", () => {
  it("on the sandbox, frames only the sandbox and runs only its own scripts", () => {
    const policy = contentSecurityPolicy({ kind: "sandbox", sandboxUrl: "http://127.0.0.1:4000/" });
    expect(policy).toContain("frame-src http://127.0.0.1:4000;");
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toContain("stripe.com");
  });

  it("on real Stripe, allows Stripe.js and Stripe's frames", () => {
    const policy = contentSecurityPolicy({ kind: "stripe", publishableKey: "pk_test_x" });
    expect(policy).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    expect(policy).toMatch(/frame-src https:\/\/js\.stripe\.com/);
  });
});
