/**
 * The three calls a storefront makes to the upsell API: create the checkout
 * session, exchange the checkout session id for the upsell token (asking again
 * while the webhook is on its way), and charge the one-time offer.
 */
import {
  errorFromAnswer,
  type FetchFunction,
  type JsonAnswer,
  readNumber,
  readString,
  sendJson,
} from "./json-request.js";
import {
  delayBeforeAttemptMs,
  type RetryPolicy,
  resolveRetryPolicy,
  waitMs,
} from "./retry-schedule.js";
import { UpsellApiError } from "./upsell-api-error.js";

/** Stripe's test or live mode; the client never guesses it. */
export type PaymentMode = "test" | "live";

export interface UpsellClientOptions {
  /** The API's base URL, path included, e.g. `https://api.example.com/ecommerce`. */
  apiBaseUrl: string;
  /** Sent as `isTest` on every call, so test and live never mix. */
  mode: PaymentMode;
  /** The fetch to use; the global one by default (tests may wrap it). */
  fetch?: FetchFunction;
  /** Overrides of the upsell token back-off. */
  tokenRetry?: Partial<RetryPolicy>;
}

export interface CreateCheckoutSessionInput {
  /** The main offer's Stripe price id (`price_...`). */
  priceId: string;
  /** `offer` for a main offer (default), `oto` for a one-time offer sold through Checkout. */
  productType?: "offer" | "oto";
  /** Where Stripe returns the customer; the API adds `{CHECKOUT_SESSION_ID}` when missing. */
  successUrl?: string;
  customerEmail?: string;
  signal?: AbortSignal;
}

/** A Checkout Session ready to mount. */
export interface CheckoutSession {
  sessionId: string;
  clientSecret: string;
}

export interface GetUpsellTokenInput {
  /** The `session_id` Stripe put in the success page's URL. */
  sessionId: string;
  signal?: AbortSignal;
  /** Overrides of the client's back-off for this call. */
  retry?: Partial<RetryPolicy>;
}

/** The single-use token that stands for the saved card. */
export interface UpsellToken {
  upsellToken: string;
  expiresAtEpochSec: number;
  /**
   * The token's state when the API reports it: `ready` until an offer is
   * charged, then `pending`, `charged` or `declined`.
   */
  status?: string;
}

export interface ChargeUpsellInput {
  upsellToken: string;
  /** The one-time offer's price id; the API reads its amount from Stripe. */
  priceId: string;
  signal?: AbortSignal;
}

/** A one-time offer the API charged. */
export interface UpsellCharge {
  paymentIntentId: string;
  amountMinor: number;
  currency: string;
  status: string;
}

export interface UpsellClient {
  readonly mode: PaymentMode;
  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession>;
  getUpsellToken(input: GetUpsellTokenInput): Promise<UpsellToken>;
  chargeUpsell(input: ChargeUpsellInput): Promise<UpsellCharge>;
}

/**
 * Creates a client bound to one API and one mode.
 *
 * @example
 * const client = createUpsellClient({ apiBaseUrl: "/ecommerce", mode: "test" });
 * const { clientSecret, sessionId } = await client.createCheckoutSession({
 *   priceId: "price_test_main_offer",
 *   successUrl: `${location.origin}/success?session_id={CHECKOUT_SESSION_ID}`,
 * });
 */
export function createUpsellClient(options: UpsellClientOptions): UpsellClient {
  const baseUrl = options.apiBaseUrl.replace(/\/+$/, "");
  const fetchFn: FetchFunction = options.fetch ?? ((input, init) => fetch(input, init));
  const isTest = options.mode === "test";

  return {
    mode: options.mode,

    async createCheckoutSession(input) {
      const answer = await sendJson({
        fetchFn,
        method: "POST",
        url: `${baseUrl}/create-checkout-session`,
        signal: input.signal,
        body: {
          priceId: input.priceId,
          productType: input.productType ?? "offer",
          isTest,
          ...(input.successUrl ? { successUrl: input.successUrl } : {}),
          ...(input.customerEmail ? { customerEmail: input.customerEmail } : {}),
        },
      });
      return checkoutSessionFrom(answer);
    },

    async getUpsellToken(input) {
      const policy = resolveRetryPolicy({ ...options.tokenRetry, ...input.retry });
      const query = new URLSearchParams({ session_id: input.sessionId, isTest: String(isTest) });
      const url = `${baseUrl}/get-uuid?${query.toString()}`;
      return await pollUpsellToken({ fetchFn, url, policy, signal: input.signal });
    },

    async chargeUpsell(input) {
      const answer = await sendJson({
        fetchFn,
        method: "POST",
        url: `${baseUrl}/one-click-upsell`,
        signal: input.signal,
        body: { upsellToken: input.upsellToken, priceId: input.priceId, isTest },
      });
      return upsellChargeFrom(answer);
    },
  };
}

