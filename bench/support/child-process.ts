/**
 * Starting and stopping the benchmark's child processes (built scripts that
 * speak `processes/ipc-messages.ts`), each wait bounded in time.
 */
import { type ChildProcess, fork } from "node:child_process";
import {
  type ChildMessage,
  isChildMessage,
  type MemoryReport,
  type ParentCommand,
} from "../processes/ipc-messages.js";

/** A running child process of the benchmark. */
export interface BenchChild {
  readonly pid: number;
  /** Where it listens, as it reported when ready. */
  readonly url: string;
  /** Its memory now and its peak so far; optionally after a full GC (`--expose-gc`). */
  memory(options?: { fullGcFirst: boolean }): Promise<MemoryReport>;
  /** Asks it to stop; kills it if it has not exited within a few seconds. */
  stop(): Promise<void>;
}

/** Which script to run, with what environment. */
export interface StartChildOptions {
  readonly scriptPath: string;
  readonly env: Record<string, string | undefined>;
  /** Options for `node` itself, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  readonly startTimeoutMs?: number;
}

const replyTimeoutMs = 5_000;
const stopTimeoutMs = 5_000;

/** Forks the script and resolves once it reports ready. */
export async function startBenchChild(options: StartChildOptions): Promise<BenchChild> {
  const child = fork(options.scriptPath, [], {
    env: options.env,
    execArgv: [...(options.nodeArgs ?? [])],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.scriptPath}`);
  try {
    const ready = await nextMessage(child, {
      type: "ready",
      timeoutMs: options.startTimeoutMs ?? 30_000,
    });
    let lastRequestId = 0;
    return {
      pid,
      url: ready.url,
      memory: async (memoryOptions) => {
        const requestId = ++lastRequestId;
        const reply = nextMessage(child, {
          type: "memory",
          timeoutMs: replyTimeoutMs,
          accept: (message) => message.type === "memory" && message.requestId === requestId,
        });
        send(child, {
          type: "memory",
          requestId,
          fullGcFirst: memoryOptions?.fullGcFirst ?? false,
        });
        return await reply;
      },
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function send(child: ChildProcess, command: ParentCommand): void {
  if (child.connected) child.send(command);
}

function nextMessage<T extends ChildMessage["type"]>(
  child: ChildProcess,
  args: { type: T; timeoutMs: number; accept?: (message: ChildMessage) => boolean },
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!isChildMessage(message) || message.type !== args.type) return;
      if (args.accept && !args.accept(message)) return;
      cleanUp();
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanUp();
      reject(new Error(`child process exited (code ${code}) before its "${args.type}" message`));
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`child process sent no "${args.type}" message in ${args.timeoutMs} ms`));
    }, args.timeoutMs);
    const cleanUp = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  send(child, { type: "stop" });
  const forced = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
  await exited;
  clearTimeout(forced);
}
