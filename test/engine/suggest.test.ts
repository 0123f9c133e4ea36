import { describe, expect, test } from 'vitest';
import { RULES } from '../../server/engine/suggest';
import type { ChannelState } from '../../server/model/stages';
import { makePoint, run } from './builders';

const kick: Partial<ChannelState> = { name: 'Kick', sourceType: 'kick', faderDb: -20 };
const vocal: Partial<ChannelState> = { name: 'Vox 1', sourceType: 'vocal', faderDb: 10, sends: [{ bus: 1, levelDb: 10, on: true, preFader: true }] };

describe('suggest', () => {
  const scenario = {
    snapshot: { channels: [kick, vocal], buses: [{ index: 1, name: 'Mon 1', faderDb: 7, on: true }] },
    stats: {
      channelInput: [
        makePoint({ peakDbfs: 0, averageDbfs: -6, clipCount: 20, recentClipCount: 4 }),
        makePoint({ averageDbfs: -38, peakDbfs: -30 }),
      ],
      channelPostFader: [makePoint({ averageDbfs: -26 }), makePoint({ averageDbfs: -28 })],
      channelDynGrDb: [makePoint({ averageDbfs: 0 }), makePoint({ averageDbfs: 0 })],
      buses: [makePoint({ peakDbfs: -0.5 })],
      main: makePoint({ peakDbfs: -9 }),
    },
  };

  test('urgent first, then channel, bus, main order; one suggestion per target and stage', () => {
    const ids = run(scenario).map((s) => s.id);
    expect(ids).toEqual([
      'clipping:ch1:preamp',
      'bus-headroom:bus1:bus',
      'preamp-target:ch2:preamp',
    ]);
  });

  test('ids are stable across evaluations and every suggestion names its rule', () => {
    const first = run(scenario);
    const second = run({ ...scenario, previous: first });
    expect(second.map((s) => s.id)).toEqual(first.map((s) => s.id));
    for (const s of second) expect(s.id.startsWith(`${s.rule}:`)).toBe(true);
  });

  test('no two suggestions move the same parameter', () => {
    const params = run(scenario).flatMap((s) => (s.change ? [s.change, ...s.compensation] : [])).map((c) => c.param);
    expect(new Set(params).size).toBe(params.length);
  });

  test('the engine is pure: the same input gives the same output and the input is not touched', () => {
    const frozen = JSON.stringify(scenario);
    expect(run(scenario)).toEqual(run(scenario));
    expect(JSON.stringify(scenario)).toBe(frozen);
  });

  test('every rule of the issue is in the engine', () => {
    expect(RULES.map((r) => r.id)).toEqual([
      'meter-coverage', 'clipping', 'noise-floor', 'preamp-target', 'processor-gain', 'compression-depth',
      'bus-headroom', 'main-headroom', 'amp-feed',
    ]);
  });
});
