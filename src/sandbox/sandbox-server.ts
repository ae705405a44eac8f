/**
 * `startStripeSandbox`: a local, stateful Stripe that the real `stripe` SDK talks to over
 * HTTP. One `node:http` server answers the API (`/v1/...`), the human pages (`/pay/...`,
 * `/authenticate/...`) and the test controls (`/_sandbox/...`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleApiRequest } from "./api-handler.js";
import { defaultCatalogPath, loadCatalog } from "./catalog.js";
import { createSandboxControls, type SandboxControls } from "./controls.js";
import { handleControlRequest } from "./http/control-routes.js";
import { sendJson } from "./http/http-io.js";
import { handlePageRequest } from "./pages/page-routes.js";
import { createSandboxCore, type SandboxCore } from "./sandbox-core.js";
import type { WebhookEndpointConfig, WebhookRetryOptions } from "./webhooks/delivery.js";

/** Options of `startStripeSandbox`. */
export interface StripeSandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Catalog file to seed both modes from (default: the bundled `catalog.json`). */
  catalogPath?: string;
  /** Where each mode's events are POSTed, and the `whsec_` secret they are signed with. */
  webhookEndpoints?: WebhookEndpointConfig[];
  /** Webhook retry policy (fast values for tests). */
  webhookRetry?: WebhookRetryOptions;
}

/** Options to spread into `new Stripe(key, { ... })` so the SDK talks to the sandbox. */
export interface StripeClientOptions {
  host: string;
  port: number;
  protocol: "http";
}

/** A running sandbox: its address, SDK options, test controls and `close()`. */
export interface StripeSandbox extends SandboxControls {
  /** Base URL, e.g. `http://127.0.0.1:12111`. */
  url: string;
  port: number;
  stripeClientOptions: StripeClientOptions;
  /** Stops the server and cancels scheduled webhook deliveries. */
  close(): Promise<void>;
}

/**
 * Starts a sandbox.
 *
 * @example
 * const sandbox = await startStripeSandbox();
 * const stripe = new Stripe("sk_test_x", { ...sandbox.stripeClientOptions });
 * await stripe.prices.retrieve("price_test_main_offer");
 * await sandbox.close();
 */
export async function startStripeSandbox(
  options: StripeSandboxOptions = {},
): Promise<StripeSandbox> {
  const host = options.host ?? "127.0.0.1";
  const core = createSandboxCore({
    catalog: loadCatalog(options.catalogPath ?? defaultCatalogPath),
    webhookEndpoints: options.webhookEndpoints,
    webhookRetry: options.webhookRetry,
  });
  const controls = createSandboxControls(core);
  const server = createServer((request, response) => {
    void route(core, controls, request, response);
  });
  const port = await listen(server, options.port ?? 0, host);
  core.baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    ...controls,
    url: core.baseUrl,
    port,
    stripeClientOptions: { host, port, protocol: "http" },
    close: () => closeServer(server, core),
  };
}

async function route(
  core: SandboxCore,
  controls: SandboxControls,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
  if (path.startsWith("/v1/")) {
    await handleApiRequest(core, request, response);
    return;
  }
  if (path.startsWith("/_sandbox/")) {
    await handleControlRequest(controls, request, response);
    return;
  }
  if (path.startsWith("/pay/") || path.startsWith("/authenticate/")) {
    await handlePageRequest(core, request, response);
    return;
  }
  sendJson(response, 404, {
    error: { type: "invalid_request_error", message: `Unrecognized request URL (${path}).` },
  });
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: Server, core: SandboxCore): Promise<void> {
  core.webhooks.close();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
