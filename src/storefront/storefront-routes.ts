/**
 * The Hono routes that serve the demo storefront at `/`: four HTML pages, one
 * stylesheet, the pages' scripts (built with esbuild when the routes are
 * created) and `/storefront-config.json`. Nothing is fetched from a CDN; the
 * only outside script a page may load is Stripe.js, and only on real Stripe.
 */
import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import type { PaymentHost } from "../client/payment-host.js";
import { buildPageScripts } from "./bundling/browser-bundles.js";
import type { StorefrontConfig } from "./storefront-config.js";

/** The page paths and the file each serves. */
export const storefrontPages: Readonly<Record<string, string>> = {
  "/": "index.html",
  "/checkout": "checkout.html",
  "/success": "success.html",
  "/thank-you": "thank-you.html",
};

interface Asset {
  body: string;
  contentType: string;
}

/**
 * Builds the storefront's routes for one configuration. Mount them at `/` next
 * to the API (`app.route("/", storefront)`), so the pages call the API on their
 * own origin.
 *
 * @example
 * const storefront = await createStorefrontRoutes({ config: storefrontConfig });
 * app.route("/", storefront);
 */
export async function createStorefrontRoutes(options: { config: StorefrontConfig }): Promise<Hono> {
  const assets = await loadAssets();
  const pages = await loadPages();
  const policy = contentSecurityPolicy(options.config.paymentHost);
  const configJson = JSON.stringify(options.config);

  const headers = (contentType: string): Record<string, string> => ({
    "content-type": contentType,
    "content-security-policy": policy,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cache-control": "no-cache",
  });

  // Headers are set per route, not by middleware: these routes share an app
  // with the API, and a `*` middleware here would also run on API requests.
  const routes = new Hono();
  for (const [path, html] of pages) {
    routes.get(path, (c) => c.body(html, 200, headers("text/html; charset=utf-8")));
  }
  routes.get("/storefront-config.json", (c) =>
    c.body(configJson, 200, headers("application/json; charset=utf-8")),
  );
  routes.get("/assets/:file", (c) => {
    const asset = assets.get(c.req.param("file"));
    if (!asset) return c.text("Not found", 404);
    return c.body(asset.body, 200, headers(asset.contentType));
  });
  return routes;
}

/**
 * What the pages may load: their own origin, plus the sandbox's card and
 * challenge pages in frames, or Stripe.js and Stripe's frames on real Stripe.
 */
export function contentSecurityPolicy(host: PaymentHost): string {
  const stripeOrigins = "https://js.stripe.com https://*.js.stripe.com https://*.stripe.com";
  const frames = host.kind === "sandbox" ? new URL(host.sandboxUrl).origin : stripeOrigins;
  const scripts = host.kind === "sandbox" ? "'self'" : `'self' ${stripeOrigins}`;
  const connections = host.kind === "sandbox" ? "'self'" : `'self' ${stripeOrigins}`;
  const images = host.kind === "sandbox" ? "'self' data:" : "'self' data: https://*.stripe.com";
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    `frame-src ${frames}`,
    `connect-src ${connections}`,
    `img-src ${images}`,
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

async function loadAssets(): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const file of await buildPageScripts()) {
    const body = new TextDecoder().decode(file.contents);
    assets.set(file.path, { body, contentType: "text/javascript; charset=utf-8" });
  }
  assets.set("storefront.css", {
    body: await readFile(publicFile("storefront.css"), "utf8"),
    contentType: "text/css; charset=utf-8",
  });
  return assets;
}

async function loadPages(): Promise<Map<string, string>> {
  const pages = new Map<string, string>();
  for (const [path, file] of Object.entries(storefrontPages)) {
    pages.set(path, await readFile(publicFile(file), "utf8"));
  }
  return pages;
}

function publicFile(name: string): URL {
  return new URL(`./public/${name}`, import.meta.url);
}
