/**
 * One HTTP answer of the API, read once, with typed access to the fields the
 * suite checks: the error shape every 4xx and 5xx must have, and string
 * fields of success bodies.
 */

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body; undefined when it is not JSON. */
  readonly json: unknown;
}

export interface ApiErrorFields {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean | undefined;
}

/** Reads a fetch or `app.request` response completely. */
export async function readAnswer(response: Response): Promise<ApiAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The `error` object of `{success:false,error:{code,message}}`, or undefined
 * when the body does not have exactly that shape.
 */
export function errorOf(answer: Pick<ApiAnswer, "json">): ApiErrorFields | undefined {
  const body = answer.json;
  if (!isRecord(body) || body.success !== false || !isRecord(body.error)) return undefined;
  const { code, message, retryable } = body.error;
  if (typeof code !== "string" || !/^[A-Z][A-Z_]+$/.test(code)) return undefined;
  if (typeof message !== "string" || message.length === 0) return undefined;
  return { code, message, retryable: typeof retryable === "boolean" ? retryable : undefined };
}

/** A top-level string field of a JSON body; throws with the body when absent. */
export function stringField(answer: ApiAnswer, name: string): string {
  const body = answer.json;
  const value = isRecord(body) ? body[name] : undefined;
  if (typeof value !== "string") {
    throw new Error(`${name} missing in HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
  return value;
}

/** A top-level number field of a JSON body, or undefined. */
export function numberField(answer: ApiAnswer, name: string): number | undefined {
  const body = answer.json;
  const value = isRecord(body) ? body[name] : undefined;
  return typeof value === "number" ? value : undefined;
}

/** A short label of an answer for tallies: `200`, `409 CHARGE_IN_PROGRESS`. */
export function answerLabel(answer: ApiAnswer): string {
  const error = errorOf(answer);
  return error ? `${answer.status} ${error.code}` : String(answer.status);
}

/** Counts answers by label. */
export function tally(answers: readonly ApiAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const label = answerLabel(answer);
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return counts;
}

/** True for an error that tells the caller to retry: JSON error, `retryable`, `Retry-After`. */
export function isRetryableError(answer: ApiAnswer): boolean {
  const error = errorOf(answer);
  return (
    answer.status >= 400 &&
    error?.retryable === true &&
    Number(answer.headers.get("retry-after")) > 0
  );
}

/** A string detail of the `error` object (`paymentIntentId`, `declineCode`...), or undefined. */
export function errorDetail(answer: ApiAnswer, name: string): string | undefined {
  const body = answer.json;
  const error = isRecord(body) ? body.error : undefined;
  const value = isRecord(error) ? error[name] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** True when the JSON body's top-level `field` is `value`. */
export function bodyHas(answer: ApiAnswer, field: string, value: unknown): boolean {
  const body = answer.json;
  return isRecord(body) && body[field] === value;
}
