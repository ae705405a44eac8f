/** The sandbox's state and services, shared by the API, the pages and the controls. */
import type { Mode } from "../domain/mode.js";
import type { ModeScope } from "./api-context.js";
import { type Catalog, seedCatalog } from "./catalog.js";
import { RequestCounters } from "./counters.js";
import { FaultInjector } from "./faults.js";
import { IdempotencyStore } from "./idempotency.js";
import { createModeStores, type ModeStores } from "./store.js";
import {
  WebhookDispatcher,
  type WebhookEndpointConfig,
  type WebhookRetryOptions,
} from "./webhooks/delivery.js";
import { EventLog } from "./webhooks/event-log.js";

/** Everything one running sandbox holds. */
export interface SandboxCore {
  stores: ModeStores;
  events: EventLog;
  webhooks: WebhookDispatcher;
  idempotency: IdempotencyStore;
  faults: FaultInjector;
  counters: RequestCounters;
  /** Set once the server listens. */
  baseUrl: string;
}

/** Options of a new core. */
export interface SandboxCoreOptions {
  catalog: Catalog;
  webhookEndpoints?: WebhookEndpointConfig[];
  webhookRetry?: WebhookRetryOptions;
}

/** Creates the state of a sandbox, with the catalog seeded in both modes. */
export function createSandboxCore(options: SandboxCoreOptions): SandboxCore {
  const stores = createModeStores();
  seedCatalog(stores.test, options.catalog);
  seedCatalog(stores.live, options.catalog);
  const webhooks = new WebhookDispatcher({
    endpoints: options.webhookEndpoints,
    retry: options.webhookRetry,
  });
  return {
    stores,
    events: new EventLog(stores, webhooks),
    webhooks,
    idempotency: new IdempotencyStore(),
    faults: new FaultInjector(),
    counters: new RequestCounters(),
    baseUrl: "",
  };
}

/** One mode's view of the core. */
export function scopeOf(core: SandboxCore, mode: Mode): ModeScope {
  return {
    mode,
    store: core.stores[mode],
    stores: core.stores,
    events: core.events,
    baseUrl: core.baseUrl,
  };
}
