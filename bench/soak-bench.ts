/**
 * Section 4: an hour of meter traffic in accelerated time through a real bridge in its own process, with
 * reading tablets connected from this one. Reports the bridge process's memory at the start, along the
 * way and at the end. The bridge runs as it is installed (`compiled`: bundled by esbuild, plain `node`)
 * and, for comparison, as TypeScript through tsx (`tsx`, what `npm start` ran before issue 20).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_NODE_FLAGS, bundleForNode } from '../scripts/bundle-for-node';
import { BenchTablet } from './bench-tablet';
import { BenchChild } from './child-link';
import type { SoakProcessConfig, SoakProcessReady, SoakReport } from './soak-process';
import { describeSize, type DeskSize } from './synthetic-desk';

export type SoakRuntime = 'compiled' | 'tsx';

export interface SoakBenchOptions {
  size: DeskSize;
  frames: number;
  tablets: number;
  runtime: SoakRuntime;
}

export interface SoakResult extends SoakReport {
  desk: string;
  tablets: number;
  runtime: SoakRuntime;
  /** Meter frames the tablets received (the hub sends at most 20 a second of wall time to each). */
  framesAtTablets: number[];
}

const SOAK_SOURCE = fileURLToPath(new URL('./soak-process.ts', import.meta.url));
// Two folders below the repository, as the sources it bundles sit: their relative paths still resolve.
const SOAK_BUILT = fileURLToPath(new URL(join('..', 'dist', 'bench', 'soak-process.js'), import.meta.url));

export async function runSoakBench(options: SoakBenchOptions): Promise<SoakResult> {
  const config: SoakProcessConfig = { size: options.size, frames: options.frames, distinctFrames: 1200, batch: 50, samples: 10 };
  if (options.runtime === 'compiled') await bundleForNode(SOAK_SOURCE, SOAK_BUILT, null);
  const child = options.runtime === 'compiled'
    ? await BenchChild.startBuilt<SoakProcessReady>(SOAK_BUILT, config, 60_000, BRIDGE_NODE_FLAGS)
    : await BenchChild.start<SoakProcessReady>(SOAK_SOURCE, config, 60_000);
  const tablets: BenchTablet[] = [];
  try {
    for (let i = 0; i < options.tablets; i++) tablets.push(await BenchTablet.connect(`ws://127.0.0.1:${child.ready.port}/ws`));
    const report = await child.request<SoakReport>('soak', {}, 15 * 60_000);
    return {
      desk: describeSize(options.size),
      tablets: options.tablets,
      runtime: options.runtime,
      framesAtTablets: tablets.map((tablet) => tablet.arrivals.length + tablet.others().messages),
      ...report,
    };
  } finally {
    await Promise.all(tablets.map((tablet) => tablet.close()));
    await child.stop();
  }
}
