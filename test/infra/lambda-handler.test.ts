/**
 * The bundled Lambda handler (built here by esbuild with the deployment's own
 * options, then imported) invoked with API Gateway v2 events, against DynamoDB
 * Local, the Stripe sandbox and a local Secrets Manager, through the real SDKs.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { build } from "esbuild";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { esbuildOptions } from "../../infra/lib/lambda-bundling.js";
import { type StripeSandbox, startStripeSandbox } from "../../src/sandbox/index.js";
import { createTables } from "../../src/store/create-tables.js";
import { createDocumentClient, createDynamoClient } from "../../src/store/dynamo-client.js";
import { tableNames } from "../../src/store/table-definitions.js";
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from "./support/fake-secrets-manager.js";
import { type HttpApiEmulator, startHttpApiEmulator } from "./support/http-api-emulator.js";
import {
  type HttpApiHandler,
  type HttpApiRequest,
  httpApiEvent,
  jsonBodyOf,
  lambdaContext,
} from "./support/http-api-events.js";

const origin = "https://shop.example.com";
const secretKey = "sk_test_51LambdaHandlerSpec";
const signingSecret = "whsec_lambdaHandlerSigningSecret";
const namespace = `lambda-${randomUUID().slice(0, 8)}-`;
const region = "us-east-1";
const mainOfferPriceId = "price_test_main_offer";
const upsellPriceId = "price_test_upsell_course";
const upsellAmountMinor = 2900;

let bundleUrl: string;
let secretsManager: FakeSecretsManager;
let sandbox: StripeSandbox;
let gateway: HttpApiEmulator;
let handler: HttpApiHandler;
let importCount = 0;

/** The function's environment, as the stack sets it plus the local endpoints. */
function functionEnvironment(secretId: string): Record<string, string> {
  return {
    STAGE: "dev",
    STRIPE_SECRETS_ID_TEST: secretId,
    ALLOWED_ORIGINS: origin,
    UPSELL_PRICES_TEST: upsellPriceId,
    LOG_LEVEL: "error",
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
    DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    TABLE_NAMESPACE: namespace,
    STRIPE_API_BASE_URL: sandbox.url,
  };
}

/** A fresh secret holding the dev stage's test-mode settings, with overrides. */
function givenSecret(values: Record<string, string> = {}): string {
  const secretId = `ecommerce-payment/dev/stripe-test-${randomUUID().slice(0, 8)}`;
  const settings = {
    STRIPE_SECRET_KEY_TEST: secretKey,
    STRIPE_WEBHOOK_SECRET_DEV: signingSecret,
    ...values,
  };
  secretsManager.putSecretValue(secretId, JSON.stringify(settings));
  return secretId;
}

/** Imports the bundle as a new Lambda container (a fresh module instance). */
async function coldStart(environment: Record<string, string>): Promise<HttpApiHandler> {
  delete process.env.STRIPE_SECRETS_MAX_AGE_SECONDS;
  Object.assign(process.env, environment);
  importCount += 1;
  const module = (await import(`${bundleUrl}?container=${importCount}`)) as {
    handler: HttpApiHandler;
  };
  return module.handler;
}

function invoke(target: HttpApiHandler, request: HttpApiRequest) {
  return target(httpApiEvent(request), lambdaContext());
}

function postJson(path: string, body: unknown): HttpApiRequest {
  return {
    method: "POST",
    url: `/ecommerce${path}`,
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(body),
  };
}

/** A webhook request signed like Stripe signs, over the payload's exact UTF-8 bytes. */
function signedWebhook(options: { payload: string; secret: string; base64: boolean }) {
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: options.payload,
    secret: options.secret,
  });
  return {
    method: "POST",
    url: "/ecommerce/stripe-webhook",
    headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": signature },
    body: Buffer.from(options.payload, "utf8"),
    base64: options.base64,
  } satisfies HttpApiRequest;
}

/** An event the API acknowledges without acting on it, with text outside ASCII. */
function ignoredEventPayload(): string {
  return JSON.stringify({
    id: `evt_test_${randomUUID().replaceAll("-", "")}`,
    object: "event",
    type: "customer.updated",
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    data: { object: { object: "customer", name: "Zoë Ångström – 東京 ✓" } },
  });
}

beforeAll(async () => {
  const outdir = await mkdtemp(join(tmpdir(), "lambda-bundle-"));
  await build(esbuildOptions({ outdir }));
  bundleUrl = pathToFileURL(join(outdir, "index.mjs")).href;

  secretsManager = await startFakeSecretsManager();
  gateway = await startHttpApiEmulator({ stage: "dev", handler: () => handler });
  sandbox = await startStripeSandbox({
    webhookEndpoints: [
      { mode: "test", url: `${gateway.url}/ecommerce/stripe-webhook`, secret: signingSecret },
    ],
    webhookRetry: { maxAttempts: 2, initialDelayMs: 20 },
  });
  const dynamo = createDynamoClient({ region, endpoint: inject("dynamoEndpoint") });
  await createTables({ client: dynamo, stage: "dev", mode: "test", namespace });
  dynamo.destroy();

  handler = await coldStart(functionEnvironment(givenSecret()));
});

