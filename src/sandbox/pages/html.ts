/** Small HTML helpers for the sandbox's human pages. */

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** An amount in minor units as a display string (`$49.00`, `€12.50`). */
export function formatAmount(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amountMinor / 100);
}

/** A whole page with the sandbox's banner and a little styling. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 1.5rem auto;
  padding: 0 1rem; color: #1a1f36; }
.banner { background: #fff4e5; border: 1px solid #f5a623; border-radius: 6px;
  padding: .5rem .75rem; font-size: .85rem; }
label { display: block; margin-top: .75rem; font-size: .9rem; }
input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
button { margin-top: 1rem; padding: .6rem 1.2rem; font-size: 1rem; cursor: pointer; }
.error { color: #b00020; margin-top: .75rem; }
table { border-collapse: collapse; margin-top: 1rem; font-size: .85rem; }
td { padding: .2rem .5rem; border-bottom: 1px solid #e3e8ee; }
</style>
</head>
<body>
<p class="banner">Stripe sandbox: test mode imitation, no real payment.</p>
${body}
</body>
</html>`;
}
