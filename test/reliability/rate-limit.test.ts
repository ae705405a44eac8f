/**
 * Scenario 7, rate limits: the Node server limits `get-uuid` and
 * `one-click-upsell` per client address (429, `Retry-After`, the JSON error
 * body); other endpoints, other clients and the Lambda composition are not
 * limited (API Gateway throttles there). The limiter itself is specified
 * first, on an injected clock.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { ConfigError } from "../../src/config/env-reader.js";
import { nodeRateLimit } from "../../src/entry/node-server.js";
import { FixedWindowLimiter } from "../../src/http/rate-limit.js";
import { type ApiAnswer, answerLabel, errorOf, readAnswer } from "./support/api-answer.js";
import { ManualClock } from "./support/manual-clock.js";
import { printFigures, reportRow } from "./support/reliability-rows.js";
import { type ApiRequest, range, type Stack, startStack } from "./support/stack.js";

const baseLimiter = { limitPerWindow: 3, windowMs: 60_000, maxClients: 100 };

describe("FixedWindowLimiter", () => {
  it("allows the limit per window, then refuses with the whole seconds left", () => {
    const clock = new ManualClock(1_800_000_000_000);
    const limiter = new FixedWindowLimiter({ ...baseLimiter, clock });

    const first = range(4).map(() => limiter.take("client"));
    clock.advanceSec(59.5);
    const late = limiter.take("client");
    clock.advanceSec(0.5);
    const next = limiter.take("client");

    expect(first).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSec: 60 },
    ]);
    expect(late).toEqual({ allowed: false, retryAfterSec: 1 });
    expect(next).toEqual({ allowed: true });
  });

  it("counts each key apart", () => {
    const limiter = new FixedWindowLimiter({ ...baseLimiter, clock: new ManualClock() });

    for (const _ of range(3)) limiter.take("a");

    expect(limiter.take("a").allowed).toBe(false);
    expect(limiter.take("b").allowed).toBe(true);
  });

  it("does not count refused requests, so the window still ends on time", () => {
    const clock = new ManualClock();
    const limiter = new FixedWindowLimiter({ ...baseLimiter, limitPerWindow: 1, clock });

    limiter.take("client");
    for (const _ of range(50)) limiter.take("client");
    clock.advanceSec(60);

    expect(limiter.take("client")).toEqual({ allowed: true });
  });

  it("keeps at most maxClients windows: ended ones go first, then the oldest", () => {
    const clock = new ManualClock();
    const limiter = new FixedWindowLimiter({
      ...baseLimiter,
      limitPerWindow: 1,
      maxClients: 3,
      clock,
    });

    for (const key of ["a", "b", "c"]) limiter.take(key);
    clock.advanceSec(61);
    limiter.take("d");
    const afterEndedDropped = limiter.trackedClients;
    for (const key of ["e", "f", "g"]) limiter.take(key);

    expect(afterEndedDropped).toBe(1);
    expect(limiter.trackedClients).toBe(3);
    // "d" was the oldest and was forgotten: it starts a new window.
    expect(limiter.take("d")).toEqual({ allowed: true });
    expect(limiter.take("g")).toEqual({ allowed: false, retryAfterSec: 60 });
  });
});

describe("RATE_LIMIT_PER_MINUTE", () => {
  const env = { ALLOWED_ORIGINS: "https://shop.example" };

  it("defaults to 60, accepts 0 (off), and refuses a bad value by name", () => {
    expect(loadConfig(env).rateLimitPerMinute).toBe(60);
    expect(loadConfig({ ...env, RATE_LIMIT_PER_MINUTE: "0" }).rateLimitPerMinute).toBe(0);
    expect(nodeRateLimit({ rateLimitPerMinute: 0 })).toBeUndefined();
    expect(() => loadConfig({ ...env, RATE_LIMIT_PER_MINUTE: "many" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, RATE_LIMIT_PER_MINUTE: "many" })).toThrow(
      /RATE_LIMIT_PER_MINUTE/,
    );
  });
});

const perMinute = 5;
const clock = new ManualClock();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: { RATE_LIMIT_PER_MINUTE: String(perMinute) },
    app: { rateLimit: nodeRateLimit({ rateLimitPerMinute: perMinute }, clock) },
  });
});

afterAll(async () => {
  await stack?.close();
});

/** A GET from another loopback address than 127.0.0.1: another client. */
function getFrom(localAddress: string, path: string): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${stack.url}${path}`, { localAddress }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (typeof value === "string") headers.set(name, value);
        }
        const body = Buffer.concat(chunks).toString("utf8");
        void readAnswer(new Response(body, { status: incoming.statusCode, headers })).then(resolve);
      });
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

function isRateLimited(answer: ApiAnswer): boolean {
  return (
    answer.status === 429 &&
    errorOf(answer)?.code === "RATE_LIMITED" &&
    errorOf(answer)?.retryable === true &&
    answer.headers.get("retry-after") === "60"
  );
}

async function sendTimes(request: ApiRequest, times: number): Promise<ApiAnswer[]> {
  const answers = [];
  for (const _ of range(times)) answers.push(await stack.send(request));
  return answers;
}

describe("the Node server's rate limit", () => {
  it("answers 429 with Retry-After per client on the two limited paths", async (context) => {
    const origin = { origin: "https://shop.example" };
    const getUuid: ApiRequest = {
      path: "/ecommerce/get-uuid?session_id=cs_test_unknown&isTest=true",
      headers: origin,
    };
    const click = stack.clickRequest("c4c8c4a9-270d-4296-868f-ace647345651");
    const burst = perMinute + 2;

    const getUuidAnswers = await sendTimes(getUuid, burst);
    const clickAnswers = await sendTimes(click, burst);
    const otherClient = await getFrom("127.0.0.2", getUuid.path);
    const healthAnswers = await sendTimes({ path: "/ecommerce/health" }, burst);
    clock.advanceSec(60);
    const nextMinute = await stack.send(getUuid);
    const lambdaLike = stack.compose();
    const unlimited = [];
    for (const _ of range(burst)) unlimited.push(await stack.sendInProcess(getUuid, lambdaLike));

    const limited = [...getUuidAnswers, ...clickAnswers].filter((a) => a.status === 429);
    printFigures("rate limit", {
      getUuid: getUuidAnswers.map(answerLabel),
      click: clickAnswers.map(answerLabel),
      otherClient: answerLabel(otherClient),
    });
    reportRow(context, {
      scenario: "7. rate limit per client (Node server)",
      requests: burst * 4 + 2 + unlimited.length,
      expected: {
        getUuidServedThenLimited: `${perMinute}/2`,
        clickServedThenLimited: `${perMinute}/2`,
        limitedWith429RetryAfterJson: 4,
        limitedAnswersWithCors: 2,
        otherClientLimited: false,
        healthLimited: 0,
        limitedAfterWindow: false,
        lambdaCompositionLimited: 0,
      },
      observed: {
        getUuidServedThenLimited: servedThenLimited(getUuidAnswers),
        clickServedThenLimited: servedThenLimited(clickAnswers),
        limitedWith429RetryAfterJson: limited.filter(isRateLimited).length,
        limitedAnswersWithCors: getUuidAnswers.filter(
          (a) => a.status === 429 && a.headers.get("access-control-allow-origin") === origin.origin,
        ).length,
        otherClientLimited: otherClient.status === 429,
        healthLimited: healthAnswers.filter((answer) => answer.status === 429).length,
        limitedAfterWindow: nextMinute.status === 429,
        lambdaCompositionLimited: unlimited.filter((answer) => answer.status === 429).length,
      },
    });
  });
});

/** `served/limited`, where every served answer comes before every limited one. */
function servedThenLimited(answers: readonly ApiAnswer[]): string {
  const firstLimited = answers.findIndex((answer) => answer.status === 429);
  const served = firstLimited === -1 ? answers.length : firstLimited;
  const limitedAfter = answers.slice(served).filter((answer) => answer.status === 429).length;
  return `${served}/${limitedAfter}`;
}
