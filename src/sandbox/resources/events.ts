/** Events: retrieve and list (filters: `type`, `types[]`). */
import type Stripe from "stripe";
import type { ApiContext } from "../api-context.js";
import { paginate } from "./list.js";
import { findInMode } from "./lookup.js";

/** `GET /v1/events/:id` */
export function retrieveEvent(ctx: ApiContext): Stripe.Event {
  return findInMode(ctx, "event", ctx.pathParam("id"));
}

/** `GET /v1/events` */
export function listEvents(ctx: ApiContext): Stripe.ApiList<Stripe.Event> {
  const type = ctx.params.optionalString("type");
  const types = ctx.params.stringList("types");
  const wanted = type === undefined ? types : [type, ...types];
  const events = [...ctx.store.events.values()].filter(
    (event) => wanted.length === 0 || wanted.includes(event.type),
  );
  return paginate(ctx, events, "/v1/events");
}
