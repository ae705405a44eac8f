/**
 * API Gateway HTTP API events (payload format 2.0) and Lambda contexts shaped
 * like the ones AWS sends: lower-case headers, cookies split out, the raw and
 * the parsed query string, and a body that is base64 when asked.
 */
import { randomUUID } from "node:crypto";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";

export interface HttpApiRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS";
  /** Path with an optional query string: `/ecommerce/get-uuid?session_id=cs_test_1`. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Send the body base64-encoded, as API Gateway does for content it deems binary. */
  readonly base64?: boolean;
  /** The route key API Gateway matched; `METHOD path` by default. */
  readonly routeKey?: string;
  readonly sourceIp?: string;
}

/** The handler exported by the bundle, as Lambda calls it. */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const apiId = "a1b2c3d4e5";
const domainName = `${apiId}.execute-api.eu-west-1.amazonaws.com`;

export function httpApiEvent(request: HttpApiRequest): APIGatewayProxyEventV2 {
  const [path = "/", rawQueryString = ""] = request.url.split("?", 2);
  const headers: Record<string, string> = {
    accept: "application/json",
    host: domainName,
    "user-agent": "vitest",
    "x-forwarded-for": request.sourceIp ?? "203.0.113.7",
    "x-forwarded-port": "443",
    "x-forwarded-proto": "https",
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const cookies = headers.cookie?.split(";").map((cookie) => cookie.trim());
  delete headers.cookie;

  const bodyBytes =
    typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body;
  if (bodyBytes) headers["content-length"] = String(bodyBytes.length);
  const now = new Date();

  return {
    version: "2.0",
    routeKey: request.routeKey ?? `${request.method} ${path}`,
    rawPath: path,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: parseQuery(rawQueryString) } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId,
      domainName,
      domainPrefix: apiId,
      http: {
        method: request.method,
        path,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp ?? "203.0.113.7",
        userAgent: "vitest",
      },
      requestId: `${randomUUID().slice(0, 14)}=`,
      routeKey: request.routeKey ?? `${request.method} ${path}`,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(bodyBytes
      ? {
          body: request.base64
            ? Buffer.from(bodyBytes).toString("base64")
            : Buffer.from(bodyBytes).toString("utf8"),
        }
      : {}),
    isBase64Encoded: Boolean(bodyBytes && request.base64),
  };
}

/** A Lambda context with a fresh request id. */
export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: "ecommerce-payment-dev-api",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:ecommerce-payment-dev-api",
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/ecommerce-payment-dev-api",
    logStreamName: "2026/01/01/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => 25_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** API Gateway joins repeated query parameters with commas. */
function parseQuery(rawQueryString: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return parameters;
}

/** The response body of a handler result, decoded, parsed as JSON. */
export function jsonBodyOf(result: APIGatewayProxyStructuredResultV2): Record<string, unknown> {
  const text = result.isBase64Encoded
    ? Buffer.from(result.body ?? "", "base64").toString("utf8")
    : (result.body ?? "");
  return JSON.parse(text) as Record<string, unknown>;
}
