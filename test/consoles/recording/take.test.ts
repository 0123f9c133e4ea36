import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openTake } from '../../../server/consoles/recording/take';
import { BlockPeakFeed } from '../../../server/consoles/recording/block-peaks';
import { TakeReader } from '../../../server/consoles/recording/take-reader';
import { decodeAll, sample, tempFolder } from './real-audio';
import { writeWav } from './wav-writer';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function folder(): Promise<string> {
  const { dir, remove } = await tempFolder('take');
  cleanups.push(remove);
  return dir;
}

async function readAll(reader: TakeReader, blockFrames: number): Promise<Float32Array[]> {
  const parts: Float32Array[][] = [];
  for (;;) {
    const block = await reader.read(blockFrames);
    if (block[0]!.length === 0) break;
    parts.push(block.map((b) => Float32Array.from(b)));
  }
  const frames = parts.reduce((s, p) => s + p[0]!.length, 0);
  return parts[0]!.map((_, t) => {
    const out = new Float32Array(frames);
    let at = 0;
    for (const p of parts) {
      out.set(p[t]!, at);
      at += p[t]!.length;
    }
    return out;
  });
}

test('a folder of FLAC files: ordered by leading number, a mono file is one channel, a stereo file L and R, named from the files', async () => {
  const dir = await folder();
  await copyFile(sample('drum_snare_hard'), join(dir, '10_Snare.flac'));
  await copyFile(sample('bd_haus'), join(dir, '2_Kick.flac'));
  await copyFile(sample('guit_em9'), join(dir, 'Gtr.flac'));
  await writeFile(join(dir, 'notes.txt'), 'not audio');
  const take = await openTake(dir);
  expect(take.tracks.map((t) => [t.name, t.sourceType])).toEqual([
    ['Kick L', 'kick'], ['Kick R', 'kick'], ['Snare', 'snare'], ['Gtr L', 'guitar'], ['Gtr R', 'guitar'],
  ]);
  expect(take.sampleRateHz).toBe(44100);
  const lengths = await Promise.all(['bd_haus', 'drum_snare_hard', 'guit_em9'].map(async (n) => (await decodeAll(sample(n))).channels[0]!.length));
  expect(take.frames).toBe(Math.max(...lengths));
  expect(take.description).toBe('5 tracks from 3 FLAC files');
});

test('a take reads each file sample for sample, shorter tracks silent after their end, whatever the block size', async () => {
  const dir = await folder();
  await copyFile(sample('bd_haus'), join(dir, '1 Kick.flac'));
  await copyFile(sample('loop_amen'), join(dir, '2 Loop.flac'));
  const take = await openTake(dir);
  const kick = await decodeAll(sample('bd_haus'));
  const loop = await decodeAll(sample('loop_amen'));
  for (const blockFrames of [2205, 4096]) {
    const tracks = await readAll(new TakeReader(take, blockFrames), blockFrames);
    expect(tracks[3]).toEqual(loop.channels[1]);
    expect(tracks[0]!.subarray(0, kick.channels[0]!.length)).toEqual(kick.channels[0]);
    expect(tracks[0]!.subarray(kick.channels[0]!.length).every((x) => x === 0)).toBe(true);
  }
});

test('an X-Live take split into 00000001.WAV, 00000002.WAV plays as one seamless recording', async () => {
  const dir = await folder();
  const loop = await decodeAll(sample('loop_amen'));
  const cut = 30000;
  const spec = { sampleRateHz: 44100, encoding: 'int', bitsPerSample: 32 } as const;
  await writeWav(join(dir, '00000001.WAV'), loop.channels.map((c) => c.subarray(0, cut)), spec);
  await writeWav(join(dir, '00000002.WAV'), loop.channels.map((c) => c.subarray(cut)), spec);
  const take = await openTake(dir);
  expect(take.description).toBe('2 tracks, a take of 2 files (WAV 32-bit int)');
  expect(take.tracks.map((t) => t.name)).toEqual(['Ch 01', 'Ch 02']);
  const tracks = await readAll(new TakeReader(take, 2205), 2205);
  expect(tracks).toEqual(loop.channels);
});

