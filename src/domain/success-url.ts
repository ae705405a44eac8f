/**
 * The URL Stripe sends the customer back to after an embedded checkout.
 *
 * It must be on an allowed origin (otherwise anyone could use the shop's
 * checkout to bounce customers to their own site) and must carry Stripe's
 * `{CHECKOUT_SESSION_ID}` placeholder, which the success page needs to ask
 * for the upsell token. The placeholder is appended as a raw string because
 * `URL` would percent-encode its braces and Stripe would no longer replace it.
 */
import { SuccessUrlNotAllowedError } from "./errors.js";

export const sessionIdPlaceholder = "{CHECKOUT_SESSION_ID}";

const maxSuccessUrlLength = 2048;

/**
 * Validates `successUrl` against the allowed origins and returns the return URL
 * to give Stripe, with `session_id={CHECKOUT_SESSION_ID}` added when missing.
 *
 * @example
 * buildReturnUrl({
 *   successUrl: "https://shop.example/thanks",
 *   allowedOrigins: ["https://shop.example"],
 * }); // "https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}"
 */
export function buildReturnUrl(args: {
  successUrl: string;
  allowedOrigins: readonly string[];
}): string {
  const url = parseHttpUrl(args.successUrl);
  if (!url || args.successUrl.length > maxSuccessUrlLength) {
    throw new SuccessUrlNotAllowedError("successUrl must be an absolute http(s) URL.");
  }
  if (url.username || url.password) {
    throw new SuccessUrlNotAllowedError("successUrl must not contain credentials.");
  }
  if (!args.allowedOrigins.includes(url.origin)) {
    throw new SuccessUrlNotAllowedError("successUrl is not on an allowed origin.");
  }

  if (args.successUrl.includes(sessionIdPlaceholder)) return args.successUrl;
  return appendPlaceholder(args.successUrl);
}

function parseHttpUrl(value: string): URL | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  return url;
}

function appendPlaceholder(successUrl: string): string {
  const hashAt = successUrl.indexOf("#");
  const beforeHash = hashAt === -1 ? successUrl : successUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? "" : successUrl.slice(hashAt);
  const separator = beforeHash.includes("?") ? "&" : "?";
  const joiner = beforeHash.endsWith("?") || beforeHash.endsWith("&") ? "" : separator;
  return `${beforeHash}${joiner}session_id=${sessionIdPlaceholder}${hash}`;
}
