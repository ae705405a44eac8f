/**
 * A typed client for the `/_sandbox` controls, for a process that does not hold the
 * sandbox object (the sandbox runs via `npm run sandbox`, or inside another process).
 *
 * @example
 * const controls = createSandboxControlClient("http://127.0.0.1:12111");
 * await controls.injectFault({
 *   method: "POST",
 *   path: "/v1/payment_intents",
 *   fault: { type: "close" },
 * });
 */
import type Stripe from "stripe";
import type { AuthenticationOutcome, CheckoutPayment, SandboxControls } from "./controls.js";
import type { RequestCount } from "./counters.js";
import type { FaultRule } from "./faults.js";
import type { WebhookAttempt, WebhookEndpointConfig, WebhookPlan } from "./webhooks/delivery.js";

/** A control call the sandbox refused; carries its status and error body. */
export class SandboxControlError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    super(`Sandbox control failed with HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = "SandboxControlError";
    this.status = status;
    this.body = body;
  }
}

/** The controls of the sandbox at `baseUrl`, over HTTP. */
export function createSandboxControlClient(baseUrl: string): SandboxControls {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload: T = await response.json();
    if (!response.ok) {
      throw new SandboxControlError(response.status, payload);
    }
    return payload;
  };
  const id = (value: string) => encodeURIComponent(value);

  return {
    injectFault: async (rule: FaultRule) => {
      await call("POST", "/_sandbox/faults", rule);
    },
    clearFaults: async () => {
      await call("DELETE", "/_sandbox/faults");
    },
    pendingFaults: () => call<Array<FaultRule & { remaining: number }>>("GET", "/_sandbox/faults"),
    requestCount: async (method: string, path: string) => {
      const query = new URLSearchParams({ method, path });
      const result = await call<{ count: number }>("GET", `/_sandbox/counters?${query}`);
      return result.count;
    },
    requestCounts: () => call<RequestCount[]>("GET", "/_sandbox/counters"),
    resetCounters: async () => {
      await call("DELETE", "/_sandbox/counters");
    },
    addWebhookEndpoint: async (endpoint: WebhookEndpointConfig) => {
      await call("POST", "/_sandbox/webhooks/endpoints", endpoint);
    },
    holdWebhooks: async () => {
      await call("POST", "/_sandbox/webhooks/hold");
    },
    releaseWebhooks: async () => {
      const result = await call<{ released: number }>("POST", "/_sandbox/webhooks/release");
      return result.released;
    },
    planWebhooks: async (plan: WebhookPlan) => {
      await call("POST", "/_sandbox/webhooks/plan", plan);
    },
    resendEvent: async (eventId: string) => {
      await call("POST", `/_sandbox/events/${id(eventId)}/resend`);
    },
    webhookAttempts: () => call<WebhookAttempt[]>("GET", "/_sandbox/webhooks/attempts"),
    webhooksIdle: async () => {
      await call("GET", "/_sandbox/webhooks/idle");
    },
    completeCheckoutSession: (checkoutSessionId: string, payment: CheckoutPayment) =>
      call<Stripe.Checkout.Session>(
        "POST",
        `/_sandbox/checkout/sessions/${id(checkoutSessionId)}/complete`,
        payment,
      ),
    authenticatePaymentIntent: (paymentIntentId: string, outcome: AuthenticationOutcome) =>
      call<Stripe.PaymentIntent>(
        "POST",
        `/_sandbox/payment_intents/${id(paymentIntentId)}/authenticate`,
        { outcome },
      ),
  };
}
