/**
 * Webhook delivery: every event goes to each endpoint of its mode that subscribes to it,
 * signed, and is retried with exponential back-off until the endpoint answers 2xx or the
 * attempts run out. Test controls hold and release deliveries, and make the next events
 * arrive twice, late, or never.
 */
import type Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";
import type { EventSink } from "./event-log.js";
import { signatureHeader } from "./signing.js";
import { postJson } from "./webhook-post.js";

/** A webhook endpoint: where one mode's events go and the secret they are signed with. */
export interface WebhookEndpointConfig {
  mode: Mode;
  url: string;
  secret: string;
  /** Event types to send; `["*"]` (the default) sends all. */
  enabledEvents?: string[];
}

/** Retry policy. Stripe retries for days; tests want milliseconds. */
export interface WebhookRetryOptions {
  /** Attempts per event and endpoint, the first included (default 6). */
  maxAttempts?: number;
  /** Delay before the second attempt (default 1000 ms); doubled each time. */
  initialDelayMs?: number;
  /** Upper bound of the delay (default 60 000 ms). */
  maxDelayMs?: number;
  /** How long one attempt may take before it counts as failed (default 10 000 ms). */
  attemptTimeoutMs?: number;
}

/** One delivery attempt, as the sandbox saw it. */
export interface WebhookAttempt {
  eventId: string;
  eventType: string;
  endpointUrl: string;
  attempt: number;
  /** The endpoint's HTTP status, or `null` when it could not be reached or timed out. */
  status: number | null;
  outcome: "delivered" | "failed" | "dropped";
  atEpochMs: number;
}

/** What happens to the next events: sent twice, sent late, or not sent at all. */
export type WebhookPlan =
  | { action: "duplicate"; count?: number }
  | { action: "drop"; count?: number }
  | { action: "delay"; count?: number; delayMs: number };

interface Delivery {
  mode: Mode;
  event: Stripe.Event;
  endpoint: WebhookEndpointConfig;
  attempt: number;
}

type PlanEntry = { plan: WebhookPlan; remaining: number };

const defaults = {
  maxAttempts: 6,
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  attemptTimeoutMs: 10_000,
};

/** Sends events to webhook endpoints and keeps a record of every attempt. */
export class WebhookDispatcher implements EventSink {
  private readonly endpoints: WebhookEndpointConfig[];
  private readonly retry: Required<WebhookRetryOptions>;
  private readonly attemptLog: WebhookAttempt[] = [];
  private readonly heldDeliveries: Delivery[] = [];
  private readonly plans: PlanEntry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleWaiters: Array<() => void> = [];
  private activeCount = 0;
  private holding = false;
  private closed = false;

  constructor(options: { endpoints?: WebhookEndpointConfig[]; retry?: WebhookRetryOptions }) {
    this.endpoints = [...(options.endpoints ?? [])];
    this.retry = { ...defaults, ...options.retry };
  }

  /** Adds an endpoint; it receives events published from now on. */
  addEndpoint(endpoint: WebhookEndpointConfig): void {
    this.endpoints.push(endpoint);
  }

  /** Schedules an event for every subscribed endpoint of its mode. */
  dispatch(mode: Mode, event: Stripe.Event): void {
    const targets = this.endpoints.filter(
      (endpoint) => endpoint.mode === mode && subscribes(endpoint, event.type),
    );
    event.pending_webhooks = targets.length;
    if (targets.length === 0) {
      return;
    }
    const plan = this.takePlan();
    for (const endpoint of targets) {
      this.scheduleWithPlan({ mode, event, endpoint, attempt: 1 }, plan);
    }
  }

  /** Sends an already published event again to every subscribed endpoint of its mode. */
  resend(mode: Mode, event: Stripe.Event): void {
    const targets = this.endpoints.filter(
      (endpoint) => endpoint.mode === mode && subscribes(endpoint, event.type),
    );
    for (const endpoint of targets) {
      this.send({ mode, event, endpoint, attempt: 1 });
    }
  }

  /** From now on, deliveries wait until `release()`. */
  hold(): void {
    this.holding = true;
  }

