import { describe, expect, test } from 'vitest';
import { hiddenPeakDb } from '../../server/model/level-model';
import { makePoint, ofRule, run } from './builders';

const kick = { name: 'Kick', sourceType: 'kick' as const };

describe('clipping', () => {
  test.each([
    {
      name: 'kick clipping at -0.3 dBFS: 4 clips in 500 ms',
      point: makePoint({ peakDbfs: -0.3, averageDbfs: -14, clipCount: 8, recentClipCount: 4 }),
      // 0.8 dB hidden (8 of 160 readings clipped); the ceiling leads: min(-5.7 - 0.4, -5.7 - 0.8, -3) = -6.5 dB.
      proposed: 23.5,
      reason: 'Ch 1 Kick clips (4 readings at or above -1 dBFS in the last 500 ms, 8 in 8.0 s; average -14.0 dBFS): lower the preamp gain 6.5 dB now, toward -18 dBFS average / -6 dBFS peak, allowing about 0.8 dB the meter cannot show above full scale. With it the fader goes up 5.7 dB to +5.7 dB, so the PA and the monitors stay where they are.',
    },
    {
      name: 'hot average without clips: -3 dBFS',
      point: makePoint({ peakDbfs: -1.5, averageDbfs: -3 }),
      proposed: 15,
      reason: 'Ch 1 Kick averages -3.0 dBFS, above -4 dBFS, with peaks at -1.5 dBFS: lower the preamp gain 15.0 dB now, toward -18 dBFS average / -6 dBFS peak. With it the fader goes up 10.0 dB to +10.0 dB, so the PA and the monitors stay where they are. Ch 1 Kick: the fader cannot follow (it reaches its +10.0 dB maximum); in the PA it moves −5.0 dB. Confirm to apply anyway.',
    },
    {
      name: 'a converter stuck at full scale most of the time hides much more',
      point: makePoint({ peakDbfs: 0, averageDbfs: -1, clipCount: 140, recentClipCount: 10 }),
      // 87.5 % clipped: 8 + 30 * 0.375 = 19.25 dB hidden; the average leads: -18 - (-1 + 9.6) = -26.6 dB.
      proposed: 3.5,
      reason: 'Ch 1 Kick clips (10 readings at or above -1 dBFS in the last 500 ms, 140 in 8.0 s; average -1.0 dBFS): lower the preamp gain 26.5 dB now, toward -18 dBFS average / -6 dBFS peak, allowing about 19.3 dB the meter cannot show above full scale. With it the fader goes up 7.3 dB to +7.3 dB, so the PA and the monitors stay where they are.',
    },
  ])('$name', ({ point, proposed, reason }) => {
    const suggestions = run({ snapshot: { channels: [kick] }, stats: { channelInput: [point] } });
    const preamp = suggestions.filter((s) => s.stage === 'preamp' && s.target.kind === 'channel');
    expect(preamp).toHaveLength(1);
    expect(preamp[0]?.rule).toBe('clipping');
    expect(preamp[0]?.severity).toBe('urgent');
    expect(preamp[0]?.id).toBe('clipping:ch1:preamp');
    expect(preamp[0]?.change?.proposedValue).toBe(proposed);
    expect(preamp[0]?.reason).toBe(reason);
  });

  test.each([
    { name: 'two clips in 500 ms is below the count of 3', point: makePoint({ peakDbfs: -0.5, averageDbfs: -20, clipCount: 2, recentClipCount: 2 }) },
    { name: 'average at -4.5 dBFS is not hot', point: makePoint({ peakDbfs: -2, averageDbfs: -4.5 }) },
  ])('$name: no clipping suggestion', ({ point }) => {
    expect(ofRule(run({ snapshot: { channels: [kick] }, stats: { channelInput: [point] } }), 'clipping')).toEqual([]);
  });

  test('clipping beats preamp-target on the same preamp stage', () => {
    const point = makePoint({ peakDbfs: 0, averageDbfs: -10, clipCount: 10, recentClipCount: 5 });
    const ids = run({ snapshot: { channels: [kick] }, stats: { channelInput: [point] } }).map((s) => s.id);
    expect(ids).toContain('clipping:ch1:preamp');
    expect(ids).not.toContain('preamp-target:ch1:preamp');
  });

  test('a finished window (a soundcheck) counts its clips wherever they fell, not only in its last 500 ms', () => {
    // The kick clipped 6 times during a 2 s check and rested in the last 500 ms before the check ended.
    const checked = makePoint({ peakDbfs: 0, averageDbfs: -3.2, clipCount: 6, recentClipCount: 0, activeMs: 2000, windowMs: 2000, frames: 40 });
    const judged = ofRule(run({ snapshot: { channels: [kick] }, stats: { channelInput: [checked], finished: true } }), 'clipping');
    expect(judged).toHaveLength(1);
    expect(judged[0]!.reason.startsWith('Ch 1 Kick clips (6 readings at or above -1 dBFS in 2.0 s of playing; average -3.2 dBFS): lower the preamp gain')).toBe(true);
    // Live, the same figures are a hot average: the clips are no longer recent.
    const live = ofRule(run({ snapshot: { channels: [kick] }, stats: { channelInput: [checked] } }), 'clipping');
    expect(live[0]!.reason.startsWith('Ch 1 Kick averages -3.2 dBFS')).toBe(true);
    // Below the count over the whole window, a finished window is not clipping either.
    const twice = makePoint({ peakDbfs: -0.5, averageDbfs: -20, clipCount: 2, recentClipCount: 0, activeMs: 2000, windowMs: 2000, frames: 40 });
    expect(ofRule(run({ snapshot: { channels: [kick] }, stats: { channelInput: [twice], finished: true } }), 'clipping')).toEqual([]);
  });

  test('once shown it holds while clips remain in the window, even below the count', () => {
    const clipping = makePoint({ peakDbfs: -0.3, averageDbfs: -14, clipCount: 8, recentClipCount: 4 });
    const previous = run({ snapshot: { channels: [kick] }, stats: { channelInput: [clipping] } });
    const fading = makePoint({ peakDbfs: -0.3, averageDbfs: -14, clipCount: 2, recentClipCount: 0 });
    expect(ofRule(run({ snapshot: { channels: [kick] }, stats: { channelInput: [fading] }, previous }), 'clipping')).toHaveLength(1);
    expect(ofRule(run({ snapshot: { channels: [kick] }, stats: { channelInput: [fading] } }), 'clipping')).toHaveLength(0);
  });

  test('pre-fader sends follow the level the monitors heard, not the hidden part', () => {
    const point = makePoint({ peakDbfs: 0, averageDbfs: -3, clipCount: 80, recentClipCount: 6 });
    const [suggestion] = ofRule(run({
      snapshot: { channels: [{ ...kick, sends: [{ bus: 1, levelDb: -10, on: true, preFader: true }] }] },
      stats: { channelInput: [point] },
    }), 'clipping');
    // Hidden 8 dB (half the window clipped): gain -19 dB, the mixes hear -11 dB, so the send rises 11 dB and the
    // fader as far as it goes (+10 dB): the last 1 dB in the PA is a stated residual.
    expect(suggestion?.change?.deltaDb).toBe(-19);
    expect(suggestion?.compensation).toEqual([
      { param: 'ch.1.faderDb', currentValue: 0, proposedValue: 10, deltaDb: 10 },
      { param: 'ch.1.send.1.levelDb', currentValue: -10, proposedValue: 1, deltaDb: 11 },
    ]);
    expect(suggestion?.residualDb).toBe(-1);
    expect(suggestion?.effect.map((e) => [e.label, e.deltaDb])).toEqual([['PA', -1], ['Bus 1', 0]]);
  });

  test.each([
    { clipCount: 0, frames: 160, expected: 0 },
    { clipCount: 16, frames: 160, expected: 1.6 },
    { clipCount: 80, frames: 160, expected: 8 },
    { clipCount: 120, frames: 160, expected: 15.5 },
    { clipCount: 160, frames: 160, expected: 23 },
    { clipCount: 0, frames: 0, expected: 0 },
  ])('hidden peak for $clipCount of $frames readings clipped is $expected dB', ({ clipCount, frames, expected }) => {
    expect(hiddenPeakDb(clipCount, frames)).toBeCloseTo(expected, 9);
  });
});
