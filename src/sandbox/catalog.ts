/**
 * Seeds both modes from a JSON catalog. Ids follow the keys: in test mode
 * `price_test_<key>` / `prod_test_<key>`, in live mode `price_live_<key>` / `prod_live_<key>`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Mode } from "../domain/mode.js";
import { buildPrice } from "./resources/prices.js";
import { buildProduct } from "./resources/products.js";
import type { ModeStore } from "./store.js";

const catalogSchema = z.object({
  products: z.array(
    z.object({
      key: z.string().regex(/^[a-z0-9_]+$/),
      name: z.string().min(1),
      description: z.string().optional(),
    }),
  ),
  prices: z.array(
    z.object({
      key: z.string().regex(/^[a-z0-9_]+$/),
      product: z.string(),
      unitAmountMinor: z.number().int().nonnegative(),
      currency: z.string().length(3),
      active: z.boolean().optional(),
      recurringInterval: z.enum(["day", "week", "month", "year"]).optional(),
    }),
  ),
});

/** The catalog file's content. */
export type Catalog = z.infer<typeof catalogSchema>;

/** The catalog shipped with the sandbox (`src/sandbox/catalog.json`). */
export const defaultCatalogPath = fileURLToPath(new URL("./catalog.json", import.meta.url));

/** Reads and validates a catalog file; a bad file stops the start with its path named. */
export function loadCatalog(path: string = defaultCatalogPath): Catalog {
  const parsed = catalogSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    throw new Error(`Invalid sandbox catalog ${path}: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** The id of a catalog price in a mode, e.g. `price_test_main_offer`. */
export function catalogPriceId(mode: Mode, key: string): string {
  return `price_${mode}_${key}`;
}

/** The id of a catalog product in a mode, e.g. `prod_test_main_offer`. */
export function catalogProductId(mode: Mode, key: string): string {
  return `prod_${mode}_${key}`;
}

/** Puts the catalog's products and prices into one mode's store. */
export function seedCatalog(store: ModeStore, catalog: Catalog): void {
  for (const entry of catalog.products) {
    const product = buildProduct(store.mode, {
      id: catalogProductId(store.mode, entry.key),
      name: entry.name,
      description: entry.description,
    });
    store.products.set(product.id, product);
  }
  for (const entry of catalog.prices) {
    const price = buildPrice(store.mode, {
      id: catalogPriceId(store.mode, entry.key),
      productId: catalogProductId(store.mode, entry.product),
      unitAmountMinor: entry.unitAmountMinor,
      currency: entry.currency,
      active: entry.active,
      recurringInterval: entry.recurringInterval,
      lookupKey: entry.key,
    });
    store.prices.set(price.id, price);
    const product = store.products.get(catalogProductId(store.mode, entry.product));
    if (product && price.active && product.default_price === null) {
      product.default_price = price.id;
    }
  }
}
