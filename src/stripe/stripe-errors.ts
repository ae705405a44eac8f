/**
 * Stripe SDK errors become domain errors here, by class (never by message).
 * Which class means what depends a little on the call: a missing resource is
 * "not found" when reading, a refused checkout when creating one. The card
 * errors of a charge are not mapped here: they are outcomes (`charge-outcomes.ts`).
 */
import { Stripe } from "stripe";
import {
  type AppError,
  ChargeInProgressError,
  CheckoutRejectedError,
  PaymentProviderError,
  PaymentProviderRejectedError,
  PaymentProviderUnavailableError,
  PriceNotFoundError,
} from "../domain/errors.js";

const { StripeError, StripeConnectionError, StripeRateLimitError, StripeAPIError } = Stripe.errors;
const { StripeInvalidRequestError } = Stripe.errors;

/** Maps a failure of any Stripe call to a domain error; other errors pass through. */
export function toProviderError(error: unknown): unknown {
  if (!(error instanceof StripeError)) return error;
  if (error instanceof StripeConnectionError) {
    return new PaymentProviderUnavailableError("Stripe could not be reached; try again shortly.", {
      cause: error,
    });
  }
  if (error instanceof StripeRateLimitError) {
    return new PaymentProviderUnavailableError("Stripe is busy; try again shortly.", {
      cause: error,
    });
  }
  // 409: an earlier request with the same idempotency key is still running
  // at Stripe (a timed-out attempt, say). Its result will be replayed.
  if (error.statusCode === 409) {
    return new ChargeInProgressError(
      "An earlier attempt of this request is still running at Stripe; ask again shortly.",
      { cause: error },
    );
  }
  if (error instanceof StripeAPIError || (error.statusCode ?? 0) >= 500) {
    return new PaymentProviderError("Stripe failed to answer; try again shortly.", {
      cause: error,
    });
  }
  return new PaymentProviderRejectedError("Stripe refused the request.", { cause: error });
}

/** For creating a checkout session: the client's price is the usual culprit. */
export function toCheckoutError(error: unknown): unknown {
  if (error instanceof StripeInvalidRequestError) return checkoutRefusal(error);
  return toProviderError(error);
}

function checkoutRefusal(error: InstanceType<typeof StripeInvalidRequestError>): AppError {
  if (error.code === "resource_missing") {
    return new PriceNotFoundError("Stripe has no such price in this mode.", { cause: error });
  }
  return new CheckoutRejectedError("Stripe refused to create a checkout session for this price.", {
    cause: error,
  });
}

/** True for Stripe's "no such object" answer, which a read reports as undefined. */
export function isResourceMissing(error: unknown): boolean {
  return error instanceof StripeInvalidRequestError && error.code === "resource_missing";
}

/** True when Stripe refused an operation because of the object's current status. */
export function isUnexpectedState(error: unknown): boolean {
  return (
    error instanceof StripeInvalidRequestError && error.code === "payment_intent_unexpected_state"
  );
}
