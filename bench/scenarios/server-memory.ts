/**
 * Figure 5: the Node server's memory under a sustained load of the whole
 * funnel. A fresh server process gets `concurrency` customers at a time, each
 * going through checkout, payment (and so a webhook), get-uuid and the
 * one-click upsell, for a fixed time; its resident memory is sampled from
 * outside its request path, and its peak is read from the kernel at the end.
 */
import type { BenchStack } from "../support/bench-stack.js";
import { createFunnelClient, type FunnelClient, requireString } from "../support/funnel-client.js";
import { roundTo } from "../support/latency-stats.js";
import { withTimeout } from "../support/with-timeout.js";

/** How many customers at a time, for how long. */
export interface MemoryLoad {
  readonly concurrency: number;
  readonly durationSec: number;
  /** Upper bound on funnels, whatever the duration. */
  readonly maxFunnels: number;
  readonly sampleEveryMs: number;
}

/** The server's memory before, during and after the load, in MiB. */
export interface MemoryFigure {
  readonly idleRssMiB: number;
  /** `process.resourceUsage().maxRSS` of the server at the end: its lifetime peak. */
  readonly peakRssMiB: number;
  readonly peakSampledRssMiB: number;
  /** After the load and its late webhooks. */
  readonly endRssMiB: number;
  /** Heap still alive after a full GC, before and after the load: a leak would show here. */
  readonly idleLiveHeapMiB: number;
  readonly endLiveHeapMiB: number;
  readonly funnels: number;
  readonly failedFunnels: number;
  readonly funnelsPerSec: number;
  readonly samples: number;
  readonly load: MemoryLoad;
}

const mebibyte = 1024 * 1024;

/** Replaces the API server with a fresh one, loads it and reads its memory. */
export async function measureServerMemory(args: {
  stack: BenchStack;
  load: MemoryLoad;
}): Promise<MemoryFigure> {
  const { stack, load } = args;
  const server = await stack.restartApi();
  const idle = await server.memory();
  const idleLive = await server.memory({ fullGcFirst: true });
  const client = createFunnelClient({ apiUrl: stack.apiUrl, controls: stack.controls });

  const sampledRss: number[] = [];
  const sampler = setInterval(() => {
    server.memory().then(
      (report) => sampledRss.push(report.rssBytes),
      () => undefined,
    );
  }, load.sampleEveryMs);
  const startedAtMs = performance.now();
  const outcome = await runFunnels({ client, load }).finally(() => clearInterval(sampler));
  const elapsedSec = (performance.now() - startedAtMs) / 1000;
  await withTimeout(stack.controls.webhooksIdle(), { timeoutMs: 20_000, what: "late webhooks" });
  const end = await server.memory();
  const endLive = await server.memory({ fullGcFirst: true });
  if (!idleLive.afterFullGc || !endLive.afterFullGc) throw new Error("the server has no gc()");

  return {
    idleRssMiB: toMiB(idle.rssBytes),
    peakRssMiB: toMiB(end.maxRssBytes),
    peakSampledRssMiB: toMiB(Math.max(end.rssBytes, ...sampledRss)),
    endRssMiB: toMiB(end.rssBytes),
    idleLiveHeapMiB: toMiB(idleLive.heapUsedBytes),
    endLiveHeapMiB: toMiB(endLive.heapUsedBytes),
    funnels: outcome.completed,
    failedFunnels: outcome.failed,
    funnelsPerSec: roundTo(outcome.completed / elapsedSec, 1),
    samples: sampledRss.length,
    load,
  };
}

async function runFunnels(args: {
  client: FunnelClient;
  load: MemoryLoad;
}): Promise<{ completed: number; failed: number }> {
  const { client, load } = args;
  const deadlineMs = performance.now() + load.durationSec * 1000;
  let started = 0;
  let completed = 0;
  let failed = 0;
  const customer = async () => {
    while (performance.now() < deadlineMs && started < load.maxFunnels) {
      started += 1;
      try {
        await oneFunnel(client);
        completed += 1;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: load.concurrency }, customer));
  return { completed, failed };
}

async function oneFunnel(client: FunnelClient): Promise<void> {
  const sessionId = await client.createCheckoutSession();
  await client.payCheckoutSession(sessionId);
  const upsellToken = requireString(await client.getUuid(sessionId), "upsellToken");
  requireString(await client.oneClickUpsell(upsellToken), "paymentIntentId");
}

function toMiB(bytes: number): number {
  return roundTo(bytes / mebibyte, 1);
}
