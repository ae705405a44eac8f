/**
 * Use case: `get-uuid`. Exchanges a checkout session id for its upsell token.
 *
 * Usually the webhook has stored the token already. When it has not (the
 * customer clicked faster than Stripe delivered), this asks Stripe whether
 * the session is complete and paid and, if so, issues the token itself; the
 * late webhook then finds it and creates no second one.
 */
import { assertSessionIdOfMode } from "../checkout-session-id.js";
import { TokenExpiredError, TokenNotFoundError } from "../errors.js";
import type { Mode } from "../mode.js";
import type { ModeResources } from "../mode-resources.js";
import type { SessionTokenLink } from "../ports.js";
import { isExpired, type UpsellTokenStatus } from "../upsell-token.js";
import { issueTokenForSession } from "./issue-upsell-token.js";
import { nowEpochSec, type UseCaseDeps } from "./use-case-deps.js";

export interface GetUpsellTokenInput {
  readonly sessionId: string;
  readonly mode: Mode;
}

export interface FoundUpsellToken {
  readonly upsellToken: string;
  readonly expiresAtEpochSec: number;
  /** `ready` until used; lets a reloaded success page know the offer was taken. */
  readonly status: UpsellTokenStatus;
}

const notFoundMessage =
  "Upsell token not found. The webhook may still be processing, or the token has expired.";

/** Returns the session's token; throws `TOKEN_NOT_FOUND` or `TOKEN_EXPIRED` otherwise. */
export async function getUpsellToken(
  deps: UseCaseDeps,
  input: GetUpsellTokenInput,
): Promise<FoundUpsellToken> {
  assertSessionIdOfMode(input.sessionId, input.mode);
  const resources = deps.registry.resourcesOf(input.mode);

  const link =
    (await resources.store.findSessionLink(input.sessionId)) ??
    (await issueFromStripe(deps, { resources, sessionId: input.sessionId }));
  if (!link) throw new TokenNotFoundError(notFoundMessage);

  return await readLinkedToken(deps, { resources, link });
}

async function issueFromStripe(
  deps: UseCaseDeps,
  args: { resources: ModeResources; sessionId: string },
): Promise<SessionTokenLink | undefined> {
  const session = await args.resources.gateway.retrieveCheckoutSession(args.sessionId);
  if (!session) return undefined;
  const issued = await issueTokenForSession(deps, { resources: args.resources, session });
  if (issued.issued) return issued.result.link;
  if (issued.reason === "too_old") {
    throw new TokenExpiredError("The upsell token of this checkout has expired.");
  }
  return undefined;
}

async function readLinkedToken(
  deps: UseCaseDeps,
  args: { resources: ModeResources; link: SessionTokenLink },
): Promise<FoundUpsellToken> {
  const now = nowEpochSec(deps);
  if (isExpired({ expiresAtEpochSec: args.link.tokenExpiresAtEpochSec }, now)) {
    throw new TokenExpiredError("The upsell token of this checkout has expired.");
  }
  const token = await args.resources.store.getToken(args.link.upsellToken);
  if (!token || isExpired(token, now)) {
    throw new TokenExpiredError("The upsell token of this checkout has expired.");
  }
  return {
    upsellToken: token.upsellToken,
    expiresAtEpochSec: token.expiresAtEpochSec,
    status: token.state.status,
  };
}
