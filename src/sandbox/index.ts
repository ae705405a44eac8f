/**
 * The Stripe sandbox: a local, stateful imitation of the part of Stripe this product uses,
 * for tests, benchmarks and the offline demo. See `docs/stripe-sandbox.md`.
 */

export { testCards, testPaymentMethodCards } from "./cards.js";
export { catalogPriceId, catalogProductId, defaultCatalogPath } from "./catalog.js";
export { createSandboxControlClient, SandboxControlError } from "./control-client.js";
export type { AuthenticationOutcome, CheckoutPayment, SandboxControls } from "./controls.js";
export type { RequestCount } from "./counters.js";
export type { Fault, FaultPhase, FaultRule } from "./faults.js";
export {
  type StripeClientOptions,
  type StripeSandbox,
  type StripeSandboxOptions,
  startStripeSandbox,
} from "./sandbox-server.js";
export type {
  WebhookAttempt,
  WebhookEndpointConfig,
  WebhookPlan,
  WebhookRetryOptions,
} from "./webhooks/delivery.js";
