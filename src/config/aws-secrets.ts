/**
 * Stripe secrets from AWS Secrets Manager, for the Lambda entry point.
 *
 * Layout: one JSON secret per stage and mode, holding the settings of that mode
 * under the same names the local environment uses:
 *
 *   dev  / test → { STRIPE_SECRET_KEY_TEST, STRIPE_WEBHOOK_SECRET_DEV }
 *   prod / test → { STRIPE_SECRET_KEY_TEST, STRIPE_WEBHOOK_SECRET_TEST }
 *   prod / live → { STRIPE_SECRET_KEY_LIVE, STRIPE_WEBHOOK_SECRET_LIVE }
 *
 * (each may also hold the publishable key of its mode). The function finds its
 * secrets through `STRIPE_SECRETS_ID_TEST` / `STRIPE_SECRETS_ID_LIVE`. A secret
 * may hold only the names of its own mode, so a live key pasted into the test
 * secret stops the start instead of charging real cards from test mode.
 *
 * The values are merged into the env-like record before `loadConfig`, which
 * checks their prefixes. Nothing here ever puts a value into an error message.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { type Mode, modesOfStage, type Stage } from "../domain/mode.js";

/** Lambda environment variables naming each mode's secret (name or ARN). */
export const secretIdVariables: Readonly<Record<Mode, string>> = {
  test: "STRIPE_SECRETS_ID_TEST",
  live: "STRIPE_SECRETS_ID_LIVE",
};

/** Lambda environment variable: how long loaded secrets are trusted before a re-read. */
export const secretsMaxAgeVariable = "STRIPE_SECRETS_MAX_AGE_SECONDS";

/** Used when `STRIPE_SECRETS_MAX_AGE_SECONDS` is absent: a rotated key is live within 5 min. */
export const defaultSecretsMaxAgeSeconds = 300;

/** Why loading the secrets failed; the message names secrets and settings, never values. */
export type SecretsErrorCode = "SECRETS_CONFIG_INVALID" | "SECRET_INVALID" | "SECRETS_UNAVAILABLE";

/** A failure to find, read or parse the Stripe secrets. */
export class SecretsLoadError extends Error {
  override readonly name = "SecretsLoadError";
  readonly code: SecretsErrorCode;

  constructor(code: SecretsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The settings one mode's secret holds in a stage; `required` ones must be filled. */
export interface SecretLayout {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** The settings the secret of `mode` holds in `stage` (see the module comment). */
export function secretLayout(stage: Stage, mode: Mode): SecretLayout {
  const modeSuffix = mode === "test" ? "TEST" : "LIVE";
  const webhookSuffix = stage === "dev" ? "DEV" : modeSuffix;
  return {
    required: [`STRIPE_SECRET_KEY_${modeSuffix}`, `STRIPE_WEBHOOK_SECRET_${webhookSuffix}`],
    optional: [`STRIPE_PUBLISHABLE_KEY_${modeSuffix}`],
  };
}

/** The secret ids of a stage, per mode, read from the function's environment. */
export type SecretIds = Partial<Record<Mode, string>>;

/**
 * Reads `STRIPE_SECRETS_ID_*` for the modes of `stage`. A missing id, or an id
 * for a mode the stage does not serve, stops the start.
 */
export function secretIdsFromEnv(env: Record<string, string | undefined>, stage: Stage): SecretIds {
  const served = modesOfStage(stage);
  const ids: SecretIds = {};
  for (const mode of ["test", "live"] as const) {
    const variable = secretIdVariables[mode];
    const id = env[variable]?.trim();
    if (!served.includes(mode)) {
      if (id) throw configError(`${variable} must not be set in stage ${stage}`);
      continue;
    }
    if (!id) throw configError(`${variable} is required in stage ${stage}`);
    ids[mode] = id;
  }
  return ids;
}

/** Reads `STRIPE_SECRETS_MAX_AGE_SECONDS` (a positive integer) or the default. */
export function secretsMaxAgeMsFromEnv(env: Record<string, string | undefined>): number {
  const raw = env[secretsMaxAgeVariable]?.trim();
  if (!raw) return defaultSecretsMaxAgeSeconds * 1000;
  if (!/^[1-9][0-9]*$/.test(raw)) {
    throw configError(`${secretsMaxAgeVariable} must be a positive number of seconds`);
  }
  return Number(raw) * 1000;
}

/** The settings read from Secrets Manager at one moment. */
export interface SecretsSnapshot {
  /** Settings by variable name, ready to merge into the env before `loadConfig`. */
  readonly env: Readonly<Record<string, string>>;
  /** Changes exactly when a secret got a new version: lets a caller rebuild only then. */
  readonly versionKey: string;
  /** Secrets that exist but hold no value yet (created empty, not filled). */
  readonly emptySecretIds: readonly string[];
  readonly loadedAtMs: number;
}

/** Reads the secrets of a stage once. Throws `SecretsLoadError`. */
export async function loadStripeSecrets(options: {
  client: SecretsManagerClient;
  stage: Stage;
  secretIds: SecretIds;
  nowMs?: () => number;
}): Promise<SecretsSnapshot> {
  const modes = modesOfStage(options.stage).filter((mode) => options.secretIds[mode]);
  const reads = modes.map((mode) =>
    readModeSecret({
      client: options.client,
      secretId: options.secretIds[mode] ?? "",
      layout: secretLayout(options.stage, mode),
      mode,
    }),
  );
  const results = await Promise.all(reads);

  const env: Record<string, string> = {};
  const versions: string[] = [];
  const emptySecretIds: string[] = [];
  for (const result of results) {
    Object.assign(env, result.env);
    versions.push(`${result.mode}:${result.versionId ?? "empty"}`);
    if (result.versionId === undefined) emptySecretIds.push(result.secretId);
  }
  const loadedAtMs = (options.nowMs ?? Date.now)();
  return { env, versionKey: versions.join(","), emptySecretIds, loadedAtMs };
}

interface ModeSecret {
  mode: Mode;
  secretId: string;
  versionId: string | undefined;
  env: Record<string, string>;
}

async function readModeSecret(args: {
  client: SecretsManagerClient;
  secretId: string;
  layout: SecretLayout;
  mode: Mode;
}): Promise<ModeSecret> {
  const { secretId, mode } = args;
  let output: { SecretString?: string | undefined; VersionId?: string | undefined };
  try {
    output = await args.client.send(new GetSecretValueCommand({ SecretId: secretId }));
  } catch (error) {
    // Secrets Manager answers "not found" both for an unknown id and for a secret
    // created without a value; the latter is the normal state right after deploy.
    if (error instanceof ResourceNotFoundException) {
      return { mode, secretId, versionId: undefined, env: {} };
    }
    const reason = error instanceof Error ? error.name : "unknown error";
    throw new SecretsLoadError("SECRETS_UNAVAILABLE", `cannot read secret ${secretId}: ${reason}`, {
      cause: error,
    });
  }
  if (output.SecretString === undefined) {
    throw secretError(secretId, "holds binary data; store a JSON object of settings");
  }
  const env = parseSecretString({
    secretId,
    secretString: output.SecretString,
    layout: args.layout,
    mode,
  });
  return { mode, secretId, versionId: output.VersionId ?? "unversioned", env };
}

function parseSecretString(args: {
  secretId: string;
  secretString: string;
  layout: SecretLayout;
  mode: Mode;
}): Record<string, string> {
  const { secretId, layout } = args;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args.secretString);
  } catch {
    // The parser's own message quotes the input, which may be a bare key.
    throw secretError(secretId, "is not JSON; store a JSON object of settings");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw secretError(secretId, "is not a JSON object of settings");
  }

  const allowed = new Set([...layout.required, ...layout.optional]);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!allowed.has(name)) {
      const expected = [...allowed].join(", ");
      throw secretError(secretId, `holds ${name}; the ${args.mode} secret holds only ${expected}`);
    }
    if (typeof value !== "string") throw secretError(secretId, `has a non-string ${name}`);
    if (value.trim() === "") continue;
    env[name] = value.trim();
  }
  return env;
}

