/**
 * The payment gateway on the Stripe SDK, for ONE mode (one client, one key).
 * Every method makes exactly one Stripe call and returns domain values; see
 * `stripe-errors.ts` for how failures are mapped.
 */
import type { Stripe } from "stripe";
import { modeOfSessionId } from "../domain/checkout-session-id.js";
import { InvalidRequestError, InvalidSignatureError } from "../domain/errors.js";
import type {
  ChargeOutcome,
  ChargeRequest,
  CheckoutSessionRequest,
  CheckoutSessionSnapshot,
  CreatedCheckoutSession,
  PaymentGateway,
  PriceSnapshot,
  WebhookEvent,
} from "../domain/ports.js";
import { outcomeOfCardError, outcomeOfPaymentIntent } from "./charge-outcomes.js";
import {
  isResourceMissing,
  isUnexpectedState,
  toCheckoutError,
  toProviderError,
} from "./stripe-errors.js";

/** Stripe's own recommendation: refuse signatures older than five minutes. */
export const webhookToleranceSec = 300;

/** Creates the gateway around a client built by `createStripeClient`. */
export function createStripeGateway(stripe: Stripe): PaymentGateway {
  return {
    createCheckoutSession: (request) => createCheckoutSession(stripe, request),
    retrieveCheckoutSession: (sessionId) =>
      readOrUndefined(async () => snapshotOfSession(await retrieveSession(stripe, sessionId))),
    retrievePrice: (priceId) =>
      readOrUndefined(async () => snapshotOfPrice(await stripe.prices.retrieve(priceId))),
    chargeSavedPaymentMethod: (request) => charge(stripe, request),
    retrieveChargeOutcome: (paymentIntentId) =>
      mapFailures(async () =>
        outcomeOfPaymentIntent(await stripe.paymentIntents.retrieve(paymentIntentId)),
      ),
    cancelPaymentIntent: (paymentIntentId) => cancelPaymentIntent(stripe, paymentIntentId),
    verifyWebhookEvent: (args) => verifyWebhookEvent(stripe, args),
  };
}

/**
 * Cancels with reason `abandoned`. Stripe refuses a status that cannot be
 * canceled with an invalid-request error coded `payment_intent_unexpected_state`:
 * that refusal is an answer (`not_cancelable`); every other failure is mapped
 * like any Stripe failure (unreachable, 5xx and 429 stay retryable).
 */
async function cancelPaymentIntent(stripe: Stripe, paymentIntentId: string) {
  try {
    await stripe.paymentIntents.cancel(paymentIntentId, { cancellation_reason: "abandoned" });
    return { kind: "canceled" } as const;
  } catch (error) {
    if (isUnexpectedState(error)) return { kind: "not_cancelable" } as const;
    throw toProviderError(error);
  }
}

async function createCheckoutSession(
  stripe: Stripe,
  request: CheckoutSessionRequest,
): Promise<CreatedCheckoutSession> {
  const metadata = { productType: request.productType };
  try {
    const session = await stripe.checkout.sessions.create({
      ui_mode: "embedded_page",
      mode: "payment",
      line_items: [{ price: request.priceId, quantity: 1 }],
      return_url: request.returnUrl,
      customer_creation: "always",
      payment_intent_data: { setup_future_usage: "off_session", metadata },
      metadata,
      ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
    });
    if (!session.client_secret) throw new Error("Stripe returned a session without client secret");
    return { sessionId: session.id, clientSecret: session.client_secret };
  } catch (error) {
    throw toCheckoutError(error);
  }
}

function retrieveSession(stripe: Stripe, sessionId: string): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.retrieve(sessionId, {
    expand: ["payment_intent.payment_method"],
  });
}

