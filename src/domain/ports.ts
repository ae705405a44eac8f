/**
 * The ports of the domain: what the use cases need from the outside world,
 * stated in domain words. `src/stripe/` implements the payment gateway,
 * `src/store/` the token store; unit tests replace them with small fakes.
 */
import type { UpsellToken, UpsellTokenState } from "./upsell-token.js";

/** The current time. Injected so tests can move past a token's expiry. */
export interface Clock {
  nowEpochMs(): number;
}

/** Random identifiers. Injected so tests can predict them. */
export interface IdGenerator {
  /** A new upsell token: a UUID v4. */
  newUpsellToken(): string;
  /** A new id for one charge attempt (also the claim's identity). */
  newAttemptId(): string;
}

/** The link from a paid checkout session to the one upsell token it ever gets. */
export interface SessionTokenLink {
  readonly sessionId: string;
  readonly upsellToken: string;
  readonly tokenExpiresAtEpochSec: number;
}

/** Result of storing a token for a session: either this one or the one stored before. */
export interface IssueTokenResult {
  readonly created: boolean;
  readonly link: SessionTokenLink;
}

export type ChargeAttemptStatus =
  | "started"
  | "succeeded"
  | "requires_action"
  | "processing"
  | "declined"
  | "interrupted"
  | "rejected";

/** One audit record per charge attempt: token, price, payment intent, status, amount. */
export interface ChargeAttempt {
  readonly upsellToken: string;
  readonly attemptId: string;
  readonly sessionId: string;
  readonly priceId: string;
  readonly idempotencyKey: string;
  readonly status: ChargeAttemptStatus;
  readonly startedAtEpochSec: number;
  readonly updatedAtEpochSec: number;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly paymentIntentId?: string;
  readonly declineCode?: string;
}

/** The fields of an attempt that change after it started. */
export type ChargeAttemptUpdate = Pick<ChargeAttempt, "upsellToken" | "attemptId" | "status"> &
  Pick<ChargeAttempt, "updatedAtEpochSec" | "amountMinor" | "currency" | "paymentIntentId"> &
  Pick<ChargeAttempt, "declineCode">;

/** Persistence of tokens, session links and charge attempts for ONE mode. */
export interface TokenStore {
  /**
   * Stores `token` and the link of its session in one transaction, unless the
   * session already has a token: then nothing is written and the existing
   * link is returned. This is what makes "one token per session" hold across
   * duplicate webhooks, concurrent deliveries and `get-uuid`.
   */
  issueToken(args: { token: UpsellToken; linkRetentionSec: number }): Promise<IssueTokenResult>;
  /** The link of a session, read consistently. */
  findSessionLink(sessionId: string): Promise<SessionTokenLink | undefined>;
  /** A token, read consistently. */
  getToken(upsellToken: string): Promise<UpsellToken | undefined>;
  /**
   * Replaces the token's state if its version is still `expectedVersion`, and
   * increments the version. Returns false (and writes nothing) otherwise.
   */
  replaceState(args: {
    upsellToken: string;
    expectedVersion: number;
    state: UpsellTokenState;
  }): Promise<boolean>;
  /** Writes the audit record of a new charge attempt. */
  recordChargeAttempt(attempt: ChargeAttempt): Promise<void>;
  /** Records how an attempt went on: its status and what Stripe answered. */
  updateChargeAttempt(update: ChargeAttemptUpdate): Promise<void>;
}

/** Whether the customer is on the page when the upsell is charged. */
export type UpsellConfirmation = "on_session" | "off_session";

export type ProductType = "offer" | "oto";

export interface CheckoutSessionRequest {
  readonly priceId: string;
  readonly productType: ProductType;
  readonly returnUrl: string;
  readonly customerEmail?: string;
}

export interface CreatedCheckoutSession {
  readonly sessionId: string;
  readonly clientSecret: string;
}

