/**
 * `npm run bundle`: builds the Lambda handler into `dist/lambda/` with exactly
 * the options the CDK stack deploys with, and prints its size. The benchmarks
 * measure this file's size and load time.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { build } from "esbuild";
import { esbuildOptions, projectRoot } from "../lib/lambda-bundling.js";

const outdir = `${projectRoot}dist/lambda`;
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await build(esbuildOptions({ outdir, metafile: true }));
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));

const bundlePath = `${outdir}/index.mjs`;
const sizeBytes = statSync(bundlePath).size;
process.stdout.write(`${bundlePath}: ${sizeBytes} bytes (${(sizeBytes / 1024).toFixed(1)} KiB)\n`);
