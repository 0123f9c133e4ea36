import { describe, expect, test } from 'vitest';
import type { ChannelState } from '../../server/model/stages';
import { makePoint, ofRule, run } from './builders';

const channels: Partial<ChannelState>[] = [
  { name: 'Kick', faderDb: -10, sends: [{ bus: 1, levelDb: -10, on: true, preFader: true }] },
  { name: 'Vox 1', faderDb: 0, sends: [{ bus: 1, levelDb: 0, on: true, preFader: true }] },
  { name: 'Gtr', faderDb: -5, sends: [{ bus: 1, levelDb: -20, on: true, preFader: false }] },
];
const inputs = [makePoint({ averageDbfs: -18 }), makePoint({ averageDbfs: -20 }), makePoint({ averageDbfs: -16 })];
const buses = [{ index: 1, name: 'Mon 1', faderDb: 7, on: true }];

describe('bus-headroom', () => {
  test('hot bus 1: the bus fader comes down to leave peaks 3 dB under the ceiling, naming the loudest sends', () => {
    const [suggestion, ...others] = ofRule(run({
      snapshot: { channels, buses },
      stats: { channelInput: inputs, channelPostFader: [], buses: [makePoint({ peakDbfs: -1.5, averageDbfs: -8 })] },
    }), 'bus-headroom');
    expect(others).toEqual([]);
    expect(suggestion?.id).toBe('bus-headroom:bus1:bus');
    expect(suggestion?.severity).toBe('advice');
    expect(suggestion?.change).toEqual({ param: 'bus.1.faderDb', currentValue: 7, proposedValue: -0.5, deltaDb: -7.5 });
    // Contributions at the bus meter: tap + send + bus fader. Vox 1 -20 + 0 + 7; Kick -18 - 10 + 7; Gtr -16 - 5 - 20 + 7.
    expect(suggestion?.contributors).toEqual([
      { target: { kind: 'channel', index: 2 }, label: 'Ch 2 Vox 1', levelDbfs: -13 },
      { target: { kind: 'channel', index: 1 }, label: 'Ch 1 Kick', levelDbfs: -21 },
      { target: { kind: 'channel', index: 3 }, label: 'Ch 3 Gtr', levelDbfs: -34 },
    ]);
    expect(suggestion?.reason).toBe(
      'Bus 1 Mon 1 peaks at -1.5 dBFS, above its -6 dBFS ceiling: lower the bus fader 7.5 dB to bring peaks to -9 dBFS; the largest contributors are Ch 2 Vox 1 (-13.0 dBFS), Ch 1 Kick (-21.0 dBFS), Ch 3 Gtr (-34.0 dBFS).',
    );
  });

  test('a bus clipping is urgent', () => {
    const [suggestion] = ofRule(run({ snapshot: { channels, buses }, stats: { buses: [makePoint({ peakDbfs: -0.5 })] } }), 'bus-headroom');
    expect(suggestion?.severity).toBe('urgent');
  });

  test.each([
    { name: 'peaks at -6.5 dBFS: under the ceiling', peakDbfs: -6.5, previous: false, shown: false },
    { name: 'peaks at -6.5 dBFS after a suggestion: held', peakDbfs: -6.5, previous: true, shown: true },
    { name: 'peaks at -8 dBFS after a suggestion: released', peakDbfs: -8, previous: true, shown: false },
  ])('$name', ({ peakDbfs, previous, shown }) => {
    const hot = run({ snapshot: { channels, buses }, stats: { buses: [makePoint({ peakDbfs: -2 })] } });
    const result = run({ snapshot: { channels, buses }, stats: { buses: [makePoint({ peakDbfs })] }, previous: previous ? hot : [] });
    expect(ofRule(result, 'bus-headroom').length > 0).toBe(shown);
  });

  test('a hot matrix is judged against the bus ceiling without contributors', () => {
    const [suggestion] = ofRule(run({
      snapshot: { matrices: [{ index: 2, name: 'Record', faderDb: 0, on: true }] },
      stats: { matrices: [null, makePoint({ peakDbfs: -3 })] },
    }), 'bus-headroom');
    expect(suggestion?.id).toBe('bus-headroom:mtx2:matrix');
    expect(suggestion?.change?.proposedValue).toBe(-6);
    expect(suggestion?.contributors).toEqual([]);
  });

  test('a silent bus is not judged', () => {
    expect(ofRule(run({ snapshot: { buses }, stats: { buses: [makePoint({ peakDbfs: -3, activeMs: 0 })] } }), 'bus-headroom')).toEqual([]);
  });
});

