/**
 * A decline frees the upsell token for another price (a "downsell"), so it
 * may be recorded only once its payment intent can never charge. A payment
 * intent left in `requires_payment_method` (a failed 3-D Secure challenge,
 * say) can still be confirmed by the page that holds its client secret:
 * without this step, price A fails, price B is charged, the page confirms A
 * again, and one token has paid twice.
 *
 * Every path that would record `declined` passes its outcome through
 * `settleDecline` first:
 *
 * - confirmable decline, cancel succeeds    → declined (the token is freed);
 * - Stripe refuses the cancel (the intent
 *   succeeded, is processing or was
 *   canceled already)                       → what the intent really is now;
 * - the cancel or the read fails            → processing: the token stays
 *   pending, bound to its price, and the next click or status lookup tries
 *   again.
 */
import { errorFields } from "../../log/error-fields.js";
import type { ChargeOutcome, PaymentGateway } from "../ports.js";
import type { UseCaseDeps } from "./use-case-deps.js";

/** The outcome to record: a decline only when its payment intent cannot charge any more. */
export async function settleDecline(
  deps: Pick<UseCaseDeps, "logger">,
  args: { gateway: PaymentGateway; outcome: ChargeOutcome },
): Promise<ChargeOutcome> {
  const { gateway, outcome } = args;
  if (outcome.kind !== "declined" || !outcome.confirmable) return outcome;
  const { paymentIntentId } = outcome;
  if (!paymentIntentId) return outcome;

  try {
    const cancel = await gateway.cancelPaymentIntent(paymentIntentId);
    if (cancel.kind === "canceled") {
      deps.logger.info("declined payment intent canceled", { paymentIntentId });
      return { ...outcome, confirmable: false };
    }
    const current = await gateway.retrieveChargeOutcome(paymentIntentId);
    deps.logger.warn("declined payment intent could not be canceled", {
      paymentIntentId,
      outcome: current.kind,
    });
    if (current.kind === "declined" && current.confirmable) return stillOpen(paymentIntentId);
    return current;
  } catch (error) {
    deps.logger.error("could not cancel a declined payment intent; token stays bound", {
      paymentIntentId,
      ...errorFields(error),
    });
    return stillOpen(paymentIntentId);
  }
}

/** Not settled yet: recorded as pending, so only the same price can be asked for again. */
function stillOpen(paymentIntentId: string): ChargeOutcome {
  return { kind: "processing", paymentIntentId };
}
