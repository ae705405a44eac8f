/**
 * Fault injection: the next N requests to a method and path fail with 500 or 429, hang,
 * or lose their connection. A fault strikes before the request executes (nothing happens,
 * nothing is saved for idempotent replays) or after it (the work is done and saved, but the
 * answer is lost or late), which is how a retry's safety can be tested.
 */
import { pathMatches } from "./path-pattern.js";

/** What goes wrong. */
export type Fault =
  | { type: "error"; status: 500 | 429 }
  | { type: "hang"; delayMs: number }
  | { type: "close" };

/** When the fault strikes relative to executing the request. */
export type FaultPhase = "before_execution" | "after_execution";

/** A fault for the next `count` matching requests. */
export interface FaultRule {
  method: string;
  /** Exact path, `*` standing for one segment (`/v1/payment_intents/*`). */
  path: string;
  fault: Fault;
  /** How many matching requests it strikes (default 1). */
  count?: number;
  /** Default `before_execution`. */
  phase?: FaultPhase;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** Holds the armed faults and hands them to matching requests. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** Arms a fault. */
  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.count ?? 1 });
  }

  /** Disarms every fault. */
  clear(): void {
    this.rules = [];
  }

  /** The armed faults and how many strikes each has left. */
  pending(): Array<FaultRule & { remaining: number }> {
    return this.rules.map(({ rule, remaining }) => ({ ...rule, remaining }));
  }

  /** The fault for this request and phase, if one is armed; uses up one strike. */
  take(method: string, path: string, phase: FaultPhase): Fault | undefined {
    const active = this.rules.find(
      ({ rule }) =>
        rule.method.toUpperCase() === method &&
        (rule.phase ?? "before_execution") === phase &&
        pathMatches(rule.path, path),
    );
    if (!active) {
      return undefined;
    }
    active.remaining -= 1;
    if (active.remaining <= 0) {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    }
    return active.rule.fault;
  }
}
