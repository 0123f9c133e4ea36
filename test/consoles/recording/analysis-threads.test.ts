/**
 * Tracks split over worker threads give the figures one thread gives (issue 19: analysis on every core),
 * and a file one worker cannot decode fails the analysis with its coded error.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { analyseTake } from '../../../server/consoles/recording/analysis/analyse-take';
import { analysisThreads, splitTracks } from '../../../server/consoles/recording/analysis/analysis-threads';
import { openTake, type Take } from '../../../server/consoles/recording/take';
import { defaultProfile } from '../../../server/profiles/default-profile';
import { decodeAll, looped, sample, tempFolder } from './real-audio';
import { writeWav } from './wav-writer';

let dir = '';
let remove: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  ({ dir, remove } = await tempFolder('threads'));
});
afterAll(async () => remove());

test('tracks are shared out in contiguous, nearly equal, non-empty parts', () => {
  expect(splitTracks(5, 2)).toEqual([[0, 1], [2, 3, 4]]);
  expect(splitTracks(32, 3).map((part) => part.length)).toEqual([10, 11, 11]);
  expect(splitTracks(2, 4)).toEqual([[0], [1]]);
  expect(splitTracks(3, 1)).toEqual([[0, 1, 2]]);
});

test('a short or one-track take stays on one thread; a long wide one asks for a thread per core (at most)', () => {
  const take = (frames: number, tracks: number) => ({ frames, tracks: Array.from({ length: tracks }) }) as unknown as Take;
  expect(analysisThreads(take(48000 * 10, 32))).toBe(1);
  expect(analysisThreads(take(48000 * 3600, 1))).toBe(1);
  expect(analysisThreads(take(48000 * 600, 32))).toBe(Math.min(availableParallelism(), 32));
  expect(analysisThreads(take(48000 * 3600, 2))).toBe(Math.min(availableParallelism(), 2));
});

/** One thread, two and three on `path`: identical analyses, and progress that climbs to 1. */
async function expectSameOnAnyThreads(path: string): Promise<void> {
  const take = await openTake(path);
  const one = await analyseTake(take, { profile: defaultProfile(), threads: 1 });
  expect(one.channels.length).toBeGreaterThanOrEqual(5);
  const progress: number[] = [];
  const two = await analyseTake(take, { profile: defaultProfile(), threads: 2, onProgress: (f) => progress.push(f) });
  expect(two).toEqual(one);
  expect(await analyseTake(take, { profile: defaultProfile(), threads: 3 })).toEqual(one);
  expect(progress.at(-1)).toBe(1);
  expect(progress.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= progress[i - 1]!))).toBe(true);
}

const NAMES = ['bd_haus', 'drum_snare_hard', 'loop_amen', 'bass_hard_c'];
// Each analysis starts up to two workers: generous on a busy shared machine (not a timing assertion).
const THREADS_TIMEOUT_MS = 60_000;

test('one thread, two and three give identical analyses of a folder of real FLAC tracks', async () => {
  const folder = join(dir, 'band');
  await mkdir(folder);
  for (const [i, name] of NAMES.entries()) await copyFile(sample(name), join(folder, `${i + 1} ${name}.flac`));
  await expectSameOnAnyThreads(folder);
}, THREADS_TIMEOUT_MS);

test('one thread, two and three give identical analyses of the same tracks as one clipping 24-bit WAV', async () => {
  const channels = (await Promise.all(NAMES.map(async (n) => (await decodeAll(sample(n))).channels))).flat();
  // Every third track pushed into clipping: the clip tracking and the true peak differ per track.
  const wav = join(dir, 'band.wav');
  await writeWav(wav, channels.map((c, i) => looped(c, 44100 * 2, i % 3 === 2 ? 9 : -3)), { sampleRateHz: 44100, encoding: 'int', bitsPerSample: 24 });
  await expectSameOnAnyThreads(wav);
}, THREADS_TIMEOUT_MS);

test('a damaged FLAC read by a worker fails the analysis with its coded error, naming the file', async () => {
  const folder = join(dir, 'damaged');
  await mkdir(folder);
  await copyFile(sample('bd_haus'), join(folder, '1 Kick.flac'));
  const bytes = Uint8Array.from(await readFile(sample('loop_amen')));
  for (let i = 5000; i < 60000; i += 97) bytes[i] = bytes[i]! ^ 0x5a;
  await writeFile(join(folder, '2 Loop.flac'), bytes);
  const take = await openTake(folder);
  // Two threads: the first track on this one, the damaged stereo loop on the worker.
  await expect(analyseTake(take, { profile: defaultProfile(), threads: 2 })).rejects.toMatchObject({
    name: 'RecordingError', code: 'flac-decode', message: expect.stringContaining('2 Loop.flac'),
  });
}, THREADS_TIMEOUT_MS);
