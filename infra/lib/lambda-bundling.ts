/**
 * How the Lambda handler is bundled, in one place: the CDK stack, `npm run bundle`
 * (which the benchmarks measure) and the bundled-handler test all build from
 * `lambdaBundling`, so what is measured and tested is what is deployed.
 *
 * Everything is bundled, the AWS SDK included: the Node.js runtime's copy of
 * SDK v3 is whatever version AWS last put there, so relying on it would make
 * the deployed code differ from the tested code. Bundling our own pinned copy
 * costs a few hundred kilobytes, which minification and tree-shaking keep small.
 */
import { fileURLToPath } from "node:url";
import { type BundlingOptions, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import type { BuildOptions } from "esbuild";

/** The repository root: NodejsFunction's project root and the bundle's base. */
export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

export const lambdaBundling = {
  /** The handler's source file. */
  entry: fileURLToPath(new URL("../../src/entry/lambda.ts", import.meta.url)),
  /** The export Lambda calls: `index.handler`. */
  handlerName: "handler",
  /** ESM, so the handler can await its secrets during the init phase. */
  outputFileName: "index.mjs",
  format: "esm",
  /** Matches the function's runtime (`nodejs24.x`). */
  target: "node24",
  minify: true,
  /**
   * Minified, but class and function names kept: error classes name
   * themselves from their constructor, and a log line that says
   * `TokenExpiredError` helps an operator where `C_` would not.
   */
  keepNames: true,
  /** Source maps would double the size and slow every cold start. */
  sourceMap: false,
  /** ESM entry points first, so tree-shaking can drop unused exports. */
  mainFields: ["module", "main"] as string[],
  /** Nothing external: see the module comment. */
  externalModules: [] as string[],
  /** Bundled CommonJS dependencies `require()` Node built-ins; ESM has no `require`. */
  banner:
    "import{createRequire as __lambdaCreateRequire}from'node:module';" +
    "const require=__lambdaCreateRequire(import.meta.url);",
  /** Licence texts go to `index.mjs.LEGAL.txt` beside the code instead of inside it. */
  legalComments: "external",
  charset: "utf8",
} as const;

/** esbuild's JS API options writing the bundle into `outdir`. */
export function esbuildOptions(options: { outdir: string; metafile?: boolean }): BuildOptions {
  return {
    entryPoints: { index: lambdaBundling.entry },
    outdir: options.outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: lambdaBundling.format,
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    keepNames: lambdaBundling.keepNames,
    sourcemap: lambdaBundling.sourceMap,
    treeShaking: true,
    mainFields: lambdaBundling.mainFields,
    external: lambdaBundling.externalModules,
    banner: { js: lambdaBundling.banner },
    legalComments: lambdaBundling.legalComments,
    charset: lambdaBundling.charset,
    metafile: options.metafile ?? false,
    logLevel: "warning",
  };
}

/** The same choices as `NodejsFunction` bundling options (local esbuild, never Docker). */
export function cdkBundlingOptions(): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: lambdaBundling.target,
    minify: lambdaBundling.minify,
    keepNames: lambdaBundling.keepNames,
    sourceMap: lambdaBundling.sourceMap,
    mainFields: lambdaBundling.mainFields,
    externalModules: lambdaBundling.externalModules,
    banner: lambdaBundling.banner,
    forceDockerBundling: false,
    // Passed as arguments: this CDK version drops its own `charset` option.
    esbuildArgs: {
      "--tree-shaking": "true",
      "--legal-comments": lambdaBundling.legalComments,
      "--charset": lambdaBundling.charset,
    },
  };
}
