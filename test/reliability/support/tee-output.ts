/**
 * Setup file of the reliability run: copies whatever a test worker writes
 * straight to stdout or stderr (not through a test's logger) into the log
 * folder, so the final log scan covers it too.
 */
import { appendProcessOutput } from "./log-capture.js";

const teed = Symbol.for("reliability.tee-output");

function tee(stream: NodeJS.WriteStream & { [teed]?: true }): void {
  if (stream[teed]) return;
  stream[teed] = true;
  const original = stream.write;
  stream.write = function copying(this: NodeJS.WriteStream, ...args: Parameters<typeof original>) {
    const [chunk] = args;
    appendProcessOutput(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return original.apply(this, args);
  } as typeof original;
}

tee(process.stdout);
tee(process.stderr);
