/** Prices: create, retrieve, list. One-time or recurring, `per_unit` only. */
import Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";
import type { ApiContext } from "../api-context.js";
import { newObjectId, nowEpochSec } from "../ids.js";
import { invalidRequest } from "../sandbox-error.js";
import { paginate } from "./list.js";
import { findInMode } from "./lookup.js";
import { buildProduct } from "./products.js";

/** A recurring interval of a price. */
export type RecurringInterval = "day" | "week" | "month" | "year";

/** What a price is made from. */
export interface PriceDraft {
  id?: string;
  productId: string;
  unitAmountMinor: number;
  currency: string;
  active?: boolean;
  recurringInterval?: RecurringInterval;
  nickname?: string;
  lookupKey?: string;
  metadata?: Stripe.Metadata;
}

/** Builds a price object in Stripe's shape. */
export function buildPrice(mode: Mode, draft: PriceDraft): Stripe.Price {
  return {
    id: draft.id ?? newObjectId("price"),
    object: "price",
    active: draft.active ?? true,
    billing_scheme: "per_unit",
    created: nowEpochSec(),
    currency: draft.currency,
    custom_unit_amount: null,
    livemode: mode === "live",
    lookup_key: draft.lookupKey ?? null,
    metadata: draft.metadata ?? {},
    nickname: draft.nickname ?? null,
    product: draft.productId,
    recurring: draft.recurringInterval
      ? {
          interval: draft.recurringInterval,
          interval_count: 1,
          meter: null,
          trial_period_days: null,
          usage_type: "licensed",
        }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: draft.recurringInterval ? "recurring" : "one_time",
    unit_amount: draft.unitAmountMinor,
    unit_amount_decimal: Stripe.Decimal.from(draft.unitAmountMinor),
  };
}

const createParams = [
  "currency",
  "unit_amount",
  "product",
  "product_data",
  "recurring",
  "active",
  "nickname",
  "lookup_key",
  "metadata",
  "expand",
  "tax_behavior",
  "billing_scheme",
] as const;

const intervals: readonly RecurringInterval[] = ["day", "week", "month", "year"];

/** `POST /v1/prices` (with `product` or `product_data[name]`). */
export function createPrice(ctx: ApiContext): Stripe.Price {
  const { params } = ctx;
  params.rejectUnknown(createParams);
  const currency = params.requiredString("currency").toLowerCase();
  const unitAmountMinor = params.requiredInteger("unit_amount");
  if (unitAmountMinor < 0) {
    throw invalidRequest({
      message: "This value must be greater than or equal to 0.",
      param: "unit_amount",
    });
  }
  const productId = resolveProductId(ctx);
  const price = buildPrice(ctx.mode, {
    productId,
    unitAmountMinor,
    currency,
    active: params.optionalBoolean("active"),
    recurringInterval: params.child("recurring").optionalEnum("interval", intervals),
    nickname: params.optionalString("nickname"),
    lookupKey: params.optionalString("lookup_key"),
    metadata: params.metadata(),
  });
  ctx.store.prices.set(price.id, price);
  return price;
}

function resolveProductId(ctx: ApiContext): string {
  const productId = ctx.params.optionalString("product");
  if (productId !== undefined) {
    return findInMode(ctx, "product", productId, "product").id;
  }
  const productData = ctx.params.child("product_data");
  if (!productData.has("name")) {
    throw invalidRequest({
      message: "You must specify either `product` or `product_data` when creating a price.",
      param: "product",
    });
  }
  const product = buildProduct(ctx.mode, {
    name: productData.requiredString("name"),
    metadata: productData.metadata(),
  });
  ctx.store.products.set(product.id, product);
  return product.id;
}

/** `GET /v1/prices/:id` */
export function retrievePrice(ctx: ApiContext): Stripe.Price {
  return findInMode(ctx, "price", ctx.pathParam("id"));
}

/** `GET /v1/prices` (filters: `active`, `product`, `type`). */
export function listPrices(ctx: ApiContext): Stripe.ApiList<Stripe.Price> {
  const active = ctx.params.optionalBoolean("active");
  const productId = ctx.params.optionalString("product");
  const type = ctx.params.optionalEnum("type", ["one_time", "recurring"] as const);
  const prices = [...ctx.store.prices.values()].filter(
    (price) =>
      (active === undefined || price.active === active) &&
      (productId === undefined || price.product === productId) &&
      (type === undefined || price.type === type),
  );
  return paginate(ctx, prices, "/v1/prices");
}
