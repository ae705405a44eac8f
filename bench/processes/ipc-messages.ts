/** What the benchmark and its child processes (API server, Stripe sandbox) tell each other. */

/** Memory of a child process, in bytes. */
export interface MemoryReport {
  readonly type: "memory";
  /** The id of the command this answers. */
  readonly requestId: number;
  /** True when a full garbage collection ran just before (the child needs `--expose-gc`). */
  readonly afterFullGc: boolean;
  /** Resident set size now. */
  readonly rssBytes: number;
  /** Peak resident set size since the process started (`resourceUsage().maxRSS`). */
  readonly maxRssBytes: number;
  readonly heapUsedBytes: number;
}

/** What a child tells the parent: it is listening, or its memory. */
export type ChildMessage = { readonly type: "ready"; readonly url: string } | MemoryReport;

/** What the parent asks a child: a memory report, or to stop. */
export type ParentCommand =
  | { readonly type: "memory"; readonly requestId: number; readonly fullGcFirst: boolean }
  | { readonly type: "stop" };

/** Narrows an IPC message to a command from the parent. */
export function isParentCommand(message: unknown): message is ParentCommand {
  if (typeof message !== "object" || message === null || !("type" in message)) return false;
  return message.type === "memory" || message.type === "stop";
}

/** Narrows an IPC message to a report from a child. */
export function isChildMessage(message: unknown): message is ChildMessage {
  if (typeof message !== "object" || message === null || !("type" in message)) return false;
  return message.type === "ready" || message.type === "memory";
}

/**
 * This process's memory now, as a report. With `fullGcFirst` (and
 * `--expose-gc`), the heap figure is what is still alive: a leak shows there.
 */
export function currentMemory(args: { requestId: number; fullGcFirst: boolean }): MemoryReport {
  const collectGarbage = args.fullGcFirst ? globalGc() : undefined;
  collectGarbage?.();
  const usage = process.memoryUsage();
  return {
    type: "memory",
    requestId: args.requestId,
    afterFullGc: collectGarbage !== undefined,
    rssBytes: usage.rss,
    // maxRSS is in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: usage.heapUsed,
  };
}

/**
 * Serves the parent's commands in a child: memory reports, and `stop`, which
 * runs `close` and exits. A parent that goes away also stops the child.
 */
export function serveParentCommands(close: () => Promise<void>): void {
  const send = (message: ChildMessage) => process.send?.(message);
  const stop = () => {
    void close().finally(() => process.exit(0));
  };
  process.on("message", (message: unknown) => {
    if (!isParentCommand(message)) return;
    if (message.type === "memory") send(currentMemory(message));
    else stop();
  });
  process.once("disconnect", stop);
}

/** Tells the parent the child is listening. */
export function reportReady(url: string): void {
  process.send?.({ type: "ready", url } satisfies ChildMessage);
}

/** `gc()`, present only when node runs with `--expose-gc`. */
function globalGc(): (() => void) | undefined {
  const candidate: unknown = Reflect.get(globalThis, "gc");
  return typeof candidate === "function" ? () => candidate() : undefined;
}
