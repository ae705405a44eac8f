/**
 * Builds the browser code with esbuild: the client library on its own (what a
 * storefront developer ships, `npm run build:client`) and the demo pages'
 * scripts (what `npm start` serves). Both are ESM, minified, for browsers of
 * the last few years, with no runtime dependency.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build, type OutputFile } from "esbuild";

/** One built file, in memory. */
export interface BuiltFile {
  /** Path relative to the output folder, forward slashes (`product-page.js`). */
  path: string;
  contents: Uint8Array;
}

/** The size of a built file as a browser downloads it. */
export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
}

/** The demo pages that have a script; each becomes `/assets/{name}.js`. */
export const pageScriptNames = [
  "product-page",
  "checkout-page",
  "success-page",
  "thank-you-page",
] as const;

const sharedOptions: BuildOptions = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: ["es2022", "chrome109", "firefox115", "safari16"],
  minify: true,
  legalComments: "none",
  write: false,
  logLevel: "silent",
};

const clientEntry = fileURLToPath(new URL("../../client/index.ts", import.meta.url));

/** Builds the client library: `upsell-client.js` and its source map. */
export async function buildClientLibrary(): Promise<BuiltFile[]> {
  const result = await build({
    ...sharedOptions,
    entryPoints: { "upsell-client": clientEntry },
    outdir: "out",
    sourcemap: "external",
  });
  return builtFiles(result.outputFiles);
}

/** Builds the demo pages' scripts, sharing the client in one chunk. */
export async function buildPageScripts(): Promise<BuiltFile[]> {
  const entryPoints = Object.fromEntries(
    pageScriptNames.map((name) => [
      name,
      fileURLToPath(new URL(`../browser/${name}.ts`, import.meta.url)),
    ]),
  );
  const result = await build({
    ...sharedOptions,
    entryPoints,
    outdir: "out",
    splitting: true,
    chunkNames: "chunk-[hash]",
  });
  return builtFiles(result.outputFiles);
}

/** Measures what a browser downloads for a file: minified bytes and gzip bytes. */
export function measureBundle(contents: Uint8Array): BundleSize {
  return {
    minifiedBytes: contents.byteLength,
    gzipBytes: gzipSync(contents, { level: 9 }).byteLength,
  };
}

function builtFiles(outputFiles: OutputFile[] | undefined): BuiltFile[] {
  if (!outputFiles) throw new Error("esbuild returned no files; `write: false` was expected");
  return outputFiles.map((file) => ({
    path: relativeTo("out", file.path),
    contents: file.contents,
  }));
}

function relativeTo(folder: string, absolutePath: string): string {
  const normalized = absolutePath.replaceAll("\\", "/");
  const marker = `/${folder}/`;
  const at = normalized.lastIndexOf(marker);
  return at === -1 ? normalized : normalized.slice(at + marker.length);
}
