/**
 * Publishing events: each is kept in its mode's store (for `GET /v1/events`) and handed
 * to the webhook dispatcher. The event carries a snapshot of the object at that moment.
 */
import type Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";
import { newObjectId, nowEpochSec } from "../ids.js";
import type { ModeStores } from "../store.js";

/** The API version the sandbox imitates, as the SDK pins it. */
export const sandboxApiVersion = "2026-11-18.endive";

/** The events the sandbox publishes, each with its object. */
export type EventInput =
  | { type: "checkout.session.completed"; object: Stripe.Checkout.Session }
  | { type: "payment_intent.succeeded"; object: Stripe.PaymentIntent }
  | { type: "payment_intent.payment_failed"; object: Stripe.PaymentIntent }
  | { type: "payment_intent.canceled"; object: Stripe.PaymentIntent }
  | { type: "refund.created"; object: Stripe.Refund };

/** Receives every published event (the webhook dispatcher). */
export interface EventSink {
  dispatch(mode: Mode, event: Stripe.Event): void;
}

/** Keeps events and passes them on for delivery. */
export class EventLog {
  private readonly stores: ModeStores;
  private readonly sink: EventSink;

  constructor(stores: ModeStores, sink: EventSink) {
    this.stores = stores;
    this.sink = sink;
  }

  /** Records an event about `input.object` and schedules its webhook deliveries. */
  publish(mode: Mode, input: EventInput): Stripe.Event {
    const event = toEvent(mode, input);
    this.stores[mode].events.set(event.id, event);
    this.sink.dispatch(mode, event);
    return event;
  }
}

function toEvent(mode: Mode, input: EventInput): Stripe.Event {
  const base = {
    id: newObjectId("evt"),
    object: "event" as const,
    api_version: sandboxApiVersion,
    created: nowEpochSec(),
    livemode: mode === "live",
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
  };
  switch (input.type) {
    case "checkout.session.completed":
      return { ...base, type: input.type, data: { object: structuredClone(input.object) } };
    case "payment_intent.succeeded":
      return { ...base, type: input.type, data: { object: structuredClone(input.object) } };
    case "payment_intent.payment_failed":
      return { ...base, type: input.type, data: { object: structuredClone(input.object) } };
    case "payment_intent.canceled":
      return { ...base, type: input.type, data: { object: structuredClone(input.object) } };
    case "refund.created":
      return { ...base, type: input.type, data: { object: structuredClone(input.object) } };
  }
}
