/**
 * Child process: the Stripe sandbox, on its own event loop so that neither the
 * API nor the load generator shares a CPU queue with it. It delivers the
 * checkout events to one webhook endpoint, as an operator subscribes it.
 */
import { startStripeSandbox } from "../../src/sandbox/index.js";
import { reportReady, serveParentCommands } from "./ipc-messages.js";

/** The events the operator's guide subscribes the webhook endpoint to. */
const subscribedEvents = ["checkout.session.completed", "checkout.session.async_payment_succeeded"];

const { BENCH_WEBHOOK_URL, BENCH_WEBHOOK_SECRET, BENCH_CATALOG_PATH } = process.env;
if (!BENCH_WEBHOOK_URL || !BENCH_WEBHOOK_SECRET || !BENCH_CATALOG_PATH) {
  throw new Error("BENCH_WEBHOOK_URL, BENCH_WEBHOOK_SECRET and BENCH_CATALOG_PATH are required");
}

const sandbox = await startStripeSandbox({
  catalogPath: BENCH_CATALOG_PATH,
  webhookEndpoints: [
    {
      mode: "test",
      url: BENCH_WEBHOOK_URL,
      secret: BENCH_WEBHOOK_SECRET,
      enabledEvents: subscribedEvents,
    },
  ],
});

serveParentCommands(() => sandbox.close());
reportReady(sandbox.url);
