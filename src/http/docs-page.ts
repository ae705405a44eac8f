/**
 * A small, self-contained HTML page that presents the OpenAPI operations for
 * people: no script, no CDN, inline styles only. Everything dynamic is
 * HTML-escaped.
 */
import type * as z from "zod";
import { type ApiOperation, apiOperations } from "./api-operations.js";
import { statusOfCode } from "./error-response.js";

/** Renders the docs page of a stage's operations. */
export function renderDocsPage(args: { webhookPaths: readonly string[] }): string {
  const sections = apiOperations(args.webhookPaths).map(renderOperation).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>One-click upsell API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:58rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2.2rem}
code,pre{font:13px/1.4 ui-monospace,monospace;background:#f4f4f5;border-radius:4px}
pre{padding:.8rem;overflow:auto}code{padding:.1rem .3rem}
.method{font-weight:700;text-transform:uppercase;color:#0a5c36}
table{border-collapse:collapse}td{padding:.15rem .8rem .15rem 0;vertical-align:top}
</style>
</head>
<body>
<h1>One-click upsell API</h1>
<p>Base path <code>/ecommerce</code>. Machine-readable contract:
<a href="/ecommerce/openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<p>Every error answers <code>{"success":false,"error":{"code","message","retryable"}}</code>
with a stable <code>code</code>; retryable errors also send <code>Retry-After</code>.</p>
${sections}
</body>
</html>
`;
}

function renderOperation(operation: ApiOperation): string {
  const request = operation.body ?? operation.query;
  const requestTitle = operation.body ? "Body" : "Query";
  const requestBlock = request
    ? `<h3>${requestTitle}</h3><pre>${escapeHtml(describe(request, "input"))}</pre>`
    : `<h3>Body</h3><p>${escapeHtml(operation.rawBody ?? "")}</p>`;
  const errors = operation.errors
    .map((code) => `<tr><td><code>${code}</code></td><td>${statusOfCode(code)}</td></tr>`)
    .join("");
  return `<section>
<h2><span class="method">${operation.method}</span> <code>${escapeHtml(operation.path)}</code></h2>
<p><strong>${escapeHtml(operation.summary)}.</strong> ${escapeHtml(operation.description)}</p>
${requestBlock}
<h3>Success (200)</h3><pre>${escapeHtml(describe(operation.success, "output"))}</pre>
<h3>Errors</h3><table>${errors}</table>
</section>`;
}

function describe(schema: z.ZodType, io: "input" | "output"): string {
  const json = schema.toJSONSchema({ target: "draft-2020-12", io });
  const { $schema: _dialect, ...rest } = json;
  return JSON.stringify(rest, null, 2);
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
