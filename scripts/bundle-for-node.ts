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

/**
 * Node's flags for the built bridge (the `headroom` command's first line, `npm start`, the soak bench): a
 * young generation of 4 MB semi-spaces instead of 16 and an old-generation limit of 512 MB (the live heap
 * is about 17 MB) keep the V8 heap from holding 60-85 MB it has collected. Measured in the soak (bench
 * section soak, 32 channels, an hour of frames): RSS 130-154 MB with the defaults, about 107 MB flat with
 * these, for about 5-10 % more CPU time in collections.
 */
export const BRIDGE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--max-old-space-size=512'];

/** The built bridge's first line: `env -S` passes the flags (coreutils 8.30+, macOS; npm's Windows shims read it). */
export const BRIDGE_SHEBANG = `#!/usr/bin/env -S node ${BRIDGE_NODE_FLAGS.join(' ')}`;
