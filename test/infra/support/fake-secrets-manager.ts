/**
 * A local HTTP server that speaks the part of the Secrets Manager JSON protocol
 * the function uses (`secretsmanager.GetSecretValue`), so tests drive the real
 * SDK client through its real serializer, signer and error parser.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSecretsManager {
  readonly endpoint: string;
  /** Creates a secret with no value, as CloudFormation does for this stack. */
  createEmptySecret(secretId: string): void;
  /** Stores a new version (AWSCURRENT) of the secret's string. */
  putSecretValue(secretId: string, secretString: string): void;
  /** The next `count` requests are answered with this HTTP status and error type. */
  failNext(options: { count: number; status: number; errorType: string }): void;
  /** GetSecretValue requests received so far, by secret id. */
  readonly requestedIds: readonly string[];
  close(): Promise<void>;
}

interface StoredSecret {
  versionId?: string;
  secretString?: string;
}

export async function startFakeSecretsManager(): Promise<FakeSecretsManager> {
  const secrets = new Map<string, StoredSecret>();
  const requestedIds: string[] = [];
  const failures: { status: number; errorType: string }[] = [];

  const server = createServer((request, response) => {
    void handle({ request, response, secrets, requestedIds, failures });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requestedIds,
    createEmptySecret(secretId) {
      secrets.set(secretId, {});
    },
    putSecretValue(secretId, secretString) {
      secrets.set(secretId, { versionId: randomUUID(), secretString });
    },
    failNext({ count, status, errorType }) {
      for (let index = 0; index < count; index++) failures.push({ status, errorType });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(args: {
  request: IncomingMessage;
  response: ServerResponse;
  secrets: Map<string, StoredSecret>;
  requestedIds: string[];
  failures: { status: number; errorType: string }[];
}): Promise<void> {
  const { request, response } = args;
  const body = await readBody(request);
  const target = request.headers["x-amz-target"];
  if (request.method !== "POST" || target !== "secretsmanager.GetSecretValue") {
    return sendError(response, { status: 400, errorType: "UnknownOperationException" });
  }
  if (!request.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ")) {
    return sendError(response, { status: 400, errorType: "MissingAuthenticationTokenException" });
  }

  const { SecretId: secretId } = JSON.parse(body) as { SecretId: string };
  args.requestedIds.push(secretId);
  const failure = args.failures.shift();
  if (failure) return sendError(response, failure);

  const stored = args.secrets.get(secretId);
  if (!stored?.versionId) {
    return sendError(response, { status: 400, errorType: "ResourceNotFoundException" });
  }
  sendJson(response, 200, {
    ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${secretId}-AbCdEf`,
    Name: secretId,
    VersionId: stored.versionId,
    SecretString: stored.secretString,
    VersionStages: ["AWSCURRENT"],
    CreatedDate: Math.floor(Date.now() / 1000),
  });
}

function sendError(response: ServerResponse, failure: { status: number; errorType: string }) {
  sendJson(response, failure.status, {
    __type: failure.errorType,
    message: `${failure.errorType} from the fake Secrets Manager`,
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
