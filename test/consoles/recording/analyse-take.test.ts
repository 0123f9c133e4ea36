/**
 * The analysis on real recorded instruments (Debian's sonic-pi-samples), assembled into multitrack takes at
 * test time. The properties of issue 19: gain in = suggested change out, clipping found and sized, silence
 * left alone, the same audio giving the same figures however it is filed.
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyseTake, type TakeAnalysis } from '../../../server/consoles/recording/analysis/analyse-take';
import { openTake } from '../../../server/consoles/recording/take';
import { linearToDbfs } from '../../../server/model/db';
import { defaultProfile } from '../../../server/profiles/default-profile';
import { decodeAll, peakOf, sample, tempFolder, type DecodedAudio } from './real-audio';
import { writeWav, type WavSpec } from './wav-writer';

const RATE = 44100;
const TAKE_FRAMES = RATE * 6;
const FLOAT: WavSpec = { sampleRateHz: RATE, encoding: 'float', bitsPerSample: 32 };

let dir = '';
let remove: () => Promise<void> = async () => undefined;
const audio = new Map<string, DecodedAudio>();

beforeAll(async () => {
  ({ dir, remove } = await tempFolder('analyse'));
  for (const name of ['bd_haus', 'drum_snare_hard', 'guit_em9', 'bass_hard_c', 'loop_amen', 'ambi_choir']) audio.set(name, await decodeAll(sample(name)));
});
afterAll(async () => remove());

/** A one-shot played every `periodMs` (a drummer on a click), or a sustained sample looped, normalised to `peakDbfs`. */
function track(name: string, peakDbfs: number, periodMs: number | null): Float32Array {
  const source = audio.get(name)!.channels[0]!;
  const gain = 10 ** (peakDbfs / 20) / peakOf(source);
  const out = new Float32Array(TAKE_FRAMES);
  const period = periodMs === null ? source.length : Math.round((RATE * periodMs) / 1000);
  for (let i = 0; i < TAKE_FRAMES; i++) {
    const at = i % period;
    out[i] = at < source.length ? source[at]! * gain : 0;
  }
  return out;
}

function scaled(samples: Float32Array, gainDb: number): Float32Array {
  const gain = 10 ** (gainDb / 20);
  return samples.map((x) => x * gain);
}

let takes = 0;
async function analyse(tracks: Record<string, Float32Array>, spec: WavSpec = FLOAT): Promise<TakeAnalysis> {
  const folder = join(dir, `take-${++takes}`);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(folder);
  let n = 0;
  for (const [name, samples] of Object.entries(tracks)) await writeWav(join(folder, `${String(++n).padStart(2, '0')} ${name}.wav`), [samples], spec);
  return analyseTake(await openTake(folder), { profile: defaultProfile() });
}

describe('a real track scaled by g: the suggested change moves by -g', () => {
  const sources = [
    ['Kick', 'bd_haus', 500],
    ['Gtr', 'guit_em9', null],
    ['Bass', 'bass_hard_c', null],
  ] as const;

  test.each(sources)('%s (%s)', async (name, file, periodMs) => {
    // Normalised 14 dB under full scale, so +12 dB still does not clip.
    const reference = track(file, -14, periodMs);
    const base = (await analyse({ [name]: reference })).channels[0]!;
    expect(base.wantedChangeDb).not.toBeNull();
    await fc.assert(fc.asyncProperty(fc.double({ min: -30, max: 12, noNaN: true }), async (gainDb) => {
      const moved = (await analyse({ [name]: scaled(reference, gainDb) })).channels[0]!;
      expect(moved.wantedChangeDb! - base.wantedChangeDb!).toBeGreaterThanOrEqual(-gainDb - 0.5);
      expect(moved.wantedChangeDb! - base.wantedChangeDb!).toBeLessThanOrEqual(-gainDb + 0.5);
    }), { numRuns: 6, seed: 19 });
  });
});

