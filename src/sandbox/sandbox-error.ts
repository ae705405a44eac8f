/**
 * Errors the sandbox answers with, in Stripe's error body shape
 * (`{ error: { type, code, message, param, decline_code, payment_intent, ... } }`), so the
 * SDK maps each one to its real error class by HTTP status and `type`.
 */
import type Stripe from "stripe";

/** Stripe's error `type` values that the sandbox uses. */
export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

/** The body Stripe sends inside `{ error: ... }`. */
export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: Stripe.PaymentIntent;
  payment_method?: Stripe.PaymentMethod;
}

/** Options of a sandbox error. */
export interface SandboxErrorOptions {
  status: number;
  body: StripeErrorBody;
  /**
   * Whether the idempotency layer saves this answer for replays. Stripe saves a result only
   * once execution has started: a card decline is saved, a rejected parameter is not.
   */
  savedForReplay?: boolean;
}

/** A failed API call, thrown by handlers and turned into Stripe's error response. */
export class SandboxError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly savedForReplay: boolean;

  constructor(options: SandboxErrorOptions) {
    super(options.body.message);
    this.name = "SandboxError";
    this.status = options.status;
    this.body = options.body;
    this.savedForReplay = options.savedForReplay ?? false;
  }
}

const docsBase = "https://stripe.com/docs/error-codes";

function docUrl(code: string): string {
  return `${docsBase}/${code.replaceAll("_", "-")}`;
}

/** A 400 `invalid_request_error`, optionally with a code and the parameter at fault. */
export function invalidRequest(input: {
  message: string;
  param?: string;
  code?: string;
}): SandboxError {
  const body: StripeErrorBody = { type: "invalid_request_error", message: input.message };
  if (input.code) {
    body.code = input.code;
    body.doc_url = docUrl(input.code);
  }
  if (input.param) {
    body.param = input.param;
  }
  return new SandboxError({ status: 400, body });
}

/** A parameter this endpoint does not know (or no longer knows at this API version). */
export function parameterUnknown(param: string): SandboxError {
  return invalidRequest({
    message: `Received unknown parameter: ${param}`,
    param,
    code: "parameter_unknown",
  });
}

/** A required parameter is absent. */
export function parameterMissing(param: string): SandboxError {
  return invalidRequest({
    message: `Missing required param: ${param}.`,
    param,
    code: "parameter_missing",
  });
}

/** A value outside the allowed set, worded like Stripe's enum errors. */
export function invalidEnum(param: string, allowed: readonly string[]): SandboxError {
  const head = allowed.slice(0, -1).join(", ");
  const last = allowed.at(-1) ?? "";
  const list = allowed.length > 1 ? `${head}, or ${last}` : last;
  return invalidRequest({ message: `Invalid ${param}: must be one of ${list}`, param });
}

/** Options of a missing-object error. */
export interface ResourceMissingInput {
  objectName: string;
  id: string;
  param?: string;
  /** The object exists, but in the other mode: Stripe says so in the message. */
  existsInOtherMode?: "test" | "live";
}

/** A 404 `resource_missing` for an id the current mode does not hold. */
export function resourceMissing(input: ResourceMissingInput): SandboxError {
  let message = `No such ${input.objectName}: '${input.id}'`;
  if (input.existsInOtherMode) {
    const usedMode = input.existsInOtherMode === "live" ? "test" : "live";
    message +=
      `; a similar object exists in ${input.existsInOtherMode} mode, ` +
      `but a ${usedMode} mode key was used to make this request.`;
  }
  const body: StripeErrorBody = {
    type: "invalid_request_error",
    code: "resource_missing",
    doc_url: docUrl("resource_missing"),
    message,
  };
  if (input.param) {
    body.param = input.param;
  }
  return new SandboxError({ status: 404, body });
}

/** Details of a card failure. */
export interface CardErrorInput {
  code: string;
  declineCode?: string;
  message: string;
  paymentIntent?: Stripe.PaymentIntent;
  paymentMethod?: Stripe.PaymentMethod;
  chargeId?: string;
}

/** A 402 `card_error`: the request ran and the card failed, so the answer is replayable. */
export function cardError(input: CardErrorInput): SandboxError {
  const body: StripeErrorBody = {
    type: "card_error",
    code: input.code,
    doc_url: docUrl(input.code),
    message: input.message,
  };
  if (input.declineCode) {
    body.decline_code = input.declineCode;
  }
  if (input.paymentIntent) {
    body.payment_intent = input.paymentIntent;
  }
  if (input.paymentMethod) {
    body.payment_method = input.paymentMethod;
  }
  if (input.chargeId) {
    body.charge = input.chargeId;
  }
  return new SandboxError({ status: 402, body, savedForReplay: true });
}

/** A 401 for a missing or malformed secret key (the key itself is never echoed in full). */
export function authenticationFailure(message: string): SandboxError {
  return new SandboxError({ status: 401, body: { type: "invalid_request_error", message } });
}

/** A 500 `api_error`, for unexpected failures and injected faults. */
export function apiError(message: string): SandboxError {
  return new SandboxError({ status: 500, body: { type: "api_error", message } });
}

/** A 429 rate limit, for injected faults. */
export function rateLimited(): SandboxError {
  return new SandboxError({
    status: 429,
    body: {
      type: "invalid_request_error",
      code: "rate_limit",
      doc_url: docUrl("rate_limit"),
      message: "Too many requests hit the API too quickly. Slow down and retry later.",
    },
  });
}

/** The serialized response body of an error. */
export function errorResponseBody(error: SandboxError): { error: StripeErrorBody } {
  return { error: error.body };
}