function snapshotOfSession(session: Stripe.Checkout.Session): CheckoutSessionSnapshot {
  const intent = typeof session.payment_intent === "object" ? session.payment_intent : null;
  const customerId = idOf(session.customer);
  const paymentMethodId = idOf(intent?.payment_method ?? null);
  return {
    sessionId: session.id,
    livemode: session.livemode,
    status: session.status ?? "open",
    paymentStatus: session.payment_status,
    createdAtEpochSec: session.created,
    ...(customerId ? { customerId } : {}),
    ...(paymentMethodId ? { paymentMethodId } : {}),
  };
}

function snapshotOfPrice(price: Stripe.Price): PriceSnapshot {
  return {
    priceId: price.id,
    livemode: price.livemode,
    active: price.active,
    type: price.type === "recurring" ? "recurring" : "one_time",
    billingScheme: price.billing_scheme === "tiered" ? "tiered" : "per_unit",
    unitAmountMinor: price.unit_amount,
    currency: price.currency,
  };
}

/**
 * Creates and confirms the payment intent in one call. On-session, the bank
 * may ask for authentication, which Stripe.js completes in the page
 * (`use_stripe_sdk`); redirect-only payment methods are excluded because a
 * one-click charge has no page to come back to.
 */
async function charge(stripe: Stripe, request: ChargeRequest): Promise<ChargeOutcome> {
  const offSession = request.confirmation === "off_session";
  try {
    const intent = await stripe.paymentIntents.create(
      {
        amount: request.amountMinor,
        currency: request.currency,
        customer: request.customerId,
        payment_method: request.paymentMethodId,
        confirm: true,
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        metadata: { ...request.metadata },
        ...(offSession ? { off_session: true } : { use_stripe_sdk: true }),
      },
      { idempotencyKey: request.idempotencyKey },
    );
    return outcomeOfPaymentIntent(intent);
  } catch (error) {
    const outcome = outcomeOfCardError(error);
    if (outcome) return outcome;
    throw toProviderError(error);
  }
}

async function verifyWebhookEvent(
  stripe: Stripe,
  args: { payload: Uint8Array; signatureHeader: string; secret: string },
): Promise<WebhookEvent> {
  let event: Stripe.Event;
  try {
    event = await stripe.webhooks.constructEventAsync(
      args.payload,
      args.signatureHeader,
      args.secret,
      webhookToleranceSec,
    );
  } catch (error) {
    // The SDK checks the header before it parses the body, and some malformed
    // headers (`v1=` with no value) fail with a plain Error: only the parse
    // of a verified body throws a SyntaxError.
    if (error instanceof SyntaxError) {
      throw new InvalidRequestError("The webhook payload is not a Stripe event.", { cause: error });
    }
    throw new InvalidSignatureError("The webhook signature is not valid.", { cause: error });
  }
  return toWebhookEvent(event);
}

/**
 * The SDK checks the signature, not the shape: a signed body is still only
 * JSON. Fields the domain reads are checked here, so an odd body is a 400,
 * never a crash or a store call with a key that is not a session id.
 */
function toWebhookEvent(event: unknown): WebhookEvent {
  const { id, type, livemode } = fieldsOf(event);
  if (typeof id !== "string" || typeof type !== "string" || typeof livemode !== "boolean") {
    throw new InvalidRequestError("The webhook payload is not a Stripe event.");
  }
  const base = { eventId: id, type, livemode };
  if (
    type !== "checkout.session.completed" &&
    type !== "checkout.session.async_payment_succeeded"
  ) {
    return base;
  }
  const session = fieldsOf(fieldsOf(fieldsOf(event).data).object);
  if (typeof session.id !== "string" || !modeOfSessionId(session.id)) {
    throw new InvalidRequestError("The webhook's checkout session has no valid id.");
  }
  const paymentStatus = typeof session.payment_status === "string" ? session.payment_status : "";
  return { ...base, checkoutSessionId: session.id, paymentStatus };
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? { ...value } : {};
}

function idOf(value: string | { id?: string } | null): string | undefined {
  if (value === null) return undefined;
  if (typeof value === "string") return value;
  return value.id;
}

async function readOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isResourceMissing(error)) return undefined;
    throw toProviderError(error);
  }
}

async function mapFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toProviderError(error);
  }
}
