/**
 * How long the X32 adapter takes from start to 'ready' (identify, subscribe, read every value), with its
 * default timings: straight to the fake X32 on 127.0.0.1, through a proxy that loses 5 % of the datagrams
 * each way, and against a partial desk (three addresses never answered). Writes bench/results/sync.json.
 * `npx tsx bench/sync-bench.ts [runs]` (default 10 runs per scenario).
 */
import type { ConnectionState } from '../server/consoles/console';
import { createX32Console } from '../server/consoles/x32/x32-console';
import { startFakeX32 } from '../test/fakes/fake-x32';
import { startLossyUdpProxy } from './lossy-udp-proxy';
import { describeMachine } from './machine';
import { runSection } from './results-file';

interface Scenario {
  name: string;
  lossRate: number;
  missing: readonly string[];
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'direct', lossRate: 0, missing: [] },
  { name: '5 % loss each way', lossRate: 0.05, missing: [] },
  { name: 'partial desk (3 addresses never answered)', lossRate: 0, missing: ['/ch/01/mix/st', '/ch/02/mix/fader', '/headamp/000/gain'] },
];

interface SyncRun {
  syncMs: number;
  packetsOut: number;
  timeouts: number;
  unknown: number;
}

async function syncOnce(scenario: Scenario, seed: number): Promise<SyncRun> {
  const fake = await startFakeX32({ seed, missing: scenario.missing });
  const proxy = scenario.lossRate > 0 ? await startLossyUdpProxy(fake.port, scenario.lossRate, seed) : null;
  const desk = createX32Console({ host: '127.0.0.1', port: proxy?.port ?? fake.port });
  const stop = new AbortController();
  try {
    const startMs = performance.now();
    const ready = new Promise<void>((resolve) => {
      desk.onState((state: ConnectionState) => {
        if (state === 'ready') resolve();
      });
    });
    await desk.start(stop.signal);
    await ready;
    const syncMs = performance.now() - startMs;
    const counters = desk.counters();
    return { syncMs, packetsOut: counters.packetsOut, timeouts: counters.timeouts, unknown: desk.unknownAddresses().length };
  } finally {
    stop.abort();
    await proxy?.close();
    await fake.stop();
  }
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const runs = Number(process.argv[2] ?? 10);
const file = await runSection('sync', describeMachine(), async () => {
  const results = [];
  for (const scenario of SCENARIOS) {
    const samples: SyncRun[] = [];
    for (let i = 0; i < runs; i++) samples.push(await syncOnce(scenario, i + 1));
    const times = samples.map((s) => s.syncMs).sort((a, b) => a - b);
    const summary = {
      scenario: scenario.name,
      runs,
      syncMs: { min: Math.round(times[0]!), p50: Math.round(percentile(times, 0.5)), max: Math.round(times.at(-1)!) },
      packetsOut: Math.round(samples.reduce((sum, s) => sum + s.packetsOut, 0) / runs),
      timeoutsPerRun: Math.round((samples.reduce((sum, s) => sum + s.timeouts, 0) / runs) * 10) / 10,
      unknownValues: samples.map((s) => s.unknown),
    };
    console.error(JSON.stringify(summary));
    results.push(summary);
  }
  return results;
});
console.log(JSON.stringify(file.results, null, 2));
