/**
 * Checkout session ids carry their mode in the prefix (`cs_test_`, `cs_live_`),
 * which lets the service refuse a session sent to the other mode before any
 * table or Stripe key of that mode is touched.
 */
import { InvalidRequestError, ModeMismatchError } from "./errors.js";
import type { Mode } from "./mode.js";

const sessionIdPattern = /^cs_(test|live)_[A-Za-z0-9_]{1,250}$/;

/** The mode of a checkout session id, or undefined if it is not one. */
export function modeOfSessionId(sessionId: string): Mode | undefined {
  const match = sessionIdPattern.exec(sessionId);
  if (!match) return undefined;
  return match[1] === "live" ? "live" : "test";
}

/** Throws unless `sessionId` is a checkout session id of `mode`. */
export function assertSessionIdOfMode(sessionId: string, mode: Mode): void {
  const sessionMode = modeOfSessionId(sessionId);
  if (!sessionMode) {
    throw new InvalidRequestError(
      "session_id must be a Checkout Session id (cs_test_… or cs_live_…).",
    );
  }
  if (sessionMode !== mode) {
    throw new ModeMismatchError(
      `session_id is a ${sessionMode}-mode session but isTest asks for ${mode} mode.`,
    );
  }
}
