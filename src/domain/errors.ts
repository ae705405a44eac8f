/**
 * The errors of the product, each with a stable `code` that clients switch on.
 *
 * One base class, `AppError`; one subclass per kind of failure. The HTTP layer
 * maps a code to a status and a public body in one function
 * (`src/http/error-response.ts`); anything that is not an `AppError` becomes a
 * generic 500 there and its detail goes to the log only.
 */

/** Every code a client may see in `error.code`. */
export type ErrorCode =
  | "INVALID_REQUEST"
  | "MALFORMED_JSON"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "NOT_FOUND"
  | "MODE_MISMATCH"
  | "MODE_NOT_AVAILABLE"
  | "SUCCESS_URL_NOT_ALLOWED"
  | "PRICE_NOT_FOUND"
  | "PRICE_NOT_ALLOWED"
  | "PRICE_NOT_CHARGEABLE"
  | "CHECKOUT_REJECTED"
  | "TOKEN_NOT_FOUND"
  | "TOKEN_EXPIRED"
  | "TOKEN_ALREADY_USED"
  | "CHARGE_IN_PROGRESS"
  | "PAYMENT_FAILED"
  | "AUTHENTICATION_REQUIRED"
  | "INVALID_SIGNATURE"
  | "WEBHOOK_NOT_CONFIGURED"
  | "PAYMENT_PROVIDER_UNAVAILABLE"
  | "PAYMENT_PROVIDER_ERROR"
  | "PAYMENT_PROVIDER_REJECTED"
  | "STORE_UNAVAILABLE"
  | "RATE_LIMITED"
  | "INTERNAL_ERROR";

/** Extra public fields an error adds to the `error` object of the response. */
export type PublicDetails = Readonly<Record<string, string | number | boolean>>;

export interface AppErrorOptions {
  /** The failure this error wraps; logged, never sent to a client. */
  cause?: unknown;
}

/** Base of every expected failure. `message` is safe to show to a client. */
export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;

  /** True when sending the same request again later may succeed. */
  get retryable(): boolean {
    return false;
  }

  /** Fields copied into the public error body next to `code` and `message`. */
  get publicDetails(): PublicDetails {
    return {};
  }

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
  }
}

/** The request does not match its schema. `issues` lists the offending fields. */
export class InvalidRequestError extends AppError {
  readonly code = "INVALID_REQUEST";
  readonly issues: readonly string[];

  constructor(message: string, options: AppErrorOptions & { issues?: readonly string[] } = {}) {
    super(message, options);
    this.issues = options.issues ?? [];
  }
}

/** `isTest` and a Stripe object disagree about the mode, or a webhook came to the wrong mode. */
export class ModeMismatchError extends AppError {
  readonly code = "MODE_MISMATCH";
}

/** The deployment does not serve the requested mode (live on stage dev, or no key). */
export class ModeNotAvailableError extends AppError {
  readonly code = "MODE_NOT_AVAILABLE";
}

/** `successUrl` is not an absolute http(s) URL on an allowed origin. */
export class SuccessUrlNotAllowedError extends AppError {
  readonly code = "SUCCESS_URL_NOT_ALLOWED";
}

/** Stripe has no such price in this mode. */
export class PriceNotFoundError extends AppError {
  readonly code = "PRICE_NOT_FOUND";
}

/** The price is not on this mode's upsell allowlist. */
export class PriceNotAllowedError extends AppError {
  readonly code = "PRICE_NOT_ALLOWED";
}

/** The price exists but cannot be charged once: inactive, recurring, tiered or without amount. */
export class PriceNotChargeableError extends AppError {
  readonly code = "PRICE_NOT_CHARGEABLE";
}

/** Stripe refused the parameters of a checkout session (an unusable price, usually). */
export class CheckoutRejectedError extends AppError {
  readonly code = "CHECKOUT_REJECTED";
}

/** No upsell token for this session or value (yet). */
export class TokenNotFoundError extends AppError {
  readonly code = "TOKEN_NOT_FOUND";
}

/** The upsell token exists but its lifetime is over. */
export class TokenExpiredError extends AppError {
  readonly code = "TOKEN_EXPIRED";
}

/** The token was used (or is bound) for another offer than the one requested. */
export class TokenAlreadyUsedError extends AppError {
  readonly code = "TOKEN_ALREADY_USED";
}

/** Another request holds the claim on this token right now; try again shortly. */
export class ChargeInProgressError extends AppError {
  readonly code = "CHARGE_IN_PROGRESS";

  override get retryable(): boolean {
    return true;
  }
}

/** The bank declined the charge. The message is the card's decline message. */
export class PaymentFailedError extends AppError {
  readonly code = "PAYMENT_FAILED";
  readonly declineCode: string;
  readonly paymentIntentId: string | undefined;

  constructor(args: { message: string; declineCode: string; paymentIntentId?: string }) {
    super(args.message);
    this.declineCode = args.declineCode;
    this.paymentIntentId = args.paymentIntentId;
  }

  override get publicDetails(): PublicDetails {
    const details: Record<string, string> = { declineCode: this.declineCode };
    if (this.paymentIntentId) details.paymentIntentId = this.paymentIntentId;
    return details;
  }
}

/** The bank wants the customer to authenticate; the page finishes it with Stripe.js. */
export class AuthenticationRequiredError extends AppError {
  readonly code = "AUTHENTICATION_REQUIRED";
  readonly paymentIntentId: string;
  readonly clientSecret: string;

  constructor(args: { paymentIntentId: string; clientSecret: string }) {
    super("The bank requires the customer to authenticate this payment.");
    this.paymentIntentId = args.paymentIntentId;
    this.clientSecret = args.clientSecret;
  }

  override get publicDetails(): PublicDetails {
    return { paymentIntentId: this.paymentIntentId, clientSecret: this.clientSecret };
  }
}

/** The webhook's signature is missing, malformed, wrong or too old. */
export class InvalidSignatureError extends AppError {
  readonly code = "INVALID_SIGNATURE";
}

/** The webhook endpoint has no signing secret configured; Stripe should retry later. */
export class WebhookNotConfiguredError extends AppError {
  readonly code = "WEBHOOK_NOT_CONFIGURED";

  override get retryable(): boolean {
    return true;
  }
}

/** Stripe could not be reached, timed out or rate-limited us. Nothing was decided. */
export class PaymentProviderUnavailableError extends AppError {
  readonly code = "PAYMENT_PROVIDER_UNAVAILABLE";

  override get retryable(): boolean {
    return true;
  }
}

/** Stripe answered with a server error. */
export class PaymentProviderError extends AppError {
  readonly code = "PAYMENT_PROVIDER_ERROR";

  override get retryable(): boolean {
    return true;
  }
}

/** Stripe refused a request this service built (configuration or programming error). */
export class PaymentProviderRejectedError extends AppError {
  readonly code = "PAYMENT_PROVIDER_REJECTED";
}

/** DynamoDB failed or could not be reached. */
export class StoreUnavailableError extends AppError {
  readonly code = "STORE_UNAVAILABLE";

  override get retryable(): boolean {
    return true;
  }
}
