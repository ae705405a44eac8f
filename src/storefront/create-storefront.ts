/**
 * Builds the demo storefront from the application's configuration, once at
 * start: which mode it sells in, where the customer pays (the sandbox when the
 * API runs on it, otherwise Stripe with the mode's publishable key), and how
 * the two offers are shown (names and amounts read from Stripe, for display).
 */
import type { Hono } from "hono";
import type { Stripe } from "stripe";
import type { PaymentHost } from "../client/payment-host.js";
import type { AppConfig, ModeConfig } from "../config/config.js";
import { errorFields } from "../log/error-fields.js";
import { type Logger, silentLogger } from "../log/logger.js";
import { createStripeClient } from "../stripe/stripe-client.js";
import { funnelTestCards, type OfferDisplay, type StorefrontConfig } from "./storefront-config.js";
import { createStorefrontRoutes } from "./storefront-routes.js";

/** The main offer the demo sells unless `STOREFRONT_MAIN_PRICE_ID` says otherwise. */
export const defaultMainOfferPriceId = "price_test_main_offer";

export interface CreateStorefrontOptions {
  appConfig: AppConfig;
  /** The sandbox's URL when `npm start` runs the API on it; absent on real Stripe. */
  sandboxUrl?: string | undefined;
  /** Read for `STOREFRONT_MAIN_PRICE_ID` (optional; a `price_...` id). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides the Stripe.js URL the pages load on real Stripe. */
  stripeJsUrl?: string;
  /** Notes an offer that could not be read from Stripe. */
  logger?: Logger;
}

/** A storefront that cannot start, with the variable to fix named. */
export class StorefrontSetupError extends Error {
  override readonly name = "StorefrontSetupError";
}

/**
 * Creates the storefront's routes; mount them at `/` on the app that serves the API.
 *
 * @example
 * app.route("/", await createStorefront({ appConfig: config, sandboxUrl: sandbox.url }));
 */
export async function createStorefront(options: CreateStorefrontOptions): Promise<Hono> {
  const config = await buildStorefrontConfig(options);
  return await createStorefrontRoutes({ config });
}

/** The public configuration the pages read from `/storefront-config.json`. */
export async function buildStorefrontConfig(
  options: CreateStorefrontOptions,
): Promise<StorefrontConfig> {
  const modeConfig = options.appConfig.modes.test ?? options.appConfig.modes.live;
  if (!modeConfig) {
    throw new StorefrontSetupError("The storefront needs STRIPE_SECRET_KEY_TEST (or _LIVE).");
  }
  const oneTimeOfferPriceId = modeConfig.upsellPriceIds[0];
  if (!oneTimeOfferPriceId) {
    const variable = `UPSELL_PRICES_${modeConfig.mode.toUpperCase()}`;
    throw new StorefrontSetupError(`The storefront needs ${variable} to list its one-time offer.`);
  }

  const stripe = createStripeClient({
    mode: modeConfig.mode,
    secretKey: modeConfig.secretKey,
    timeoutMs: options.appConfig.stripeTimeoutMs,
    ...(options.appConfig.stripeApiBaseUrl
      ? { apiBaseUrl: options.appConfig.stripeApiBaseUrl }
      : {}),
  });
  const logger = options.logger ?? silentLogger;
  const [mainOffer, oneTimeOffer] = await Promise.all([
    readOfferDisplay({ stripe, logger, priceId: mainOfferPriceIdFrom(options.env) }),
    readOfferDisplay({ stripe, logger, priceId: oneTimeOfferPriceId }),
  ]);

  return {
    apiBaseUrl: "/ecommerce",
    mode: modeConfig.mode,
    paymentHost: paymentHostOf({ ...options, modeConfig }),
    mainOffer,
    oneTimeOffer,
    testCards: modeConfig.mode === "test" ? [...funnelTestCards] : [],
  };
}

function paymentHostOf(args: CreateStorefrontOptions & { modeConfig: ModeConfig }): PaymentHost {
  if (args.sandboxUrl) return { kind: "sandbox", sandboxUrl: args.sandboxUrl };

  const publishableKey = args.modeConfig.publishableKey;
  if (!publishableKey) {
    const variable = `STRIPE_PUBLISHABLE_KEY_${args.modeConfig.mode.toUpperCase()}`;
    throw new StorefrontSetupError(`The storefront on real Stripe needs ${variable}.`);
  }
  return {
    kind: "stripe",
    publishableKey,
    ...(args.stripeJsUrl ? { stripeJsUrl: args.stripeJsUrl } : {}),
  };
}

function mainOfferPriceIdFrom(env: CreateStorefrontOptions["env"]): string {
  const configured = env?.STOREFRONT_MAIN_PRICE_ID?.trim();
  if (!configured) return defaultMainOfferPriceId;
  if (/^price_[A-Za-z0-9_]+$/.test(configured)) return configured;
  throw new StorefrontSetupError("STOREFRONT_MAIN_PRICE_ID must be a price id (price_...).");
}

/**
 * Reads a price and its product for display. A failure leaves the page
 * showing the price id and no amount rather than stopping the start.
 */
async function readOfferDisplay(args: {
  stripe: Stripe;
  logger: Logger;
  priceId: string;
}): Promise<OfferDisplay> {
  const { stripe, priceId } = args;
  try {
    const price = await stripe.prices.retrieve(priceId);
    const product =
      typeof price.product === "string"
        ? await stripe.products.retrieve(price.product)
        : price.product;
    const named = product.deleted ? undefined : product;
    return {
      priceId,
      name: named?.name ?? priceId,
      description: named?.description ?? "",
      amountMinor: price.unit_amount,
      currency: price.currency,
    };
  } catch (error) {
    args.logger.warn("storefront could not read an offer from Stripe", {
      priceId,
      ...errorFields(error),
    });
    return { priceId, name: priceId, description: "", amountMinor: null, currency: null };
  }
}
