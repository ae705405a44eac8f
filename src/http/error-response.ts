/**
 * THE mapping from an error to an HTTP status and the public JSON body. Every
 * error of every route goes through `toErrorResponse`; nothing else decides a
 * status for a failure.
 *
 * Body: `{ success: false, error: { code, message, retryable, ...details } }`.
 * A token lookup miss also carries the guide's `found: false` and `message`
 * at the top level, so pages written against the guide keep working.
 * Anything that is not an `AppError` is a bug or an unforeseen failure: the
 * client gets a generic 500 and the detail goes to the log only.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorCode, InvalidRequestError } from "../domain/errors.js";

const statusByCode: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  INVALID_REQUEST: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  MODE_MISMATCH: 400,
  MODE_NOT_AVAILABLE: 400,
  SUCCESS_URL_NOT_ALLOWED: 400,
  PRICE_NOT_FOUND: 400,
  PRICE_NOT_ALLOWED: 400,
  PRICE_NOT_CHARGEABLE: 400,
  CHECKOUT_REJECTED: 400,
  TOKEN_NOT_FOUND: 404,
  TOKEN_EXPIRED: 410,
  TOKEN_ALREADY_USED: 409,
  CHARGE_IN_PROGRESS: 409,
  PAYMENT_FAILED: 402,
  AUTHENTICATION_REQUIRED: 402,
  INVALID_SIGNATURE: 400,
  WEBHOOK_NOT_CONFIGURED: 503,
  PAYMENT_PROVIDER_UNAVAILABLE: 503,
  PAYMENT_PROVIDER_ERROR: 502,
  PAYMENT_PROVIDER_REJECTED: 502,
  STORE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
};

/** The HTTP status of an error code (for the OpenAPI document and docs page). */
export function statusOfCode(code: ErrorCode): ContentfulStatusCode {
  return statusByCode[code];
}

/** Codes whose body also has the guide's top-level `found: false` and `message`. */
const lookupMissCodes: ReadonlySet<ErrorCode> = new Set(["TOKEN_NOT_FOUND", "TOKEN_EXPIRED"]);

/** Seconds a client should wait before retrying, per retryable code. */
const retryAfterSecByCode: Readonly<Partial<Record<ErrorCode, number>>> = {
  CHARGE_IN_PROGRESS: 1,
};
const defaultRetryAfterSec = 2;

export interface ErrorBody {
  readonly success: false;
  readonly found?: false;
  readonly message?: string;
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly retryable: boolean;
    readonly [detail: string]: string | number | boolean | readonly string[];
  };
}

export interface ErrorResponse {
  readonly status: ContentfulStatusCode;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
  /** False for errors the client caused or expects; true for failures to investigate. */
  readonly isServerFault: boolean;
}

/** Maps any thrown value to the response the client gets. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (!(error instanceof AppError)) return internalError();

  const status = statusByCode[error.code];
  const issues = error instanceof InvalidRequestError && error.issues.length > 0;
  const body: ErrorBody = {
    success: false,
    ...(lookupMissCodes.has(error.code) ? { found: false, message: error.message } : {}),
    error: {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...error.publicDetails,
      ...(issues ? { issues: error.issues } : {}),
    },
  };
  const retryAfterSec = retryAfterSecByCode[error.code] ?? defaultRetryAfterSec;
  return {
    status,
    body,
    headers: error.retryable ? { "retry-after": String(retryAfterSec) } : {},
    isServerFault: status >= 500,
  };
}

function internalError(): ErrorResponse {
  return {
    status: 500,
    body: {
      success: false,
      error: {
        code: "INTERNAL_ERROR",
        message: "Something went wrong on our side.",
        retryable: false,
      },
    },
    headers: {},
    isServerFault: true,
  };
}
