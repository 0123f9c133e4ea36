/**
 * Section 6 of `npm run bench` (alone: `npm run bench -- --only recording`, or `npx tsx
 * bench/recording-bench.ts [--quick] [--minutes 10]`): how fast `npm run analyze` gets through a multitrack
 * recording, as a multiple of real time, and its peak memory as the recording gets longer. The recordings
 * are 32-track, 48 kHz, 24-bit WAV files (as an X32's X-Live card writes them) assembled from Debian's
 * sonic-pi-samples, written to a temp folder and deleted afterwards. Each take is analysed twice, each time
 * in its own process (so its peak RSS is its own): on one thread, for speed per CPU second, and with the
 * threads `npm run analyze` would use (one per core for a long take), for speed by the wall clock. CPU time
 * is the whole process's, every thread's; the load average is noted beside each run.
 */
import { spawnSync } from 'node:child_process';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import os from 'node:os';
import { analyseTake } from '../server/consoles/recording/analysis/analyse-take';
import { analysisThreads } from '../server/consoles/recording/analysis/analysis-threads';
import { openTake } from '../server/consoles/recording/take';
import { defaultProfile } from '../server/profiles/default-profile';
import { decodeAll, sample } from '../test/consoles/recording/real-audio';
import { encodeSamples, wavBytes } from '../test/consoles/recording/wav-writer';
import { describeMachine } from './machine';
import { runSection } from './results-file';

const TRACKS = 32;
const RATE = 48000;
const SOURCES = ['bd_haus', 'drum_snare_hard', 'drum_cymbal_closed', 'drum_tom_mid_hard', 'loop_amen_full', 'bass_hard_c', 'guit_em9', 'ambi_choir'];

interface ChildResult {
  threads: number;
  elapsedMs: number;
  cpuMs: number;
  maxRssMb: number;
  audioMs: number;
}

export interface RecordingBenchRow extends ChildResult {
  minutes: number;
  tracks: number;
  fileMb: number;
  /** Seconds of recording analysed per second of wall-clock time. */
  speedX: number;
  /** Seconds of recording analysed per CPU second (all threads). */
  speedPerCpuX: number;
  /** 1-minute load average before and after this analysis. */
  loadBefore: number;
  loadAfter: number;
}

/** Writes a 32-track WAV of `minutes`, one second at a time (the writer's memory is one second). */
async function writeTake(path: string, minutes: number): Promise<number> {
  const voices = await Promise.all(SOURCES.map(async (name) => (await decodeAll(sample(name))).channels[0]!));
  const seconds = Math.round(minutes * 60);
  const spec = { sampleRateHz: RATE, encoding: 'int', bitsPerSample: 24 } as const;
  const dataBytes = seconds * RATE * TRACKS * 3;
  const header = wavBytes(Array.from({ length: TRACKS }, () => new Float32Array(0)), spec);
  new DataView(header.buffer).setUint32(4, header.length - 8 + dataBytes, true);
  new DataView(header.buffer).setUint32(header.length - 4, dataBytes, true);
  const file = await open(path, 'w');
  try {
    await file.write(header);
    const second = Array.from({ length: TRACKS }, () => new Float32Array(RATE));
    for (let s = 0; s < seconds; s++) {
      second.forEach((channel, t) => {
        const voice = voices[t % voices.length]!;
        const gain = 0.2 + (0.6 * t) / TRACKS;
        const offset = s * RATE + t * 997;
        for (let i = 0; i < RATE; i++) channel[i] = voice[(offset + i) % voice.length]! * gain;
      });
      await file.write(encodeSamples(second, spec));
    }
  } finally {
    await file.close();
  }
  return header.length + dataBytes;
}

/** In the child: analyse `path` on `threads` threads (0: as `npm run analyze` would) and report time, CPU and peak RSS on stdout. */
async function child(path: string, threads: number): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const take = await openTake(path);
  const used = threads === 0 ? analysisThreads(take) : threads;
  const analysis = await analyseTake(take, { profile: defaultProfile(), threads: used });
  const cpuUsed = process.cpuUsage(cpu);
  const result: ChildResult = {
    threads: used,
    elapsedMs: performance.now() - started,
    cpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    audioMs: analysis.durationMs,
  };
  process.stdout.write(JSON.stringify(result));
}

async function runBench(minutesList: readonly number[], log: (line: string) => void): Promise<RecordingBenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'headroom-recording-bench-'));
  const rows: RecordingBenchRow[] = [];
  try {
    for (const minutes of minutesList) {
      const path = join(dir, `take-${minutes}.wav`);
      log(`recording: writing ${TRACKS} tracks x ${minutes} min`);
      const bytes = await writeTake(path, minutes);
      for (const threads of [1, 0]) {
        log(`recording: analysing ${(bytes / 1e6).toFixed(0)} MB on ${threads === 0 ? 'the default threads' : 'one thread'}`);
        const loadBefore = os.loadavg()[0]!;
        const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/recording-bench.ts', '--child', path, '--threads', String(threads)], { encoding: 'utf8' });
        if (run.status !== 0) throw new Error(`analysis child failed: ${run.stderr}`);
        const result = JSON.parse(run.stdout) as ChildResult;
        rows.push({
          minutes, tracks: TRACKS, fileMb: Math.round(bytes / 1e6), ...result,
          speedX: result.audioMs / result.elapsedMs, speedPerCpuX: result.audioMs / result.cpuMs,
          loadBefore: round2(loadBefore), loadAfter: round2(os.loadavg()[0]!),
        });
      }
      await rm(path);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function renderRecordingTable(rows: readonly RecordingBenchRow[]): string {
  const lines = [
    '| Recording | File | Threads | Wall time | CPU time (all threads) | Speed, wall clock (x real time) | Speed per CPU second | Peak RSS | Load average |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.tracks} tracks x ${r.minutes} min, 48 kHz 24-bit WAV | ${r.fileMb} MB | ${r.threads} | ${(r.elapsedMs / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${r.speedX.toFixed(0)}x | ${r.speedPerCpuX.toFixed(0)}x | ${r.maxRssMb.toFixed(0)} MB | ${r.loadBefore} -> ${r.loadAfter} |`),
  ];
  return lines.join('\n');
}

const { values } = parseArgs({
  options: {
    child: { type: 'string' }, threads: { type: 'string', default: '0' },
    quick: { type: 'boolean', default: false }, minutes: { type: 'string' },
  },
});
if (values.child !== undefined) {
  await child(values.child, Number(values.threads));
} else {
  const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const machine = describeMachine();
  const minutes = values.minutes !== undefined ? values.minutes.split(',').map(Number) : values.quick ? [0.25, 0.5] : [1, 3, 10];
  const file = await runSection('recording', machine, () => runBench(minutes, log));
  console.log(`\n#### 6. Recording analysis (load average ${file.loadAverage.before} -> ${file.loadAverage.after} on ${machine.cores} cores, ${file.durationSeconds} s)\n`);
  console.log(renderRecordingTable(file.results));
}
