/**
 * What a resource handler receives: the caller's mode and its store, the decoded
 * parameters, the path parameters and the sandbox services (events, base URL).
 */
import type { Mode } from "../domain/mode.js";
import type { ParamReader } from "./http/params.js";
import type { ModeStore, ModeStores } from "./store.js";
import type { EventLog } from "./webhooks/event-log.js";

/** One mode's objects and the services that act on them (API handlers, pages, controls). */
export interface ModeScope {
  mode: Mode;
  store: ModeStore;
  stores: ModeStores;
  events: EventLog;
  /** The sandbox's own URL, for page links such as `/pay/{id}`. */
  baseUrl: string;
}

/** The context of one API request. */
export interface ApiContext extends ModeScope {
  params: ParamReader;
  /** The named segments of the matched route (`/v1/prices/:id` → `id`). */
  pathParams: Readonly<Record<string, string>>;
  /** One named segment; the route guarantees it is there. */
  pathParam(name: string): string;
  requestId: string;
  idempotencyKey: string | undefined;
}

/** A resource handler: returns the JSON body of a 200 answer or throws a `SandboxError`. */
export type ApiHandler = (ctx: ApiContext) => object | Promise<object>;
