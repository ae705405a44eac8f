/**
 * Which prices a one-click upsell may charge. The amount always comes from
 * Stripe's price object, never from the client, so the price itself must
 * describe exactly one fixed amount that can be charged once.
 */
import { PriceNotAllowedError, PriceNotChargeableError, PriceNotFoundError } from "./errors.js";
import type { Mode } from "./mode.js";
import type { PriceSnapshot } from "./ports.js";

/** A price that passed every rule, with its amount in minor units. */
export interface ChargeablePrice {
  readonly priceId: string;
  readonly amountMinor: number;
  readonly currency: string;
}

/** Throws `PRICE_NOT_ALLOWED` unless the price is on the allowlist of its mode. */
export function assertPriceAllowed(args: {
  priceId: string;
  mode: Mode;
  allowlist: readonly string[];
}): void {
  if (args.allowlist.includes(args.priceId)) return;
  throw new PriceNotAllowedError(`This price is not offered as a ${args.mode}-mode upsell.`);
}

/**
 * Checks a price read from Stripe and returns its chargeable amount.
 * Refuses unknown, inactive, recurring and tiered prices and prices without
 * a unit amount (custom or decimal amounts).
 */
export function toChargeablePrice(price: PriceSnapshot | undefined, mode: Mode): ChargeablePrice {
  if (!price) throw new PriceNotFoundError("Stripe has no such price in this mode.");
  if (price.livemode !== (mode === "live")) {
    throw new PriceNotFoundError("Stripe has no such price in this mode.");
  }
  if (!price.active) throw new PriceNotChargeableError("This price is no longer active.");
  if (price.type !== "one_time") {
    throw new PriceNotChargeableError("A recurring price cannot be charged as a one-click upsell.");
  }
  if (price.billingScheme !== "per_unit") {
    throw new PriceNotChargeableError("A tiered price cannot be charged as a one-click upsell.");
  }
  if (price.unitAmountMinor === null || price.unitAmountMinor <= 0) {
    throw new PriceNotChargeableError("This price has no fixed unit amount.");
  }

  return { priceId: price.priceId, amountMinor: price.unitAmountMinor, currency: price.currency };
}

/**
 * The Stripe idempotency key of charging `upsellToken` for `priceId`.
 *
 * Derived, not random: every request for the same token and price (a retry,
 * a concurrent click, a recovery of a crashed claim) sends the same key, so
 * Stripe returns the first payment intent instead of creating a second one.
 */
export function chargeIdempotencyKey(args: { upsellToken: string; priceId: string }): string {
  return `upsell-charge:${args.upsellToken}:${args.priceId}`;
}
