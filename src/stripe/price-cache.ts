/**
 * An in-process cache of prices in front of the gateway.
 *
 * A price's amount and currency never change at Stripe, but it can be
 * archived (made inactive); entries therefore live a few minutes, so an
 * archived upsell stops being charged soon after, without a Stripe call on
 * every click. The cache is bounded (oldest entries go first) and keeps
 * only prices that exist; failures and unknown ids are never cached.
 */
import type { Clock, PaymentGateway, PriceSnapshot } from "../domain/ports.js";

export interface PriceCacheOptions {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly clock: Clock;
}

export const defaultPriceCacheTtlMs = 5 * 60_000;
export const defaultPriceCacheMaxEntries = 500;

interface Entry {
  readonly price: PriceSnapshot;
  readonly expiresAtEpochMs: number;
}

/** Returns `gateway` with `retrievePrice` answered from the cache when fresh. */
export function withPriceCache(
  gateway: PaymentGateway,
  options: PriceCacheOptions,
): PaymentGateway {
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<PriceSnapshot | undefined>>();

  const load = async (priceId: string): Promise<PriceSnapshot | undefined> => {
    const price = await gateway.retrievePrice(priceId);
    if (price) remember(entries, { price, options });
    return price;
  };

  const retrievePrice = (priceId: string): Promise<PriceSnapshot | undefined> => {
    const cached = entries.get(priceId);
    if (cached && cached.expiresAtEpochMs > options.clock.nowEpochMs()) {
      return Promise.resolve(cached.price);
    }
    // Concurrent clicks on a cold cache share one Stripe call.
    const running = inFlight.get(priceId);
    if (running) return running;
    const loading = load(priceId).finally(() => inFlight.delete(priceId));
    inFlight.set(priceId, loading);
    return loading;
  };

  return { ...gateway, retrievePrice };
}

function remember(
  entries: Map<string, Entry>,
  args: { price: PriceSnapshot; options: PriceCacheOptions },
): void {
  const { price, options } = args;
  entries.delete(price.priceId);
  entries.set(price.priceId, {
    price,
    expiresAtEpochMs: options.clock.nowEpochMs() + options.ttlMs,
  });
  while (entries.size > options.maxEntries) {
    const oldest = entries.keys().next();
    if (oldest.done) break;
    entries.delete(oldest.value);
  }
}