afterAll(async () => {
  await sandbox?.close();
  await gateway?.close();
  await secretsManager?.close();
});

describe("bundled Lambda handler", () => {
  it("runs the whole flow: checkout, signed webhook, get-uuid, one-click upsell", async () => {
    const checkout = await invoke(
      handler,
      postJson("/create-checkout-session", {
        priceId: mainOfferPriceId,
        productType: "offer",
        isTest: true,
        successUrl: `${origin}/success?session_id={CHECKOUT_SESSION_ID}`,
      }),
    );
    expect(checkout.statusCode).toBe(200);
    const { sessionId, clientSecret } = jsonBodyOf(checkout) as Record<string, string>;
    expect(sessionId).toMatch(/^cs_test_/);
    expect(clientSecret).toContain("_secret_");

    await sandbox.completeCheckoutSession(sessionId as string, { paymentMethod: "pm_card_visa" });
    await sandbox.webhooksIdle();
    const deliveries = (await sandbox.webhookAttempts()).filter(
      (attempt) => attempt.eventType === "checkout.session.completed",
    );
    expect(deliveries.map((attempt) => attempt.status)).toEqual([200]);
    const documents = createDocumentClient({ region, endpoint: inject("dynamoEndpoint") });
    const link = await documents.send(
      new GetCommand({
        TableName: tableNames({ stage: "dev", mode: "test", namespace }).checkoutSessions,
        Key: { sessionId },
      }),
    );
    expect(link.Item?.upsellToken).toBeDefined();

    const lookup = await invoke(handler, {
      method: "GET",
      url: `/ecommerce/get-uuid?session_id=${sessionId}&isTest=true`,
      headers: { origin },
    });
    expect(lookup.statusCode).toBe(200);
    const found = jsonBodyOf(lookup);
    expect(found).toMatchObject({
      success: true,
      found: true,
      upsellToken: link.Item?.upsellToken,
    });
    const nowSec = Math.floor(Date.now() / 1000);
    expect(found.expiresAt).toBeGreaterThan(nowSec + 86_400 - 120);
    expect(found.expiresAt).toBeLessThanOrEqual(nowSec + 86_400);

    const upsell = await invoke(
      handler,
      postJson("/one-click-upsell", {
        upsellToken: found.upsellToken,
        priceId: upsellPriceId,
        isTest: true,
      }),
    );
    expect(upsell.statusCode).toBe(200);
    expect(jsonBodyOf(upsell)).toMatchObject({
      success: true,
      paymentIntentId: expect.stringMatching(/^pi_/),
      amount: upsellAmountMinor,
      currency: "usd",
      status: "succeeded",
    });
    documents.destroy();
  });

  it("verifies a base64-encoded webhook body on its exact bytes", async () => {
    const request = signedWebhook({
      payload: ignoredEventPayload(),
      secret: signingSecret,
      base64: true,
    });

    const result = await invoke(handler, request);

    expect(result.statusCode).toBe(200);
  });

  it("verifies the same webhook when API Gateway passes the body as text", async () => {
    const request = signedWebhook({
      payload: ignoredEventPayload(),
      secret: signingSecret,
      base64: false,
    });

    const result = await invoke(handler, request);

    expect(result.statusCode).toBe(200);
  });

  it("refuses a base64 webhook body that differs by one byte from what was signed", async () => {
    const request = signedWebhook({
      payload: ignoredEventPayload(),
      secret: signingSecret,
      base64: true,
    });
    const altered = Buffer.from(request.body);
    const index = altered.indexOf("Zo");
    altered[index] = "z".charCodeAt(0);

    const result = await invoke(handler, { ...request, body: altered });

    expect(result.statusCode).toBe(400);
    expect(jsonBodyOf(result)).toMatchObject({
      success: false,
      error: { code: "INVALID_SIGNATURE" },
    });
  });

  it("answers malformed JSON with the API's error body, not a crash", async () => {
    const result = await invoke(handler, {
      ...postJson("/create-checkout-session", {}),
      body: '{"priceId":',
    });

    expect(result.statusCode).toBe(400);
    expect(jsonBodyOf(result)).toMatchObject({ success: false, error: { code: "MALFORMED_JSON" } });
  });

  it("echoes the Lambda request id as the request id when the caller sent none", async () => {
    const context = lambdaContext();

    const result = await handler(
      httpApiEvent({ method: "GET", url: "/ecommerce/openapi.json" }),
      context,
    );

    expect(result.headers?.["x-request-id"]).toBe(context.awsRequestId);
  });
});

