import { describe, expect, test } from 'vitest';
import { BAND_SOURCES, initialSnapshot } from '../../../server/consoles/simulator/band';
import { simulatorParamIds, simulatorParamSpec } from '../../../server/consoles/simulator/param-specs';
import { SimulatorConsole } from '../../../server/consoles/simulator/simulator-console';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { readParam } from '../../../server/model/params';
import { averageWhilePlaying, mean, series } from './meter-series';

/** Ten seconds of soundcheck (200 frames of 50 ms) from a manual simulator. */
function soundcheck(seed: number): MeterFrame[] {
  const sim = new SimulatorConsole({ seed, autoRun: false });
  const frames: MeterFrame[] = [];
  sim.onMeters((frame) => frames.push(frame));
  sim.step(200);
  return frames;
}

const snapshot = initialSnapshot();
/** Noise floor of a channel at its input meter, dBFS; readings 10 dB above it count as playing. */
const noiseFloorDbfs = (ch: number) => BAND_SOURCES[ch - 1]!.noiseAtZeroGainDbfs + snapshot.channels[ch - 1]!.preampGainDb!;
const input = (frames: MeterFrame[], ch: number) => series(frames, (f) => f.channelInputDbfs[ch - 1]);
const inputAverage = (frames: MeterFrame[], ch: number) => averageWhilePlaying(input(frames, ch), noiseFloorDbfs(ch) + 10);

describe.each([1, 2, 3])('deliberate mistakes at seed %i', (seed) => {
  const frames = soundcheck(seed);

  test('Ch 1 Kick clips the converter at least 3 times in every 500 ms', () => {
    const kick = input(frames, 1);
    expect(Math.max(...kick)).toBe(0);
    for (let start = 0; start + 10 <= kick.length; start++) {
      expect(kick.slice(start, start + 10).filter((level) => level >= -1).length).toBeGreaterThanOrEqual(3);
    }
  });

  test('Ch 13 Vox 1 averages about 20 dB under target (-38 dBFS)', () => {
    expect(inputAverage(frames, 13)).toBeGreaterThan(-40);
    expect(inputAverage(frames, 13)).toBeLessThan(-36);
  });

  test('Ch 8 Bass DI: makeup +12 dB for about 3 dB of gain reduction', () => {
    expect(snapshot.channels[7]!.dynMakeupDb).toBe(12);
    const playing = frames.filter((f) => f.channelInputDbfs[7]! > noiseFloorDbfs(8) + 10);
    const grDb = mean(playing.map((f) => f.channelDynGrDb[7]!));
    expect(grDb).toBeGreaterThan(1.5);
    expect(grDb).toBeLessThan(4.5);
  });

  test('Bus 1 Mon 1 peaks above -3 dBFS', () => {
    expect(Math.max(...series(frames, (f) => f.busDbfs[0]))).toBeGreaterThan(-3);
  });

  test('Main LR peaks between -7 and -3 dBFS', () => {
    const main = Math.max(...series(frames, (f) => f.mainDbfs[0]));
    expect(main).toBeGreaterThan(-7);
    expect(main).toBeLessThan(-3);
  });

  test.each([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15])('Ch %i is staged: average -21..-15 dBFS, peaks under -6', (ch) => {
    expect(inputAverage(frames, ch)).toBeGreaterThan(-21);
    expect(inputAverage(frames, ch)).toBeLessThan(-15);
    expect(Math.max(...input(frames, ch))).toBeLessThan(-6);
  });

  test('Ch 16 Playback is silent: nothing but its noise floor', () => {
    expect(Math.max(...input(frames, 16))).toBeLessThan(noiseFloorDbfs(16) + 2);
  });

  test('the other buses and matrices stay under -6 dBFS', () => {
    for (const bus of [2, 3, 4, 5, 6]) expect(Math.max(...series(frames, (f) => f.busDbfs[bus - 1]))).toBeLessThan(-6);
    for (const mtx of [1, 2]) expect(Math.max(...series(frames, (f) => f.matrixDbfs[mtx - 1]))).toBeLessThan(-6);
  });
});

describe('the initial desk', () => {
  test('every value sits on the desk grid', () => {
    for (const id of simulatorParamIds(snapshot)) {
      const value = readParam(snapshot, id)!;
      expect(simulatorParamSpec(snapshot, id)!.quantise(value)).toBe(value);
    }
  });

  test('16 named channels with source types, 6 buses, 2 matrices, all meters', () => {
    expect(snapshot.channels.map((c) => `${c.index} ${c.name} ${c.sourceType}`)).toEqual([
      '1 Kick kick', '2 Snare snare', '3 Hi-Hat hihat', '4 Tom 1 tom', '5 Tom 2 tom', '6 OH L overhead', '7 OH R overhead',
      '8 Bass DI bass-di', '9 Gtr 1 guitar', '10 Gtr 2 guitar', '11 Keys L keys', '12 Keys R keys', '13 Vox 1 vocal',
      '14 Vox 2 vocal', '15 Vox 3 vocal', '16 Playback playback',
    ]);
    expect(snapshot.buses.map((b) => b.name)).toEqual(['Mon 1', 'Mon 2', 'Mon 3', 'Mon 4', 'FX', 'Sub']);
    expect(snapshot.matrices.map((m) => m.name)).toEqual(['Fill', 'Record']);
    expect(Object.values(snapshot.meters).every(Boolean)).toBe(true);
    for (const ch of snapshot.channels) {
      expect(ch.preampGainRange).toEqual({ minDb: -12, maxDb: 60, stepDb: 0.5 });
      expect(ch.trimRange).toEqual({ minDb: -18, maxDb: 18, stepDb: 0.25 });
      expect(ch.sends.map((s) => s.preFader)).toEqual([true, true, true, true, false, false]);
    }
  });

  test('outputs: 1-2 main (amp feed), 3-8 buses 1-6, 9-10 matrices 1-2', () => {
    expect(snapshot.outputs.map((o) => o.source)).toEqual([
      { kind: 'main' }, { kind: 'main' },
      ...[1, 2, 3, 4, 5, 6].map((index) => ({ kind: 'bus', index })),
      { kind: 'matrix', index: 1 }, { kind: 'matrix', index: 2 },
    ]);
  });

  test('each call builds a fresh snapshot', () => {
    expect(initialSnapshot()).not.toBe(initialSnapshot());
    expect(initialSnapshot()).toEqual(initialSnapshot());
  });
});
