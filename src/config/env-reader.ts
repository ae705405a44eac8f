/**
 * Typed readers of an env-like record. Each reader records a problem instead
 * of throwing, so a start with several bad settings reports them all at once.
 * Messages name the variable and what it should look like, never its value:
 * the value may be a secret pasted into the wrong place.
 */

export type Env = Readonly<Record<string, string | undefined>>;

/** Raised by `loadConfig`; `problems` has one line per bad variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n- ${problems.join("\n- ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Reads variables from `env`, collecting problems. Empty values count as absent. */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when absent or empty. */
  optional(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  /** A value from a fixed set. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const match = allowed.find((candidate) => candidate === value);
    if (match) return match;
    this.problems.push(`${name} must be one of: ${allowed.join(", ")}`);
    return fallback;
  }

  /** A whole number within bounds. */
  integer(name: string, bounds: { min: number; max: number; fallback: number }): number {
    const value = this.optional(name);
    if (value === undefined) return bounds.fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(parsed) && parsed >= bounds.min && parsed <= bounds.max) return parsed;
    this.problems.push(`${name} must be a whole number from ${bounds.min} to ${bounds.max}`);
    return bounds.fallback;
  }

  /** A secret that must start with `prefix` (`sk_test_`, `whsec_`...). */
  secret(name: string, prefix: string): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (value.startsWith(prefix) && value.length > prefix.length && !/\s/.test(value)) return value;
    this.problems.push(`${name} must start with ${prefix}`);
    return undefined;
  }

  /** An absolute http(s) URL. */
  url(name: string): string | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    if (isHttpUrl(value)) return value;
    this.problems.push(`${name} must be an absolute http(s) URL`);
    return undefined;
  }

  /** A comma-separated list; blanks dropped. */
  list(name: string): string[] {
    const value = this.optional(name);
    if (value === undefined) return [];
    return value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** Records a problem found by a rule that spans several variables. */
  problem(message: string): void {
    this.problems.push(message);
  }
}

/** True for an absolute http: or https: URL. */
export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:";
}
