/**
 * A loopback stand-in for Secrets Manager's `GetSecretValue`, so the Lambda
 * bundle's cold start (which reads its Stripe secret before serving) can run
 * to completion on this machine, through the real SDK client. It answers
 * every request with the one secret it was given.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** The running stand-in: its endpoint for `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
export interface SecretsStandIn {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port and answers with the given secret. */
export async function startSecretsStandIn(args: {
  secretId: string;
  secretString: string;
}): Promise<SecretsStandIn> {
  const answer = JSON.stringify({
    ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${args.secretId}-Bench1`,
    Name: args.secretId,
    VersionId: randomUUID(),
    SecretString: args.secretString,
    VersionStages: ["AWSCURRENT"],
    CreatedDate: Math.floor(Date.now() / 1000),
  });
  const server = createServer((request, response) => {
    request.resume();
    request.once("end", () => {
      response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      response.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
