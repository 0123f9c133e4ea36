/**
 * `npm run bench`: speed and cost of the bridge, written to bench/results/<section>.json and printed as
 * markdown. Not part of `npm test`. Sections: engine, delivery, throttle, paint, wifi, soak, ui-fps, recording, wing,
 * ah-midi, yamaha, stage-box, soundcraft-ui (all by default); `npm run bench -- --only engine,soak` picks some, `--quick` shortens every run (for trying the bench,
 * not for figures).
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { runScenario, DELIVERY_SCENARIOS } from './delivery-bench';
import { startDeskLink } from './desk-link';
import { ENGINE_BENCH_DEFAULTS, runEngineBench } from './engine-bench';
import { describeMachine } from './machine';
import { PAINT_BENCH_DEFAULTS, runPaintBench } from './paint-bench';
import { renderReport, type BenchResults } from './report';
import { runSection } from './results-file';
import { runSoakBench } from './soak-bench';
import { renderStageBoxBench, runStageBoxBench } from './stage-box-bench';
import { DESK_SIZES } from './synthetic-desk';
import { runThrottleBench } from './throttle-bench';
import { runWifiBench, WIFI_DEFAULTS } from './wifi-bench';
import { renderUiBench, runUiBench } from './soundcraft-ui-bench';
import { renderWingBench, runWingBench } from './wing-bench';
import { renderAhMidiBench, runAhMidiBench } from './ah-midi-bench';
import { renderYamahaBench, runYamahaBench } from './yamaha-bench';

const SECTIONS = ['engine', 'delivery', 'throttle', 'paint', 'wifi', 'soak', 'ui-fps', 'recording', 'wing', 'ah-midi', 'yamaha', 'stage-box', 'soundcraft-ui'] as const;
type Section = (typeof SECTIONS)[number];

/** Frames in the soak: an hour at 20 frames a second. */
const SOAK_FRAMES = 72_000;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const chosen = new Set<Section>(values.only === undefined ? SECTIONS : values.only.split(',').map((name) => {
  if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`unknown section ${name}; sections: ${SECTIONS.join(', ')}`);
  return name as Section;
}));
const quick = values.quick;
const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const machine = describeMachine();
log(`${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverage1m}`);
const results: BenchResults = {};

if (chosen.has('engine')) {
  log('section 1: meter statistics and engine');
  const options = quick ? { warmupFrames: 600, measuredFrames: 200, evaluations: 20, realtimeSeconds: 2 } : ENGINE_BENCH_DEFAULTS;
  results.engine = await runSection('engine', machine, () => runEngineBench(DESK_SIZES, options, log));
}

if (chosen.has('throttle')) {
  log('section 2a: the per-tablet throttle');
  results.throttle = await runSection('throttle', machine, () => runThrottleBench([50, 45, 40], quick ? 2 : 8));
}

if (chosen.has('delivery') || chosen.has('paint') || chosen.has('wifi')) {
  log('starting the fake X32, the tap and a bridge process');
  const link = await startDeskLink();
  try {
    if (chosen.has('delivery')) {
      results.delivery = await runSection('delivery', machine, async () => {
        const runs = [];
        for (const scenario of DELIVERY_SCENARIOS) {
          log(`section 2-3: ${scenario.name}`);
          runs.push(await runScenario(link, quick ? { ...scenario, seconds: 2 } : scenario));
        }
        return runs;
      });
    }
    if (chosen.has('paint')) {
      log('section 2b: packet to pixel in Chromium');
      results.paint = await runSection('paint', machine, async () => {
        try {
          return await runPaintBench(link, quick ? { ...PAINT_BENCH_DEFAULTS, seconds: 5 } : PAINT_BENCH_DEFAULTS);
        } catch (error) {
          log(`packet to pixel skipped: ${String(error)}`);
          return { skipped: error instanceof Error ? error.message : String(error) };
        }
      });
    }
    if (chosen.has('wifi')) {
      log('section 5: venue Wi-Fi traffic and latency beside a bare relay');
      results.wifi = await runSection('wifi', machine, () =>
        runWifiBench(link, quick ? { ...WIFI_DEFAULTS, trafficSeconds: 3, latencyRounds: 2, latencyRunSeconds: 1 } : WIFI_DEFAULTS, log));
    }
  } finally {
    await link.close();
  }
}

