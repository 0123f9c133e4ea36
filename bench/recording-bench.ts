/**
 * Section 6 of `npm run bench` (also `npx tsx bench/recording-bench.ts [--quick]`): how fast `npm run
 * analyze` gets through a multitrack recording, as a multiple of real time, and its peak memory as the
 * recording gets longer. The recordings are 32-track, 48 kHz, 24-bit WAV files (as an X32's X-Live card
 * writes them) assembled from Debian's sonic-pi-samples, written to a temp folder and deleted afterwards.
 * Each analysis runs in its own process, so its peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyseTake } from '../server/consoles/recording/analysis/analyse-take';
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

/** In the child: analyse `path` and report time, CPU and peak RSS on stdout. */
async function child(path: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const analysis = await analyseTake(await openTake(path), { profile: defaultProfile() });
  const used = process.cpuUsage(cpu);
  const result: ChildResult = {
    elapsedMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
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
      log(`recording: analysing ${(bytes / 1e6).toFixed(0)} MB`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/recording-bench.ts', '--child', path], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`analysis child failed: ${run.stderr}`);
      const result = JSON.parse(run.stdout) as ChildResult;
      rows.push({ minutes, tracks: TRACKS, fileMb: Math.round(bytes / 1e6), ...result, speedX: result.audioMs / result.elapsedMs });
      await rm(path);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

export function renderRecordingTable(rows: readonly RecordingBenchRow[]): string {
  const lines = [
    '| Recording | File | Wall time | CPU time | Speed, wall clock (x real time) | Speed per CPU second | Peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.tracks} tracks x ${r.minutes} min, 48 kHz 24-bit WAV | ${r.fileMb} MB | ${(r.elapsedMs / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${r.speedX.toFixed(0)}x | ${(r.audioMs / r.cpuMs).toFixed(0)}x | ${r.maxRssMb.toFixed(0)} MB |`),
  ];
  return lines.join('\n');
}

const { values } = parseArgs({ options: { child: { type: 'string' }, quick: { type: 'boolean', default: false } } });
if (values.child !== undefined) {
  await child(values.child);
} else {
  const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
  const machine = describeMachine();
  const file = await runSection('recording', machine, () => runBench(values.quick ? [0.25, 0.5] : [1, 3, 10], log));
  console.log(`\n#### 6. Recording analysis (load average ${file.loadAverage.before} -> ${file.loadAverage.after} on ${machine.cores} cores, ${file.durationSeconds} s)\n`);
  console.log(renderRecordingTable(file.results));
}
