/**
 * Use case: the one-click upsell. Charges the saved card of an upsell token
 * for an allowlisted price, exactly once, whatever the number of clicks,
 * retries, crashes and timeouts (see the state machine in `upsell-token.ts`).
 *
 * 1. Read the token (consistently) and decide the next step.
 * 2. To charge, first CLAIM the token: a write conditional on the version
 *    just read. Of N concurrent requests exactly one wins; the others read
 *    again and see the claim (or its result).
 * 3. Call Stripe with an idempotency key derived from token and price, so a
 *    recovered claim or a retry after a timeout gets the same payment intent.
 * 4. A decline whose payment intent could still be confirmed is canceled at
 *    Stripe first (`settle-decline.ts`), since a decline frees the token.
 * 5. Record the outcome on the token and in the audit trail (concurrently).
 */
import { decideNextStep, type NextStep } from "../claim-decision.js";
import {
  AppError,
  ChargeInProgressError,
  TokenAlreadyUsedError,
  TokenExpiredError,
  TokenNotFoundError,
} from "../errors.js";
import type { Mode } from "../mode.js";
import type { ModeResources } from "../mode-resources.js";
import type { ChargeOutcome } from "../ports.js";
import {
  assertPriceAllowed,
  type ChargeablePrice,
  chargeIdempotencyKey,
  toChargeablePrice,
} from "../price-rules.js";
import { tokenPrefix, type UpsellToken } from "../upsell-token.js";
import {
  answerFor,
  attemptStatusOf,
  declineError,
  stateAfter,
  type UpsellCharge,
} from "./charge-outcome.js";
import { locateToken } from "./locate-token.js";
import { outcomeAuditFields, refreshPendingCharge } from "./refresh-pending-charge.js";
import { runBestEffort } from "./run-best-effort.js";
import { settleDecline } from "./settle-decline.js";
import { nowEpochSec, type UseCaseDeps } from "./use-case-deps.js";

export interface ChargeUpsellInput {
  readonly upsellToken: string;
  readonly priceId: string;
  /** Undefined: the mode where the token lives. */
  readonly mode?: Mode;
}

/** A claim this request holds: its attempt id and the token version it wrote. */
interface HeldClaim {
  readonly attemptId: string;
  readonly version: number;
  readonly idempotencyKey: string;
  readonly price: ChargeablePrice;
}

/** Losing this many claim races in a row means heavy contention: ask the client to retry. */
const maxClaimRounds = 4;

/** Charges the upsell or throws the error the client should see. */
export async function chargeUpsell(
  deps: UseCaseDeps,
  input: ChargeUpsellInput,
): Promise<UpsellCharge> {
  const located = await locateToken(deps, { upsellToken: input.upsellToken, mode: input.mode });
  const { resources } = located;
  assertPriceAllowed({
    priceId: input.priceId,
    mode: resources.mode,
    allowlist: resources.upsellPriceIds,
  });
  const scoped: UseCaseDeps = {
    ...deps,
    logger: deps.logger.child({
      mode: resources.mode,
      sessionId: located.token.sessionId,
      tokenPrefix: tokenPrefix(input.upsellToken),
      priceId: input.priceId,
    }),
  };

  let token = located.token;
  for (let round = 0; round < maxClaimRounds; round++) {
    const step = decideNextStep({
      token,
      priceId: input.priceId,
      nowEpochSec: nowEpochSec(deps),
      claimTimeoutSec: deps.settings.claimTimeoutSec,
    });
    if (step.kind !== "claim") return await followStep(scoped, { resources, token, step });

    const charge = await claimAndCharge(scoped, { resources, token, priceId: input.priceId });
    if (charge) return charge;
    token = await rereadToken(resources, input.upsellToken);
  }
  throw new ChargeInProgressError("This upsell token is busy; ask again shortly.");
}

async function followStep(
  deps: UseCaseDeps,
  args: {
    resources: ModeResources;
    token: UpsellToken;
    step: Exclude<NextStep, { kind: "claim" }>;
  },
): Promise<UpsellCharge> {
  const { step } = args;
  switch (step.kind) {
    case "replay_charged":
      return {
        paymentIntentId: step.state.paymentIntentId,
        amountMinor: step.state.amountMinor,
        currency: step.state.currency,
        status: "succeeded",
      };
    case "replay_declined":
      throw declineError(step.state);
    case "refresh_pending":
      return answerFor(await refreshPendingCharge(deps, { ...args, state: step.state }));
    case "in_progress":
      throw new ChargeInProgressError("Another request is charging this upsell token.");
    case "other_price":
      throw new TokenAlreadyUsedError(
        `This upsell token cannot be charged for this price: ${step.reason}.`,
      );
    case "expired":
      throw new TokenExpiredError("This upsell token has expired.");
  }
}

/** Claims and charges; undefined when another request won the claim race. */
async function claimAndCharge(
  deps: UseCaseDeps,
  args: { resources: ModeResources; token: UpsellToken; priceId: string },
): Promise<UpsellCharge | undefined> {
  const { resources, token } = args;
  const price = toChargeablePrice(
    await resources.gateway.retrievePrice(args.priceId),
    resources.mode,
  );
  const claim = await claimToken(deps, { resources, token, price });
  if (!claim) return undefined;

  const outcome = await settleDecline(deps, {
    gateway: resources.gateway,
    outcome: await chargeUnderClaim(deps, { resources, token, claim }),
  });
  await recordOutcome(deps, { resources, token, claim, outcome });
  return answerFor(outcome);
}

