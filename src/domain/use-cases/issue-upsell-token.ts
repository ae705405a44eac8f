/**
 * Issuing the upsell token of a paid checkout session. Shared by the webhook
 * and by `get-uuid` (when it runs before the webhook): whichever comes first
 * creates the token, the other finds it, because the store writes the
 * session link and the token in one conditional transaction.
 */
import { ModeMismatchError } from "../errors.js";
import type { ModeResources } from "../mode-resources.js";
import type { CheckoutSessionSnapshot, IssueTokenResult } from "../ports.js";
import { tokenPrefix, type UpsellToken } from "../upsell-token.js";
import { nowEpochSec, type UseCaseDeps } from "./use-case-deps.js";

/** Why a session cannot have a token (yet, or any more). */
export type NotIssuableReason = "not_paid" | "no_saved_card" | "too_old";

export type IssueOutcome =
  | { readonly issued: true; readonly result: IssueTokenResult }
  | { readonly issued: false; readonly reason: NotIssuableReason };

/**
 * Stores a token for `session` if it is complete, paid and has a saved card;
 * returns the session's token, new or existing.
 */
export async function issueTokenForSession(
  deps: UseCaseDeps,
  args: { resources: ModeResources; session: CheckoutSessionSnapshot },
): Promise<IssueOutcome> {
  const { resources, session } = args;
  if (session.livemode !== (resources.mode === "live")) {
    throw new ModeMismatchError("The checkout session belongs to the other mode.");
  }
  if (session.status !== "complete" || session.paymentStatus !== "paid") {
    return { issued: false, reason: "not_paid" };
  }
  if (!session.customerId || !session.paymentMethodId) {
    return { issued: false, reason: "no_saved_card" };
  }
  if (mayHaveLostItsLink(deps, session)) return { issued: false, reason: "too_old" };

  const token = newToken(deps, {
    resources,
    sessionId: session.sessionId,
    customerId: session.customerId,
    paymentMethodId: session.paymentMethodId,
  });
  const result = await resources.store.issueToken({
    token,
    linkRetentionSec: deps.settings.linkRetentionSec,
  });

  deps.logger.info(result.created ? "upsell token created" : "upsell token already existed", {
    mode: resources.mode,
    sessionId: session.sessionId,
    tokenPrefix: tokenPrefix(result.link.upsellToken),
  });
  return { issued: true, result };
}

/**
 * A session's link lives until its token's expiry plus the link retention, so
 * at least until `created + token lifetime + retention`. Later, DynamoDB's TTL
 * may have deleted the link (and the token): a token issued now would be a
 * second, fresh one for an old checkout, chargeable again by anyone holding
 * the session id (it sits in the success page's URL).
 */
function mayHaveLostItsLink(deps: UseCaseDeps, session: CheckoutSessionSnapshot): boolean {
  const { tokenTtlSec, linkRetentionSec } = deps.settings;
  return session.createdAtEpochSec + tokenTtlSec + linkRetentionSec <= nowEpochSec(deps);
}

function newToken(
  deps: UseCaseDeps,
  args: {
    resources: ModeResources;
    sessionId: string;
    customerId: string;
    paymentMethodId: string;
  },
): UpsellToken {
  const createdAtEpochSec = nowEpochSec(deps);
  return {
    upsellToken: deps.ids.newUpsellToken(),
    mode: args.resources.mode,
    sessionId: args.sessionId,
    customerId: args.customerId,
    paymentMethodId: args.paymentMethodId,
    createdAtEpochSec,
    expiresAtEpochSec: createdAtEpochSec + deps.settings.tokenTtlSec,
    version: 1,
    state: { status: "ready" },
  };
}
