/** The markdown tables `npm run bench` prints, and the verdict on each goal of issue 9. */
import type { ScenarioResult } from './delivery-bench';
import type { EngineBenchResult } from './engine-bench';
import type { MachineInfo } from './machine';
import type { PaintResult } from './paint-bench';
import type { SectionFile } from './results-file';
import type { SampleSummary } from './sample-summary';
import type { SoakResult } from './soak-bench';
import type { ThrottleResult } from './throttle-bench';
import type { WifiResult } from './wifi-bench';

export interface BenchResults {
  engine?: SectionFile<EngineBenchResult>;
  delivery?: SectionFile<ScenarioResult[]>;
  throttle?: SectionFile<ThrottleResult[]>;
  paint?: SectionFile<PaintResult | { skipped: string }>;
  soak?: SectionFile<SoakResult[]>;
  wifi?: SectionFile<WifiResult>;
}

/** Goals of issue 9. */
export const GOALS = {
  engineCorePct: 2,
  packetToClientP99Ms: 5,
  packetToPixelP99Ms: 30,
  soakRssMb: 120,
  /** Issue 13, per tablet on the overview: idle desk, one fader ridden at 20 Hz, a 144-channel desk. */
  wifiIdleKBps: 10,
  wifiFaderRideKBps: 15,
  wifi144KBps: 25,
  wifiLatencyRatioP50: 1.3,
} as const;

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : 'n/a');
const pct = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} %`;
const p50p99 = (summary: SampleSummary) => `${ms(summary.p50)} / ${ms(summary.p99)}`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

function loadNote(file: SectionFile<unknown>): string {
  return `load average ${file.loadAverage.before} -> ${file.loadAverage.after} on ${file.machine.cores} cores, ${file.durationSeconds} s`;
}

export function machineLine(machine: MachineInfo): string {
  return `${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryMb} MB, Node ${machine.node}, ${machine.platform}, ${machine.dateIso}`;
}

export function renderReport(results: BenchResults, machine: MachineInfo): string {
  const parts: string[] = [`Machine: ${machineLine(machine)}. Times in ms; CPU time is the process's (all threads).`];
  const { engine, delivery, throttle, paint, soak, wifi } = results;
  if (engine) {
    const evaluationsPerSec = 1000 / engine.results.evaluateEveryMs;
    parts.push(`### 1. Meter statistics and rule engine (${loadNote(engine)})`, table(
      ['Desk', 'Meter points', 'Statistics per frame, CPU p50 / p99', 'Engine per run, CPU p50 / p99', 'Frame incl. 1/10 engine, CPU p50 / p99 (wall p99)', 'Frames per CPU second', 'Engine alone at 2 runs/s', 'Stats + engine at 20 Hz (process CPU; measured inside)'],
      engine.results.sizes.map((size) => [
        size.desk,
        String(size.meterPoints),
        p50p99(size.statistics.cpuMs),
        p50p99(size.engine.cpuMs),
        `${p50p99(size.combined.cpuMs)} (${ms(size.combined.wallMs.p99)})`,
        String(size.combined.perCpuSecond),
        pct((size.engine.cpuMs.mean * evaluationsPerSec) / 10),
        `${pct(size.realtime.workCpuPct)} (${pct(size.realtime.processCpuPct)}; ${pct(size.realtime.measuredWorkCpuPct)})`,
      ]),
    ));
  }
  if (delivery) {
    parts.push(`### 2-3. Meter packet -> X32 adapter -> bridge -> WebSocket tablets, loopback (${loadNote(delivery)})`, table(
      ['Scenario', 'Packets', 'Latency p50 / p99', 'max', 'Frames delivered (min tablet)', 'Bridge CPU', 'Bridge heap after GC, before -> after', 'Largest tablet buffer in the bridge, peak / end', 'Tablets connected at the end'],
      delivery.results.map((run) => [
        run.name,
        String(run.packetsSent),
        p50p99(run.latencyMs),
        ms(run.latencyMs.max),
        pct(run.deliveredPct.min),
        pct(run.bridgeCpuPct),
        `${run.bridgeBefore.heapUsedMb} -> ${run.bridgeAfter.heapUsedMb} MB`,
        `${Math.max(0, ...run.largestSocketBufferKb).toFixed(0)} / ${(run.largestSocketBufferKb.at(-1) ?? 0).toFixed(0)} KB`,
        `${run.tabletsAtEnd} of ${run.tablets + run.stalled}`,
      ]),
    ));
  }
  if (throttle) {
    parts.push(`### 2a. The hub's per-tablet throttle alone, offered a frame every 50 ms (${loadNote(throttle)})`, table(
      ['Throttle interval', 'Tolerance', 'Wait p50 / p99', 'max', 'Delivered'],
      throttle.results.map((run) => [`${run.throttleMs} ms`, `${run.toleranceMs} ms`, p50p99(run.waitMs), ms(run.waitMs.max), pct(run.deliveredPct)]),
    ));
  }
  if (paint) {
    const result = paint.results;
    parts.push(`### 2b. Meter packet -> painted meter bar in Chromium (${loadNote(paint)})`);
    if ('skipped' in result) {
      parts.push(`Skipped: ${result.skipped}`);
    } else {
      parts.push(table(
        ['Stage reached', 'p50 / p99', 'max', 'Trials'],
        [
          ['WebSocket message in the page', p50p99(result.packetToPageMs), ms(result.packetToPageMs.max), `${result.packetToPageMs.count} of ${result.trials}`],
          ['Canvas holds the new bar (after the rAF callback)', p50p99(result.packetToPaintMs), ms(result.packetToPaintMs.max), `${result.painted} of ${result.trials}`],
          ['Start of the next frame (on screen by then)', p50p99(result.packetToNextFrameMs), ms(result.packetToNextFrameMs.max), String(result.packetToNextFrameMs.count)],
          ['(page frame interval)', p50p99(result.frameIntervalMs), ms(result.frameIntervalMs.max), String(result.frameIntervalMs.count)],
        ],
      ));
    }
  }
  if (soak) {
    const first = soak.results[0];
    const hours = first ? ((first.frames * 50) / 3_600_000).toFixed(1) : '?';
    const heapAlong = (s: SoakResult) => s.points.map((point) => point.heapUsedMb);
    parts.push(`### 4. Soak: ${first?.frames ?? 0} frames (${hours} h of desk time) through a bridge with ${first?.tablets ?? 0} tablets (${loadNote(soak)})`, table(
      ['Bridge', 'Desk', 'Wall time', 'Acceleration', 'RSS loaded / start / end', 'Heap after GC: start / first point / end', 'Heap after GC along the hour, min-max', 'Evaluations'],
      soak.results.map((s) => [
        s.runtime === 'compiled' ? 'built (esbuild), plain node' : 'TypeScript through tsx',
        s.desk,
        `${s.wallSeconds.toFixed(0)} s`,
        `${s.acceleration.toFixed(0)}x`,
        `${s.loaded.rssMb} / ${s.start.rssMb} / ${s.end.rssMb} MB`,
        `${s.start.heapUsedMb} / ${s.points[0]?.heapUsedMb ?? 'n/a'} / ${s.endAfterGc.heapUsedMb} MB`,
        `${Math.min(...heapAlong(s))}-${Math.max(...heapAlong(s))} MB`,
        String(s.evaluations),
      ]),
    ));
  }
  if (wifi) {
    const types = [...new Set(wifi.results.traffic.flatMap((run) => Object.keys(run.perTabletKBps)))].sort();
    const kb = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(value < 10 ? 2 : 1));
    parts.push(`### 5. Venue Wi-Fi: bytes per tablet on the overview, kB/s (${loadNote(wifi)})`, table(
      ['Scenario', 'Desk', 'Tablets', 'Per tablet, mean (max)', ...types],
      wifi.results.traffic.map((run) => [run.scenario, run.desk, String(run.tablets), `${kb(run.totalKBps.mean)} (${kb(run.totalKBps.max)})`, ...types.map((type) => kb(run.perTabletKBps[type]))]),
    ), table(
      ['Tablets', 'Rounds x packets', 'Load average', 'Frames at clients, bridge / relay', 'Bridge p50 / p99', 'Bare relay p50 / p99', 'Ratio p50: median of rounds (range)', 'Ratio p99'],
      wifi.results.latency.map((run) => [
        String(run.tablets),
        `${run.rounds} x ${run.packetsPerRun}`,
        `${run.loadAverage.before} -> ${run.loadAverage.after}`,
        `${run.bridgeMs.count} / ${run.relayMs.count}`,
        p50p99(run.bridgeMs),
        p50p99(run.relayMs),
        `${run.ratioP50.toFixed(2)}x (${Math.min(...run.roundRatiosP50).toFixed(2)}-${Math.max(...run.roundRatiosP50).toFixed(2)})`,
        `${run.ratioP99.toFixed(2)}x`,
      ]),
    ));
  }
  parts.push('### Goals', table(['Goal', 'Measured', 'Verdict'], goalRows(results)));
  return parts.join('\n\n');
}

