/** JSON bodies of the `/_sandbox` control endpoints, validated on arrival. */
import { z } from "zod";

/** Body of `POST /_sandbox/faults`. */
export const faultRuleSchema = z.object({
  method: z.string().min(1),
  path: z.string().startsWith("/"),
  count: z.number().int().positive().optional(),
  phase: z.enum(["before_execution", "after_execution"]).optional(),
  fault: z.discriminatedUnion("type", [
    z.object({ type: z.literal("error"), status: z.union([z.literal(500), z.literal(429)]) }),
    z.object({ type: z.literal("hang"), delayMs: z.number().int().nonnegative() }),
    z.object({ type: z.literal("close") }),
  ]),
});

/** Body of `POST /_sandbox/webhooks/endpoints`. */
export const webhookEndpointSchema = z.object({
  mode: z.enum(["test", "live"]),
  url: z.url(),
  secret: z.string().startsWith("whsec_"),
  enabledEvents: z.array(z.string()).optional(),
});

/** Body of `POST /_sandbox/webhooks/plan`. */
export const webhookPlanSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("duplicate"), count: z.number().int().positive().optional() }),
  z.object({ action: z.literal("drop"), count: z.number().int().positive().optional() }),
  z.object({
    action: z.literal("delay"),
    count: z.number().int().positive().optional(),
    delayMs: z.number().int().nonnegative(),
  }),
]);

/** Body of `POST /_sandbox/checkout/sessions/:id/complete`. */
export const checkoutPaymentSchema = z
  .object({
    paymentMethod: z.string().optional(),
    cardNumber: z.string().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
  })
  .refine((payment) => payment.paymentMethod !== undefined || payment.cardNumber !== undefined, {
    message: "Provide paymentMethod or cardNumber.",
  });

/** Body of `POST /_sandbox/payment_intents/:id/authenticate`. */
export const authenticationSchema = z.object({ outcome: z.enum(["succeed", "fail"]) });
