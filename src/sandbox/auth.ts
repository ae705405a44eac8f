/**
 * Mode from the secret key. Any `sk_test_*` / `sk_live_*` (or restricted `rk_*`) key is
 * accepted; the prefix decides the mode. Keys are never echoed back in full.
 */
import type { Mode } from "../domain/mode.js";
import { authenticationFailure } from "./sandbox-error.js";

/** The mode of the key in an `Authorization` header (Bearer, or Basic as curl sends it). */
export function modeFromAuthorization(header: string | undefined): Mode {
  const key = keyFromHeader(header);
  if (key === undefined) {
    throw authenticationFailure(
      "You did not provide an API key. You need to provide your API key in the Authorization " +
        "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const match = /^(?:sk|rk)_(test|live)_\w+$/.exec(key);
  const mode = match?.[1];
  if (mode === "test" || mode === "live") {
    return mode;
  }
  throw authenticationFailure(`Invalid API Key provided: ${maskKey(key)}`);
}

function keyFromHeader(header: string | undefined): string | undefined {
  if (!header) {
    return undefined;
  }
  const [scheme, credentials] = header.split(" ", 2);
  if (scheme === "Bearer" && credentials) {
    return credentials.trim();
  }
  if (scheme === "Basic" && credentials) {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    return decoded.split(":", 1)[0];
  }
  return undefined;
}

function maskKey(key: string): string {
  const visible = key.slice(0, Math.min(8, key.length));
  return `${visible}${"*".repeat(4)}${key.length > 12 ? key.slice(-4) : ""}`;
}
