/**
 * `npm run sandbox`: runs the Stripe sandbox on its own, on `STRIPE_SANDBOX_PORT`
 * (default 12111), until Ctrl-C. Optional webhook endpoint per mode from
 * `STRIPE_SANDBOX_WEBHOOK_URL_TEST` + `STRIPE_SANDBOX_WEBHOOK_SECRET_TEST` (and `_LIVE`).
 */
import type { Mode } from "../domain/mode.js";
import { startStripeSandbox } from "./sandbox-server.js";
import type { WebhookEndpointConfig } from "./webhooks/delivery.js";

const defaultPort = 12111;

function readPort(env: NodeJS.ProcessEnv): number {
  const raw = env.STRIPE_SANDBOX_PORT;
  if (raw === undefined || raw === "") {
    return defaultPort;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error("STRIPE_SANDBOX_PORT must be a port number (0-65535).");
  }
  return port;
}

function readEndpoints(env: NodeJS.ProcessEnv): WebhookEndpointConfig[] {
  const endpoints: WebhookEndpointConfig[] = [];
  for (const mode of ["test", "live"] satisfies Mode[]) {
    const suffix = mode.toUpperCase();
    const url = env[`STRIPE_SANDBOX_WEBHOOK_URL_${suffix}`];
    const secret = env[`STRIPE_SANDBOX_WEBHOOK_SECRET_${suffix}`];
    if (!url) {
      continue;
    }
    if (!secret?.startsWith("whsec_")) {
      throw new Error(`STRIPE_SANDBOX_WEBHOOK_SECRET_${suffix} must be a whsec_ secret.`);
    }
    endpoints.push({ mode, url, secret });
  }
  return endpoints;
}

async function main(): Promise<void> {
  const sandbox = await startStripeSandbox({
    port: readPort(process.env),
    host: process.env.STRIPE_SANDBOX_HOST ?? "127.0.0.1",
    webhookEndpoints: readEndpoints(process.env),
  });
  process.stdout.write(`Stripe sandbox listening on ${sandbox.url}\n`);
  process.stdout.write(`Point the SDK at it with STRIPE_API_BASE_URL=${sandbox.url}\n`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
