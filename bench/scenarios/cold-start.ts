/**
 * Figure 4: the Lambda bundle as `npm run bundle` builds it (the deployed
 * artefact): its size, and how long a fresh `node` takes to import it and
 * finish its init (config, the secret read from a loopback Secrets Manager,
 * the clients and the app), against `node -e 0` in the same run, alternating.
 * A third series stops the init at its first line, to tell the cost of the
 * code itself from the cost of what the init does.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { median, roundTo } from "../support/latency-stats.js";
import { lambdaBundlePath, projectRoot } from "../support/project-paths.js";
import { startSecretsStandIn } from "../support/secrets-stand-in.js";

/** The bundle's size and load time, each against its goal. */
export interface ColdStartFigure {
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  readonly sizeGoalBytes: number;
  readonly sizeMet: boolean;
  readonly runs: number;
  readonly bundleLoadMedianMs: number;
  /**
   * The same import with the secret's id left out, so the handler's init stops
   * at its first line: parsing, compiling and evaluating the bundle's modules only.
   */
  readonly modulesOnlyMedianMs: number;
  readonly nodeBaselineMedianMs: number;
  readonly ratio: number;
  readonly ratioGoal: number;
  readonly ratioMet: boolean;
  readonly bundleLoadRunsMs: readonly number[];
  readonly nodeBaselineRunsMs: readonly number[];
}

const sizeGoalBytes = 1_000_000;
const ratioGoal = 1.8;
const bundleTimeoutMs = 120_000;
const processTimeoutMs = 30_000;
const secretId = "ecommerce-payment/dev/stripe-test";

/** Builds the bundle, then times `runs` fresh processes of each kind, alternating. */
export async function measureColdStart(args: { runs: number }): Promise<ColdStartFigure> {
  buildBundle();
  const bundle = readFileSync(lambdaBundlePath);
  const secrets = await startSecretsStandIn({
    secretId,
    secretString: JSON.stringify({
      STRIPE_SECRET_KEY_TEST: "sk_test_bench_local_only",
      STRIPE_WEBHOOK_SECRET_DEV: "whsec_bench_local_only",
    }),
  });
  const env = lambdaEnv(secrets.endpoint);
  const { STRIPE_SECRETS_ID_TEST: _secretId, ...envWithoutSecretId } = env;
  const bundleUrl = JSON.stringify(pathToFileURL(lambdaBundlePath).href);
  const bundleLoadRunsMs: number[] = [];
  const modulesOnlyRunsMs: number[] = [];
  const nodeBaselineRunsMs: number[] = [];
  try {
    for (let run = 0; run < args.runs; run++) {
      nodeBaselineRunsMs.push(await timeNode({ script: "0", env }));
      bundleLoadRunsMs.push(await timeNode({ script: `import(${bundleUrl})`, env }));
      modulesOnlyRunsMs.push(
        await timeNode({
          script: `import(${bundleUrl}).catch(() => {})`,
          env: envWithoutSecretId,
        }),
      );
    }
  } finally {
    await secrets.close();
  }

  const bundleLoadMedianMs = roundTo(median(bundleLoadRunsMs), 1);
  const nodeBaselineMedianMs = roundTo(median(nodeBaselineRunsMs), 1);
  const ratio = roundTo(bundleLoadMedianMs / nodeBaselineMedianMs, 2);
  return {
    bundleBytes: bundle.length,
    bundleGzipBytes: gzipSync(bundle).length,
    sizeGoalBytes,
    sizeMet: bundle.length < sizeGoalBytes,
    runs: args.runs,
    bundleLoadMedianMs,
    modulesOnlyMedianMs: roundTo(median(modulesOnlyRunsMs), 1),
    nodeBaselineMedianMs,
    ratio,
    ratioGoal,
    ratioMet: ratio <= ratioGoal,
    bundleLoadRunsMs: bundleLoadRunsMs.map((value) => roundTo(value, 1)),
    nodeBaselineRunsMs: nodeBaselineRunsMs.map((value) => roundTo(value, 1)),
  };
}

function buildBundle(): void {
  const result = spawnSync("npm", ["run", "--silent", "bundle"], {
    cwd: projectRoot,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: bundleTimeoutMs,
  });
  if (result.status !== 0) throw new Error("npm run bundle failed");
}

/** What the stack gives the function, with the secret's address on loopback. */
function lambdaEnv(secretsEndpoint: string): Record<string, string> {
  return {
    STAGE: "dev",
    STRIPE_SECRETS_ID_TEST: secretId,
    ALLOWED_ORIGINS: "https://shop.example.com",
    UPSELL_PRICES_TEST: "price_test_upsell_course",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
    LOG_LEVEL: "info",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** Wall time of a fresh `node -e <script>`, from spawn to exit; throws if it fails. */
function timeNode(args: { script: string; env: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAtMs = performance.now();
    const child = spawn(process.execPath, ["-e", args.script], {
      env: args.env,
      stdio: "ignore",
      timeout: processTimeoutMs,
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      const elapsedMs = performance.now() - startedAtMs;
      if (code === 0) resolve(elapsedMs);
      else reject(new Error(`node -e ${args.script.slice(0, 40)} exited with code ${code}`));
    });
  });
}
