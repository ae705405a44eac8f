/**
 * What every use case receives: the per-mode resources, the clock, the id
 * generator, the settings that shape the rules, and a logger (usually the
 * request's child logger, so each line carries the request id).
 */
import type { Logger } from "../../log/logger.js";
import type { ModeRegistry } from "../mode-resources.js";
import type { Clock, IdGenerator, UpsellConfirmation } from "../ports.js";

export interface DomainSettings {
  /** Lifetime of an upsell token (the guide promises 24 hours). */
  readonly tokenTtlSec: number;
  /** After this long, a claim is presumed abandoned and may be taken over. */
  readonly claimTimeoutSec: number;
  /**
   * How long a session's link to its token outlives the token. Stripe keeps
   * redelivering a failed webhook for days; while the link exists, a late
   * delivery finds it and cannot issue a second token for the session.
   */
  readonly linkRetentionSec: number;
  readonly upsellConfirmation: UpsellConfirmation;
  /** Origins a checkout may return to (the shop's own sites). */
  readonly allowedOrigins: readonly string[];
  /** Return URL when a checkout request has no `successUrl`. */
  readonly defaultSuccessUrl: string;
}

export interface UseCaseDeps {
  readonly registry: ModeRegistry;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: DomainSettings;
  readonly logger: Logger;
}

/** The current time in whole epoch seconds, the unit of every stored time. */
export function nowEpochSec(deps: Pick<UseCaseDeps, "clock">): number {
  return Math.floor(deps.clock.nowEpochMs() / 1000);
}
