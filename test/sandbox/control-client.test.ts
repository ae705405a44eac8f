import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSandboxControlClient,
  SandboxControlError,
  type SandboxControls,
} from "../../src/sandbox/index.js";
import { embeddedSessionParams, stripeErrorOf } from "./sandbox-fixture.js";

/** Runs `npm run sandbox`'s entry point as a separate process on a free port. */
async function startSandboxProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/cli.ts"], {
    env: { ...process.env, STRIPE_SANDBOX_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        resolve(match[1]);
      }
    });
    child.once("exit", () => reject(new Error(`the sandbox process exited: ${output}`)));
  });
  return { child, url };
}

describe("the sandbox as a separate process, driven over HTTP", () => {
  let child: ChildProcess;
  let controls: SandboxControls;
  let stripe: Stripe;

  beforeAll(async () => {
    const started = await startSandboxProcess();
    child = started.child;
    controls = createSandboxControlClient(started.url);
    const { hostname, port } = new URL(started.url);
    stripe = new Stripe("sk_test_process", {
      host: hostname,
      port: Number(port),
      protocol: "http",
      maxNetworkRetries: 0,
    });
  });
  afterAll(async () => {
    child.kill("SIGINT");
    await once(child, "exit");
  });

  it("serves the API to the SDK", async () => {
    await expect(stripe.prices.retrieve("price_test_main_offer")).resolves.toMatchObject({
      unit_amount: 4900,
    });
  });

  it("injects faults and counts requests over HTTP", async () => {
    await controls.resetCounters();
    await controls.injectFault({
      method: "GET",
      path: "/v1/prices/*",
      fault: { type: "error", status: 500 },
    });
    const error = await stripeErrorOf(stripe.prices.retrieve("price_test_main_offer"));
    await stripe.prices.retrieve("price_test_main_offer");

    expect(error.statusCode).toBe(500);
    expect(await controls.requestCount("GET", "/v1/prices/*")).toBe(2);
    expect(await controls.requestCounts()).toEqual([
      { method: "GET", path: "/v1/prices/price_test_main_offer", count: 2 },
    ]);
  });

  it("completes a checkout session and authenticates a payment intent over HTTP", async () => {
    const session = await stripe.checkout.sessions.create(embeddedSessionParams);
    const paid = await controls.completeCheckoutSession(session.id, {
      paymentMethod: "pm_card_authenticationRequired",
    });
    const saved = await stripe.paymentIntents.retrieve(String(paid.payment_intent));
    const upsell = await stripe.paymentIntents.create({
      amount: 2900,
      currency: "usd",
      customer: String(paid.customer),
      payment_method: String(saved.payment_method),
      confirm: true,
    });
    const authenticated = await controls.authenticatePaymentIntent(upsell.id, "succeed");

    expect(paid.status).toBe("complete");
    expect(upsell.status).toBe("requires_action");
    expect(authenticated.status).toBe("succeeded");
  });

  it("holds and releases webhook deliveries over HTTP", async () => {
    await controls.holdWebhooks();

    expect(await controls.releaseWebhooks()).toBe(0);
    await expect(controls.webhooksIdle()).resolves.toBeUndefined();
  });

  it("refuses a malformed control with a SandboxControlError", async () => {
    const attempt = controls.injectFault({
      method: "GET",
      path: "no-slash",
      fault: { type: "close" },
    });

    await expect(attempt).rejects.toBeInstanceOf(SandboxControlError);
    await expect(attempt).rejects.toMatchObject({ status: 400 });
  });
});
