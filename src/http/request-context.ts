/**
 * Per-request context: a request id (the caller's `x-request-id` when it is a
 * short token of safe characters, else a new UUID), echoed in the response
 * header and carried by a child logger into every log line of the request,
 * and one access-log line when the response is sent.
 */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../log/logger.js";

/** Hono environment of the app: what middleware puts in the context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
  };
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's request id only if it cannot forge or flood a log line. */
export function acceptedRequestId(header: string | undefined): string {
  if (header && requestIdPattern.test(header)) return header;
  return randomUUID();
}

/** Sets the request id and logger, and writes the access-log line. */
export function requestContext(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const startedAtMs = performance.now();
    const requestId = acceptedRequestId(c.req.header("x-request-id"));
    const requestLogger = logger.child({ requestId });
    c.set("requestId", requestId);
    c.set("logger", requestLogger);

    try {
      await next();
    } finally {
      c.header("x-request-id", requestId);
      requestLogger.info("request handled", {
        method: c.req.method,
        path: c.req.path.slice(0, 200),
        status: c.res.status,
        durationMs: Math.round(performance.now() - startedAtMs),
      });
    }
  };
}
