/**
 * One customer's funnel over HTTP, step by step, as a storefront and a buyer
 * drive it: create the checkout session (API), pay it (the sandbox's buyer
 * control, which also makes the sandbox send the webhook), exchange the
 * session for the upsell token (API), take the one-click offer (API).
 */
import type { SandboxControls } from "../../src/sandbox/index.js";
import { mainOfferPriceId, upsellPriceId } from "./bench-stack.js";

/** An API answer: its status and its JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The funnel's steps, each one call. */
export interface FunnelClient {
  createCheckoutSession(): Promise<string>;
  payCheckoutSession(sessionId: string): Promise<void>;
  getUuid(sessionId: string): Promise<ApiAnswer>;
  oneClickUpsell(upsellToken: string): Promise<ApiAnswer>;
}

/** A client of the API at `apiUrl` and of the sandbox's buyer controls. */
export function createFunnelClient(args: {
  apiUrl: string;
  controls: SandboxControls;
}): FunnelClient {
  const { apiUrl, controls } = args;
  return {
    createCheckoutSession: async () => {
      const answer = await callApi(`${apiUrl}/ecommerce/create-checkout-session`, {
        priceId: mainOfferPriceId,
        productType: "offer",
        isTest: true,
      });
      return requireString(answer, "sessionId");
    },
    payCheckoutSession: async (sessionId) => {
      await controls.completeCheckoutSession(sessionId, { paymentMethod: "pm_card_visa" });
    },
    getUuid: (sessionId) =>
      callApi(`${apiUrl}/ecommerce/get-uuid?session_id=${sessionId}&isTest=true`),
    oneClickUpsell: (upsellToken) =>
      callApi(`${apiUrl}/ecommerce/one-click-upsell`, {
        upsellToken,
        priceId: upsellPriceId,
        isTest: true,
      }),
  };
}

/** A string field of a 2xx answer; throws with the status otherwise. */
export function requireString(answer: ApiAnswer, field: string): string {
  const value = answer.body[field];
  if (answer.status >= 200 && answer.status < 300 && typeof value === "string") return value;
  throw new Error(`expected ${field} in a 2xx answer, got HTTP ${answer.status}`);
}

async function callApi(url: string, body?: unknown): Promise<ApiAnswer> {
  const response = await fetch(url, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const parsed: unknown = await response.json();
  const record = typeof parsed === "object" && parsed !== null ? { ...parsed } : {};
  return { status: response.status, body: record };
}