describe("bundled Lambda handler secrets", () => {
  it("reads Secrets Manager once per container while the secrets are fresh", async () => {
    const secretId = givenSecret();
    const container = await coldStart(functionEnvironment(secretId));

    for (let request = 0; request < 3; request++) {
      await invoke(container, { method: "GET", url: "/ecommerce/openapi.json" });
    }

    expect(secretsManager.requestedIds.filter((id) => id === secretId)).toHaveLength(1);
  });

  it("starts with its secret still empty, then serves once the operator fills it", async () => {
    const secretId = `ecommerce-payment/dev/stripe-test-${randomUUID().slice(0, 8)}`;
    secretsManager.createEmptySecret(secretId);
    const container = await coldStart({
      ...functionEnvironment(secretId),
      STRIPE_SECRETS_MAX_AGE_SECONDS: "1",
    });
    const checkoutRequest = postJson("/create-checkout-session", {
      priceId: mainOfferPriceId,
      productType: "offer",
      isTest: true,
    });
    const webhookRequest = () =>
      signedWebhook({ payload: ignoredEventPayload(), secret: signingSecret, base64: true });

    const checkoutBeforeFill = await invoke(container, checkoutRequest);
    const webhookBeforeFill = await invoke(container, webhookRequest());
    secretsManager.putSecretValue(
      secretId,
      JSON.stringify({
        STRIPE_SECRET_KEY_TEST: secretKey,
        STRIPE_WEBHOOK_SECRET_DEV: signingSecret,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const checkoutAfterFill = await invoke(container, checkoutRequest);
    const webhookAfterFill = await invoke(container, webhookRequest());

    expect(jsonBodyOf(checkoutBeforeFill)).toMatchObject({
      error: { code: "MODE_NOT_AVAILABLE" },
    });
    expect(webhookBeforeFill.statusCode).toBe(503);
    expect(jsonBodyOf(webhookBeforeFill)).toMatchObject({
      error: { code: "WEBHOOK_NOT_CONFIGURED" },
    });
    expect(checkoutAfterFill.statusCode).toBe(200);
    expect(webhookAfterFill.statusCode).toBe(200);
  });

  it("stops the cold start when the function is not told where its secret is", async () => {
    const environment = { ...functionEnvironment(givenSecret()), STRIPE_SECRETS_ID_TEST: " " };

    const failure = await coldStart(environment).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect((failure as Error).message).toBe("STRIPE_SECRETS_ID_TEST is required in stage dev");
  });

  it("stops the cold start on a key whose prefix does not match its mode", async () => {
    const liveKey = "sk_live_51MustNeverReachTestMode";
    const secretId = givenSecret({ STRIPE_SECRET_KEY_TEST: liveKey });

    const failure = await coldStart(functionEnvironment(secretId)).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("STRIPE_SECRET_KEY_TEST must start with sk_test_");
    expect((failure as Error).message).not.toContain(liveKey);
  });

  it("uses a rotated webhook secret once the cache expires, with no redeploy", async () => {
    const secretId = givenSecret();
    const container = await coldStart({
      ...functionEnvironment(secretId),
      STRIPE_SECRETS_MAX_AGE_SECONDS: "1",
    });
    const rotatedSecret = "whsec_rotatedAfterRoll";

    secretsManager.putSecretValue(
      secretId,
      JSON.stringify({
        STRIPE_SECRET_KEY_TEST: secretKey,
        STRIPE_WEBHOOK_SECRET_DEV: rotatedSecret,
      }),
    );
    const beforeExpiry = await invoke(
      container,
      signedWebhook({ payload: ignoredEventPayload(), secret: signingSecret, base64: true }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const withOldSecret = await invoke(
      container,
      signedWebhook({ payload: ignoredEventPayload(), secret: signingSecret, base64: true }),
    );
    const withNewSecret = await invoke(
      container,
      signedWebhook({ payload: ignoredEventPayload(), secret: rotatedSecret, base64: true }),
    );

    expect(beforeExpiry.statusCode).toBe(200);
    expect(withOldSecret.statusCode).toBe(400);
    expect(withNewSecret.statusCode).toBe(200);
  });

  it("keeps serving with the previous secrets when a rotated value is refused", async () => {
    const secretId = givenSecret();
    const container = await coldStart({
      ...functionEnvironment(secretId),
      STRIPE_SECRETS_MAX_AGE_SECONDS: "1",
    });

    secretsManager.putSecretValue(
      secretId,
      JSON.stringify({ STRIPE_SECRET_KEY_TEST: secretKey, STRIPE_WEBHOOK_SECRET_DEV: "not-whsec" }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const result = await invoke(
      container,
      signedWebhook({ payload: ignoredEventPayload(), secret: signingSecret, base64: true }),
    );

    expect(secretsManager.requestedIds.filter((id) => id === secretId)).toHaveLength(2);
    expect(result.statusCode).toBe(200);
  });
});
