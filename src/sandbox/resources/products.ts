/** Products: create, retrieve, list. */
import type Stripe from "stripe";
import type { Mode } from "../../domain/mode.js";
import type { ApiContext } from "../api-context.js";
import { newObjectId, nowEpochSec } from "../ids.js";
import { paginate } from "./list.js";
import { findInMode } from "./lookup.js";

/** What a product is made from. */
export interface ProductDraft {
  id?: string;
  name: string;
  description?: string;
  active?: boolean;
  metadata?: Stripe.Metadata;
}

/** Builds a product object in Stripe's shape. */
export function buildProduct(mode: Mode, draft: ProductDraft): Stripe.Product {
  const createdEpochSec = nowEpochSec();
  return {
    id: draft.id ?? newObjectId("prod"),
    object: "product",
    active: draft.active ?? true,
    created: createdEpochSec,
    default_price: null,
    description: draft.description ?? null,
    images: [],
    livemode: mode === "live",
    marketing_features: [],
    metadata: draft.metadata ?? {},
    name: draft.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: createdEpochSec,
    url: null,
  };
}

const createParams = [
  "name",
  "active",
  "description",
  "metadata",
  "id",
  "expand",
  "images",
  "marketing_features",
  "shippable",
  "statement_descriptor",
  "tax_code",
  "unit_label",
  "url",
] as const;

/** `POST /v1/products` */
export function createProduct(ctx: ApiContext): Stripe.Product {
  ctx.params.rejectUnknown(createParams);
  const product = buildProduct(ctx.mode, {
    id: ctx.params.optionalString("id"),
    name: ctx.params.requiredString("name"),
    description: ctx.params.optionalString("description"),
    active: ctx.params.optionalBoolean("active"),
    metadata: ctx.params.metadata(),
  });
  ctx.store.products.set(product.id, product);
  return product;
}

/** `GET /v1/products/:id` */
export function retrieveProduct(ctx: ApiContext): Stripe.Product {
  return findInMode(ctx, "product", ctx.pathParam("id"));
}

/** `GET /v1/products` */
export function listProducts(ctx: ApiContext): Stripe.ApiList<Stripe.Product> {
  const active = ctx.params.optionalBoolean("active");
  const products = [...ctx.store.products.values()].filter(
    (product) => active === undefined || product.active === active,
  );
  return paginate(ctx, products, "/v1/products");
}