describe('a real track scaled into clipping', () => {
  const cases = ['loop_amen', 'bd_haus', 'guit_em9', 'ambi_choir'].flatMap((file) => [3, 6, 9, 12].map((overDb) => [file, overDb] as const));
  test.each(cases)('%s +%i dB over full scale: flagged as clipping, hidden overshoot within 3 dB', async (file, overDb) => {
    // Normalised to full scale, then pushed overDb hotter and written as 24-bit integers (the converter clips).
    const hot = scaled(track(file, 0, file === 'bd_haus' ? 500 : null), overDb);
    const analysis = await analyse({ Loop: hot }, { sampleRateHz: RATE, encoding: 'int', bitsPerSample: 24 });
    const channel = analysis.channels[0]!;
    expect(channel.clippedRuns).toBeGreaterThan(0);
    expect(channel.samplePeakDbfs).toBeCloseTo(0, 3);
    expect(Math.abs(channel.hiddenOvershootDb - overDb)).toBeLessThanOrEqual(3);
    expect(analysis.suggestions.find((s) => s.id === 'clipping:ch1:preamp')).toMatchObject({ severity: 'urgent', change: { param: 'ch.1.preampGainDb' } });
  });
});

test('a silent track gets no level suggestion; the playing one next to it does', async () => {
  const analysis = await analyse({ Kick: track('bd_haus', -1, 500), Spare: new Float32Array(TAKE_FRAMES) });
  const spare = analysis.channels[1]!;
  expect(spare).toMatchObject({ samplePeakDbfs: -Infinity, averageDbfs: -Infinity, wantedChangeDb: null, playingMs: 0, clippedRuns: 0 });
  expect(analysis.suggestions.filter((s) => s.target.kind === 'channel' && s.target.index === 2)).toEqual([]);
  expect(analysis.suggestions.some((s) => s.target.kind === 'channel' && s.target.index === 1)).toBe(true);
});

test('figures: sample peak and true peak of a real loop, crest = peak - average, trace spans the take', async () => {
  const loop = track('loop_amen', -6, null);
  const channel = (await analyse({ Loop: loop })).channels[0]!;
  expect(channel.samplePeakDbfs).toBeCloseTo(linearToDbfs(peakOf(loop)), 4);
  expect(channel.truePeakDbtp).toBeGreaterThanOrEqual(channel.samplePeakDbfs);
  expect(channel.truePeakDbtp - channel.samplePeakDbfs).toBeLessThan(3);
  expect(channel.crestDb).toBeCloseTo(channel.samplePeakDbfs - channel.averageDbfs, 9);
  expect(channel.trace.length * channel.traceStepMs).toBeGreaterThanOrEqual(6000);
  expect(Math.max(...channel.trace)).toBeCloseTo(channel.samplePeakDbfs, 4);
});

test('the same audio as separate files, as one multichannel WAV and as a split X-Live take: identical figures', async () => {
  const names = ['bd_haus', 'drum_snare_hard', 'guit_em9', 'ambi_choir'];
  const files = join(dir, 'as-files');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(files);
  for (const [i, name] of names.entries()) await copyFile(sample(name), join(files, `${i + 1} ${name}.flac`));
  const byFiles = await analyseTake(await openTake(files), { profile: defaultProfile() });

  // The same channels, padded with silence to the longest as a multitrack recorder writes them.
  const frames = Math.max(...names.map((n) => audio.get(n)!.channels[0]!.length));
  const channels = names.flatMap((n) => audio.get(n)!.channels).map((c) => {
    const out = new Float32Array(frames);
    out.set(c);
    return out;
  });
  const spec: WavSpec = { sampleRateHz: RATE, encoding: 'int', bitsPerSample: 16 };
  const one = join(dir, 'one.wav');
  await writeWav(one, channels, spec);
  const byOneFile = await analyseTake(await openTake(one), { profile: defaultProfile() });
  const split = join(dir, 'xlive');
  await mkdir(split);
  const cut = Math.floor(frames / 3);
  await writeWav(join(split, '00000001.WAV'), channels.map((c) => c.subarray(0, cut)), spec);
  await writeWav(join(split, '00000002.WAV'), channels.map((c) => c.subarray(cut)), spec);
  const bySplit = await analyseTake(await openTake(split), { profile: defaultProfile() });

  const figures = (a: TakeAnalysis) => a.channels.map(({ name: _n, sourceType: _s, targetAverageDbfs: _t, peakCeilingDbfs: _c, ...rest }) => rest);
  expect(byFiles.channels).toHaveLength(channels.length);
  expect(figures(byOneFile)).toEqual(figures(byFiles));
  expect(figures(bySplit)).toEqual(figures(byFiles));
  const changes = (a: TakeAnalysis) => a.suggestions.map((s) => [s.id, s.change?.proposedValue]);
  expect(changes(byOneFile)).toEqual(changes(byFiles));
});
