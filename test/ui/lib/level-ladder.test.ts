import { describe, expect, test } from 'vitest';
import type { Suggestion } from '../../../server/engine/suggestion';
import { buildLadder, faultStageId, headroomTone, isOnLadder, type Ladder, type LadderStage } from '../../../ui/src/lib/level-ladder';
import { makeSnapshot } from '../../engine/builders';
import { makeReadout, makeSuggestion, point } from './builders';

const stage = (stages: readonly LadderStage[], id: string): LadderStage => {
  const found = stages.find((s) => s.id === id);
  if (!found) throw new Error(`no stage ${id} in ${stages.map((s) => s.id).join(', ')}`);
  return found;
};
const noPostFaderMeter = { channelInput: true, gateReduction: true, dynamicsReduction: true, channelPostFader: false, buses: true, matrices: true, main: true };

function ladderOf(snapshot: ReturnType<typeof makeSnapshot>, readout = makeReadout({ channelInput: [point(-2, -12)], main: [point(-8, -20), point(-9, -21)] }), suggestions: Suggestion[] = []): Ladder {
  const ladder = buildLadder({ snapshot, channelIndex: 1, readout, suggestions, amplifiers: [] });
  if (!ladder) throw new Error('no ladder');
  return ladder;
}

describe('buildLadder', () => {
  test('walks preamp, EQ, compressor, fader and main with the headroom left at each', () => {
    const ladder = ladderOf(makeSnapshot({ meters: noPostFaderMeter, channels: [{ faderDb: -5 }] }));
    expect(ladder.path.map((s) => s.id)).toEqual(['preamp', 'eq', 'dynamics', 'fader', 'main']);
    expect(stage(ladder.path, 'preamp')).toMatchObject({ peakDbfs: -2, averageDbfs: -12, headroomDb: 2, basis: 'measured' });
    expect(stage(ladder.path, 'eq')).toMatchObject({ peakDbfs: -2, averageDbfs: -12 });
    expect(stage(ladder.path, 'fader')).toMatchObject({ peakDbfs: -7, averageDbfs: -17, headroomDb: 7, basis: 'computed' });
    expect(stage(ladder.path, 'main')).toMatchObject({ peakDbfs: -8, averageDbfs: -20, basis: 'measured', contributionDbfs: -7 });
  });

  test('the compressor takes off its gain reduction and adds its makeup', () => {
    const snapshot = makeSnapshot({ meters: noPostFaderMeter, channels: [{ dynOn: true, dynMakeupDb: 4 }] });
    const readout = makeReadout({ channelInput: [point(-2, -12)], channelDynGr: [point(6, 3)] });
    const dynamics = stage(ladderOf(snapshot, readout).path, 'dynamics');
    expect(dynamics).toMatchObject({ peakDbfs: -4, averageDbfs: -11, headroomDb: 4, basis: 'computed' });
  });

  test('a post-fader meter is used as measured when the desk has one', () => {
    const readout = makeReadout({ channelInput: [point(-2, -12)], channelPostFader: [point(-9.5, -19)] });
    expect(stage(ladderOf(makeSnapshot({ channels: [{ faderDb: -5 }] }), readout).path, 'fader')).toMatchObject({ peakDbfs: -9.5, basis: 'measured' });
  });

  test('a muted channel passes nothing from the fader on: silence has infinite headroom, never NaN', () => {
    const fader = stage(ladderOf(makeSnapshot({ channels: [{ on: false }] })).path, 'fader');
    expect(fader).toMatchObject({ peakDbfs: -Infinity, averageDbfs: -Infinity, headroomDb: Infinity, passing: false, note: 'Channel muted' });
  });

  test('sends become bus stages, tapped before or after the fader, each followed by the outputs it feeds', () => {
    const snapshot = makeSnapshot({
      meters: noPostFaderMeter,
      channels: [
        {
          faderDb: -10,
          sends: [
            { bus: 1, levelDb: -6, on: true, preFader: true },
            { bus: 2, levelDb: 0, on: true, preFader: false },
            { bus: 3, levelDb: -Infinity, on: true, preFader: false },
          ],
        },
      ],
      buses: [
        { index: 1, name: 'Mon 1', faderDb: 0, on: true },
        { index: 2, name: 'FX', faderDb: -3, on: true },
        { index: 3, name: 'Sub', faderDb: 0, on: true },
      ],
      outputs: [
        { index: 1, name: 'Main L amp', source: { kind: 'main' } },
        { index: 2, name: 'Main R amp', source: { kind: 'main' } },
        { index: 3, name: 'Wedge 1', source: { kind: 'bus', index: 1 } },
      ],
    });
    const readout = makeReadout({ channelInput: [point(-2, -12)], buses: [point(-4, -14), point(-20, -30)], main: [point(-8, -20)] });
    const ladder = ladderOf(snapshot, readout);
    expect(ladder.path.map((s) => s.id)).toEqual(['preamp', 'eq', 'dynamics', 'fader', 'main', 'output-1']);
    expect(stage(ladder.path, 'output-1')).toMatchObject({ keys: ['output-1', 'output-2'], title: 'Out 1, 2', peakDbfs: -8, fedBy: 'main' });
    expect(ladder.sends.map((s) => s.id)).toEqual(['bus-1', 'output-3', 'bus-2']);
    expect(stage(ladder.sends, 'bus-1')).toMatchObject({ fedBy: 'dynamics', contributionDbfs: -8, peakDbfs: -4, headroomDb: 4 });
    expect(stage(ladder.sends, 'bus-2')).toMatchObject({ fedBy: 'fader', contributionDbfs: -15 });
    expect(stage(ladder.sends, 'output-3')).toMatchObject({ fedBy: 'bus-1', peakDbfs: -4, title: 'Out 3' });
  });

  test('a desk without meters shows the chain as unmetered rather than inventing levels', () => {
    const snapshot = makeSnapshot({
      meters: { channelInput: false, gateReduction: false, dynamicsReduction: false, channelPostFader: false, buses: false, matrices: false, main: false },
    });
    const ladder = ladderOf(snapshot, makeReadout());
    expect(ladder.path.map((s) => s.basis)).toEqual(['unmetered', 'unmetered', 'unmetered', 'unmetered', 'unmetered']);
    expect(ladder.path.every((s) => s.headroomDb === Infinity)).toBe(true);
  });

  test('open suggestions mark the stage they aim at', () => {
    const snapshot = makeSnapshot({
      buses: [{ index: 1, name: 'Mon 1', faderDb: 0, on: true }],
      channels: [{ sends: [{ bus: 1, levelDb: 0, on: true, preFader: true }] }],
      outputs: [
        { index: 1, name: 'L', source: { kind: 'main' } },
        { index: 2, name: 'R', source: { kind: 'main' } },
      ],
    });
    const preamp = makeSuggestion();
    const otherChannel = makeSuggestion({ id: 'x', target: { kind: 'channel', index: 2 } });
    const bus = makeSuggestion({ id: 'bus-headroom:bus1:bus', target: { kind: 'bus', index: 1 }, stage: 'bus', change: null });
    const amp = makeSuggestion({ id: 'amp-feed:out2:output', target: { kind: 'output', index: 2 }, stage: 'output', change: null });
    const ladder = ladderOf(snapshot, undefined, [preamp, otherChannel, bus, amp]);
    expect(stage(ladder.path, 'preamp').faults).toEqual([preamp]);
    expect(stage(ladder.sends, 'bus-1').faults).toEqual([bus]);
    expect(stage(ladder.path, 'output-1').faults).toEqual([amp]);
    expect(stage(ladder.path, 'fader').faults).toEqual([]);
    expect(isOnLadder(ladder, otherChannel)).toBe(false);
    expect(isOnLadder(ladder, amp)).toBe(true);
  });

  test('a channel the desk does not have gives no ladder', () => {
    expect(buildLadder({ snapshot: makeSnapshot(), channelIndex: 9, readout: makeReadout(), suggestions: [], amplifiers: [] })).toBeNull();
  });
});