/** What the domain needs to know about a checkout session. */
export interface CheckoutSessionSnapshot {
  readonly sessionId: string;
  readonly livemode: boolean;
  /** `open`, `complete` or `expired`. */
  readonly status: string;
  /** `paid`, `unpaid` or `no_payment_required`. */
  readonly paymentStatus: string;
  /** When Stripe created the session; it was completed later, if at all. */
  readonly createdAtEpochSec: number;
  readonly customerId?: string;
  readonly paymentMethodId?: string;
}

/** What the domain needs to know about a price. Amounts are in minor units (cents). */
export interface PriceSnapshot {
  readonly priceId: string;
  readonly livemode: boolean;
  readonly active: boolean;
  readonly type: "one_time" | "recurring";
  readonly billingScheme: "per_unit" | "tiered";
  readonly unitAmountMinor: number | null;
  readonly currency: string;
}

export interface ChargeRequest {
  readonly customerId: string;
  readonly paymentMethodId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly confirmation: UpsellConfirmation;
  /** Sent as Stripe's `Idempotency-Key`; derived from token and price. */
  readonly idempotencyKey: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * How a charge ended at Stripe. Card results are values, not exceptions:
 * a decline is a normal business outcome. Infrastructure failures (Stripe
 * unreachable, 5xx) are thrown as `AppError`s.
 */
export type ChargeOutcome =
  | {
      readonly kind: "succeeded";
      readonly paymentIntentId: string;
      readonly amountMinor: number;
      readonly currency: string;
    }
  | {
      readonly kind: "requires_action";
      readonly paymentIntentId: string;
      readonly clientSecret: string;
    }
  | { readonly kind: "processing"; readonly paymentIntentId: string }
  | {
      readonly kind: "declined";
      readonly paymentIntentId?: string;
      readonly declineCode: string;
      readonly message: string;
      /**
       * True while Stripe could still confirm, and so charge, the payment
       * intent (`requires_payment_method`, `requires_confirmation`,
       * `requires_action`): a page holding its client secret may try again.
       * Such a decline is final only once the payment intent is canceled.
       */
      readonly confirmable: boolean;
    };

/**
 * How a request to cancel a payment intent ended. `not_cancelable`: Stripe
 * refused because of the intent's status (it succeeded, is processing, or
 * was canceled already); read the intent to learn which. Failures to reach
 * Stripe are thrown as `AppError`s, as for every gateway call.
 */
export type CancelOutcome = { readonly kind: "canceled" } | { readonly kind: "not_cancelable" };

/** A verified webhook event, reduced to what the domain reads. */
export interface WebhookEvent {
  readonly eventId: string;
  readonly type: string;
  readonly livemode: boolean;
  /** Set for `checkout.session.*` events. */
  readonly checkoutSessionId?: string;
  readonly paymentStatus?: string;
}

/** Stripe, for ONE mode. */
export interface PaymentGateway {
  createCheckoutSession(request: CheckoutSessionRequest): Promise<CreatedCheckoutSession>;
  /**
   * The session with its customer and payment method, in one Stripe call.
   * Undefined when Stripe has no such session in this mode.
   */
  retrieveCheckoutSession(sessionId: string): Promise<CheckoutSessionSnapshot | undefined>;
  /** Undefined when Stripe has no such price in this mode. */
  retrievePrice(priceId: string): Promise<PriceSnapshot | undefined>;
  chargeSavedPaymentMethod(request: ChargeRequest): Promise<ChargeOutcome>;
  /** The current outcome of a payment intent created earlier. */
  retrieveChargeOutcome(paymentIntentId: string): Promise<ChargeOutcome>;
  /** Cancels a payment intent that has not charged, so nobody can confirm it any more. */
  cancelPaymentIntent(paymentIntentId: string): Promise<CancelOutcome>;
  /** Verifies the signature on the exact raw bytes; throws `InvalidSignatureError`. */
  verifyWebhookEvent(args: {
    payload: Uint8Array;
    signatureHeader: string;
    secret: string;
  }): Promise<WebhookEvent>;
}
