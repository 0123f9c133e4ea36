/**
 * The recording desk played on simulated time (step(): as fast as it decodes, no timers): meters computed
 * from the real PCM like a desk's, writes applied to the virtual desk, looping, the play position.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRecordingConsole, RecordingConsole } from '../../../server/consoles/recording/recording-console';
import { NOMINAL_GAIN_DB } from '../../../server/consoles/recording/recording-desk';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { linearToDbfs } from '../../../server/model/db';
import { decodeAll, peakOf, sample, tempFolder } from './real-audio';
import { writeWav } from './wav-writer';

let dir = '';
let remove: () => Promise<void> = async () => undefined;
const BLOCK = 2205; // 50 ms at 44.1 kHz

beforeAll(async () => {
  ({ dir, remove } = await tempFolder('console'));
  await copyFile(sample('bd_haus'), join(dir, '01 Kick.flac'));
  await copyFile(sample('loop_amen'), join(dir, '02 Loop.flac'));
});
afterAll(async () => remove());

async function started(path = dir): Promise<{ desk: RecordingConsole; stop: AbortController; frames: MeterFrame[] }> {
  const desk = await createRecordingConsole(path, { autoRun: false });
  const stop = new AbortController();
  const frames: MeterFrame[] = [];
  desk.onMeters((f) => frames.push(f));
  await desk.start(stop.signal);
  return { desk, stop, frames };
}

test('channel input meters are the block peaks of the PCM (50 ms blocks), at the recorded level', async () => {
  const { desk, stop, frames } = await started();
  const loop = await decodeAll(sample('loop_amen'));
  await desk.step(12);
  expect(desk.snapshot().channels.map((c) => c.name)).toEqual(['Kick L', 'Kick R', 'Loop L', 'Loop R']);
  frames.forEach((frame, n) => {
    const expected = linearToDbfs(peakOf(loop.channels[0]!.subarray(n * BLOCK, (n + 1) * BLOCK)));
    expect(frame.channelInputDbfs[2]).toBeCloseTo(Math.min(expected, 0), 9);
    expect(frame.atMs).toBe((n + 1) * 50);
  });
  stop.abort();
});

test('a gain write moves that channel and everything downstream by the same dB; undoing restores it', async () => {
  const { desk, stop } = await started();
  const before = await desk.step(10);
  const first = desk.snapshot().channels[2]!;
  expect(first.preampGainDb).toBe(NOMINAL_GAIN_DB);

  const confirmed = await desk.apply({ param: 'ch.3.preampGainDb', value: 24.1 });
  expect(confirmed).toBe(24);
  const replay = await createRecordingConsole(dir, { autoRun: false });
  const replayStop = new AbortController();
  await replay.start(replayStop.signal);
  await replay.step(10);
  const reference = await replay.step(1);
  const after = await desk.step(1);
  expect(after.channelInputDbfs[2]).toBeCloseTo(reference.channelInputDbfs[2]! - 6, 9);
  expect(after.channelPostFaderDbfs[2]).toBeCloseTo(reference.channelPostFaderDbfs[2]! - 6, 9);
  expect(after.channelInputDbfs[3]).toBeCloseTo(reference.channelInputDbfs[3]!, 9);
  expect(before.mainDbfs).toHaveLength(2);

  await desk.apply({ param: 'ch.3.preampGainDb', value: NOMINAL_GAIN_DB });
  expect(desk.snapshot().channels[2]).toEqual(first);
  replayStop.abort();
  stop.abort();
});

test('raising the gain past full scale clips the converter: the meter holds at 0 dBFS', async () => {
  const { desk, stop } = await started();
  await desk.apply({ param: 'ch.3.preampGainDb', value: NOMINAL_GAIN_DB + 20 });
  const frames: MeterFrame[] = [];
  desk.onMeters((f) => frames.push(f));
  await desk.step(20);
  expect(Math.max(...frames.map((f) => f.channelInputDbfs[2]!))).toBe(0);
  stop.abort();
});

test('the take loops: after its last block the position starts over and the same readings return', async () => {
  const { desk, stop, frames } = await started();
  const take = await decodeAll(sample('loop_amen'));
  const blocks = Math.ceil(Math.max(take.channels[0]!.length, (await decodeAll(sample('bd_haus'))).channels[0]!.length) / BLOCK);
  await desk.step(blocks + 3);
  expect(desk.position().pass).toBe(2);
  expect(desk.position().positionMs).toBeCloseTo(2 * 50, 6);
  expect(frames[blocks]!.channelInputDbfs).toEqual(frames[0]!.channelInputDbfs);
  expect(frames[blocks + 2]!.channelInputDbfs).toEqual(frames[2]!.channelInputDbfs);
  expect(desk.identity().name).toMatch(/ · 0:00 \/ 0:01$/);
  stop.abort();
});

test('a sample at full scale reads as a clip (0 dBFS on the input meter)', async () => {
  const { dir: clipDir, remove: removeClip } = await tempFolder('clip');
  const samples = new Float32Array(BLOCK * 4);
  samples[BLOCK + 10] = 1;
  samples[3 * BLOCK] = 0.5;
  await writeWav(join(clipDir, 'Ch.wav'), [samples], { sampleRateHz: 44100, encoding: 'int', bitsPerSample: 24 });
  const { desk, stop, frames } = await started(clipDir);
  await desk.step(4);
  expect(frames.slice(0, 3).map((f) => f.channelInputDbfs[0])).toEqual([-Infinity, 0, -Infinity]);
  expect(frames[3]!.channelInputDbfs[0]).toBeCloseTo(linearToDbfs(0.5), 9);
  stop.abort();
  await removeClip();
});

test('identity: kind recording, the take described in the notes; writes refused unless playing', async () => {
  const desk = await createRecordingConsole(dir, { autoRun: false });
  expect(desk.identity()).toMatchObject({ kind: 'recording', model: 'Recording', firmware: '44.1 kHz' });
  expect(desk.identity().notes?.[0]).toContain('4 tracks from 2 FLAC files');
  await expect(desk.apply({ param: 'ch.1.faderDb', value: -5 })).rejects.toMatchObject({ code: 'not-ready' });
  await expect(desk.apply({ param: 'bus.1.faderDb', value: -5 })).rejects.toMatchObject({ code: 'unknown-param' });
});

test('real time: start() plays a block every 50 ms and an abort stops it (waits on frames, not on the clock)', async () => {
  const desk = await createRecordingConsole(dir, { autoRun: true });
  const stop = new AbortController();
  const states: string[] = [];
  desk.onState((s) => states.push(s));
  const three = new Promise<MeterFrame[]>((resolve) => {
    const got: MeterFrame[] = [];
    desk.onMeters((f) => {
      got.push(f);
      if (got.length === 3) resolve(got);
    });
  });
  await desk.start(stop.signal);
  const frames = await three;
  expect(frames[2]!.channelInputDbfs).toHaveLength(4);
  expect(desk.position().pass).toBe(1);
  stop.abort();
  await expect.poll(() => desk.state()).toBe('idle');
  expect(states).toEqual(['ready', 'idle']);
});

test("a venue profile's channel plan: recorded-at gain, source type, a name for a nameless track; meters unchanged", async () => {
  const { dir: planDir, remove: removePlan } = await tempFolder('plan');
  const loop = await decodeAll(sample('loop_amen'));
  await writeWav(join(planDir, 'take.wav'), loop.channels, { sampleRateHz: 44100, encoding: 'int', bitsPerSample: 16 });
  const plain = await createRecordingConsole(join(planDir, 'take.wav'), { autoRun: false });
  const planned = await createRecordingConsole(join(planDir, 'take.wav'), { autoRun: false });
  planned.adoptChannelPlan([{ index: 2, name: 'Snare', sourceType: 'snare', expectedGainDb: 41.3 }]);
  expect(planned.snapshot().channels.map((c) => [c.name, c.sourceType, c.preampGainDb])).toEqual([
    ['Ch 01', null, NOMINAL_GAIN_DB], ['Snare', 'snare', 41.5],
  ]);
  const stops = [new AbortController(), new AbortController()];
  await plain.start(stops[0]!.signal);
  await planned.start(stops[1]!.signal);
  const a = await plain.step(8);
  const b = await planned.step(8);
  expect(b.channelInputDbfs[1]).toBeCloseTo(a.channelInputDbfs[1]!, 9);
  await planned.apply({ param: 'ch.2.preampGainDb', value: 35.5 });
  expect((await planned.step(1)).channelInputDbfs[1]).toBeCloseTo((await plain.step(1)).channelInputDbfs[1]! - 6, 9);
  stops.forEach((s) => s.abort());
  await removePlan();
});

test('a file that cannot be decoded while playing: the desk goes lost and says why; the bridge process carries on', async () => {
  const { dir: badDir, remove: removeBad } = await tempFolder('bad');
  const bytes = await readFile(sample('loop_amen'));
  await writeFile(join(badDir, '01 Loop.flac'), bytes.subarray(0, bytes.length >> 1));
  const errors: unknown[] = [];
  const desk = await createRecordingConsole(badDir, { autoRun: true, onListenerError: (e) => errors.push(e) });
  const stop = new AbortController();
  const lost = new Promise<void>((resolve) => desk.onState((s) => s === 'lost' && resolve()));
  await desk.start(stop.signal);
  await lost;
  expect(errors[0]).toMatchObject({ code: 'flac-decode' });
  expect(desk.identity().notes?.at(-1)).toMatch(/^Playback stopped: 01 Loop.flac: only \d+ of its 77321 samples/);
  await expect(desk.apply({ param: 'ch.1.faderDb', value: -3 })).rejects.toMatchObject({ code: 'not-ready' });
  stop.abort();
  await removeBad();
});
