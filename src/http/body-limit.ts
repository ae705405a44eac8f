/**
 * Refuses bodies over a size with the JSON error shape (413), before any
 * route reads them. Checks the declared length and, when there is none
 * (chunked bodies), counts the bytes as they arrive.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { PayloadTooLargeError } from "./http-errors.js";

/** A body limit of `maxBytes`. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`The body must not exceed ${maxBytes} bytes.`);
    },
  });
}
