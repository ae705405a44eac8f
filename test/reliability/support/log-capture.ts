/**
 * Capturing what the suite logs, and scanning it for secrets.
 *
 * Every stack's app logs through a logger that writes into memory; when the
 * stack closes, the lines go to a file in `RELIABILITY_LOG_DIR` (set by the
 * reliability config), and `tee-output.ts` copies anything written straight
 * to stdout or stderr there too. `log-scan.test.ts` runs after every other
 * file and scans the whole folder with `findSecrets`.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger, type Logger } from "../../../src/log/logger.js";
import { allSecretValues } from "./test-secrets.js";

/** The folder collecting the suite's logs; undefined outside the reliability run. */
export function logDirectory(): string | undefined {
  return process.env.RELIABILITY_LOG_DIR || undefined;
}

export interface CapturedLogger {
  readonly logger: Logger;
  readonly lines: string[];
  /** Writes the lines to `<log dir>/<name>.jsonl`. */
  flush(name: string): void;
}

/** A debug-level JSON-line logger that keeps every line. */
export function captureLogger(service: string): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", service, write: (line) => lines.push(line) });
  return {
    logger,
    lines,
    flush: (name) => {
      const directory = logDirectory();
      if (directory) writeFileSync(join(directory, `${name}.jsonl`), `${lines.join("\n")}\n`);
    },
  };
}

/** Appends raw process output to this worker's file in the log folder. */
export function appendProcessOutput(text: string): void {
  const directory = logDirectory();
  if (directory) appendFileSync(join(directory, `process-output-${process.pid}.log`), text);
}

/** One secret found in a text, described without repeating it whole. */
export interface SecretFinding {
  readonly kind: "configured secret" | "secret key" | "webhook secret" | "card number";
  readonly preview: string;
}

const secretKeyPattern = /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{6,}/g;
const webhookSecretPattern = /\bwhsec_[A-Za-z0-9]{6,}/g;
/**
 * 13 to 19 digits, optionally grouped by single spaces or dashes, as cards
 * are typed; not a run inside a longer token (a UUID, a Stripe id).
 */
const cardLikePattern = /(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w.-])/g;

/** Secrets in `text`: the suite's configured ones, and anything shaped like one. */
export function findSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const secret of allSecretValues) {
    if (text.includes(secret))
      findings.push({ kind: "configured secret", preview: preview(secret) });
  }
  for (const match of text.matchAll(secretKeyPattern)) {
    findings.push({ kind: "secret key", preview: preview(match[0]) });
  }
  for (const match of text.matchAll(webhookSecretPattern)) {
    findings.push({ kind: "webhook secret", preview: preview(match[0]) });
  }
  for (const match of text.matchAll(cardLikePattern)) {
    const digits = match[0].replaceAll(/[ -]/g, "");
    if (isCardNumber(digits)) findings.push({ kind: "card number", preview: preview(digits) });
  }
  return findings;
}

/**
 * A payment card number: a card-network first digit (3 to 6; epoch
 * milliseconds start with 1) and a valid Luhn checksum.
 */
export function isCardNumber(digits: string): boolean {
  if (!/^[3-6]\d{12,18}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    const digit = Number(digits[digits.length - 1 - index]);
    const doubled = index % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}

function preview(secret: string): string {
  return `${secret.slice(0, 8)}…(${secret.length} chars)`;
}
