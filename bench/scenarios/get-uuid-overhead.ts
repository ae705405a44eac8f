/**
 * Figure 3a: `GET /get-uuid` against the floor, a loop of the same DynamoDB
 * reads through the SDK. The API reads the session's link, then the token it
 * points at, both strongly consistent (`dynamo-token-store.ts`); so does the
 * raw loop, with the bare low-level client and no HTTP in between.
 */
import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { TableNames } from "../../src/store/table-definitions.js";
import {
  alternateRounds,
  type OverheadFigure,
  overheadFigure,
} from "../support/alternating-rounds.js";
import type { BenchStack } from "../support/bench-stack.js";
import { runHttpLoad } from "../support/http-load.js";
import type { LoadRun } from "../support/load-run.js";
import { runRawLoop } from "../support/raw-loop.js";
import { type SavedCard, writeTokenFixtures } from "../support/token-fixtures.js";

/** How hard and how long both sides are run. */
export interface GetUuidLoad {
  readonly connections: number;
  readonly rounds: number;
  readonly roundSec: number;
  readonly warmUpSec: number;
  /** Distinct sessions the requests cycle through. */
  readonly sessions: number;
}

/** The goal: the API keeps at least this share of the raw loop's rate. */
export const getUuidGoal = 0.85;

/** Writes the sessions, warms both sides up, then runs the alternating rounds. */
export async function measureGetUuidOverhead(args: {
  stack: BenchStack;
  card: SavedCard;
  load: GetUuidLoad;
}): Promise<OverheadFigure> {
  const { stack, load } = args;
  const fixtures = await writeTokenFixtures({
    dynamo: stack.dynamo,
    tables: stack.tables,
    card: args.card,
    count: load.sessions,
    withSessionLinks: true,
  });
  const sessionIds = fixtures.map((fixture) => fixture.sessionId);
  const api = (durationSec: number) => apiRun({ stack, load, sessionIds, durationSec });
  const raw = (durationSec: number) => rawRun({ stack, load, sessionIds, durationSec });

  await api(load.warmUpSec);
  await raw(load.warmUpSec);
  const runs = await alternateRounds({
    rounds: load.rounds,
    api: () => api(load.roundSec),
    raw: () => raw(load.roundSec),
  });
  return overheadFigure({
    runs,
    goal: getUuidGoal,
    connections: load.connections,
    perRound: `${load.roundSec} s`,
  });
}

function apiRun(args: {
  stack: BenchStack;
  load: GetUuidLoad;
  sessionIds: readonly string[];
  durationSec: number;
}): Promise<LoadRun> {
  let next = 0;
  return runHttpLoad({
    url: args.stack.apiUrl,
    connections: args.load.connections,
    durationSec: args.durationSec,
    maxDurationMs: args.durationSec * 1000 + 10_000,
    nextRequest: () => {
      const sessionId = args.sessionIds[next++ % args.sessionIds.length];
      return { method: "GET", path: `/ecommerce/get-uuid?session_id=${sessionId}&isTest=true` };
    },
  });
}

function rawRun(args: {
  stack: BenchStack;
  load: GetUuidLoad;
  sessionIds: readonly string[];
  durationSec: number;
}): Promise<LoadRun> {
  const { dynamo, tables } = args.stack;
  return runRawLoop({
    concurrency: args.load.connections,
    durationMs: args.durationSec * 1000,
    maxDurationMs: args.durationSec * 1000 + 10_000,
    operation: (index) =>
      readTokenOfSession({
        dynamo,
        tables,
        sessionId: args.sessionIds[index % args.sessionIds.length] ?? "",
      }),
  });
}

/** The two reads of `get-uuid`, bare: the session's link, then its token. */
async function readTokenOfSession(args: {
  dynamo: DynamoDBClient;
  tables: TableNames;
  sessionId: string;
}): Promise<void> {
  const link = await args.dynamo.send(
    new GetItemCommand({
      TableName: args.tables.checkoutSessions,
      Key: { sessionId: { S: args.sessionId } },
      ConsistentRead: true,
    }),
  );
  const upsellToken = link.Item?.upsellToken?.S;
  if (!upsellToken) throw new Error("session link not found");
  const token = await args.dynamo.send(
    new GetItemCommand({
      TableName: args.tables.upsellTokens,
      Key: { upsellToken: { S: upsellToken } },
      ConsistentRead: true,
    }),
  );
  if (!token.Item) throw new Error("upsell token not found");
}
