/**
 * Shared test fixtures: a sandbox on port 0, a real SDK client bound to it, and a real
 * local HTTP server that receives webhooks and answers with programmable statuses.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import Stripe from "stripe";
import type { StripeSandbox } from "../../src/sandbox/index.js";

/** An SDK client for the sandbox, with the given key (mode) and no automatic retries. */
export function stripeFor(sandbox: StripeSandbox, key = "sk_test_sandbox"): Stripe {
  return new Stripe(key, { ...sandbox.stripeClientOptions, maxNetworkRetries: 0 });
}

/** The Stripe error a call fails with; fails the test when the call succeeds. */
export async function stripeErrorOf(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      return error;
    }
    throw error;
  }
  throw new Error("expected the Stripe call to fail");
}

/** Base parameters of an embedded checkout session for the main offer. */
export const embeddedSessionParams: Stripe.Checkout.SessionCreateParams = {
  mode: "payment",
  ui_mode: "embedded_page",
  return_url: "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}",
  line_items: [{ price: "price_test_main_offer", quantity: 1 }],
  customer_creation: "always",
  payment_intent_data: { setup_future_usage: "off_session" },
};

/** Creates a session and pays it through the test helper, with a test payment method id. */
export async function paidSession(
  stripe: Stripe,
  paymentMethod: string,
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<Stripe.Checkout.Session> {
  const session = await stripe.checkout.sessions.create({ ...embeddedSessionParams, ...overrides });
  await stripe.rawRequest("POST", `/v1/test_helpers/checkout/sessions/${session.id}/complete`, {
    payment_method: paymentMethod,
  });
  return await stripe.checkout.sessions.retrieve(session.id);
}

/** The customer and saved payment method of a paid session. */
export async function savedCard(
  stripe: Stripe,
  paymentMethod: string,
): Promise<{ customerId: string; paymentMethodId: string }> {
  const session = await paidSession(stripe, paymentMethod);
  const intent = await stripe.paymentIntents.retrieve(String(session.payment_intent));
  return { customerId: String(session.customer), paymentMethodId: String(intent.payment_method) };
}

/** One webhook request as the receiving server saw it. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on port 0 that records webhooks. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Statuses to answer with, in order; 200 once they run out. */
  respondWith(statuses: number[]): void;
  close(): Promise<void>;
}

/** Starts a webhook receiver. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let statuses: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    respondWith: (next) => {
      statuses = [...next];
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A webhook secret for tests. */
export const testWebhookSecret = "whsec_sandbox_test_secret";

/** Fast retries, so a failing endpoint is retried within the test. */
export const fastRetry = { initialDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 };