test('one multichannel RF64 file with iXML names; a single file path works too', async () => {
  const dir = await folder();
  const loop = await decodeAll(sample('loop_amen'));
  const path = join(dir, 'show.wav');
  await writeWav(path, [...loop.channels, loop.channels[0]!], {
    sampleRateHz: 44100, encoding: 'float', bitsPerSample: 32, container: 'RF64', ixmlNames: ['OH L', 'OH R', 'Kick'],
  });
  const take = await openTake(path);
  expect(take.tracks.map((t) => t.name)).toEqual(['OH L', 'OH R', 'Kick']);
  expect(take.description).toBe('3 tracks from one file (RF64 32-bit float)');
});

test.each([
  ['a path that does not exist', async (dir: string) => join(dir, 'nope'), 'not-found'],
  ['a folder without audio', async (dir: string) => {
    await writeFile(join(dir, 'readme.txt'), 'x');
    return dir;
  }, 'no-audio'],
  ['mixed sample rates', async (dir: string) => {
    await copyFile(sample('bd_haus'), join(dir, '1.flac'));
    await writeWav(join(dir, '2.wav'), [new Float32Array(100)], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 16 });
    return dir;
  }, 'mixed-sample-rates'],
  ['X-Live segments with different channel counts', async (dir: string) => {
    await writeWav(join(dir, '00000001.WAV'), [new Float32Array(10), new Float32Array(10)], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 32 });
    await writeWav(join(dir, '00000002.WAV'), [new Float32Array(10)], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 32 });
    return dir;
  }, 'mixed-channel-counts'],
  ['a WAV with no samples', async (dir: string) => {
    await writeWav(join(dir, 'empty.wav'), [new Float32Array(0)], { sampleRateHz: 48000, encoding: 'int', bitsPerSample: 16 });
    return dir;
  }, 'no-audio'],
  ['a damaged file names the file', async (dir: string) => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', '01 Kick.wav'), Buffer.from('RIFF\0\0\0\0WAVEjunk'));
    return join(dir, 'sub');
  }, 'no-fmt'],
])('%s: rejects with %s', async (_name, make, code) => {
  const dir = await folder();
  await expect(openTake(await make(dir))).rejects.toMatchObject({ name: 'RecordingError', code });
});

test('a damaged or cut FLAC file is a coded error naming the file, not silence', async () => {
  const dir = await folder();
  const bytes = await readFile(sample('loop_amen'));
  const damaged = Uint8Array.from(bytes);
  for (let i = 5000; i < 60000; i += 97) damaged[i] = damaged[i]! ^ 0x5a;
  for (const [name, content] of [['01 Damaged.flac', damaged], ['02 Cut.flac', bytes.subarray(0, bytes.length >> 1)]] as const) {
    const path = join(dir, name);
    await writeFile(path, content);
    const take = await openTake(path);
    await expect(readAll(new TakeReader(take, 4096), 4096)).rejects.toMatchObject({ code: 'flac-decode', message: expect.stringContaining(name) });
  }
});

test('96 kHz 32-bit float: read sample for sample; a 50 ms meter block is 4800 samples', async () => {
  const dir = await folder();
  const loop = await decodeAll(sample('loop_amen'));
  await writeWav(join(dir, 'hi-res.wav'), loop.channels, { sampleRateHz: 96000, encoding: 'float', bitsPerSample: 32, extensible: true });
  const take = await openTake(join(dir, 'hi-res.wav'));
  expect(take.sampleRateHz).toBe(96000);
  expect(await readAll(new TakeReader(take, 4800), 4800)).toEqual(loop.channels);
  expect(new BlockPeakFeed(take, 50).blockFrames).toBe(4800);
});
