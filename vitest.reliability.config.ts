import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { ReliabilityTableReporter } from "./test/reliability/support/table-reporter.js";

// The AWS SDK warns on Node 20 in every process that loads it, global setup included.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// Every scenario writes what it logged here; the log scan reads it all at the end and
// removes it. Folders of earlier runs that ended before their scan are removed here.
const logRoot = join(tmpdir(), "reliability-logs");
const logDir = join(logRoot, String(process.pid));
mkdirSync(logRoot, { recursive: true });
for (const runPid of readdirSync(logRoot)) {
  if (!isRunning(Number(runPid))) rmSync(join(logRoot, runPid), { recursive: true, force: true });
}
mkdirSync(logDir, { recursive: true });

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}

const shared = {
  pool: "forks" as const,
  testTimeout: 120_000,
  hookTimeout: 120_000,
  setupFiles: ["test/reliability/support/tee-output.ts"],
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", RELIABILITY_LOG_DIR: logDir },
};

export default defineConfig({
  test: {
    reporters: ["default", new ReliabilityTableReporter()],
    projects: [
      {
        test: {
          ...shared,
          name: "scenarios",
          include: ["test/reliability/**/*.test.ts"],
          exclude: ["test/reliability/log-scan.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "log-scan",
          include: ["test/reliability/log-scan.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
