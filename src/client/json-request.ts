/**
 * One JSON round trip to the upsell API, with every way it can fail turned into
 * an {@link UpsellApiError}: a refused connection, an abort, a body that is not
 * JSON, and the API's own `{ success: false, error: { code, message } }`.
 */
import { UpsellApiError } from "./upsell-api-error.js";

/** A plain JSON object as the API sends it. */
export type JsonObject = Record<string, unknown>;

/** The fetch function the client uses; the browser's by default. */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

export interface JsonRequest {
  fetchFn: FetchFunction;
  method: "GET" | "POST";
  url: string;
  body?: JsonObject;
  signal?: AbortSignal | undefined;
}

/** What came back: the HTTP status and the parsed object. */
export interface JsonAnswer {
  status: number;
  body: JsonObject;
  /** The `Retry-After` header in seconds, when the API sent one. */
  retryAfterSec?: number;
}

/** Sends the request and parses the answer; throws only when there is nothing to read. */
export async function sendJson(request: JsonRequest): Promise<JsonAnswer> {
  throwIfAborted(request.signal);

  const response = await fetchOrThrow(request);
  const body = await parseBodyOrThrow(response, request.signal);
  const retryAfterSec = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
  return {
    status: response.status,
    body,
    ...(Number.isFinite(retryAfterSec) && retryAfterSec >= 0 ? { retryAfterSec } : {}),
  };
}

/** Turns an answer that is not a success into the error a page switches on. */
export function errorFromAnswer(answer: JsonAnswer): UpsellApiError {
  const error = asObject(answer.body.error);
  const code = readString(error, "code") ?? "INVALID_RESPONSE";
  const message =
    readString(error, "message") ??
    readString(answer.body, "message") ??
    `The API answered with status ${answer.status}.`;
  const retryable = readBoolean(error, "retryable") ?? readBoolean(answer.body, "retryable");

  return new UpsellApiError({
    code,
    message,
    status: answer.status,
    ...(retryable === undefined ? {} : { retryable }),
    ...(answer.retryAfterSec === undefined ? {} : { retryAfterSec: answer.retryAfterSec }),
    ...definedStrings({
      declineCode: readString(error, "declineCode"),
      paymentIntentId: readString(error, "paymentIntentId"),
      clientSecret: readString(error, "clientSecret"),
    }),
  });
}

/** Throws the client's `ABORTED` error when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw abortedError(signal.reason);
}

/** The error for a request the caller called off. */
export function abortedError(cause: unknown): UpsellApiError {
  return new UpsellApiError({
    code: "ABORTED",
    message: "The request was called off.",
    status: 0,
    retryable: false,
    cause,
  });
}

/** The value at `key` when it is a non-empty string. */
export function readString(source: JsonObject | undefined, key: string): string | undefined {
  const value = source?.[key];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The value at `key` when it is a finite number. */
export function readNumber(source: JsonObject | undefined, key: string): number | undefined {
  const value = source?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function readBoolean(source: JsonObject | undefined, key: string): boolean | undefined {
  const value = source?.[key];
  return typeof value === "boolean" ? value : undefined;
}

function asObject(value: unknown): JsonObject | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return value as JsonObject;
}

function definedStrings(values: Record<string, string | undefined>): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) defined[key] = value;
  }
  return defined;
}

async function fetchOrThrow(request: JsonRequest): Promise<Response> {
  const hasBody = request.body !== undefined;
  const init: RequestInit = {
    method: request.method,
    headers: hasBody
      ? { accept: "application/json", "content-type": "application/json" }
      : { accept: "application/json" },
    ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  };

  try {
    return await request.fetchFn(request.url, init);
  } catch (cause) {
    if (request.signal?.aborted) throw abortedError(cause);
    throw new UpsellApiError({
      code: "NETWORK_ERROR",
      message: "The API could not be reached.",
      status: 0,
      retryable: true,
      cause,
    });
  }
}

async function parseBodyOrThrow(
  response: Response,
  signal: AbortSignal | undefined,
): Promise<JsonObject> {
  let parsed: unknown;
  try {
    parsed = await response.json();
  } catch (cause) {
    if (signal?.aborted) throw abortedError(cause);
    throw new UpsellApiError({
      code: "INVALID_RESPONSE",
      message: `The API answered with status ${response.status} and a body that is not JSON.`,
      status: response.status,
      cause,
    });
  }

  const body = asObject(parsed);
  if (body) return body;
  throw new UpsellApiError({
    code: "INVALID_RESPONSE",
    message: "The API answered with JSON that is not an object.",
    status: response.status,
  });
}
