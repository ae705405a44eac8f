/**
 * Object ids shaped like Stripe's: a type prefix and random base62 characters.
 * Only checkout sessions carry the mode in the id (`cs_test_` / `cs_live_`), as on Stripe.
 */
import { randomInt } from "node:crypto";
import type { Mode } from "../domain/mode.js";

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 text of the given length, from a cryptographic source. */
export function randomBase62(length: number): string {
  let text = "";
  for (let index = 0; index < length; index += 1) {
    text += base62[randomInt(base62.length)];
  }
  return text;
}

/** A new id such as `pi_3Qx...` for the given prefix (without the underscore). */
export function newObjectId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** A checkout session id, which names its mode: `cs_test_...` or `cs_live_...`. */
export function newCheckoutSessionId(mode: Mode): string {
  return `cs_${mode}_${randomBase62(58)}`;
}

/** A client secret bound to an object id, as Stripe builds them (`<id>_secret_<random>`). */
export function newClientSecret(objectId: string): string {
  return `${objectId}_secret_${randomBase62(25)}`;
}

/** A request id for the `request-id` header and error bodies. */
export function newRequestId(): string {
  return `req_${randomBase62(14)}`;
}

/** Seconds since the Unix epoch, the unit of every Stripe timestamp. */
export function nowEpochSec(): number {
  return Math.floor(Date.now() / 1000);
}
