/**
 * The operations of the API, described once: method, path, purpose, request
 * schema, success schema and the error codes each can answer. The OpenAPI
 * document and the docs page are generated from this list; the routes use
 * the same schemas to validate.
 */
import type * as z from "zod";
import type { ErrorCode } from "../domain/errors.js";
import {
  checkoutSessionCreated,
  createCheckoutSessionBody,
  getUuidQuery,
  oneClickUpsellBody,
  upsellCharged,
  upsellStatus,
  upsellStatusQuery,
  upsellTokenFound,
  webhookReceived,
} from "./schemas.js";

export interface ApiOperation {
  readonly method: "get" | "post";
  /** Path under `/ecommerce`. */
  readonly path: string;
  readonly summary: string;
  readonly description: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodObject;
  /** A raw body (webhooks): described, not validated by a schema. */
  readonly rawBody?: string;
  readonly success: z.ZodType;
  readonly errors: readonly ErrorCode[];
}

const everywhere: readonly ErrorCode[] = ["INTERNAL_ERROR"];
const jsonBodyErrors: readonly ErrorCode[] = [
  "INVALID_REQUEST",
  "MALFORMED_JSON",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
];
const providerErrors: readonly ErrorCode[] = [
  "PAYMENT_PROVIDER_UNAVAILABLE",
  "PAYMENT_PROVIDER_ERROR",
  "PAYMENT_PROVIDER_REJECTED",
];

/** The operations served on a stage whose webhook paths are `webhookPaths`. */
export function apiOperations(webhookPaths: readonly string[]): readonly ApiOperation[] {
  return [
    {
      method: "post",
      path: "/create-checkout-session",
      summary: "Create an embedded Checkout Session",
      description:
        "Creates a Stripe Checkout Session (ui_mode embedded_page) for one unit of the price, " +
        "saving the card to a new customer for the one-click upsell. Mount it with Stripe.js " +
        "createEmbeddedCheckoutPage and the returned clientSecret.",
      body: createCheckoutSessionBody,
      success: checkoutSessionCreated,
      errors: [
        ...jsonBodyErrors,
        "MODE_NOT_AVAILABLE",
        "SUCCESS_URL_NOT_ALLOWED",
        "PRICE_NOT_FOUND",
        "CHECKOUT_REJECTED",
        ...providerErrors,
        ...everywhere,
      ],
    },
    {
      method: "get",
      path: "/get-uuid",
      summary: "Exchange a Checkout Session id for its upsell token",
      description:
        "Returns the upsell token of a paid checkout. If the webhook has not arrived yet but " +
        "Stripe reports the session complete and paid, the token is created now. On 404, " +
        "wait and retry (the guide: up to 10 times with back-off).",
      query: getUuidQuery,
      success: upsellTokenFound,
      errors: [
        "INVALID_REQUEST",
        "RATE_LIMITED",
        "MODE_MISMATCH",
        "MODE_NOT_AVAILABLE",
        "TOKEN_NOT_FOUND",
        "TOKEN_EXPIRED",
        "STORE_UNAVAILABLE",
        ...providerErrors,
        ...everywhere,
      ],
    },
    {
      method: "post",
      path: "/one-click-upsell",
      summary: "Charge the saved card for an upsell",
      description:
        "Charges the upsell token's saved card for an allowlisted price, exactly once. " +
        "Repeating a successful request returns the same payment. On AUTHENTICATION_REQUIRED, " +
        "finish with Stripe.js (handleNextAction with the clientSecret), then repeat this " +
        "request or ask /upsell-status for the outcome.",
      body: oneClickUpsellBody,
      success: upsellCharged,
      errors: [
        ...jsonBodyErrors,
        "RATE_LIMITED",
        "MODE_NOT_AVAILABLE",
        "TOKEN_NOT_FOUND",
        "TOKEN_EXPIRED",
        "PRICE_NOT_ALLOWED",
        "PRICE_NOT_FOUND",
        "PRICE_NOT_CHARGEABLE",
        "TOKEN_ALREADY_USED",
        "CHARGE_IN_PROGRESS",
        "PAYMENT_FAILED",
        "AUTHENTICATION_REQUIRED",
        "STORE_UNAVAILABLE",
        ...providerErrors,
        ...everywhere,
      ],
    },
    {
      method: "get",
      path: "/upsell-status",
      summary: "Read the status of an upsell token",
      description:
        "ready, charging, pending (waiting for authentication), charged or declined. A pending " +
        "payment is refreshed from Stripe first, so this is how a page learns the outcome " +
        "after the customer authenticated.",
      query: upsellStatusQuery,
      success: upsellStatus,
      errors: [
        "INVALID_REQUEST",
        "MODE_NOT_AVAILABLE",
        "TOKEN_NOT_FOUND",
        "STORE_UNAVAILABLE",
        ...providerErrors,
        ...everywhere,
      ],
    },
    ...webhookPaths.map(
      (path): ApiOperation => ({
        method: "post",
        path,
        summary: "Stripe webhook (Stripe only)",
        description:
          "Receives checkout.session.completed and checkout.session.async_payment_succeeded, " +
          "verified with this endpoint's signing secret, and stores the upsell token. Other " +
          "events are acknowledged and ignored. Any failure to store answers 5xx so Stripe " +
          "delivers again.",
        rawBody: "The exact event JSON Stripe signed, with its Stripe-Signature header.",
        success: webhookReceived,
        errors: [
          "INVALID_SIGNATURE",
          "INVALID_REQUEST",
          "MODE_MISMATCH",
          "MODE_NOT_AVAILABLE",
          "PAYLOAD_TOO_LARGE",
          "WEBHOOK_NOT_CONFIGURED",
          "STORE_UNAVAILABLE",
          ...providerErrors,
          ...everywhere,
        ],
      }),
    ),
  ];
}