  /** Sends every held delivery, in order, and stops holding. */
  release(): number {
    this.holding = false;
    const released = this.heldDeliveries.splice(0);
    for (const delivery of released) {
      this.activeCount -= 1;
      this.send(delivery);
    }
    this.notifyIfIdle();
    return released.length;
  }

  /** Changes what happens to the next `count` events that have an endpoint (default 1). */
  planNext(plan: WebhookPlan): void {
    this.plans.push({ plan, remaining: plan.count ?? 1 });
  }

  /** Every attempt so far, oldest first. */
  attempts(): WebhookAttempt[] {
    return [...this.attemptLog];
  }

  /** How many deliveries are waiting for `release()`. */
  heldCount(): number {
    return this.heldDeliveries.length;
  }

  /** Resolves when no delivery is in flight or scheduled (held ones do not count). */
  idle(): Promise<void> {
    if (this.activeCount - this.heldDeliveries.length <= 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Cancels scheduled deliveries; nothing is sent afterwards. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.activeCount = 0;
    this.heldDeliveries.length = 0;
    this.notifyIfIdle();
  }

  private takePlan(): WebhookPlan | undefined {
    const entry = this.plans[0];
    if (!entry) {
      return undefined;
    }
    entry.remaining -= 1;
    if (entry.remaining <= 0) {
      this.plans.shift();
    }
    return entry.plan;
  }

  private scheduleWithPlan(delivery: Delivery, plan: WebhookPlan | undefined): void {
    if (plan?.action === "drop") {
      this.record(delivery, null, "dropped");
      return;
    }
    if (plan?.action === "delay") {
      this.later(plan.delayMs, () => this.send(delivery));
      return;
    }
    this.send(delivery);
    if (plan?.action === "duplicate") {
      this.send({ ...delivery });
    }
  }

  private send(delivery: Delivery): void {
    if (this.closed) {
      return;
    }
    this.activeCount += 1;
    if (this.holding) {
      this.heldDeliveries.push(delivery);
      this.notifyIfIdle();
      return;
    }
    void this.post(delivery).then((status) => this.afterAttempt(delivery, status));
  }

  private afterAttempt(delivery: Delivery, status: number | null): void {
    const delivered = status !== null && status >= 200 && status < 300;
    this.record(delivery, status, delivered ? "delivered" : "failed");
    if (delivered) {
      delivery.event.pending_webhooks = Math.max(0, delivery.event.pending_webhooks - 1);
    }
    if (!delivered && delivery.attempt < this.retry.maxAttempts) {
      const delayMs = Math.min(
        this.retry.initialDelayMs * 2 ** (delivery.attempt - 1),
        this.retry.maxDelayMs,
      );
      this.later(delayMs, () => this.send({ ...delivery, attempt: delivery.attempt + 1 }));
    }
    this.activeCount -= 1;
    this.notifyIfIdle();
  }

  private later(delayMs: number, action: () => void): void {
    this.activeCount += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.activeCount -= 1;
      action();
      this.notifyIfIdle();
    }, delayMs);
    this.timers.add(timer);
  }

  private record(delivery: Delivery, status: number | null, outcome: WebhookAttempt["outcome"]) {
    this.attemptLog.push({
      eventId: delivery.event.id,
      eventType: delivery.event.type,
      endpointUrl: delivery.endpoint.url,
      attempt: delivery.attempt,
      status,
      outcome,
      atEpochMs: Date.now(),
    });
  }

  private notifyIfIdle(): void {
    if (this.activeCount - this.heldDeliveries.length > 0) {
      return;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) {
      resolve();
    }
  }

  private post(delivery: Delivery): Promise<number | null> {
    const payload = JSON.stringify(delivery.event, null, 2);
    const signature = signatureHeader({
      payload,
      secret: delivery.endpoint.secret,
      timestampEpochSec: Math.floor(Date.now() / 1000),
    });
    return postJson({
      url: delivery.endpoint.url,
      payload,
      headers: { "stripe-signature": signature, "user-agent": "Stripe/1.0 (sandbox)" },
      timeoutMs: this.retry.attemptTimeoutMs,
    });
  }
}

function subscribes(endpoint: WebhookEndpointConfig, eventType: string): boolean {
  const enabled = endpoint.enabledEvents ?? ["*"];
  return enabled.includes("*") || enabled.includes(eventType);
}
