/**
 * The test controls over HTTP, under `/_sandbox/...`, for processes that do not hold the
 * sandbox object (the API started separately, benchmarks, reliability runs). JSON in and
 * out; no API key. See `control-client.ts` for the typed client.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { SandboxControls } from "../controls.js";
import { errorResponseBody, SandboxError } from "../sandbox-error.js";
import {
  authenticationSchema,
  checkoutPaymentSchema,
  faultRuleSchema,
  webhookEndpointSchema,
  webhookPlanSchema,
} from "./control-schemas.js";
import { readBody, sendJson } from "./http-io.js";
import { matchRoute, type Route } from "./router.js";

interface ControlCall {
  controls: SandboxControls;
  body: unknown;
  query: URLSearchParams;
  pathParams: Record<string, string>;
}

type ControlHandler = (call: ControlCall) => Promise<unknown>;

const controlRoutes: readonly Route<ControlHandler>[] = [
  {
    method: "POST",
    pattern: "/_sandbox/faults",
    handler: async ({ controls, body }) => controls.injectFault(faultRuleSchema.parse(body)),
  },
  {
    method: "GET",
    pattern: "/_sandbox/faults",
    handler: ({ controls }) => controls.pendingFaults(),
  },
  {
    method: "DELETE",
    pattern: "/_sandbox/faults",
    handler: ({ controls }) => controls.clearFaults(),
  },
  { method: "GET", pattern: "/_sandbox/counters", handler: readCounters },
  {
    method: "DELETE",
    pattern: "/_sandbox/counters",
    handler: ({ controls }) => controls.resetCounters(),
  },
  {
    method: "POST",
    pattern: "/_sandbox/webhooks/endpoints",
    handler: ({ controls, body }) => controls.addWebhookEndpoint(webhookEndpointSchema.parse(body)),
  },
  {
    method: "POST",
    pattern: "/_sandbox/webhooks/hold",
    handler: ({ controls }) => controls.holdWebhooks(),
  },
  {
    method: "POST",
    pattern: "/_sandbox/webhooks/release",
    handler: async ({ controls }) => ({ released: await controls.releaseWebhooks() }),
  },
  {
    method: "POST",
    pattern: "/_sandbox/webhooks/plan",
    handler: ({ controls, body }) => controls.planWebhooks(webhookPlanSchema.parse(body)),
  },
  {
    method: "GET",
    pattern: "/_sandbox/webhooks/attempts",
    handler: ({ controls }) => controls.webhookAttempts(),
  },
  {
    method: "GET",
    pattern: "/_sandbox/webhooks/idle",
    handler: async ({ controls }) => {
      await controls.webhooksIdle();
      return { idle: true };
    },
  },
  {
    method: "POST",
    pattern: "/_sandbox/events/:id/resend",
    handler: ({ controls, pathParams }) => controls.resendEvent(pathParams.id ?? ""),
  },
  {
    method: "POST",
    pattern: "/_sandbox/checkout/sessions/:id/complete",
    handler: ({ controls, body, pathParams }) =>
      controls.completeCheckoutSession(pathParams.id ?? "", checkoutPaymentSchema.parse(body)),
  },
  {
    method: "POST",
    pattern: "/_sandbox/payment_intents/:id/authenticate",
    handler: ({ controls, body, pathParams }) =>
      controls.authenticatePaymentIntent(
        pathParams.id ?? "",
        authenticationSchema.parse(body).outcome,
      ),
  },
];

async function readCounters({ controls, query }: ControlCall): Promise<unknown> {
  const method = query.get("method");
  const path = query.get("path");
  if (method && path) {
    return { count: await controls.requestCount(method, path) };
  }
  return controls.requestCounts();
}

/** Answers one `/_sandbox` request. */
export async function handleControlRequest(
  controls: SandboxControls,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://sandbox.local");
  const match = matchRoute(controlRoutes, request.method ?? "GET", url.pathname);
  if (!match) {
    sendJson(response, 404, {
      error: { type: "invalid_request_error", message: "Unknown control." },
    });
    return;
  }
  try {
    const text = await readBody(request);
    const body: unknown = text === "" ? {} : JSON.parse(text);
    const result = await match.handler({
      controls,
      body,
      query: url.searchParams,
      pathParams: match.pathParams,
    });
    sendJson(response, 200, result ?? { ok: true });
  } catch (error) {
    sendControlError(response, error);
  }
}

function sendControlError(response: ServerResponse, error: unknown): void {
  if (error instanceof SandboxError) {
    sendJson(response, error.status, errorResponseBody(error));
    return;
  }
  if (error instanceof z.ZodError || error instanceof SyntaxError) {
    const message =
      error instanceof z.ZodError ? z.prettifyError(error) : "Body is not valid JSON.";
    sendJson(response, 400, { error: { type: "invalid_request_error", message } });
    return;
  }
  sendJson(response, 500, { error: { type: "api_error", message: String(error) } });
}
