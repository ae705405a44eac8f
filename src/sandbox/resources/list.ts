/** Stripe's cursor pagination (`limit`, `starting_after`, `ending_before`), newest first. */
import type Stripe from "stripe";
import type { ApiContext } from "../api-context.js";
import { invalidRequest } from "../sandbox-error.js";

const defaultLimit = 10;
const maxLimit = 100;

/** Pages through objects given in creation order; answers a Stripe list object. */
export function paginate<T extends { id: string }>(
  ctx: ApiContext,
  itemsInCreationOrder: readonly T[],
  url: string,
): Stripe.ApiList<T> {
  const limit = ctx.params.optionalInteger("limit") ?? defaultLimit;
  if (limit < 1 || limit > maxLimit) {
    throw invalidRequest({
      message: `Invalid limit: must be between 1 and ${maxLimit}`,
      param: "limit",
    });
  }
  const newestFirst = [...itemsInCreationOrder].reverse();
  const window = sliceAfterCursor(ctx, newestFirst);
  return {
    object: "list",
    data: window.items.slice(0, limit),
    has_more: window.items.length > limit || window.moreBefore,
    url,
  };
}

interface Window<T> {
  items: T[];
  moreBefore: boolean;
}

function sliceAfterCursor<T extends { id: string }>(ctx: ApiContext, items: T[]): Window<T> {
  const startingAfter = ctx.params.optionalString("starting_after");
  if (startingAfter !== undefined) {
    const index = items.findIndex((item) => item.id === startingAfter);
    return { items: index < 0 ? [] : items.slice(index + 1), moreBefore: false };
  }
  const endingBefore = ctx.params.optionalString("ending_before");
  if (endingBefore !== undefined) {
    const index = items.findIndex((item) => item.id === endingBefore);
    const before = index < 0 ? [] : items.slice(0, index);
    const limit = ctx.params.optionalInteger("limit") ?? defaultLimit;
    const start = Math.max(0, before.length - limit);
    return { items: before.slice(start), moreBefore: start > 0 };
  }
  return { items, moreBefore: false };
}
