/**
 * Scenario 5, hostile input: property-based requests (fast-check) against
 * every endpoint, most in-process through `app.request`, a share over real
 * HTTP, and a few malformed HTTP frames on a raw socket. Whatever arrives:
 * no 5xx, no crash, and every 4xx carries `{success:false,error:{code,message}}`
 * with no stack trace.
 */
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type ApiAnswer, errorOf, readAnswer } from "./support/api-answer.js";
import {
  type HostileRequest,
  hostileAnyRoute,
  hostileJsonPost,
  hostileQueryGet,
  hostileWebhook,
} from "./support/hostile-requests.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { type Stack, startStack } from "./support/stack.js";
import { webhookSecrets } from "./support/test-secrets.js";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ stage: "prod" });
});

afterAll(async () => {
  await stack?.close();
});

const families: readonly { name: string; runs: number; requests: fc.Arbitrary<HostileRequest> }[] =
  [
    {
      name: "create-checkout-session",
      runs: 2_200,
      requests: hostileJsonPost({
        path: "/ecommerce/create-checkout-session",
        valid: {
          priceId: "price_test_main_offer",
          productType: "offer",
          isTest: true,
          successUrl: "https://shop.example/success",
          customerEmail: "buyer@example.com",
        },
      }),
    },
    {
      name: "one-click-upsell",
      runs: 2_200,
      requests: hostileJsonPost({
        path: "/ecommerce/one-click-upsell",
        valid: {
          upsellToken: "c4c8c4a9-270d-4296-868f-ace647345651",
          priceId: "price_test_upsell_course",
          isTest: true,
        },
      }),
    },
    { name: "get-uuid", runs: 1_600, requests: hostileQueryGet("/ecommerce/get-uuid") },
    { name: "upsell-status", runs: 1_100, requests: hostileQueryGet("/ecommerce/upsell-status") },
    {
      name: "webhook (test)",
      runs: 800,
      requests: hostileWebhook({
        path: "/ecommerce/webhooks/checkout-completed-test",
        secret: webhookSecrets.test,
      }),
    },
    {
      name: "webhook (live)",
      runs: 800,
      requests: hostileWebhook({
        path: "/ecommerce/webhooks/checkout-completed",
        secret: webhookSecrets.live,
      }),
    },
    { name: "any method, any path", runs: 1_500, requests: hostileAnyRoute },
  ];

const httpRuns = 1_200;
/** The issue asks for 10,000 generated requests at least; the HTTP share comes on top. */
const minimumInProcess = 10_000;

interface Tally {
  sent: number;
  unsendable: number;
  serverErrors: number;
  crashes: number;
  badErrorShapes: number;
  stackTraces: number;
  statuses: Record<string, number>;
  firstProblem?: string;
}

function newTally(): Tally {
  return {
    sent: 0,
    unsendable: 0,
    serverErrors: 0,
    crashes: 0,
    badErrorShapes: 0,
    stackTraces: 0,
    statuses: {},
  };
}