describe('faultStageId', () => {
  test.each([
    [{ target: { kind: 'channel', index: 1 }, stage: 'dynamics' }, 'dynamics'],
    [{ target: { kind: 'channel', index: 1 }, stage: 'bus', change: { param: 'ch.1.send.4.levelDb', currentValue: 0, proposedValue: -3, deltaDb: -3 } }, 'bus-4'],
    [{ target: { kind: 'channel', index: 2 }, stage: 'preamp' }, null],
    [{ target: { kind: 'main' }, stage: 'main' }, 'main'],
    [{ target: { kind: 'matrix', index: 1 }, stage: 'matrix' }, null],
  ] as const)('%o aims at %s', (overrides, expected) => {
    expect(faultStageId(makeSuggestion(overrides as Partial<Suggestion>), 1)).toBe(expected);
  });
});

describe('headroomTone', () => {
  test.each([
    [0.5, 'clip'],
    [3, 'tight'],
    [12, 'fine'],
    [30, 'slack'],
    [Infinity, 'none'],
  ] as const)('%d dB of headroom is %s', (headroomDb, tone) => {
    expect(headroomTone(headroomDb)).toBe(tone);
  });
});

describe('the ladder reads the level model', () => {
  test('an output feeding an amplifier has its headroom to the amplifier\'s clip point, not to 0 dBFS', () => {
    const snapshot = makeSnapshot({ meters: noPostFaderMeter, outputs: [{ index: 1, name: 'Main L', source: { kind: 'main' } }] });
    const readout = makeReadout({ channelInput: [point(-2, -12)], main: [point(-5.5, -15)] });
    const ladder = buildLadder({
      snapshot, channelIndex: 1, readout, suggestions: [],
      amplifiers: [{ index: 1, amplifier: 'Main amp', inputSensitivityDbu: 4, dbuAtZeroDbfs: 21, feed: { kind: 'main' } }],
    })!;
    // +4 dBu sensitivity at +21 dBu per 0 dBFS: the amp clips at -17 dBFS; the main peaks at -5.5: 11.5 dB over.
    expect(stage(ladder.path, 'output-1')).toMatchObject({ clipDbfs: -17, headroomDb: -11.5 });
    expect(stage(ladder.path, 'output-1').note).toBe('Main amp clips at +4.0 dBu (-17.0 dBFS here) · peaks +15.5 dBu');
    expect(stage(ladder.path, 'main').headroomDb).toBe(5.5);
  });

  test('the compressor note quotes the average gain reduction the engine\'s card quotes', () => {
    const snapshot = makeSnapshot({ meters: noPostFaderMeter, channels: [{ dynOn: true, dynMakeupDb: 4 }] });
    const readout = makeReadout({ channelInput: [point(-2, -12)], channelDynGr: [point(7, 3.2)] });
    expect(stage(ladderOf(snapshot, readout).path, 'dynamics').note).toBe('GR -3.2 dB average');
  });

  test('an EQ boost raises the level after the EQ by its broadband estimate', () => {
    const snapshot = makeSnapshot({
      meters: noPostFaderMeter,
      channels: [{ eqBands: [{ type: 'lshv', freqHz: 100, gainDb: 6, q: 0.7 }] }],
    });
    const eq = stage(ladderOf(snapshot).path, 'eq');
    expect(eq.averageDbfs).toBeCloseTo(-12 + 10 * Math.log10(0.65 + 0.35 * 10 ** 0.6), 9);
  });
});
