/**
 * Serves a Hono app over Node's HTTP server (`npm start`, tests over real
 * sockets, benchmarks). Port 0 picks a free port; the returned URL has the
 * real one.
 */
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type HttpBindings, serve } from "@hono/node-server";
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { AppConfig } from "../config/config.js";
import { InvalidRequestError } from "../domain/errors.js";
import type { Clock } from "../domain/ports.js";
import { toErrorResponse } from "../http/error-response.js";
import { clientRateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/request-context.js";
import { systemClock } from "./compose.js";

export interface StartServerOptions {
  readonly app: Hono<AppEnv> | Hono;
  readonly port: number;
  /** Interface to listen on; loopback by default, so a dev server is not exposed. */
  readonly host?: string;
}

export interface RunningServer {
  /** `http://host:port`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, ends open ones and resolves when closed. */
  close(): Promise<void>;
}

/** Starts listening and resolves once the port is bound. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const app = options.app;

  return await new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: host },
      (info: AddressInfo) => {
        const urlHost = host.includes(":") ? `[${host}]` : host;
        resolve({
          url: `http://${urlHost}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((closed) => {
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close(() => closed());
            }),
        });
      },
    );
    server.once("error", reject);
    server.on("clientError", answerUnreadableRequest);
  });
}

/**
 * Node answers a request it cannot parse (a request line or headers too
 * long, a bad Content-Length, not HTTP at all) before the app sees it, by
 * default with an empty body. This gives it the API's JSON error shape.
 */
function answerUnreadableRequest(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || !error.code?.startsWith("HPE_")) {
    socket.destroy();
    return;
  }
  const refusal = toErrorResponse(
    new InvalidRequestError("The request could not be read: malformed or too large."),
  );
  const body = JSON.stringify(refusal.body);
  socket.end(
    `HTTP/1.1 ${refusal.status} Bad Request\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * The Node server's per-client rate limit (`RATE_LIMIT_PER_MINUTE`), to pass
 * to `composeApp` as `rateLimit`; undefined when the setting is 0. The client
 * is the socket's peer address: behind a proxy, limit at the proxy instead.
 */
export function nodeRateLimit(
  config: Pick<AppConfig, "rateLimitPerMinute">,
  clock: Clock = systemClock,
): MiddlewareHandler<AppEnv> | undefined {
  if (config.rateLimitPerMinute === 0) return undefined;
  return clientRateLimit({
    perMinute: config.rateLimitPerMinute,
    clientAddressOf: nodeClientAddress,
    clock,
  });
}

/** The peer address of a request served by `startServer`; undefined in-process. */
export function nodeClientAddress(c: Context<AppEnv>): string | undefined {
  const bindings = c.env;
  return hasNodeBindings(bindings) ? bindings.incoming.socket.remoteAddress : undefined;
}

function hasNodeBindings(bindings: unknown): bindings is HttpBindings {
  return typeof bindings === "object" && bindings !== null && "incoming" in bindings;
}
