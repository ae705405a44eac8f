/**
 * A clock that stands still until a test moves it, so a claim timeout or a
 * token's expiry is crossed by a known number of seconds, never by waiting.
 */
import type { Clock } from "../../../src/domain/ports.js";

export class ManualClock implements Clock {
  private epochMs: number;

  constructor(startEpochMs: number = Date.now()) {
    this.epochMs = startEpochMs;
  }

  nowEpochMs(): number {
    return this.epochMs;
  }

  advanceSec(seconds: number): void {
    this.epochMs += seconds * 1000;
  }
}
