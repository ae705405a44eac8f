/**
 * The HTTP layer on its own: request reading, errors, CORS, request ids,
 * docs. Stripe and DynamoDB are replaced by the domain's port fakes; the
 * API tests (`test/api`) run the same app against the real ones.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { composeApp } from "../../src/entry/compose.js";
import { createLogger } from "../../src/log/logger.js";
import { FakeGateway, InMemoryTokenStore } from "../domain/fakes.js";

const secretKey = "sk_test_http_layer_secret_value";

function buildApp(env: Record<string, string> = {}) {
  const logLines: string[] = [];
  const gateway = new FakeGateway("test");
  const config = loadConfig({
    ALLOWED_ORIGINS: "https://shop.example",
    STRIPE_SECRET_KEY_TEST: secretKey,
    STRIPE_WEBHOOK_SECRET_DEV: "whsec_http_layer",
    UPSELL_PRICES_TEST: "price_upsell",
    ...env,
  });
  const { app } = composeApp(config, {
    logger: createLogger({
      level: "debug",
      service: "http-test",
      write: (line) => logLines.push(line),
    }),
    gateways: { test: gateway },
    stores: { test: new InMemoryTokenStore() },
  });
  return { app, gateway, logLines };
}

async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

const checkoutPath = "/ecommerce/create-checkout-session";
const validCheckout = JSON.stringify({ priceId: "price_main", productType: "offer", isTest: true });

describe("request bodies", () => {
  const { app } = buildApp();

  it("refuses malformed JSON with 400 MALFORMED_JSON", async () => {
    const response = await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"priceId": ',
    });

    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toEqual({
      success: false,
      error: { code: "MALFORMED_JSON", message: "The body is not valid JSON.", retryable: false },
    });
  });

  it.each([["[]"], ["null"], ['"text"'], ["42"]])("refuses the JSON value %s", async (body) => {
    const response = await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });

    expect(response.status).toBe(400);
    expect(await jsonOf(response)).toMatchObject({ error: { code: "INVALID_REQUEST" } });
  });

  it.each([["text/plain"], ["application/x-www-form-urlencoded"], [""]])(
    "refuses the content type '%s' with 415",
    async (contentType) => {
      const response = await app.request(checkoutPath, {
        method: "POST",
        headers: contentType ? { "content-type": contentType } : {},
        body: validCheckout,
      });

      expect(response.status).toBe(415);
      expect(await jsonOf(response)).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
    },
  );

  it("accepts a JSON content type with a charset", async () => {
    const response = await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: validCheckout,
    });

    expect(response.status).toBe(200);
  });

  it("refuses a body over 16 KiB with 413, declared or streamed", async () => {
    const big = JSON.stringify({ priceId: "price_main", padding: "x".repeat(17 * 1024) });
    const declared = await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(big.length) },
      body: big,
    });
    const streamed = await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new Blob([big]).stream(),
      duplex: "half",
    } as RequestInit);

    expect(declared.status).toBe(413);
    expect(streamed.status).toBe(413);
    expect(await jsonOf(streamed)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("lists the offending fields", async () => {
    const response = await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ priceId: 7 }),
    });

    const body = await jsonOf(response);
    expect(body.error).toMatchObject({
      code: "INVALID_REQUEST",
      issues: [expect.stringMatching(/^priceId: /), expect.stringMatching(/^productType: /)],
    });
  });
});

describe("routing and errors", () => {
  it.each([
    ["GET", "/ecommerce/nothing-here"],
    ["GET", "/ecommerce/one-click-upsell"],
    ["DELETE", "/ecommerce/create-checkout-session"],
  ])("answers %s %s with a JSON 404", async (method, path) => {
    const { app } = buildApp();

    const response = await app.request(path, { method });

    expect(response.status).toBe(404);
    expect(await jsonOf(response)).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
  });

  it("answers an unexpected failure with a generic 500 and logs the detail", async () => {
    const { app, gateway, logLines } = buildApp();
    gateway.createCheckoutSession = async () => {
      throw new TypeError("cannot read properties of undefined (internal detail)");
    };

    const response = await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: validCheckout,
    });

    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      success: false,
      error: {
        code: "INTERNAL_ERROR",
        message: "Something went wrong on our side.",
        retryable: false,
      },
    });
    expect(text).not.toContain("internal detail");
    expect(logLines.some((line) => line.includes("internal detail"))).toBe(true);
  });

  it("answers a webhook endpoint without a secret with a retryable 503", async () => {
    const { app } = buildApp({ STRIPE_WEBHOOK_SECRET_DEV: "" });

    const response = await app.request("/ecommerce/stripe-webhook", {
      method: "POST",
      headers: { "stripe-signature": "t=1,v1=00" },
      body: "{}",
    });

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await jsonOf(response)).toMatchObject({
      error: { code: "WEBHOOK_NOT_CONFIGURED", retryable: true },
    });
  });
});

describe("CORS", () => {
  const { app } = buildApp();

  it("allows a configured origin", async () => {
    const response = await app.request("/ecommerce/health", {
      headers: { origin: "https://shop.example" },
    });

    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
  });

  it("gives no CORS permission to another origin", async () => {
    const simple = await app.request("/ecommerce/health", {
      headers: { origin: "https://evil.example" },
    });
    const preflight = await app.request(checkoutPath, {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
      },
    });

    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a preflight from a configured origin", async () => {
    const response = await app.request(checkoutPath, {
      method: "OPTIONS",
      headers: {
        origin: "https://shop.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://shop.example");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
  });
});

describe("request ids and logs", () => {
  it("echoes a well-formed x-request-id and uses it in the log lines", async () => {
    const { app, logLines } = buildApp();

    const response = await app.request("/ecommerce/health", {
      headers: { "x-request-id": "req-abc.123" },
    });

    expect(response.headers.get("x-request-id")).toBe("req-abc.123");
    const line = JSON.parse(logLines.at(-1) ?? "{}");
    expect(line).toMatchObject({
      level: "info",
      message: "request handled",
      service: "http-test",
      requestId: "req-abc.123",
      method: "GET",
      path: "/ecommerce/health",
      status: 200,
    });
    expect(typeof line.time).toBe("string");
  });

  it.each([["has spaces in it"], ["x".repeat(200)], ['{"json":1}']])(
    "replaces the unsafe request id %s with a new one",
    async (requestId) => {
      const { app } = buildApp();

      const response = await app.request("/ecommerce/health", {
        headers: { "x-request-id": requestId },
      });

      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it("never writes the secret key into the logs", async () => {
    const { app, logLines } = buildApp();

    await app.request(checkoutPath, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: validCheckout,
    });

    expect(logLines.length).toBeGreaterThan(1);
    expect(logLines.join("\n")).not.toContain(secretKey);
  });
});

describe("OpenAPI document and docs page", () => {
  const { app } = buildApp();

  it("serves an OpenAPI 3.1 document generated from the request schemas", async () => {
    const response = await app.request("/ecommerce/openapi.json");
    const document = await jsonOf(response);

    expect(document.openapi).toBe("3.1.0");
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(paths)).toEqual([
      "/create-checkout-session",
      "/get-uuid",
      "/one-click-upsell",
      "/upsell-status",
      "/stripe-webhook",
    ]);
    const checkout = paths["/create-checkout-session"]?.post;
    expect(checkout?.requestBody).toMatchObject({
      content: {
        "application/json": {
          schema: {
            required: ["priceId", "productType"],
            properties: { priceId: { pattern: expect.any(String) } },
          },
        },
      },
    });
    expect(Object.keys(checkout?.responses ?? {})).toEqual([
      "200",
      "400",
      "413",
      "415",
      "500",
      "502",
      "503",
    ]);
    expect(paths["/get-uuid"]?.get?.parameters).toEqual([
      expect.objectContaining({ name: "session_id", in: "query", required: true }),
      expect.objectContaining({ name: "isTest", in: "query", required: false }),
    ]);
  });

  it("serves a self-contained docs page listing every operation", async () => {
    const response = await app.request("/ecommerce/docs");
    const html = await response.text();

    expect(response.headers.get("content-type")).toContain("text/html");
    for (const path of [
      "/create-checkout-session",
      "/get-uuid",
      "/one-click-upsell",
      "/stripe-webhook",
    ]) {
      expect(html).toContain(`<code>${path}</code>`);
    }
    expect(html).not.toMatch(/<script|<link|src=/i);
  });
});
