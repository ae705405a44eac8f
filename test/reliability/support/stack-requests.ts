/**
 * The requests a reliability stack sends for its tests: over HTTP to its
 * server or in-process to one of its apps, and the usual steps of a shopper
 * (create a checkout, pay it, ask for the token, click) as one call each.
 */
import type { Stripe } from "stripe";
import type { Mode } from "../../../src/domain/mode.js";
import type { ComposedApp } from "../../../src/entry/compose.js";
import type { CheckoutPayment } from "../../../src/sandbox/index.js";
import { readAnswer, stringField } from "./api-answer.js";
import { upsellPrice } from "./catalog-prices.js";
import type { Stack } from "./stack.js";

export interface ApiRequest {
  readonly method?: string;
  /** Path and query, e.g. `/ecommerce/get-uuid?session_id=...`. */
  readonly path: string;
  /** Sent as JSON unless it is a string. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface PaidCheckoutOptions {
  readonly mode?: Mode;
  readonly payment?: CheckoutPayment;
  /** Wait until the sandbox has no webhook in flight (default true). */
  readonly awaitWebhooks?: boolean;
}

/** A stack before its request helpers are added. */
export type StackParts = Omit<
  Stack,
  | "send"
  | "sendInProcess"
  | "paidCheckout"
  | "createCheckout"
  | "tokenOf"
  | "clickRequest"
  | "upsellIntentsBySession"
>;

/** Adds the request helpers to the parts of a started stack. */
export function withRequests(parts: StackParts): Stack {
  const send = async (request: ApiRequest) =>
    readAnswer(await fetch(`${parts.url}${request.path}`, requestInit(request)));
  const sendInProcess = async (request: ApiRequest, app: ComposedApp = parts.main) =>
    readAnswer(await app.app.request(request.path, requestInit(request)));

  const createCheckout = async (mode: Mode = "test") => {
    const created = await send({
      method: "POST",
      path: "/ecommerce/create-checkout-session",
      body: { priceId: `price_${mode}_main_offer`, productType: "offer", isTest: mode === "test" },
    });
    return stringField(created, "sessionId");
  };

  const paidCheckout = async (args: PaidCheckoutOptions = {}) => {
    const sessionId = await createCheckout(args.mode);
    await parts.sandbox.completeCheckoutSession(
      sessionId,
      args.payment ?? { paymentMethod: "pm_card_visa" },
    );
    if (args.awaitWebhooks !== false) await parts.sandbox.webhooksIdle();
    return sessionId;
  };

  const tokenOf = async (sessionId: string, mode: Mode = "test") => {
    const query = `session_id=${sessionId}&isTest=${mode === "test"}`;
    return stringField(await send({ path: `/ecommerce/get-uuid?${query}` }), "upsellToken");
  };

  const clickRequest = (upsellToken: string, args: { mode?: Mode; priceId?: string } = {}) => {
    const mode = args.mode ?? "test";
    return {
      method: "POST",
      path: "/ecommerce/one-click-upsell",
      body: {
        upsellToken,
        priceId: args.priceId ?? upsellPrice[mode].course,
        isTest: mode === "test",
      },
    };
  };

  const upsellIntentsBySession = async (sessionIds: readonly string[], mode: Mode = "test") => {
    const bySession = new Map<string, Stripe.PaymentIntent[]>(sessionIds.map((id) => [id, []]));
    for await (const intent of parts.stripe[mode].paymentIntents.list({ limit: 100 })) {
      if (intent.metadata.productType !== "oto") continue;
      bySession.get(intent.metadata.checkoutSessionId ?? "")?.push(intent);
    }
    return bySession;
  };

  return {
    ...parts,
    send,
    sendInProcess,
    createCheckout,
    paidCheckout,
    tokenOf,
    clickRequest,
    upsellIntentsBySession,
  };
}

function requestInit(request: ApiRequest): RequestInit {
  const method = request.method ?? (request.body === undefined ? "GET" : "POST");
  if (request.body === undefined) return { method, headers: request.headers ?? {} };
  const isText = typeof request.body === "string";
  return {
    method,
    headers: { "content-type": "application/json", ...request.headers },
    body: isText ? String(request.body) : JSON.stringify(request.body),
  };
}
