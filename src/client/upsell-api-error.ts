/**
 * The one error type the browser client throws. A page switches on `code`: the
 * API's stable codes pass through unchanged, and the client adds a few of its own
 * for failures that never reached the API (network, abort, an exhausted retry).
 */

/** Codes the client raises itself, when there is no API answer to carry. */
export type ClientErrorCode =
  | "NETWORK_ERROR"
  | "ABORTED"
  | "INVALID_RESPONSE"
  | "TOKEN_NOT_READY"
  | "AUTHENTICATION_FAILED"
  | "CHECKOUT_UNAVAILABLE";

/**
 * Codes the API answers with (see docs/integration-guide.md). The list is open:
 * a code added to the API later still arrives as a string.
 */
export type ApiErrorCode =
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
  | "PAYMENT_PROVIDER_UNAVAILABLE"
  | "PAYMENT_PROVIDER_ERROR"
  | "PAYMENT_PROVIDER_REJECTED"
  | "STORE_UNAVAILABLE"
  | "RATE_LIMITED"
  | "INTERNAL_ERROR";

/** Every code a page may see on an {@link UpsellApiError}. */
export type UpsellErrorCode = ApiErrorCode | ClientErrorCode | (string & {});

/** What an {@link UpsellApiError} is built from. */
export interface UpsellApiErrorInit {
  code: UpsellErrorCode;
  message: string;
  /** HTTP status of the answer; 0 when no answer arrived. */
  status: number;
  /** Whether sending the same request again may succeed; derived from status when absent. */
  retryable?: boolean;
  /** How long the API asked to wait before trying again (`Retry-After`), in seconds. */
  retryAfterSec?: number;
  /** The bank's decline code, on `PAYMENT_FAILED`. */
  declineCode?: string;
  /** The payment intent concerned, on `PAYMENT_FAILED` and `AUTHENTICATION_REQUIRED`. */
  paymentIntentId?: string;
  /** The payment intent's client secret, on `AUTHENTICATION_REQUIRED` only. */
  clientSecret?: string;
  cause?: unknown;
}

/**
 * An error from the upsell API or from the client on its way to it.
 *
 * @example
 * try {
 *   await client.chargeUpsell({ upsellToken, priceId });
 * } catch (error) {
 *   if (error instanceof UpsellApiError && error.code === "PAYMENT_FAILED") {
 *     showDeclined(error.message);
 *   }
 * }
 */
export class UpsellApiError extends Error {
  override readonly name = "UpsellApiError";
  readonly code: UpsellErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterSec: number | undefined;
  readonly declineCode: string | undefined;
  readonly paymentIntentId: string | undefined;
  readonly clientSecret: string | undefined;

  constructor(init: UpsellApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.retryable = init.retryable ?? isRetryableStatus(init.status);
    this.retryAfterSec = init.retryAfterSec;
    this.declineCode = init.declineCode;
    this.paymentIntentId = init.paymentIntentId;
    this.clientSecret = init.clientSecret;
  }
}

/** Statuses after which the same request may succeed: throttling and server-side failures. */
function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