/** Keeps the secrets of a container and re-reads them once they are older than `maxAgeMs`. */
export interface StripeSecretsCache {
  /**
   * The current snapshot. The first call reads Secrets Manager and throws on
   * failure (the cold start stops). Later calls re-read once the snapshot is
   * older than `maxAgeMs`; if that re-read fails, the previous snapshot is kept,
   * `onRefreshError` hears about it and the next attempt waits `retryAfterFailureMs`.
   */
  get(): Promise<SecretsSnapshot>;
}

export interface StripeSecretsCacheOptions {
  client: SecretsManagerClient;
  stage: Stage;
  secretIds: SecretIds;
  maxAgeMs: number;
  /** Back-off after a failed refresh, so an outage does not slow every request; 30 s. */
  retryAfterFailureMs?: number;
  onRefreshError?: (error: unknown) => void;
  nowMs?: () => number;
}

/** Creates the per-container cache around `loadStripeSecrets`. */
export function createStripeSecretsCache(options: StripeSecretsCacheOptions): StripeSecretsCache {
  const nowMs = options.nowMs ?? Date.now;
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 30_000;
  let snapshot: SecretsSnapshot | undefined;
  let nextReadAtMs = 0;
  let inFlight: Promise<SecretsSnapshot> | undefined;

  const read = async (): Promise<SecretsSnapshot> => {
    try {
      const fresh = await loadStripeSecrets({ ...options, nowMs });
      snapshot = fresh;
      nextReadAtMs = fresh.loadedAtMs + options.maxAgeMs;
      return fresh;
    } catch (error) {
      if (!snapshot) throw error;
      nextReadAtMs = nowMs() + retryAfterFailureMs;
      options.onRefreshError?.(error);
      return snapshot;
    } finally {
      inFlight = undefined;
    }
  };

  return {
    get(): Promise<SecretsSnapshot> {
      if (snapshot && nowMs() < nextReadAtMs) return Promise.resolve(snapshot);
      inFlight ??= read();
      return inFlight;
    },
  };
}

function configError(message: string): SecretsLoadError {
  return new SecretsLoadError("SECRETS_CONFIG_INVALID", message);
}

function secretError(secretId: string, problem: string): SecretsLoadError {
  return new SecretsLoadError("SECRET_INVALID", `secret ${secretId} ${problem}`);
}