function toRequest(request: HostileRequest, base: string): Request | undefined {
  try {
    return new Request(`${base}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
  } catch {
    return undefined;
  }
}

/** Sends one request and checks the answer; false (and a note) when a rule is broken. */
async function sendAndCheck(
  request: HostileRequest,
  args: { via: "in-process" | "http"; tally: Tally },
): Promise<boolean> {
  const { tally } = args;
  const base = args.via === "http" ? stack.url : "http://localhost";
  const built = toRequest(request, base);
  if (!built) {
    tally.unsendable += 1;
    return true;
  }
  tally.sent += 1;
  let answer: ApiAnswer;
  try {
    const response = args.via === "http" ? await fetch(built) : await stack.main.app.request(built);
    answer = await readAnswer(response);
  } catch (error) {
    tally.crashes += 1;
    return note(tally, `${request.method} ${request.path.slice(0, 80)} threw ${String(error)}`);
  }
  tally.statuses[String(answer.status)] = (tally.statuses[String(answer.status)] ?? 0) + 1;
  return checkAnswer(request, answer, tally);
}

function checkAnswer(request: HostileRequest, answer: ApiAnswer, tally: Tally): boolean {
  const where = `${request.method} ${request.path.slice(0, 80)} -> ${answer.status}`;
  if (answer.status >= 500) {
    tally.serverErrors += 1;
    return note(tally, `${where} ${answer.text.slice(0, 200)}`);
  }
  if (/\n\s+at\s|\.ts:\d+:\d+/.test(answer.text)) {
    tally.stackTraces += 1;
    return note(tally, `${where} shows a stack trace`);
  }
  const needsShape = answer.status >= 400 && request.method !== "HEAD";
  if (needsShape && !errorOf(answer)) {
    tally.badErrorShapes += 1;
    return note(tally, `${where} without the error shape: ${answer.text.slice(0, 200)}`);
  }
  return true;
}

function note(tally: Tally, problem: string): false {
  tally.firstProblem ??= problem;
  return false;
}

async function runFamily(args: {
  requests: fc.Arbitrary<HostileRequest>;
  runs: number;
  via: "in-process" | "http";
  tally: Tally;
}): Promise<string | undefined> {
  const details = await fc.check(
    fc.asyncProperty(args.requests, (request) => sendAndCheck(request, args)),
    { numRuns: args.runs, endOnFailure: true },
  );
  return details.failed ? fc.defaultReportMessage(details) : undefined;
}

interface RawAnswer {
  readonly statusLine: string;
  readonly status: number;
  readonly json: unknown;
}

/** Writes raw bytes on a socket and reads until the server closes or a short while passes. */
function rawExchange(frame: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = "";
    const finish = () => {
      socket.destroy();
      const [head = "", body = ""] = received.split("\r\n\r\n", 2);
      const statusLine = head.split("\r\n", 1)[0] ?? "";
      const status = Number(statusLine.split(" ")[1] ?? 0);
      resolve({ statusLine, status, json: parseJsonOrUndefined(body) });
    };
    socket.setTimeout(1_000, finish);
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
    });
    socket.on("close", finish);
    socket.on("error", finish);
    socket.write(frame, () => socket.end());
  });
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A counterexample short enough to print. */
function shortened(text: string | undefined): string | undefined {
  return text === undefined || text.length <= 600 ? text : `${text.slice(0, 600)}…`;
}

function rowFor(tally: Tally, expectedSent: number) {
  return {
    expected: {
      [`atLeast${expectedSent}Sent`]: true,
      serverErrors: 0,
      crashes: 0,
      errorsWithoutJsonShape: 0,
      stackTraces: 0,
    },
    observed: {
      [`atLeast${expectedSent}Sent`]: tally.sent >= expectedSent,
      serverErrors: tally.serverErrors,
      crashes: tally.crashes,
      errorsWithoutJsonShape: tally.badErrorShapes,
      stackTraces: tally.stackTraces,
    },
  };
}

describe("every endpoint under hostile input", () => {
  it("answers 10,000+ in-process requests with no 5xx, crash or bare error", async (context) => {
    const tally = newTally();
    const failures: string[] = [];
    for (const family of families) {
      const failure = await runFamily({ ...family, via: "in-process", tally });
      if (failure) failures.push(`${family.name}: ${failure}`);
    }
    printFigures("in-process", { ...tally, counterexamples: failures.map(shortened) });
    reportRow(context, {
      scenario: "5a. hostile input, in-process (app.request)",
      requests: tally.sent,
      ...rowFor(tally, minimumInProcess),
    });
  });

  it("answers requests over HTTP and survives malformed frames", async (context) => {
    const tally = newTally();
    const everything = fc.oneof(...families.map((family) => family.requests));
    const failure = await runFamily({ requests: everything, runs: httpRuns, via: "http", tally });
    const frames = [
      "POST /ecommerce/one-click-upsell HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        'Content-Length: 500\r\n\r\n{"upsellToken":',
      "POST /ecommerce/get-uuid HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
      "POST /ecommerce/webhooks/checkout-completed HTTP/1.1\r\nHost: x\r\n" +
        `Transfer-Encoding: chunked\r\n\r\n100000\r\n${"x".repeat(1_048_576)}\r\n` +
        `100000\r\n${"x".repeat(1_048_576)}\r\n0\r\n\r\n`,
      `GET /ecommerce/get-uuid?${"a=1&".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      "GARBAGE\r\n\r\n",
    ];
    const rawAnswers: RawAnswer[] = [];
    for (const frame of frames) rawAnswers.push(await rawExchange(frame));
    const health = await stack.send({ path: "/ecommerce/health" });
    printFigures("over HTTP", {
      ...tally,
      counterexample: shortened(failure),
      rawFrames: rawAnswers.map((answer) => answer.statusLine),
    });
    const { expected, observed } = rowFor(tally, httpRuns);
    reportRow(context, {
      scenario: "5b. hostile input over HTTP + malformed frames",
      requests: tally.sent + frames.length + 1,
      expected: {
        ...expected,
        rawFramesAnswered5xx: 0,
        rawFrameErrorsWithoutJsonShape: 0,
        serverAliveAfter: 200,
      },
      observed: {
        ...observed,
        rawFramesAnswered5xx: rawAnswers.filter((answer) => answer.status >= 500).length,
        rawFrameErrorsWithoutJsonShape: rawAnswers.filter(
          (answer) => answer.status >= 400 && !errorOf(answer),
        ).length,
        serverAliveAfter: health.status,
      },
    });
  });
});
