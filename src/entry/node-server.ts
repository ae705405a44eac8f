/**
 * Serves a Hono app over Node's HTTP server (`npm start`, tests over real
 * sockets, benchmarks). Port 0 picks a free port; the returned URL has the
 * real one.
 */
import type { AddressInfo } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { AppConfig } from "../config/config.js";
import type { Clock } from "../domain/ports.js";
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
  });
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
