/**
 * Idempotency as Stripe does it, per mode and key: the same key with the same parameters
 * replays the saved response; different parameters are an `idempotency_error`; a second
 * request while the first still runs gets 409. Responses are saved only once execution
 * started (a rejected parameter is not saved, so a corrected retry may reuse the key).
 */
import { SandboxError } from "./sandbox-error.js";

/** A response kept for replays. */
export interface SavedResponse {
  status: number;
  body: unknown;
}

type Entry =
  | { fingerprint: string; state: "running" }
  | { fingerprint: string; state: "done"; response: SavedResponse };

/** What to do with an incoming request that carries a key. */
export type IdempotencyDecision = { kind: "execute" } | { kind: "replay"; response: SavedResponse };

const defaultMaxEntries = 50_000;

/** Keys seen so far, oldest evicted first beyond `maxEntries` (Stripe keeps them 24 h). */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;

  constructor(maxEntries = defaultMaxEntries) {
    this.maxEntries = maxEntries;
  }

  /** Claims a key for a request, or answers how to replay or refuse it. */
  begin(scopedKey: string, fingerprint: string, idempotencyKey: string): IdempotencyDecision {
    const entry = this.entries.get(scopedKey);
    if (entry === undefined) {
      this.entries.set(scopedKey, { fingerprint, state: "running" });
      this.evictOldest();
      return { kind: "execute" };
    }
    if (entry.fingerprint !== fingerprint) {
      throw new SandboxError({
        status: 400,
        body: {
          type: "idempotency_error",
          message:
            "Keys for idempotent requests can only be used with the same parameters they were " +
            `first used with. Try using a key other than '${idempotencyKey}' if you meant to ` +
            "execute a different request.",
        },
      });
    }
    if (entry.state === "running") {
      throw new SandboxError({
        status: 409,
        body: {
          type: "idempotency_error",
          message:
            "There is currently another in-progress request using this Idempotency-Key " +
            `(${idempotencyKey}). Retry after the first request has finished.`,
        },
      });
    }
    return { kind: "replay", response: entry.response };
  }

  /** Saves the response of an executed request. */
  save(scopedKey: string, response: SavedResponse): void {
    const entry = this.entries.get(scopedKey);
    if (entry) {
      this.entries.set(scopedKey, { fingerprint: entry.fingerprint, state: "done", response });
    }
  }

  /** Forgets a key whose request did not execute, so it may be used again. */
  release(scopedKey: string): void {
    const entry = this.entries.get(scopedKey);
    if (entry?.state === "running") {
      this.entries.delete(scopedKey);
    }
  }

  private evictOldest(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) {
        return;
      }
      this.entries.delete(oldest);
    }
  }
}

/** A stable text for comparing two requests' method, path and parameters. */
export function requestFingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${stableJson(params)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([left], [right]) => left.localeCompare(right));
    const fields = entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`);
    return `{${fields.join(",")}}`;
  }
  return JSON.stringify(value);
}
