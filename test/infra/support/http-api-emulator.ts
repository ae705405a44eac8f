/**
 * A local stand-in for API Gateway in front of the bundled handler: it answers
 * real HTTP (the Stripe sandbox delivers its signed webhooks here), matches the
 * stack's own route table, turns each request into a payload 2.0 event with a
 * base64 body, and turns the handler's result back into an HTTP response.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiRoutesOf } from "../../../infra/lib/api-routes.js";
import type { Stage } from "../../../src/domain/mode.js";
import {
  type HttpApiHandler,
  type HttpApiRequest,
  httpApiEvent,
  lambdaContext,
} from "./http-api-events.js";

export interface HttpApiEmulator {
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpApiEmulator(options: {
  stage: Stage;
  handler: () => HttpApiHandler;
}): Promise<HttpApiEmulator> {
  const routeKeys = new Set(apiRoutesOf(options.stage).map((r) => `${r.method} ${r.path}`));
  const server = createServer((request, response) => {
    void serve({ request, response, routeKeys, handler: options.handler() });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function serve(args: {
  request: IncomingMessage;
  response: ServerResponse;
  routeKeys: Set<string>;
  handler: HttpApiHandler;
}): Promise<void> {
  const { request, response } = args;
  const url = request.url ?? "/";
  const routeKey = `${request.method} ${url.split("?")[0]}`;
  if (!args.routeKeys.has(routeKey)) {
    response.writeHead(404, { "content-type": "application/json" });
    response.end('{"message":"Not Found"}');
    return;
  }

  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const event = httpApiEvent({
    method: request.method as HttpApiRequest["method"],
    url,
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    base64: true,
  });

  const result = await args.handler(event, lambdaContext());
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? "", "base64")
    : Buffer.from(result.body ?? "", "utf8");
  const responseHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    responseHeaders[name] = String(value);
  }
  if (result.cookies) responseHeaders["set-cookie"] = result.cookies;
  response.writeHead(result.statusCode ?? 200, responseHeaders);
  response.end(body);
}
