/**
 * `npm run bench`: every figure of the benchmark issue in one run on this
 * machine, printed as a markdown table and written to `bench/results/`
 * (`latest.json`, `latest.md`). See `bench/README.md` for what each figure
 * means and how to read it. Progress goes to stderr, the table to stdout.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import type { BenchReport } from "./report/bench-report.js";
import { renderMarkdown } from "./report/render-markdown.js";
import { measureColdStart } from "./scenarios/cold-start.js";
import { type GetUuidLoad, measureGetUuidOverhead } from "./scenarios/get-uuid-overhead.js";
import { type MemoryLoad, measureServerMemory } from "./scenarios/server-memory.js";
import { measureStripeCalls } from "./scenarios/stripe-calls.js";
import { measureTokenReadiness } from "./scenarios/token-readiness.js";
import { measureUpsellOverhead, type UpsellLoad } from "./scenarios/upsell-overhead.js";
import { type BenchStack, startBenchStack } from "./support/bench-stack.js";
import { buildChildren } from "./support/build-children.js";
import { roundTo } from "./support/latency-stats.js";
import { machineInfo, versionInfo } from "./support/machine-info.js";
import { projectRoot, resultsDir } from "./support/project-paths.js";
import { savedCardOf } from "./support/token-fixtures.js";

// Many short rounds rather than a few long ones: other work on a shared machine
// comes in bursts, and short alternating rounds spread a burst over both sides.
const getUuidLoad: GetUuidLoad = {
  connections: 10,
  rounds: 8,
  roundSec: 3,
  warmUpSec: 2,
  sessions: 1_000,
};

const upsellLoad: UpsellLoad = {
  connections: 10,
  rounds: 8,
  targetRoundSec: 3,
  warmUpRequests: 200,
  minRequestsPerRound: 200,
  maxRequestsPerRound: 3_000,
};

const memoryLoad: MemoryLoad = {
  concurrency: 8,
  durationSec: 20,
  maxFunnels: 20_000,
  sampleEveryMs: 250,
};

const coldStartRuns = 21;

/** The issue allows ten minutes; stop well before, whatever hangs. */
const watchdogMs = 9.5 * 60_000;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const startedAtMs = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;

  progress("building the child processes");
  const stack = await startBenchStack(await buildChildren());
  const stopOnWatchdog = setTimeout(() => abort(stack, "took longer than 9.5 minutes"), watchdogMs);
  process.once("SIGINT", () => abort(stack, "interrupted"));

  let httpFigures: Awaited<ReturnType<typeof measureHttpFigures>>;
  try {
    httpFigures = await measureHttpFigures(stack);
  } finally {
    progress("stopping DynamoDB Local, the sandbox and the API");
    await stack.stop();
  }
  progress("4. cold start of the Lambda bundle");
  const coldStart = await measureColdStart({ runs: coldStartRuns });
  clearTimeout(stopOnWatchdog);

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    totalDurationSec: roundTo((performance.now() - startedAtMs) / 1000, 1),
    conditions: {
      machine: machineInfo(),
      versions: versionInfo(),
      loadAverage1m: { atStart: roundTo(loadAtStart, 2), atEnd: roundTo(loadavg()[0] ?? 0, 2) },
    },
    ...httpFigures,
    coldStart,
  };
  writeResults(report);
}

async function measureHttpFigures(stack: BenchStack) {
  progress("1. Stripe calls per funnel");
  const { sampleUpsellToken, ...stripeCalls } = await measureStripeCalls(stack);
  progress("2. token readiness with webhooks held back");
  const tokenReadiness = await measureTokenReadiness(stack);
  const card = await savedCardOf({ ...stack, upsellToken: sampleUpsellToken });
  progress("3a. get-uuid against raw DynamoDB reads");
  const getUuid = await measureGetUuidOverhead({ stack, card, load: getUuidLoad });
  progress("3b. one-click-upsell against raw claim, payment intent and write");
  const upsell = await measureUpsellOverhead({ stack, card, load: upsellLoad });
  progress("5. server memory under the whole funnel");
  const memory = await measureServerMemory({ stack, load: memoryLoad });
  return {
    stripeCalls,
    tokenReadiness,
    overhead: {
      getUuid: { ...getUuid, load: getUuidLoad },
      upsell: { ...upsell, load: upsellLoad },
    },
    memory,
  };
}

function writeResults(report: BenchReport): void {
  const markdown = renderMarkdown(report);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}/latest.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${resultsDir}/latest.md`, markdown);
  formatWithBiome(`${resultsDir}/latest.json`);
  process.stdout.write(`${markdown}\nWritten to bench/results/latest.json and latest.md\n`);
}

/** The repository's formatter owns JSON layout; without this, `npm run lint` flags the file. */
function formatWithBiome(path: string): void {
  const result = spawnSync("npx", ["biome", "format", "--write", path], {
    cwd: projectRoot,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 60_000,
  });
  if (result.status !== 0) progress(`could not format ${path} with Biome; run npm run format`);
}

function progress(step: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${step}\n`);
}

function abort(stack: BenchStack, reason: string): void {
  progress(`stopping: the run ${reason}`);
  const forced = setTimeout(() => process.exit(1), 10_000);
  void stack.stop().finally(() => {
    clearTimeout(forced);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