function verdict(met: boolean, by: string): string {
  return met ? `met (${by})` : `MISSED (${by})`;
}

function goalRows(results: BenchResults): string[][] {
  const rows: string[][] = [];
  const largest = results.engine?.results.sizes.at(-1);
  if (largest && results.engine) {
    const enginePct = (largest.engine.cpuMs.mean * (1000 / results.engine.results.evaluateEveryMs)) / 10;
    rows.push([`Engine < ${GOALS.engineCorePct} % of a core, ${largest.channels} ch`, `engine alone ${pct(enginePct)}; with the per-frame statistics ${pct(largest.realtime.workCpuPct)} (measured inside the loop: ${pct(largest.realtime.measuredWorkCpuPct)})`,
      `engine ${verdict(enginePct < GOALS.engineCorePct, `${(GOALS.engineCorePct / enginePct).toFixed(1)}x margin`)}; statistics + engine ${verdict(largest.realtime.workCpuPct < GOALS.engineCorePct, `${(largest.realtime.workCpuPct / GOALS.engineCorePct).toFixed(1)}x the goal`)}`]);
  }
  const runs = results.delivery?.results ?? [];
  const one = runs.find((run) => run.tablets === 1 && run.packetIntervalMs === 50);
  const slow = runs.find((run) => run.tablets === 1 && run.packetIntervalMs > 50);
  if (one) {
    const pipeline = slow ? `; at ${1000 / slow.packetIntervalMs} packets/s (no throttle wait) p50 ${ms(slow.latencyMs.p50)}, p99 ${ms(slow.latencyMs.p99)}` : '';
    rows.push([`Packet -> client p99 < ${GOALS.packetToClientP99Ms} ms`, `${ms(one.latencyMs.p99)} ms, p50 ${ms(one.latencyMs.p50)} at 20 packets/s${pipeline}`, verdict(one.latencyMs.p99 < GOALS.packetToClientP99Ms, `${(one.latencyMs.p99 / GOALS.packetToClientP99Ms).toFixed(1)}x the goal`)]);
  }
  const paint = results.paint?.results;
  if (paint && !('skipped' in paint)) {
    rows.push([`Packet -> pixel p99 < ${GOALS.packetToPixelP99Ms} ms`, `${ms(paint.packetToPaintMs.p99)} ms painted into the canvas, ${ms(paint.packetToNextFrameMs.p99)} ms by the start of the next frame`, verdict(paint.packetToPaintMs.p99 < GOALS.packetToPixelP99Ms, `${(paint.packetToPaintMs.p99 / GOALS.packetToPixelP99Ms).toFixed(1)}x the goal`)]);
  }
  const pairs: [string, string][] = [['16 tablets', '16 tablets + 1 stalled'], ['16 tablets, fader ride', '16 tablets + 1 stalled, fader ride']];
  for (const [freeName, stalledName] of pairs) {
    const free = runs.find((run) => run.name === freeName);
    const stalled = runs.find((run) => run.name === stalledName);
    if (!free || !stalled) continue;
    const buffers = stalled.largestSocketBufferKb;
    const peakKb = Math.max(0, ...buffers);
    const endKb = buffers.at(-1) ?? 0;
    const growing = buffers.length > 2 && endKb > 256 && endKb >= buffers[buffers.length - 2]!;
    const dropped = stalled.tabletsAtEnd < stalled.tablets + stalled.stalled;
    const delayed = stalled.latencyMs.p99 > free.latencyMs.p99 * 1.5 + 1;
    const memory = growing ? `MISSED: its buffer in the bridge grows without bound (${endKb.toFixed(0)} KB after ${stalled.seconds} s)`
      : dropped ? `met: the bridge dropped the frozen tablet (buffer peaked at ${peakKb.toFixed(0)} KB)` : `met: buffer peaked at ${peakKb.toFixed(0)} KB`;
    rows.push([`16 tablets, no delay or memory growth from a stalled one (${stalledName.includes('fader') ? 'with a fader ride' : 'meters only'})`,
      `others' p99 ${ms(free.latencyMs.p99)} ms without, ${ms(stalled.latencyMs.p99)} ms with the frozen tablet`,
      `latency ${delayed ? 'MISSED: others delayed' : 'met'}; memory ${memory}`]);
  }
  const wifi = results.wifi?.results;
  if (wifi) {
    const worst = (scenario: string, desk: (d: string) => boolean) =>
      wifi.traffic.filter((run) => run.scenario === scenario && desk(run.desk)).reduce((max, run) => Math.max(max, run.totalKBps.max), 0);
    const goals: [string, string, (d: string) => boolean, number][] = [
      ['idle desk, band playing', 'idle X32 with a band playing', (d) => d.startsWith('X32'), GOALS.wifiIdleKBps],
      ['one fader ridden at 20 Hz', 'one fader ridden at 20 Hz', (d) => d.startsWith('X32'), GOALS.wifiFaderRideKBps],
      ['band playing', '144-channel desk', (d) => d.startsWith('144'), GOALS.wifi144KBps],
    ];
    for (const [scenario, words, desk, goal] of goals) {
      const measured = worst(scenario, desk);
      rows.push([`Wi-Fi: ${words} <= ${goal} kB/s per tablet`, `${measured.toFixed(1)} kB/s (the busiest tablet of 1 and 16)`, verdict(measured <= goal, `${(measured / goal).toFixed(2)}x the goal`)]);
    }
    for (const run of wifi.latency) {
      rows.push([`Packet -> tablet p50 <= ${GOALS.wifiLatencyRatioP50}x a bare relay, ${run.tablets} tablet(s)`, `median of ${run.rounds} rounds' ratios; pooled ${ms(run.bridgeMs.p50)} vs ${ms(run.relayMs.p50)} ms`, verdict(run.ratioP50 <= GOALS.wifiLatencyRatioP50, `${run.ratioP50.toFixed(2)}x`)]);
    }
  }
  for (const soak of results.soak?.results ?? []) {
    const bridge = soak.runtime === 'compiled' ? 'built bridge' : 'bridge through tsx';
    rows.push([`RSS < ${GOALS.soakRssMb} MB after the soak (${bridge})`, `${soak.end.rssMb} MB (${soak.loaded.rssMb} MB with modules loaded, before the bridge started)`, verdict(soak.end.rssMb < GOALS.soakRssMb, `${Math.abs(soak.end.rssMb - GOALS.soakRssMb).toFixed(0)} MB ${soak.end.rssMb < GOALS.soakRssMb ? 'under' : 'over'}`)]);
  }
  return rows;
}
