/**
 * The `/v1` pipeline: count, authenticate (mode from the key), decode the form, apply
 * idempotency, inject armed faults, run the handler, answer with Stripe's headers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Mode } from "../domain/mode.js";
import type { ApiContext } from "./api-context.js";
import { apiRoutes } from "./api-routes.js";
import { modeFromAuthorization } from "./auth.js";
import type { Fault, FaultPhase } from "./faults.js";
import { decodeForm } from "./http/form-decoding.js";
import { readBody, sendJson, sleep } from "./http/http-io.js";
import { ParamReader } from "./http/params.js";
import { matchRoute } from "./http/router.js";
import { requestFingerprint, type SavedResponse } from "./idempotency.js";
import { newRequestId } from "./ids.js";
import { type SandboxCore, scopeOf } from "./sandbox-core.js";
import {
  apiError,
  errorResponseBody,
  invalidRequest,
  rateLimited,
  SandboxError,
} from "./sandbox-error.js";
import { sandboxApiVersion } from "./webhooks/event-log.js";

interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  method: string;
  path: string;
  query: string;
  requestId: string;
}

/** Answers one `/v1` request. */
export async function handleApiRequest(
  core: SandboxCore,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://sandbox.local");
  const exchange: Exchange = {
    request,
    response,
    method: request.method ?? "GET",
    path: url.pathname,
    query: url.search.slice(1),
    requestId: newRequestId(),
  };
  core.counters.increment(exchange.method, exchange.path);
  try {
    await runApiRequest(core, exchange);
  } catch (error) {
    reply(exchange, toSandboxError(error));
  }
}

async function runApiRequest(core: SandboxCore, exchange: Exchange): Promise<void> {
  const mode = modeFromAuthorization(exchange.request.headers.authorization);
  const bodyText = await readBody(exchange.request);
  const formText = exchange.method === "POST" ? bodyText : exchange.query;
  const form = decodeForm(formText);
  const idempotencyKey = headerValue(exchange.request, "idempotency-key");
  if (exchange.method !== "POST" || idempotencyKey === undefined) {
    await execute(core, exchange, { mode, form, idempotencyKey });
    return;
  }

  const scopedKey = `${mode}:${idempotencyKey}`;
  const fingerprint = requestFingerprint(exchange.method, exchange.path, form);
  const decision = core.idempotency.begin(scopedKey, fingerprint, idempotencyKey);
  if (decision.kind === "replay") {
    reply(exchange, decision.response, {
      "idempotent-replayed": "true",
      "idempotency-key": idempotencyKey,
    });
    return;
  }
  try {
    const saved = await execute(core, exchange, { mode, form, idempotencyKey });
    if (saved) {
      core.idempotency.save(scopedKey, saved);
    } else {
      core.idempotency.release(scopedKey);
    }
  } catch (error) {
    core.idempotency.release(scopedKey);
    throw error;
  }
}

interface Execution {
  mode: Mode;
  form: ReturnType<typeof decodeForm>;
  idempotencyKey: string | undefined;
}

/**
 * Runs the handler between the two fault phases. Returns the response to save for
 * idempotent replays, or `undefined` when the request did not execute.
 */
async function execute(
  core: SandboxCore,
  exchange: Exchange,
  execution: Execution,
): Promise<SavedResponse | undefined> {
  const before = core.faults.take(exchange.method, exchange.path, "before_execution");
  if (before && (await strike(exchange, before, "before_execution"))) {
    return undefined;
  }
  const outcome = await runHandler(core, exchange, execution);
  const headers: Record<string, string> = execution.idempotencyKey
    ? { "idempotency-key": execution.idempotencyKey }
    : {};
  const after = core.faults.take(exchange.method, exchange.path, "after_execution");
  if (!after || !(await strike(exchange, after, "after_execution"))) {
    reply(exchange, outcome.response, headers);
  }
  return outcome.savedForReplay ? outcome.response : undefined;
}

interface HandlerOutcome {
  response: SavedResponse;
  savedForReplay: boolean;
}

async function runHandler(
  core: SandboxCore,
  exchange: Exchange,
  execution: Execution,
): Promise<HandlerOutcome> {
  const match = matchRoute(apiRoutes, exchange.method, exchange.path);
  if (!match) {
    throw new SandboxError({
      status: 404,
      body: {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${exchange.method}: ${exchange.path}).`,
      },
    });
  }
  const ctx: ApiContext = {
    ...scopeOf(core, execution.mode),
    params: new ParamReader(execution.form),
    pathParams: match.pathParams,
    pathParam: (name) => match.pathParams[name] ?? "",
    requestId: exchange.requestId,
    idempotencyKey: execution.idempotencyKey,
  };
  try {
    const body = await match.handler(ctx);
    return { response: { status: 200, body }, savedForReplay: true };
  } catch (error) {
    const failure = toSandboxError(error);
    return {
      response: { status: failure.status, body: errorResponseBody(failure) },
      savedForReplay: failure.savedForReplay,
    };
  }
}

/** Applies a fault. Returns `true` when it took over the response. */
async function strike(exchange: Exchange, fault: Fault, phase: FaultPhase): Promise<boolean> {
  if (fault.type === "hang") {
    await sleep(fault.delayMs);
    return false;
  }
  if (fault.type === "close") {
    exchange.request.socket.destroy();
    return true;
  }
  const failure =
    fault.status === 429 ? rateLimited() : apiError(`Injected fault (${phase.replace("_", " ")}).`);
  reply(exchange, failure);
  return true;
}

function reply(
  exchange: Exchange,
  answer: SandboxError | SavedResponse,
  extraHeaders: Record<string, string> = {},
): void {
  if (exchange.response.headersSent || exchange.response.destroyed) {
    return;
  }
  const response =
    answer instanceof SandboxError
      ? { status: answer.status, body: errorResponseBody(answer) }
      : answer;
  sendJson(exchange.response, response.status, response.body, {
    ...extraHeaders,
    "request-id": exchange.requestId,
    "stripe-version": headerValue(exchange.request, "stripe-version") ?? sandboxApiVersion,
  });
}

function toSandboxError(error: unknown): SandboxError {
  if (error instanceof SandboxError) {
    return error;
  }
  if (error instanceof Error && error.message === "request body too large") {
    return invalidRequest({ message: "The request body is larger than 1 MiB." });
  }
  const line = { level: "error", message: "sandbox handler failed", error: String(error) };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  return apiError("An unexpected error occurred in the Stripe sandbox.");
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? undefined : text;
}
