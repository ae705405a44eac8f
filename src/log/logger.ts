/**
 * JSON-line logger with fixed keys: level, time, message, service, then the
 * ids an operator needs (request id, mode, session id, token prefix, payment
 * intent id...). Fields are a closed, typed set so no whole Stripe object or
 * request body can be logged by accident, and every string value passes
 * through `scrubSecrets` before it is written.
 */
import type { Mode } from "../domain/mode.js";
import { scrubSecrets } from "./scrub-secrets.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

export const logLevels: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** Every field a log line may carry besides level, time, message and service. */
export interface LogFields {
  readonly requestId?: string;
  readonly stage?: string;
  readonly mode?: Mode;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly durationMs?: number;
  readonly sessionId?: string;
  /** First characters of an upsell token, never the whole token. */
  readonly tokenPrefix?: string;
  readonly priceId?: string;
  readonly attemptId?: string;
  readonly paymentIntentId?: string;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly outcome?: string;
  readonly declineCode?: string;
  readonly errorCode?: string;
  readonly errorName?: string;
  readonly errorMessage?: string;
  readonly causeName?: string;
  readonly causeMessage?: string;
  readonly stripeRequestId?: string;
  readonly url?: string;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the request id). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly service: string;
  /** Where lines go; one call per line, without the newline. Defaults to stdout. */
  readonly write?: (line: string) => void;
  readonly fields?: LogFields;
}

/** Creates a logger that writes one JSON object per line. */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const threshold = logLevels.indexOf(options.level);
  const baseFields = options.fields ?? {};

  const emit = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (logLevels.indexOf(level) < threshold) return;
    const line = {
      level,
      time: new Date().toISOString(),
      message: scrubSecrets(message),
      service: options.service,
      ...scrubFields({ ...baseFields, ...fields }),
    };
    write(JSON.stringify(line));
  };

  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
    child: (fields) => createLogger({ ...options, write, fields: { ...baseFields, ...fields } }),
  };
}

/** A logger that drops everything; for code paths that run without one. */
export const silentLogger: Logger = createLogger({
  level: "error",
  service: "silent",
  write: () => {},
});

function scrubFields(fields: LogFields): Record<string, string | number> {
  const scrubbed: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    scrubbed[key] = typeof value === "string" ? scrubSecrets(value) : value;
  }
  return scrubbed;
}
