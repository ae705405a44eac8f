/**
 * `npm run build:client`: writes the browser client to `dist/client/`
 * (`upsell-client.js`, its source map, and `.d.ts` declarations) and prints its
 * size as a browser downloads it.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { buildClientLibrary, measureBundle } from "./browser-bundles.js";

const outDir = fileURLToPath(new URL("../../../dist/client/", import.meta.url));
const clientIndex = fileURLToPath(new URL("../../client/index.ts", import.meta.url));

async function buildClient(): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  const files = await buildClientLibrary();
  for (const file of files) await writeFile(join(outDir, file.path), file.contents);
  emitDeclarations();
  await writeFile(join(outDir, "upsell-client.d.ts"), 'export * from "./types/index.js";\n');

  const bundle = files.find((file) => file.path === "upsell-client.js");
  if (!bundle) throw new Error("esbuild produced no upsell-client.js");
  const size = measureBundle(bundle.contents);
  process.stdout.write(`${JSON.stringify({ file: "dist/client/upsell-client.js", ...size })}\n`);
}

/** Emits `.d.ts` files next to the bundle so TypeScript users get the client's types. */
function emitDeclarations(): void {
  const program = ts.createProgram([clientIndex], {
    declaration: true,
    emitDeclarationOnly: true,
    outDir: join(outDir, "types"),
    rootDir: fileURLToPath(new URL("../../client/", import.meta.url)),
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const result = program.emit();
  const problems = ts.getPreEmitDiagnostics(program).concat(result.diagnostics);
  if (problems.length === 0) return;
  const host = {
    getCanonicalFileName: (name: string) => name,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => "\n",
  };
  throw new Error(ts.formatDiagnostics(problems, host));
}

await buildClient();
