/**
 * `GET /openapi.json`, `GET /docs` and `GET /health`. The document and page
 * are built once, on their first request, not when the app is created: a
 * Lambda cold start then does not pay for the JSON Schema conversion of every
 * schema, which only a developer reading the docs needs.
 */
import { Hono } from "hono";
import type { AppDeps } from "../app-deps.js";
import { renderDocsPage } from "../docs-page.js";
import { buildOpenApiDocument } from "../openapi-document.js";
import type { AppEnv } from "../request-context.js";

export function docsRoutes(deps: AppDeps): Hono<AppEnv> {
  const webhookPaths = deps.webhookEndpoints.map((endpoint) => endpoint.path);
  const document = builtOnFirstUse(() => buildOpenApiDocument({ webhookPaths }));
  const page = builtOnFirstUse(() => renderDocsPage({ webhookPaths }));
  const routes = new Hono<AppEnv>();

  routes.get("/openapi.json", (c) => c.json(document()));
  routes.get("/docs", (c) =>
    c.html(page(), 200, {
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    }),
  );
  routes.get("/health", (c) => c.json({ success: true, status: "ok" }));
  return routes;
}

/** Calls `build` on the first call only and returns its result from then on. */
function builtOnFirstUse<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
