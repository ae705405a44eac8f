/**
 * Small fakes of the domain's ports, for unit tests of the use cases. They
 * keep the ports' promises (conditional writes, one token per session,
 * Stripe's idempotency keys) so the tests exercise the real use-case code.
 */
import type { Mode } from "../../src/domain/mode.js";
import { createModeRegistry } from "../../src/domain/mode-resources.js";
import type {
  CancelOutcome,
  ChargeAttempt,
  ChargeAttemptUpdate,
  ChargeOutcome,
  ChargeRequest,
  CheckoutSessionRequest,
  CheckoutSessionSnapshot,
  Clock,
  IdGenerator,
  IssueTokenResult,
  PaymentGateway,
  PriceSnapshot,
  SessionTokenLink,
  TokenStore,
  WebhookEvent,
} from "../../src/domain/ports.js";
import type { UpsellToken, UpsellTokenState } from "../../src/domain/upsell-token.js";
import type { DomainSettings, UseCaseDeps } from "../../src/domain/use-cases/use-case-deps.js";
import { createLogger, type Logger } from "../../src/log/logger.js";

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public epochMs = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  nowEpochMs(): number {
    return this.epochMs;
  }
  advanceSec(seconds: number): void {
    this.epochMs += seconds * 1000;
  }
  nowEpochSec(): number {
    return Math.floor(this.epochMs / 1000);
  }
}

/** Predictable ids: token-1..., attempt-1... (tokens are valid UUID v4s). */
export class SequentialIds implements IdGenerator {
  private tokens = 0;
  private attempts = 0;
  newUpsellToken(): string {
    this.tokens += 1;
    return `00000000-0000-4000-8000-${String(this.tokens).padStart(12, "0")}`;
  }
  newAttemptId(): string {
    this.attempts += 1;
    return `attempt-${this.attempts}`;
  }
}

/** Token store in memory, with the same conditional semantics as DynamoDB's. */
export class InMemoryTokenStore implements TokenStore {
  readonly tokens = new Map<string, UpsellToken>();
  readonly links = new Map<string, SessionTokenLink>();
  readonly attempts = new Map<string, ChargeAttempt>();
  /** When set, every call fails with this error (the store is down). */
  failure: Error | undefined;

  async issueToken(args: { token: UpsellToken }): Promise<IssueTokenResult> {
    this.throwIfDown();
    const existing = this.links.get(args.token.sessionId);
    if (existing) return { created: false, link: existing };
    const link = {
      sessionId: args.token.sessionId,
      upsellToken: args.token.upsellToken,
      tokenExpiresAtEpochSec: args.token.expiresAtEpochSec,
    };
    this.links.set(link.sessionId, link);
    this.tokens.set(args.token.upsellToken, args.token);
    return { created: true, link };
  }

  async findSessionLink(sessionId: string): Promise<SessionTokenLink | undefined> {
    this.throwIfDown();
    return this.links.get(sessionId);
  }

  async getToken(upsellToken: string): Promise<UpsellToken | undefined> {
    this.throwIfDown();
    return this.tokens.get(upsellToken);
  }

  async replaceState(args: {
    upsellToken: string;
    expectedVersion: number;
    state: UpsellTokenState;
  }): Promise<boolean> {
    this.throwIfDown();
    const token = this.tokens.get(args.upsellToken);
    if (!token || token.version !== args.expectedVersion) return false;
    this.tokens.set(args.upsellToken, { ...token, state: args.state, version: token.version + 1 });
    return true;
  }

  async recordChargeAttempt(attempt: ChargeAttempt): Promise<void> {
    this.throwIfDown();
    this.attempts.set(attempt.attemptId, attempt);
  }

  async updateChargeAttempt(update: ChargeAttemptUpdate): Promise<void> {
    this.throwIfDown();
    const attempt = this.attempts.get(update.attemptId);
    if (attempt) this.attempts.set(update.attemptId, { ...attempt, ...update });
  }

  /** Puts a token straight into the store (test setup). */
  seed(token: UpsellToken): void {
    this.tokens.set(token.upsellToken, token);
    this.links.set(token.sessionId, {
      sessionId: token.sessionId,
      upsellToken: token.upsellToken,
      tokenExpiresAtEpochSec: token.expiresAtEpochSec,
    });
  }

  private throwIfDown(): void {
    if (this.failure) throw this.failure;
  }
}

/** What the fake gateway answers to a charge: an outcome, or a thrown error. */
export type ChargeScript = (request: ChargeRequest) => ChargeOutcome | Error;

/**
 * A payment gateway in memory. Charges honour idempotency keys as Stripe
 * does: the same key returns the first outcome and creates nothing new.
 */
export class FakeGateway implements PaymentGateway {
  readonly prices = new Map<string, PriceSnapshot>();
  readonly sessions = new Map<string, CheckoutSessionSnapshot>();
  readonly paymentIntents = new Map<string, ChargeOutcome>();
  readonly chargeRequests: ChargeRequest[] = [];
  readonly createdSessions: CheckoutSessionRequest[] = [];
  chargeScript: ChargeScript = (request) => ({
    kind: "succeeded",
    paymentIntentId: `pi_${this.paymentIntents.size + 1}`,
    amountMinor: request.amountMinor,
    currency: request.currency,
  });
  /** Later outcome of a payment intent (after authentication). */
  readonly laterOutcomes = new Map<string, ChargeOutcome>();
  readonly cancelRequests: string[] = [];
  /** When set, every cancel fails with this error. */
  cancelFailure: Error | undefined;
  nextEvent: WebhookEvent | Error | undefined;
  private readonly byIdempotencyKey = new Map<string, ChargeOutcome>();

