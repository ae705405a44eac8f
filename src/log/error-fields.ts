/**
 * Turns a caught error into log fields: its class, code and message, and the
 * class and message of its cause. Never the stack of a third-party object's
 * payload, never the object itself.
 */
import { AppError } from "../domain/errors.js";
import type { LogFields } from "./logger.js";

/** Log fields describing `error` and its direct cause. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { errorName: typeof error };

  const fields: { -readonly [K in keyof LogFields]: LogFields[K] } = {
    errorName: error.name,
    errorMessage: error.message,
  };
  if (error instanceof AppError) fields.errorCode = error.code;
  const cause = error.cause;
  if (cause instanceof Error) {
    fields.causeName = cause.name;
    fields.causeMessage = cause.message;
  }
  return fields;
}
