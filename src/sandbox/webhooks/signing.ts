/**
 * Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex>` where the hex
 * is HMAC-SHA256 of `<t>.<raw body>` keyed with the endpoint's whole `whsec_...` secret.
 */
import { createHmac } from "node:crypto";

/** Inputs of a signature. */
export interface SignatureInput {
  payload: string;
  secret: string;
  timestampEpochSec: number;
}

/** The value of the `Stripe-Signature` header for a payload. */
export function signatureHeader(input: SignatureInput): string {
  const signedText = `${input.timestampEpochSec}.${input.payload}`;
  const digest = createHmac("sha256", input.secret).update(signedText, "utf8").digest("hex");
  return `t=${input.timestampEpochSec},v1=${digest}`;
}
