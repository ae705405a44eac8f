/**
 * Test controls: faults, counters, webhook hold/release/duplicate/delay/drop, completing a
 * checkout and passing or failing 3-D Secure. The same interface is served in-process by
 * the sandbox object and over HTTP (`/_sandbox/...`) by the control client.
 */
import type Stripe from "stripe";
import type { Mode } from "../domain/mode.js";
import type { RequestCount } from "./counters.js";
import type { FaultRule } from "./faults.js";
import { completeCheckoutSession } from "./resources/checkout-completion.js";
import { finishAuthentication } from "./resources/payment-intent-flow.js";
import {
  materializePaymentMethod,
  paymentMethodForCardNumber,
} from "./resources/payment-methods.js";
import { type SandboxCore, scopeOf } from "./sandbox-core.js";
import { invalidRequest, resourceMissing, SandboxError } from "./sandbox-error.js";
import type { WebhookAttempt, WebhookEndpointConfig, WebhookPlan } from "./webhooks/delivery.js";

/** How a control completes a checkout session. */
export interface CheckoutPayment {
  /** A Stripe test payment method id such as `pm_card_visa`. */
  paymentMethod?: string;
  /** Or a test card number such as `4000002760003184`. */
  cardNumber?: string;
  email?: string;
  name?: string;
}

/** The outcome of the 3-D Secure stand-in. */
export type AuthenticationOutcome = "succeed" | "fail";

/** The controls a test, a benchmark or a reliability run uses to steer the sandbox. */
export interface SandboxControls {
  /** Arms a fault for the next matching requests. */
  injectFault(rule: FaultRule): Promise<void>;
  /** Disarms all faults. */
  clearFaults(): Promise<void>;
  /** The armed faults and the strikes each has left (a struck fault is gone). */
  pendingFaults(): Promise<Array<FaultRule & { remaining: number }>>;
  /** Requests so far to a method and path (`*` matches one path segment). */
  requestCount(method: string, path: string): Promise<number>;
  /** Every request count so far. */
  requestCounts(): Promise<RequestCount[]>;
  /** Starts counting from zero. */
  resetCounters(): Promise<void>;
  /** Adds a webhook endpoint at run time. */
  addWebhookEndpoint(endpoint: WebhookEndpointConfig): Promise<void>;
  /** Holds webhook deliveries until `releaseWebhooks()`. */
  holdWebhooks(): Promise<void>;
  /** Sends held deliveries; answers how many were released. */
  releaseWebhooks(): Promise<number>;
  /** Makes the next events arrive twice, late, or never. */
  planWebhooks(plan: WebhookPlan): Promise<void>;
  /** Sends an existing event again to its mode's endpoints. */
  resendEvent(eventId: string): Promise<void>;
  /** Every webhook delivery attempt so far. */
  webhookAttempts(): Promise<WebhookAttempt[]>;
  /** Resolves when no webhook delivery is in flight or scheduled (held ones excepted). */
  webhooksIdle(): Promise<void>;
  /** Pays a checkout session as a buyer would (mode from the `cs_test_` / `cs_live_` id). */
  completeCheckoutSession(
    checkoutSessionId: string,
    payment: CheckoutPayment,
  ): Promise<Stripe.Checkout.Session>;
  /** Passes or fails the 3-D Secure challenge of a `requires_action` payment intent. */
  authenticatePaymentIntent(
    paymentIntentId: string,
    outcome: AuthenticationOutcome,
  ): Promise<Stripe.PaymentIntent>;
}

/** The in-process implementation over a sandbox core. */
export function createSandboxControls(core: SandboxCore): SandboxControls {
  return {
    injectFault: async (rule) => core.faults.add(rule),
    clearFaults: async () => core.faults.clear(),
    pendingFaults: async () => core.faults.pending(),
    requestCount: async (method, path) => core.counters.count(method, path),
    requestCounts: async () => core.counters.snapshot(),
    resetCounters: async () => core.counters.reset(),
    addWebhookEndpoint: async (endpoint) => core.webhooks.addEndpoint(endpoint),
    holdWebhooks: async () => core.webhooks.hold(),
    releaseWebhooks: async () => core.webhooks.release(),
    planWebhooks: async (plan) => core.webhooks.planNext(plan),
    resendEvent: async (eventId) => resendEvent(core, eventId),
    webhookAttempts: async () => core.webhooks.attempts(),
    webhooksIdle: () => core.webhooks.idle(),
    completeCheckoutSession: async (id, payment) => payCheckoutSession(core, id, payment),
    authenticatePaymentIntent: async (id, outcome) => authenticate(core, id, outcome),
  };
}

/** Pays a checkout session; shared by the controls and the `/pay` page. */
export function payCheckoutSession(
  core: SandboxCore,
  checkoutSessionId: string,
  payment: CheckoutPayment,
): Stripe.Checkout.Session {
  const mode: Mode = checkoutSessionId.startsWith("cs_live_") ? "live" : "test";
  const scope = scopeOf(core, mode);
  const stored = scope.store.checkoutSessions.get(checkoutSessionId);
  if (!stored) {
    throw resourceMissing({ objectName: "checkout.session", id: checkoutSessionId });
  }
  const paymentMethod = payment.paymentMethod
    ? materializePaymentMethod(scope, payment.paymentMethod, "payment_method")
    : paymentMethodForCardNumber(scope, payment.cardNumber ?? "");
  return completeCheckoutSession(scope, stored, paymentMethod, {
    email: payment.email,
    name: payment.name,
  });
}

/** Ends a 3-D Secure challenge; shared by the controls and the `/authenticate` page. */
export function authenticate(
  core: SandboxCore,
  paymentIntentId: string,
  outcome: AuthenticationOutcome,
): Stripe.PaymentIntent {
  for (const mode of ["test", "live"] as const) {
    const scope = scopeOf(core, mode);
    const stored = scope.store.paymentIntents.get(paymentIntentId);
    if (stored) {
      finishWithoutThrowingDeclines(() =>
        finishAuthentication(scope, stored, outcome === "succeed"),
      );
      return stored.paymentIntent;
    }
  }
  throw resourceMissing({ objectName: "payment_intent", id: paymentIntentId });
}

/** A decline after authentication is an outcome here, already recorded on the intent. */
function finishWithoutThrowingDeclines(finish: () => void): void {
  try {
    finish();
  } catch (error) {
    if (!(error instanceof SandboxError && error.body.type === "card_error")) {
      throw error;
    }
  }
}

function resendEvent(core: SandboxCore, eventId: string): void {
  for (const mode of ["test", "live"] as const) {
    const event = core.stores[mode].events.get(eventId);
    if (event) {
      core.webhooks.resend(mode, event);
      return;
    }
  }
  throw invalidRequest({ message: `No such event: '${eventId}'`, code: "resource_missing" });
}
