/** A small route table: method plus path pattern with `:name` segments. */

/** One route. */
export interface Route<Handler> {
  method: "GET" | "POST" | "DELETE";
  pattern: string;
  handler: Handler;
}

/** A matched route and its named path segments. */
export interface RouteMatch<Handler> {
  handler: Handler;
  pathParams: Record<string, string>;
}

/** Finds the route for a method and path, or `undefined`. */
export function matchRoute<Handler>(
  routes: readonly Route<Handler>[],
  method: string,
  path: string,
): RouteMatch<Handler> | undefined {
  const segments = path.split("/").filter((segment) => segment !== "");
  for (const route of routes) {
    if (route.method !== method) {
      continue;
    }
    const pathParams = matchSegments(route.pattern, segments);
    if (pathParams) {
      return { handler: route.handler, pathParams };
    }
  }
  return undefined;
}

function matchSegments(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split("/").filter((part) => part !== "");
  if (parts.length !== segments.length) {
    return undefined;
  }
  const pathParams: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? "";
    if (part.startsWith(":")) {
      pathParams[part.slice(1)] = decodeURIComponent(segment);
      continue;
    }
    if (part !== segment) {
      return undefined;
    }
  }
  return pathParams;
}