async function claimToken(
  deps: UseCaseDeps,
  args: { resources: ModeResources; token: UpsellToken; price: ChargeablePrice },
): Promise<HeldClaim | undefined> {
  const { resources, token, price } = args;
  const attemptId = deps.ids.newAttemptId();
  const now = nowEpochSec(deps);
  const claimed = await resources.store.replaceState({
    upsellToken: token.upsellToken,
    expectedVersion: token.version,
    state: { status: "charging", priceId: price.priceId, attemptId, claimedAtEpochSec: now },
  });
  if (!claimed) return undefined;

  if (token.state.status === "charging") {
    deps.logger.warn("took over an abandoned claim", { attemptId: token.state.attemptId });
  }
  const claim: HeldClaim = {
    attemptId,
    version: token.version + 1,
    idempotencyKey: chargeIdempotencyKey({
      upsellToken: token.upsellToken,
      priceId: price.priceId,
    }),
    price,
  };
  await startAttemptRecord(deps, { resources, token, claim, nowEpochSec: now });
  return claim;
}

async function startAttemptRecord(
  deps: UseCaseDeps,
  args: { resources: ModeResources; token: UpsellToken; claim: HeldClaim; nowEpochSec: number },
): Promise<void> {
  const { resources, token, claim } = args;
  try {
    await resources.store.recordChargeAttempt({
      upsellToken: token.upsellToken,
      attemptId: claim.attemptId,
      sessionId: token.sessionId,
      priceId: claim.price.priceId,
      idempotencyKey: claim.idempotencyKey,
      status: "started",
      startedAtEpochSec: args.nowEpochSec,
      updatedAtEpochSec: args.nowEpochSec,
      amountMinor: claim.price.amountMinor,
      currency: claim.price.currency,
    });
  } catch (error) {
    // No audit record, no charge: give the claim back and let the client retry.
    await releaseClaim(deps, { resources, token, claim });
    throw error;
  }
}

async function chargeUnderClaim(
  deps: UseCaseDeps,
  args: { resources: ModeResources; token: UpsellToken; claim: HeldClaim },
): Promise<ChargeOutcome> {
  const { resources, token, claim } = args;
  try {
    return await resources.gateway.chargeSavedPaymentMethod({
      customerId: token.customerId,
      paymentMethodId: token.paymentMethodId,
      amountMinor: claim.price.amountMinor,
      currency: claim.price.currency,
      confirmation: deps.settings.upsellConfirmation,
      idempotencyKey: claim.idempotencyKey,
      metadata: {
        productType: "oto",
        checkoutSessionId: token.sessionId,
        priceId: claim.price.priceId,
        upsellTokenPrefix: tokenPrefix(token.upsellToken),
      },
    });
  } catch (error) {
    await releaseClaim(deps, { ...args, error });
    throw error;
  }
}

/**
 * Gives the claim back after Stripe failed. The token stays bound to the
 * price: Stripe may have charged before the failure reached us, and only a
 * retry with the same key (same price) is sure not to charge again.
 */
async function releaseClaim(
  deps: UseCaseDeps,
  args: { resources: ModeResources; token: UpsellToken; claim: HeldClaim; error?: unknown },
): Promise<void> {
  const { resources, token, claim } = args;
  const status =
    args.error instanceof AppError && args.error.retryable ? "interrupted" : "rejected";
  await runBestEffort(deps, "could not release a claim", async () => {
    await resources.store.replaceState({
      upsellToken: token.upsellToken,
      expectedVersion: claim.version,
      state: { status: "ready", priceId: claim.price.priceId },
    });
    await resources.store.updateChargeAttempt({
      upsellToken: token.upsellToken,
      attemptId: claim.attemptId,
      status,
      updatedAtEpochSec: nowEpochSec(deps),
    });
  });
  deps.logger.warn("charge interrupted; claim released", {
    attemptId: claim.attemptId,
    outcome: status,
  });
}

/**
 * Writes the outcome to the token and to the attempt's audit record at the
 * same time: two items with no order between them. The token write stays
 * conditional on the claim's version (a request that took over the claim
 * keeps it); the audit record is this attempt's own and states what Stripe
 * answered, which is true whichever way the token write goes. Each is best
 * effort on its own, and both are awaited before the client hears the result,
 * so a second click replays the recorded outcome.
 */
async function recordOutcome(
  deps: UseCaseDeps,
  args: { resources: ModeResources; token: UpsellToken; claim: HeldClaim; outcome: ChargeOutcome },
): Promise<void> {
  const { resources, token, claim, outcome } = args;
  const tokenWrite = runBestEffort(deps, "could not record a charge outcome", async () => {
    const saved = await resources.store.replaceState({
      upsellToken: token.upsellToken,
      expectedVersion: claim.version,
      state: stateAfter({ outcome, priceId: claim.price.priceId, attemptId: claim.attemptId }),
    });
    if (!saved) deps.logger.warn("claim was taken over before its outcome was recorded");
  });
  const auditWrite = runBestEffort(
    deps,
    "could not record a charge outcome in the audit trail",
    async () => {
      await resources.store.updateChargeAttempt({
        upsellToken: token.upsellToken,
        attemptId: claim.attemptId,
        status: attemptStatusOf(outcome),
        updatedAtEpochSec: nowEpochSec(deps),
        ...(outcome.paymentIntentId ? { paymentIntentId: outcome.paymentIntentId } : {}),
        ...outcomeAuditFields(outcome),
      });
    },
  );
  await Promise.all([tokenWrite, auditWrite]);
  deps.logger.info("upsell charge finished", {
    outcome: outcome.kind,
    attemptId: claim.attemptId,
    ...(outcome.paymentIntentId ? { paymentIntentId: outcome.paymentIntentId } : {}),
  });
}

async function rereadToken(resources: ModeResources, upsellToken: string): Promise<UpsellToken> {
  const token = await resources.store.getToken(upsellToken);
  if (!token) throw new TokenNotFoundError("Upsell token not found.");
  return token;
}
