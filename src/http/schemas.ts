/**
 * The request and response schemas of the API. The same zod schemas validate
 * every request and generate the OpenAPI document (`openapi-document.ts`), so
 * the published contract cannot drift from what the code accepts.
 *
 * Request objects are not strict: unknown fields are dropped, never used
 * (an `amount` sent by a client is ignored; amounts come from Stripe).
 */
import * as z from "zod";
import type { ErrorCode } from "../domain/errors.js";

const priceId = z
  .string()
  .max(255)
  .regex(/^price_[A-Za-z0-9_]+$/, { error: "must be a Stripe price id (price_...)" })
  .meta({ description: "A Stripe price id.", example: "price_1SReks2uBHxDuQdErHcHumBk" });

const upsellToken = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, {
    error: "must be an upsell token (UUID v4)",
  })
  .meta({
    description: "The upsell token from get-uuid.",
    example: "c4c8c4a9-270d-4296-868f-ace647345651",
  });

const sessionId = z
  .string()
  .max(300)
  .regex(/^cs_(test|live)_[A-Za-z0-9_]+$/, {
    error: "must be a Checkout Session id (cs_test_... or cs_live_...)",
  })
  .meta({
    description: "The Checkout Session id from the success URL.",
    example: "cs_test_a1B2c3",
  });

const isTestQuery = z
  .enum(["true", "false"], { error: "must be true or false" })
  .optional()
  .meta({ description: "true for Stripe test mode, false (default) for live mode." });

export const createCheckoutSessionBody = z.object({
  priceId,
  productType: z
    .enum(["offer", "oto"], { error: "must be offer or oto" })
    .meta({ description: "What is sold: the main offer or a one-time offer." }),
  isTest: z
    .boolean({ error: "must be a boolean" })
    .default(false)
    .meta({ description: "true for Stripe test mode; false (the default) is LIVE mode." }),
  successUrl: z
    .string()
    .max(2048)
    .optional()
    .meta({
      description:
        "Where Stripe returns after payment; must be on an allowed origin. " +
        "`session_id={CHECKOUT_SESSION_ID}` is added when the placeholder is missing.",
      example: "https://yoursite.com/success.html?session_id={CHECKOUT_SESSION_ID}",
    }),
  customerEmail: z
    .email({ error: "must be an email address" })
    .max(254)
    .optional()
    .meta({ description: "Pre-fills the email field of the checkout." }),
});

export const getUuidQuery = z.object({ session_id: sessionId, isTest: isTestQuery });

export const oneClickUpsellBody = z.object({
  upsellToken,
  priceId,
  isTest: z
    .boolean({ error: "must be a boolean" })
    .optional()
    .meta({ description: "The token's mode; when absent, the mode where the token lives." }),
});

export const upsellStatusQuery = z.object({ upsellToken, isTest: isTestQuery });

export const checkoutSessionCreated = z.object({
  success: z.literal(true),
  clientSecret: z.string().meta({ description: "For Stripe.js embedded checkout." }),
  sessionId: z.string(),
});

const tokenStatus = z.enum(["ready", "charging", "pending", "charged", "declined"]);

export const upsellTokenFound = z.object({
  success: z.literal(true),
  found: z.literal(true),
  upsellToken: z.string(),
  expiresAt: z.number().int().meta({ description: "Expiry, in epoch seconds." }),
  status: tokenStatus.meta({ description: "ready until the token is used." }),
});

export const upsellCharged = z.object({
  success: z.literal(true),
  paymentIntentId: z.string(),
  amount: z.number().int().meta({ description: "Charged amount in minor units (cents)." }),
  currency: z.string(),
  status: z.literal("succeeded"),
});

export const upsellStatus = z.object({
  success: z.literal(true),
  mode: z.enum(["test", "live"]),
  status: tokenStatus,
  expiresAt: z.number().int(),
  priceId: z.string().optional(),
  paymentIntentId: z.string().optional(),
  amount: z.number().int().optional(),
  currency: z.string().optional(),
  declineCode: z.string().optional(),
  declineMessage: z.string().optional(),
  clientSecret: z
    .string()
    .optional()
    .meta({ description: "Only while the bank waits for the customer to authenticate." }),
});

export const webhookReceived = z.object({
  success: z.literal(true),
  received: z.literal(true),
  eventId: z.string(),
  outcome: z.enum(["token_created", "token_exists", "ignored"]),
});

export const errorBody = z.object({
  success: z.literal(false),
  found: z
    .literal(false)
    .optional()
    .meta({ description: "Token lookups only (the guide's shape)." }),
  message: z.string().optional().meta({ description: "Token lookups only (the guide's shape)." }),
  error: z.object({
    code: z.string().meta({ description: "Stable code to switch on." }) as z.ZodType<ErrorCode>,
    message: z.string(),
    retryable: z.boolean(),
    declineCode: z.string().optional(),
    paymentIntentId: z.string().optional(),
    clientSecret: z.string().optional(),
    issues: z.array(z.string()).optional(),
  }),
});
