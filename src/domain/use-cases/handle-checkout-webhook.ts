/**
 * Use case: a Stripe webhook delivery to one of the checkout endpoints.
 *
 * Stripe delivers at least once, in any order, sometimes concurrently. The
 * answer is 2xx only when the session's token is stored (or the event needs
 * nothing); any failure to store throws, the HTTP layer answers 5xx, and
 * Stripe delivers again later. Nothing is lost and nothing is doubled.
 */
import { InvalidSignatureError, ModeMismatchError, WebhookNotConfiguredError } from "../errors.js";
import type { Mode } from "../mode.js";
import type { WebhookEvent } from "../ports.js";
import { issueTokenForSession } from "./issue-upsell-token.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/** The event types that complete a paid checkout. */
export const handledEventTypes = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
] as const;

export interface WebhookDelivery {
  /** The mode this endpoint serves; events of the other mode are refused. */
  readonly mode: Mode;
  /** The endpoint's signing secret; undefined when not configured. */
  readonly secret: string | undefined;
  /** The exact bytes Stripe sent; the signature covers them. */
  readonly payload: Uint8Array;
  readonly signatureHeader: string | undefined;
}

export type WebhookOutcome = "token_created" | "token_exists" | "ignored";

export interface WebhookResult {
  readonly eventId: string;
  readonly eventType: string;
  readonly outcome: WebhookOutcome;
}

/** Verifies a delivery and makes sure a paid session ends with exactly one token. */
export async function handleCheckoutWebhook(
  deps: UseCaseDeps,
  delivery: WebhookDelivery,
): Promise<WebhookResult> {
  if (!delivery.secret) {
    throw new WebhookNotConfiguredError("This webhook endpoint has no signing secret yet.");
  }
  if (!delivery.signatureHeader) {
    throw new InvalidSignatureError("The Stripe-Signature header is missing.");
  }
  const resources = deps.registry.resourcesOf(delivery.mode);

  const event = await resources.gateway.verifyWebhookEvent({
    payload: delivery.payload,
    signatureHeader: delivery.signatureHeader,
    secret: delivery.secret,
  });
  if (event.livemode !== (delivery.mode === "live")) {
    throw new ModeMismatchError(`This endpoint accepts ${delivery.mode}-mode events only.`);
  }

  const logger = deps.logger.child({
    mode: delivery.mode,
    eventId: event.eventId,
    eventType: event.type,
    ...(event.checkoutSessionId ? { sessionId: event.checkoutSessionId } : {}),
  });
  const outcome = await processEvent({ ...deps, logger }, { event, mode: delivery.mode });
  logger.info("webhook processed", { outcome });
  return { eventId: event.eventId, eventType: event.type, outcome };
}

async function processEvent(
  deps: UseCaseDeps,
  args: { event: WebhookEvent; mode: Mode },
): Promise<WebhookOutcome> {
  const { event } = args;
  if (!isHandled(event) || !event.checkoutSessionId) return "ignored";
  // A completed session with a delayed payment method is not paid yet; its
  // async_payment_succeeded event will come and issue the token then.
  if (event.type === "checkout.session.completed" && event.paymentStatus !== "paid") {
    return "ignored";
  }
  const resources = deps.registry.resourcesOf(args.mode);

  // Duplicate deliveries stop here, without a Stripe call.
  const existing = await resources.store.findSessionLink(event.checkoutSessionId);
  if (existing) return "token_exists";

  const session = await resources.gateway.retrieveCheckoutSession(event.checkoutSessionId);
  if (!session) {
    deps.logger.warn("webhook names a checkout session Stripe does not know");
    return "ignored";
  }
  const issued = await issueTokenForSession(deps, { resources, session });
  if (!issued.issued) {
    deps.logger.warn("paid checkout session cannot get an upsell token", {
      outcome: issued.reason,
    });
    return "ignored";
  }
  return issued.result.created ? "token_created" : "token_exists";
}

function isHandled(event: WebhookEvent): boolean {
  return (handledEventTypes as readonly string[]).includes(event.type);
}