if (chosen.has('soak')) {
  log('section 4: soak');
  results.soak = await runSection('soak', machine, async () => {
    const runs = [];
    for (const runtime of ['compiled', 'tsx'] as const) {
      log(`section 4: soak, the bridge ${runtime === 'compiled' ? 'built (plain node)' : 'through tsx'}`);
      runs.push(await runSoakBench({ size: DESK_SIZES[0]!, frames: quick ? 7200 : SOAK_FRAMES, tablets: 2, runtime }));
    }
    return runs;
  });
}

console.log(renderReport(results, machine));

if (chosen.has('wing')) {
  log('section 8: WING adapter (meter datagrams, sync against the fake)');
  const wing = await runSection('wing', machine, () => runWingBench(quick ? { batches: 20, batch: 200, syncs: 1 } : { batches: 200, batch: 1000, syncs: 5 }));
  console.log(renderWingBench(wing.results, `load average ${wing.loadAverage.before} -> ${wing.loadAverage.after} on ${machine.cores} cores, ${wing.durationSeconds} s`));
}

if (chosen.has('ah-midi')) {
  log('section 9: Allen & Heath MIDI sync (sq, dlive, avantis) against the fakes');
  const ah = await runSection('ah-midi', machine, () => runAhMidiBench({ syncs: quick ? 1 : 5 }));
  console.log(renderAhMidiBench(ah.results, `load average ${ah.loadAverage.before} -> ${ah.loadAverage.after} on ${machine.cores} cores, ${ah.durationSeconds} s`));
}

if (chosen.has('yamaha')) {
  log('section 10: Yamaha RCP adapter (line parsing, sync against the fake)');
  const yamaha = await runSection('yamaha', machine, () => runYamahaBench(quick ? { batches: 20, batch: 200, syncs: 1 } : { batches: 200, batch: 1000, syncs: 5 }));
  console.log(renderYamahaBench(yamaha.results, `load average ${yamaha.loadAverage.before} -> ${yamaha.loadAverage.after} on ${machine.cores} cores, ${yamaha.durationSeconds} s`));
}

if (chosen.has('stage-box')) {
  log('section 11: gain tracking across two desks on one stage box');
  const box = await runSection('stage-box', machine, () => runStageBoxBench({ changes: quick ? 10 : 100, questions: quick ? 20 : 200 }));
  console.log(renderStageBoxBench(box.results, `load average ${box.loadAverage.before} -> ${box.loadAverage.after} on ${machine.cores} cores, ${box.durationSeconds} s`));
}

if (chosen.has('soundcraft-ui')) {
  log('section 12: Soundcraft Ui adapter (VU frames, sync against the fake)');
  const ui = await runSection('soundcraft-ui', machine, () => runUiBench(quick ? { batches: 20, batch: 200, syncs: 1 } : { batches: 200, batch: 1000, syncs: 5 }));
  console.log(renderUiBench(ui.results, `load average ${ui.loadAverage.before} -> ${ui.loadAverage.after} on ${machine.cores} cores, ${ui.durationSeconds} s`));
}

if (chosen.has('ui-fps')) {
  // The tablet's frame rate (issue 6) runs in its own process: it drives Chromium and prints its own line.
  log('section 5: tablet frame rate under CPU throttling');
  const fps = spawnSync(process.execPath, ['--import', 'tsx', 'bench/ui-fps.ts', ...(quick ? ['--seconds', '2'] : [])], { stdio: 'inherit' });
  if (fps.status !== 0) log(`tablet frame rate failed (exit ${fps.status})`);
}

if (chosen.has('recording')) {
  // Recording analysis (issue 19) runs each analysis in its own process to read its peak RSS.
  log('section 6: recording analysis speed and memory');
  const recording = spawnSync(process.execPath, ['--import', 'tsx', 'bench/recording-bench.ts', ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
  if (recording.status !== 0) log(`recording analysis failed (exit ${recording.status})`);
}
