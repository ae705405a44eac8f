/**
 * Use case: start the main purchase. Creates an embedded Checkout Session
 * that saves the card to a new customer, so the one-click upsell can charge
 * it later without a form.
 */
import type { Mode } from "../mode.js";
import type { CreatedCheckoutSession, ProductType } from "../ports.js";
import { buildReturnUrl } from "../success-url.js";
import type { UseCaseDeps } from "./use-case-deps.js";

export interface CreateCheckoutSessionInput {
  readonly mode: Mode;
  readonly priceId: string;
  readonly productType: ProductType;
  readonly successUrl?: string;
  readonly customerEmail?: string;
}

/** Creates the checkout session in the requested mode and returns its client secret. */
export async function createCheckoutSession(
  deps: UseCaseDeps,
  input: CreateCheckoutSessionInput,
): Promise<CreatedCheckoutSession> {
  const { gateway } = deps.registry.resourcesOf(input.mode);
  const returnUrl = buildReturnUrl({
    successUrl: input.successUrl ?? deps.settings.defaultSuccessUrl,
    allowedOrigins: deps.settings.allowedOrigins,
  });

  const session = await gateway.createCheckoutSession({
    priceId: input.priceId,
    productType: input.productType,
    returnUrl,
    ...(input.customerEmail ? { customerEmail: input.customerEmail } : {}),
  });

  deps.logger.info("checkout session created", {
    mode: input.mode,
    sessionId: session.sessionId,
    priceId: input.priceId,
  });
  return session;
}
