/**
 * Every DynamoDB failure the store does not handle itself (the expected
 * conditional-check failures are handled where they happen) becomes a
 * `STORE_UNAVAILABLE` error: retryable for a client, a 5xx for Stripe, which
 * then redelivers the webhook. The original error travels as the cause, for
 * the log.
 */
import { AppError, StoreUnavailableError } from "../domain/errors.js";

/** Wraps `error` in `StoreUnavailableError` unless it already is an `AppError`. */
export function toStoreError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new StoreUnavailableError("The token store is unavailable; try again shortly.", {
    cause: error,
  });
}
