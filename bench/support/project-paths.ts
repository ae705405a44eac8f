/** Where things are, from the repository root, whatever the working directory. */
import { fileURLToPath } from "node:url";

/** The repository root, with a trailing slash. */
export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Built child-process scripts (git-ignored). */
export const benchBuildDir = `${projectRoot}dist/bench`;

/** The Lambda bundle as `npm run bundle` writes it. */
export const lambdaBundlePath = `${projectRoot}dist/lambda/index.mjs`;

/** Where a real run writes its figures. */
export const resultsDir = `${projectRoot}bench/results`;

/** The sandbox's seeded catalog, passed explicitly so a bundled sandbox finds it. */
export const sandboxCatalogPath = `${projectRoot}src/sandbox/catalog.json`;
