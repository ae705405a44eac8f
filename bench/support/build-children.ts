/**
 * Builds the child-process scripts with esbuild into `dist/bench/`, so the
 * children run plain JavaScript the way a deployed server does: no TypeScript
 * loader thread in their memory or on their CPU. Dependencies stay external
 * and load from `node_modules`.
 */
import { build } from "esbuild";
import { benchBuildDir, projectRoot } from "./project-paths.js";

/** Paths of the built child scripts. */
export interface BuiltChildren {
  readonly apiServerPath: string;
  readonly stripeSandboxPath: string;
}

/** Builds both child scripts; resolves with their paths. */
export async function buildChildren(): Promise<BuiltChildren> {
  await build({
    entryPoints: {
      "api-server": `${projectRoot}bench/processes/api-server.ts`,
      "stripe-sandbox": `${projectRoot}bench/processes/stripe-sandbox.ts`,
    },
    outdir: benchBuildDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return {
    apiServerPath: `${benchBuildDir}/api-server.mjs`,
    stripeSandboxPath: `${benchBuildDir}/stripe-sandbox.mjs`,
  };
}
