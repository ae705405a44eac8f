/** Request counters per method and path, so a test can assert how often an endpoint was hit. */
import { pathMatches } from "./path-pattern.js";

/** A count of requests to one method and path. */
export interface RequestCount {
  method: string;
  path: string;
  count: number;
}

/** Counts every API request by method and exact path (query string excluded). */
export class RequestCounters {
  private readonly counts = new Map<string, RequestCount>();

  /** Counts one request. */
  increment(method: string, path: string): void {
    const key = `${method} ${path}`;
    const entry = this.counts.get(key) ?? { method, path, count: 0 };
    entry.count += 1;
    this.counts.set(key, entry);
  }

  /** Requests to a method and path; `*` in the path stands for one segment. */
  count(method: string, pathPattern: string): number {
    let total = 0;
    for (const entry of this.counts.values()) {
      if (entry.method === method.toUpperCase() && pathMatches(pathPattern, entry.path)) {
        total += entry.count;
      }
    }
    return total;
  }

  /** Every count so far. */
  snapshot(): RequestCount[] {
    return [...this.counts.values()].map((entry) => ({ ...entry }));
  }

  /** Starts counting from zero. */
  reset(): void {
    this.counts.clear();
  }
}