describe('main-headroom', () => {
  test('main peaking at -4 dBFS: main fader down 5 dB, loudest post-fader channels named', () => {
    const [suggestion] = ofRule(run({
      snapshot: { channels },
      stats: { channelInput: inputs, channelPostFader: [makePoint({ averageDbfs: -28 }), makePoint({ averageDbfs: -20 }), makePoint({ averageDbfs: -21 })], main: makePoint({ peakDbfs: -4 }) },
    }), 'main-headroom');
    expect(suggestion?.id).toBe('main-headroom:main:main');
    expect(suggestion?.change).toEqual({ param: 'main.faderDb', currentValue: 0, proposedValue: -5, deltaDb: -5 });
    expect(suggestion?.contributors?.map((c) => c.label)).toEqual(['Ch 2 Vox 1', 'Ch 3 Gtr', 'Ch 1 Kick']);
    expect(suggestion?.reason).toMatch(/^Main LR peaks at -4\.0 dBFS, above its -6 dBFS ceiling: lower the main fader 5\.0 dB/);
  });
});

describe('mix rules see the channel fixes proposed with them', () => {
  const kick: Partial<ChannelState> = { name: 'Kick', sourceType: 'kick', faderDb: 0 };
  const keys: Partial<ChannelState> = { name: 'Keys', faderDb: 0 };
  const clippingKick = makePoint({ peakDbfs: 0, averageDbfs: -8, clipCount: 40, recentClipCount: 5 });

  test('a clipping kick\'s fix keeps the PA where it was, so a hot main still gets its own fix', () => {
    const suggestions = run({
      snapshot: { channels: [kick, keys] },
      stats: {
        channelInput: [clippingKick, makePoint({ averageDbfs: -30 })],
        channelPostFader: [clippingKick, makePoint({ averageDbfs: -30 })],
        channelDynGrDb: [],
        main: makePoint({ peakDbfs: -4, averageDbfs: -8 }),
      },
    });
    expect(ofRule(suggestions, 'clipping')).toHaveLength(1);
    expect(ofRule(suggestions, 'clipping')[0]?.effect.find((e) => e.mix === 'main')?.deltaDb).toBe(0);
    const [main] = ofRule(suggestions, 'main-headroom');
    expect(main?.evidence['predictedPeakDbfs']).toBe(-4);
    expect(main?.purpose).toEqual(['main']);
  });

  test('what the channel fixes leave is still judged, and the reason says what it expects', () => {
    const [suggestion] = ofRule(run({
      // Keys on target at the input but pushed +10 dB at the fader: the kick fix alone does not cure the main.
      snapshot: { channels: [kick, { ...keys, faderDb: 10 }] },
      stats: {
        channelInput: [clippingKick, makePoint()],
        channelPostFader: [clippingKick, makePoint({ averageDbfs: -8 })],
        channelDynGrDb: [],
        main: makePoint({ peakDbfs: 2, averageDbfs: -4 }),
      },
    }), 'main-headroom');
    expect(suggestion?.reason).toMatch(/^Main LR peaks at \+2\.0 dBFS, above its -6 dBFS ceiling/);
    expect(suggestion?.evidence['predictedPeakDbfs']).toBe(2);
  });
});
