/**
 * Last line of defence for log text: replaces anything shaped like a Stripe
 * key, webhook secret, client secret or card number. Log calls should never
 * pass such values in the first place; this catches the ones hidden inside
 * third-party error messages.
 */

const secretPatterns: readonly [RegExp, string][] = [
  [/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g, "$1_$2_[redacted]"],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, "whsec_[redacted]"],
  [/_secret_[A-Za-z0-9]+/g, "_secret_[redacted]"],
  [/\b(?:\d[ -]?){12,18}\d\b/g, "[redacted-number]"],
];

/** Returns `text` with every secret-looking part replaced by a marker. */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of secretPatterns) {
    scrubbed = scrubbed.replace(pattern, replacement);
  }
  return scrubbed;
}
