/** Path patterns for faults and counters: exact paths, with `*` standing for one segment. */

/** Whether `path` matches `pattern` (`/v1/checkout/sessions/*` matches any session id). */
export function pathMatches(pattern: string, path: string): boolean {
  const patternParts = pattern.split("/");
  const pathParts = path.split("/");
  if (patternParts.length !== pathParts.length) {
    return false;
  }
  return patternParts.every((part, index) => part === "*" || part === pathParts[index]);
}
