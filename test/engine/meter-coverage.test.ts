import { describe, expect, test } from 'vitest';
import type { Suggestion } from '../../server/engine/suggestion';
import { NOW_MS, makePoint, run } from './builders';

const allMetersOff = {
  channelInput: false, gateReduction: false, dynamicsReduction: false, channelPostFader: false,
  buses: false, matrices: false, main: false,
};

function notes(suggestions: readonly Suggestion[]): { id: string; reason: string }[] {
  return suggestions.filter((s) => s.label === 'Console').map(({ id, reason }) => ({ id, reason }));
}

describe('meter coverage', () => {
  test('a console without meters: one info note per area, and no level is judged', () => {
    const suggestions = run({
      snapshot: {
        meters: allMetersOff,
        channels: [{ name: 'Kick', dynOn: true }, { name: 'Vox' }],
        buses: [{ index: 1, name: 'Mon 1', faderDb: 0, on: true }],
      },
      stats: { channelInput: [], channelDynGrDb: [], channelPostFader: [], buses: [], matrices: [], main: null },
    });
    expect(suggestions.every((s) => s.severity === 'info' && s.change === null)).toBe(true);
    expect(notes(suggestions)).toEqual([
      { id: 'preamp-target:main:preamp', reason: 'No input meters from this console: channel levels are not judged (preamp, clipping, noise floor, fader).' },
      { id: 'processor-gain:main:eq', reason: 'No post-fader meters from this console: EQ gain is judged from the settings alone.' },
      { id: 'compression-depth:main:dynamics', reason: 'No compressor gain-reduction meters from this console: compression is estimated from the input level and the settings.' },
      { id: 'bus-headroom:main:bus', reason: 'No bus meters from this console: bus headroom and the amp feeds they drive are not judged.' },
      { id: 'main-headroom:main:main', reason: 'No main meters from this console: main headroom and the amp feeds it drives are not judged.' },
    ]);
  });

  test('channels beyond the metered range are listed', () => {
    const suggestions = run({
      snapshot: { channels: [{}, {}, {}, {}, {}] },
      stats: { channelInput: [makePoint(), makePoint(), null, null, null] },
    });
    expect(notes(suggestions)).toContainEqual({
      id: 'preamp-target:main:preamp',
      reason: 'No input meters for Ch 3-5: channel levels are not judged (preamp, clipping, noise floor, fader) for those.',
    });
  });

  test('a desk with every meter gets no notes', () => {
    expect(notes(run({}))).toEqual([]);
  });

  test.each([
    { name: 'stopped 5 s ago', lastFrameAtMs: NOW_MS - 5000, reason: 'The meters stopped 5.0 s ago: levels are not judged until they return.' },
    { name: 'never started', lastFrameAtMs: null, reason: 'No meter frames from the console yet: levels are not judged.' },
  ])('stale meters ($name): a note instead of judgements', ({ lastFrameAtMs, reason }) => {
    const suggestions = run({ stats: { lastFrameAtMs, channelInput: [makePoint({ averageDbfs: -40, peakDbfs: -30 })] } });
    expect(suggestions.map(({ id, reason: r }) => ({ id, reason: r }))).toEqual([{ id: 'preamp-target:main:preamp', reason }]);
  });
});
