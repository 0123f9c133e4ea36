/**
 * Bundles a TypeScript entry and everything it imports from this repository into one ES module for plain
 * `node`, leaving the npm dependencies as imports (they install beside it). esbuild rather than tsc: the
 * sources import each other without `.js` suffixes (`moduleResolution: "Bundler"`), which Node's ESM loader
 * cannot resolve file by file, and a bundle also loads faster (one file to read, no per-module resolution).
 * Type checking stays with `npm run check`.
 */
import { build } from 'esbuild';

/** @param banner first line of the file (e.g. a `#!/usr/bin/env node` line), or null. */
export async function bundleForNode(entry: string, outfile: string, banner: string | null): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    ...(banner === null ? {} : { banner: { js: banner } }),
    logLevel: 'warning',
  });
}
