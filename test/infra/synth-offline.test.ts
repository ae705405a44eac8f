/**
 * `npm run synth` as CI runs it: no AWS credentials, no AWS config folder, no
 * CDK CLI. It must write both stacks' templates, and the function's asset must
 * be byte for byte the bundle `npm run bundle` builds from the same options.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { esbuildOptions, projectRoot } from "../../infra/lib/lambda-bundling.js";

const run = promisify(execFile);
let outdir: string;
let stdout: string;

/** The process environment without anything that could reach or identify an AWS account. */
function offlineEnvironment(home: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("AWS_") && !name.startsWith("CDK_")) environment[name] = value;
  }
  return { ...environment, HOME: home, AWS_EC2_METADATA_DISABLED: "true" };
}

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), "synth-home-"));
  outdir = await mkdtemp(join(tmpdir(), "synth-out-"));
  const result = await run("npx", ["tsx", "infra/bin/app.ts"], {
    cwd: projectRoot,
    env: { ...offlineEnvironment(home), CDK_OUTDIR: outdir },
  });
  stdout = result.stdout;
}, 120_000);

describe("offline synth", () => {
  it("writes the template of each stage", () => {
    for (const stage of ["dev", "prod"]) {
      expect(existsSync(join(outdir, `ecommerce-payment-${stage}.template.json`))).toBe(true);
      expect(stdout).toContain(`ecommerce-payment-${stage}: `);
    }
  });

  it("leaves the stacks environment-agnostic, so nothing was looked up", () => {
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
      artifacts: Record<string, { type: string; environment?: string }>;
    };
    const stacks = Object.values(manifest.artifacts).filter(
      (artifact) => artifact.type === "aws:cloudformation:stack",
    );
    expect(stacks.map((stack) => stack.environment)).toEqual([
      "aws://unknown-account/unknown-region",
      "aws://unknown-account/unknown-region",
    ]);
  });

  it("deploys the bundle `npm run bundle` builds, byte for byte", async () => {
    const assetDirs = readdirSync(outdir).filter((name) => name.startsWith("asset."));
    expect(assetDirs).toHaveLength(1);
    const deployed = readFileSync(join(outdir, assetDirs[0] as string, "index.mjs"));
    const bundleDir = await mkdtemp(join(tmpdir(), "bundle-"));

    await build(esbuildOptions({ outdir: bundleDir }));

    expect(deployed.equals(readFileSync(join(bundleDir, "index.mjs")))).toBe(true);
  });
});