  constructor(readonly mode: Mode) {}

  async createCheckoutSession(request: CheckoutSessionRequest) {
    this.createdSessions.push(request);
    const sessionId = `cs_${this.mode}_${this.createdSessions.length}`;
    return { sessionId, clientSecret: `${sessionId}_secret_x` };
  }

  async retrieveCheckoutSession(sessionId: string) {
    return this.sessions.get(sessionId);
  }

  async retrievePrice(priceId: string) {
    return this.prices.get(priceId);
  }

  async chargeSavedPaymentMethod(request: ChargeRequest): Promise<ChargeOutcome> {
    this.chargeRequests.push(request);
    const replay = this.byIdempotencyKey.get(request.idempotencyKey);
    if (replay) return replay;
    const outcome = this.chargeScript(request);
    if (outcome instanceof Error) throw outcome;
    this.byIdempotencyKey.set(request.idempotencyKey, outcome);
    if (outcome.paymentIntentId) this.paymentIntents.set(outcome.paymentIntentId, outcome);
    return outcome;
  }

  async retrieveChargeOutcome(paymentIntentId: string): Promise<ChargeOutcome> {
    const outcome =
      this.laterOutcomes.get(paymentIntentId) ?? this.paymentIntents.get(paymentIntentId);
    if (!outcome) throw new Error(`no payment intent ${paymentIntentId}`);
    return outcome;
  }

  /**
   * Cancels as Stripe does: only an intent that has not charged (a
   * confirmable decline, or one awaiting authentication). Set
   * `cancelFailure` to make the call fail (Stripe unreachable).
   */
  async cancelPaymentIntent(paymentIntentId: string): Promise<CancelOutcome> {
    this.cancelRequests.push(paymentIntentId);
    if (this.cancelFailure) throw this.cancelFailure;
    const current = await this.retrieveChargeOutcome(paymentIntentId);
    const cancelable =
      current.kind === "requires_action" || (current.kind === "declined" && current.confirmable);
    if (!cancelable) return { kind: "not_cancelable" };
    this.laterOutcomes.set(paymentIntentId, {
      kind: "declined",
      paymentIntentId,
      declineCode: "canceled",
      message: "The payment was canceled.",
      confirmable: false,
    });
    return { kind: "canceled" };
  }

  async verifyWebhookEvent(): Promise<WebhookEvent> {
    const event = this.nextEvent;
    if (!event) throw new Error("no event scripted");
    if (event instanceof Error) throw event;
    return event;
  }
}

/** A one-time upsell price as Stripe would describe it. */
export function oneTimePrice(overrides: Partial<PriceSnapshot> = {}): PriceSnapshot {
  return {
    priceId: "price_upsell",
    livemode: false,
    active: true,
    type: "one_time",
    billingScheme: "per_unit",
    unitAmountMinor: 2900,
    currency: "usd",
    ...overrides,
  };
}

/** A token as the webhook stores it, ready to be charged. */
export function readyToken(overrides: Partial<UpsellToken> = {}): UpsellToken {
  return {
    upsellToken: "11111111-1111-4111-8111-111111111111",
    mode: "test",
    sessionId: "cs_test_paid",
    customerId: "cus_1",
    paymentMethodId: "pm_1",
    createdAtEpochSec: Date.UTC(2026, 0, 15, 11, 0, 0) / 1000,
    expiresAtEpochSec: Date.UTC(2026, 0, 16, 11, 0, 0) / 1000,
    version: 1,
    state: { status: "ready" },
    ...overrides,
  };
}

export const baseSettings: DomainSettings = {
  tokenTtlSec: 86_400,
  claimTimeoutSec: 60,
  linkRetentionSec: 7 * 86_400,
  upsellConfirmation: "on_session",
  allowedOrigins: ["https://shop.example"],
  defaultSuccessUrl: "https://shop.example/success",
};

export interface FakeWorld {
  readonly deps: UseCaseDeps;
  readonly clock: ManualClock;
  readonly ids: SequentialIds;
  readonly stores: Record<Mode, InMemoryTokenStore>;
  readonly gateways: Record<Mode, FakeGateway>;
  readonly logLines: string[];
}

/** Use-case dependencies over fakes, both modes served. */
export function fakeWorld(options: { settings?: Partial<DomainSettings> } = {}): FakeWorld {
  const clock = new ManualClock();
  const ids = new SequentialIds();
  const stores = { test: new InMemoryTokenStore(), live: new InMemoryTokenStore() };
  const gateways = { test: new FakeGateway("test"), live: new FakeGateway("live") };
  const logLines: string[] = [];
  const logger: Logger = createLogger({
    level: "debug",
    service: "test",
    write: (line) => logLines.push(line),
  });
  const registry = createModeRegistry(
    (["test", "live"] as const).map((mode) => ({
      mode,
      gateway: gateways[mode],
      store: stores[mode],
      upsellPriceIds: ["price_upsell", "price_downsell"],
    })),
  );
  const deps: UseCaseDeps = {
    registry,
    clock,
    ids,
    logger,
    settings: { ...baseSettings, ...options.settings },
  };
  return { deps, clock, ids, stores, gateways, logLines };
}