async function pollUpsellToken(args: {
  fetchFn: FetchFunction;
  url: string;
  policy: RetryPolicy;
  signal: AbortSignal | undefined;
}): Promise<UpsellToken> {
  let lastError: UpsellApiError | undefined;

  for (let attempt = 1; attempt <= args.policy.maxAttempts; attempt += 1) {
    // A throttled answer says how long to stay away; the back-off never waits less.
    const askedMs = (lastError?.retryAfterSec ?? 0) * 1000;
    await waitMs(Math.max(delayBeforeAttemptMs(args.policy, attempt), askedMs), args.signal);
    try {
      const answer = await sendJson({
        fetchFn: args.fetchFn,
        method: "GET",
        url: args.url,
        signal: args.signal,
      });
      const token = upsellTokenFrom(answer);
      if (token) return token;
      lastError = notReadyError(answer);
    } catch (error) {
      if (!(error instanceof UpsellApiError) || !error.retryable) throw error;
      lastError = error;
    }
  }

  throw new UpsellApiError({
    code: "TOKEN_NOT_READY",
    message: `The upsell token was not ready after ${args.policy.maxAttempts} attempts.`,
    status: lastError?.status ?? 0,
    retryable: true,
    cause: lastError,
  });
}

/** The token, or undefined when the API says it is not there (yet); throws on other errors. */
function upsellTokenFrom(answer: JsonAnswer): UpsellToken | undefined {
  const upsellToken = readString(answer.body, "upsellToken");
  const expiresAtEpochSec = readNumber(answer.body, "expiresAt");
  const status = readString(answer.body, "status");
  if (answer.body.success === true && upsellToken && expiresAtEpochSec !== undefined) {
    return { upsellToken, expiresAtEpochSec, ...(status ? { status } : {}) };
  }
  if (isNotThereYet(answer)) return undefined;
  throw errorFromAnswer(answer);
}

/** The guide's "not found" answer: the webhook may still be on its way. */
function isNotThereYet(answer: JsonAnswer): boolean {
  if (answer.status !== 404) return false;
  return answer.body.found === false || errorFromAnswer(answer).code === "TOKEN_NOT_FOUND";
}

function notReadyError(answer: JsonAnswer): UpsellApiError {
  return new UpsellApiError({
    code: "TOKEN_NOT_FOUND",
    message: readString(answer.body, "message") ?? "The upsell token was not found.",
    status: answer.status,
    retryable: true,
  });
}

function checkoutSessionFrom(answer: JsonAnswer): CheckoutSession {
  const sessionId = readString(answer.body, "sessionId");
  const clientSecret = readString(answer.body, "clientSecret");
  if (answer.body.success !== true) throw errorFromAnswer(answer);
  if (!sessionId || !clientSecret) throw incompleteSuccess(answer, "sessionId and clientSecret");
  return { sessionId, clientSecret };
}

function upsellChargeFrom(answer: JsonAnswer): UpsellCharge {
  if (answer.body.success !== true) throw errorFromAnswer(answer);
  const paymentIntentId = readString(answer.body, "paymentIntentId");
  const amountMinor = readNumber(answer.body, "amount");
  const currency = readString(answer.body, "currency");
  const status = readString(answer.body, "status");
  if (!paymentIntentId || amountMinor === undefined || !currency || !status) {
    throw incompleteSuccess(answer, "paymentIntentId, amount, currency and status");
  }
  return { paymentIntentId, amountMinor, currency, status };
}

function incompleteSuccess(answer: JsonAnswer, expected: string): UpsellApiError {
  return new UpsellApiError({
    code: "INVALID_RESPONSE",
    message: `The API answered success without ${expected}.`,
    status: answer.status,
  });
}
