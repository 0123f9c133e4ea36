import { describe, expect, test } from 'vitest';
import { suggest } from '../../server/engine/suggest';
import type { Suggestion } from '../../server/engine/suggestion';
import type { PointStatistics } from '../../server/meters/statistics';
import type { ChannelState } from '../../server/model/stages';
import type { RuleContext } from '../../server/engine/rule';
import { preampTargetRule } from '../../server/engine/rules/preamp-target';
import { NOW_MS, makePoint, makeProfile, makeSnapshot, makeStats, silentPoint } from './builders';

function preampSuggestions(
  channel: Partial<ChannelState>,
  point: PointStatistics,
  previous: readonly Suggestion[] = [],
  profile = makeProfile(),
): Suggestion[] {
  const snapshot = makeSnapshot({ channels: [channel] });
  const stats = makeStats({ channelInput: [point] });
  return suggest(snapshot, stats, profile, NOW_MS, previous).filter((s) => s.rule === 'preamp-target' && s.target.kind === 'channel');
}

const kick: Partial<ChannelState> = { name: 'Kick', sourceType: 'kick' };
const vocal: Partial<ChannelState> = { name: 'Vox 1', sourceType: 'vocal' };

interface ChangeCase {
  name: string;
  channel: Partial<ChannelState>;
  point: PointStatistics;
  param: string;
  current: number;
  proposed: number;
  severity: Suggestion['severity'];
  reason: string;
}

describe('preamp-target', () => {
  test.each<ChangeCase>([
    {
      name: 'kick clipping at -0.3 dBFS',
      channel: kick,
      // 4 of 160 readings clipped: about 0.4 dB hidden above full scale.
      point: makePoint({ peakDbfs: -0.3, averageDbfs: -20, clipCount: 4 }),
      param: 'ch.1.preampGainDb', current: 30, proposed: 24, severity: 'advice',
      reason: 'Ch 1 Kick peaks at -0.3 dBFS, averaging -20.0 dBFS: lower the preamp gain 6.0 dB to bring its peaks to -6 dBFS (percussive: peaks lead), allowing about 0.4 dB the meter cannot show above full scale. With it the fader goes up 5.6 dB to +5.6 dB, so the PA and the monitors stay where they are.',
    },
    {
      name: 'vocal 22 dB under target',
      channel: vocal,
      point: makePoint({ peakDbfs: -28, averageDbfs: -40 }),
      param: 'ch.1.preampGainDb', current: 30, proposed: 52, severity: 'advice',
      reason: 'Ch 1 Vox 1 peaks at -28.0 dBFS, averaging -40.0 dBFS: raise the preamp gain 22.0 dB to reach -18 dBFS average / -6 dBFS peak. With it the fader comes down 22.0 dB to -22.0 dB, so the PA and the monitors stay where they are.',
    },
    {
      name: 'hot steady keys: the average leads',
      channel: { name: 'Keys', sourceType: 'keys' },
      point: makePoint({ peakDbfs: -3, averageDbfs: -9.5 }),
      param: 'ch.1.preampGainDb', current: 30, proposed: 21.5, severity: 'advice',
      reason: 'Ch 1 Keys peaks at -3.0 dBFS, averaging -9.5 dBFS: lower the preamp gain 8.5 dB to reach -18 dBFS average / -6 dBFS peak. With it the fader goes up 8.5 dB to +8.5 dB, so the PA and the monitors stay where they are.',
    },
    {
      name: 'peak ceiling wins over the average target',
      channel: { name: 'Gtr', sourceType: 'guitar' },
      point: makePoint({ peakDbfs: -11, averageDbfs: -25 }),
      param: 'ch.1.preampGainDb', current: 30, proposed: 35, severity: 'advice',
      reason: 'Ch 1 Gtr peaks at -11.0 dBFS, averaging -25.0 dBFS: raise the preamp gain 5.0 dB to keep peaks at -6 dBFS (the average then sits at -20.0 dBFS). With it the fader comes down 5.0 dB to -5.0 dB, so the PA and the monitors stay where they are.',
    },
    {
      name: 'channel without a headamp uses the trim (0.25 dB grid)',
      channel: { name: 'Playback', preampGainDb: null, preampGainRange: null, headampIndex: null },
      point: makePoint({ peakDbfs: -16.1, averageDbfs: -26.1 }),
      param: 'ch.1.trimDb', current: 0, proposed: 8, severity: 'advice',
      reason: 'Ch 1 Playback peaks at -16.1 dBFS, averaging -26.1 dBFS: raise the trim 8.0 dB to reach -18 dBFS average / -6 dBFS peak. With it the fader comes down 8.0 dB to -8.0 dB, so the PA and the monitors stay where they are.',
    },
    {
      name: 'unnamed channel is labelled by number',
      channel: { name: '  ' },
      point: makePoint({ peakDbfs: -20, averageDbfs: -30 }),
      param: 'ch.1.preampGainDb', current: 30, proposed: 42, severity: 'advice',
      reason: 'Ch 1 peaks at -20.0 dBFS, averaging -30.0 dBFS: raise the preamp gain 12.0 dB to reach -18 dBFS average / -6 dBFS peak. With it the fader comes down 12.0 dB to -12.0 dB, so the PA and the monitors stay where they are.',
    },
  ])('$name', ({ channel, point, param, current, proposed, severity, reason }) => {
    const [suggestion, ...others] = preampSuggestions(channel, point);
    expect(others).toEqual([]);
    expect(suggestion?.change).toEqual({ param, currentValue: current, proposedValue: proposed, deltaDb: proposed - current });
    expect(suggestion?.severity).toBe(severity);
    expect(suggestion?.reason).toBe(reason);
    expect(suggestion?.id).toBe('preamp-target:ch1:preamp');
    expect(suggestion?.stage).toBe('preamp');
    expect(suggestion?.target).toEqual({ kind: 'channel', index: 1 });
    expect(suggestion?.evidence.windowMs).toBe(point.windowMs);
    expect(suggestion?.evidence.peakDbfs).toBe(point.peakDbfs);
    expect(suggestion?.evidence.averageDbfs).toBe(point.averageDbfs);
    expect(suggestion?.evidence.noiseFloorDbfs).toBe(point.lowDbfs);
  });

  test.each([
    { name: 'silent channel: no suggestion', point: silentPoint() },
    { name: 'heard for less than minListenMs: no suggestion', point: makePoint({ averageDbfs: -40, peakDbfs: -30, activeMs: 1900 }) },
    { name: 'on target within tolerance: no suggestion', point: makePoint({ averageDbfs: -16, peakDbfs: -8 }) },
    { name: 'unmetered channel (null statistics): no suggestion', point: null },
  ])('$name', ({ point }) => {
    const snapshot = makeSnapshot({ channels: [vocal] });
    const stats = makeStats({ channelInput: [point] });
    expect(suggest(snapshot, stats, makeProfile(), NOW_MS, []).filter((s) => s.rule === 'preamp-target' && s.target.kind === 'channel')).toEqual([]);
  });

  test('stale meters: nothing judged', () => {
    const stats = makeStats({ channelInput: [makePoint({ averageDbfs: -40, peakDbfs: -30 })], lastFrameAtMs: NOW_MS - 5000 });
    expect(suggest(makeSnapshot(), stats, makeProfile(), NOW_MS, []).filter((s) => s.rule === 'preamp-target' && s.target.kind === 'channel')).toEqual([]);
  });

  test('gain range exhausted: the trim takes what the headamp cannot, and the reason says how much is missing', () => {
    const [suggestion] = preampSuggestions(
      { name: 'Vox 2', preampGainDb: 58, trimDb: 16 },
      makePoint({ averageDbfs: -39, peakDbfs: -29 }),
    );
    expect(suggestion?.change).toEqual({ param: 'ch.1.preampGainDb', currentValue: 58, proposedValue: 60, deltaDb: 2 });
    expect(suggestion?.compensation).toEqual([
      { param: 'ch.1.trimDb', currentValue: 16, proposedValue: 18, deltaDb: 2 },
      { param: 'ch.1.faderDb', currentValue: 0, proposedValue: -4, deltaDb: -4 },
    ]);
    expect(suggestion?.reason).toBe(
      'Ch 1 Vox 2 peaks at -29.0 dBFS, averaging -39.0 dBFS: raise the preamp gain 2.0 dB and the trim 2.0 dB to its maximum +18.0 dB to reach -18 dBFS average / -6 dBFS peak (the trim range ends at +18.0 dB: 17.0 dB short). With it the fader comes down 4.0 dB to -4.0 dB, so the PA and the monitors stay where they are.',
    );
  });

  test('gain range exhausted at both controls: no change, the reason says so', () => {
    const [suggestion] = preampSuggestions(
      { name: 'Vox 2', preampGainDb: 60, trimDb: 18 },
      makePoint({ averageDbfs: -39, peakDbfs: -29 }),
    );
    expect(suggestion?.change).toBeNull();
    expect(suggestion?.compensation).toEqual([]);
    expect(suggestion?.reason).toBe(
      'Ch 1 Vox 2 peaks at -29.0 dBFS, averaging -39.0 dBFS: it needs 21.0 dB more gain but the preamp gain (+60.0 dB) and the trim (+18.0 dB) are at the end of their ranges; check the source, cable and mic choice.',
    );
  });

  test('a channel with neither headamp nor trim gets a warning without a change', () => {
    const [suggestion] = preampSuggestions(
      { name: 'USB', preampGainDb: null, preampGainRange: null, trimDb: null, trimRange: null },
      makePoint({ averageDbfs: -40, peakDbfs: -30 }),
    );
    expect(suggestion?.change).toBeNull();
    expect(suggestion?.reason).toMatch(/exposes no preamp gain or trim/);
  });

  test('source-type targets from the profile override the defaults', () => {
    const profile = makeProfile();
    profile.targets.bySourceType = { vocal: { averageDbfs: -15 } };
    const [suggestion] = preampSuggestions(vocal, makePoint({ averageDbfs: -20, peakDbfs: -12 }), [], profile);
    expect(suggestion?.change?.proposedValue).toBe(35);
    expect(suggestion?.reason).toMatch(/to reach -15 dBFS average \/ -6 dBFS peak/);
  });

  describe('hysteresis holds at the boundary', () => {
    // Tolerance 3 dB: appears beyond 3 dB, stays while beyond 1.5 dB.
    const cases = [
      { name: '2 dB off, not shown before: stays quiet', averageDbfs: -20, shownBefore: false, shown: false },
      { name: '2 dB off, shown before: held', averageDbfs: -20, shownBefore: true, shown: true },
      { name: '3.5 dB off, not shown before: appears', averageDbfs: -21.5, shownBefore: false, shown: true },
      { name: '1 dB off, shown before: released', averageDbfs: -19, shownBefore: true, shown: false },
    ];
    test.each(cases)('$name', ({ averageDbfs, shownBefore, shown }) => {
      const point = makePoint({ averageDbfs, peakDbfs: averageDbfs + 10 });
      const first = preampSuggestions(vocal, makePoint({ averageDbfs: -30, peakDbfs: -20 }));
      expect(first).toHaveLength(1);
      const result = preampSuggestions(vocal, point, shownBefore ? first : []);
      expect(result.map((s) => s.id)).toEqual(shown ? ['preamp-target:ch1:preamp'] : []);
    });

    test('a level wobbling across the 3 dB boundary does not flicker', () => {
      let shown: Suggestion[] = [];
      const seen: boolean[] = [];
      for (const averageDbfs of [-21.2, -20.8, -21.1, -20.9, -21.3, -20.6]) {
        shown = preampSuggestions(vocal, makePoint({ averageDbfs, peakDbfs: averageDbfs + 10 }), shown);
        seen.push(shown.length > 0);
      }
      expect(seen).toEqual([true, true, true, true, true, true]);
    });

    test('a singer\'s pause does not drop a shown suggestion until half the listening time is left', () => {
      const shown = preampSuggestions(vocal, makePoint({ averageDbfs: -30, peakDbfs: -20 }));
      expect(preampSuggestions(vocal, makePoint({ averageDbfs: -30, peakDbfs: -20, activeMs: 1200 }), shown)).toHaveLength(1);
      expect(preampSuggestions(vocal, makePoint({ averageDbfs: -30, peakDbfs: -20, activeMs: 900 }), shown)).toHaveLength(0);
    });
  });
});

describe('preamp-target under the per-stage pick', () => {
  const snapshot = makeSnapshot({ channels: [vocal] });
  const stats = makeStats({ channelInput: [makePoint({ peakDbfs: -20, averageDbfs: -32 })] });
  const context = (outranked?: RuleContext['outranked']): RuleContext => ({
    snapshot, statistics: stats, profile: makeProfile(), nowMs: NOW_MS, previousIds: new Set(), metersFresh: true,
    mixShiftDb: () => 0, ...(outranked === undefined ? {} : { outranked }),
  });

  test('skips a preamp an earlier rule holds at advice or above, asking about this channel\'s preamp at advice', () => {
    const asked: unknown[] = [];
    const held = preampTargetRule.evaluate(context((target, stage, severity) => {
      asked.push({ target, stage, severity });
      return true;
    }));
    expect(held).toEqual([]);
    expect(asked).toEqual([{ target: { kind: 'channel', index: 1 }, stage: 'preamp', severity: 'advice' }]);
  });

  test('suggests as alone when nothing outranks it', () => {
    const alone = preampTargetRule.evaluate(context());
    const free = preampTargetRule.evaluate(context(() => false));
    expect(alone.map((s) => s.change)).toEqual([expect.objectContaining({ param: 'ch.1.preampGainDb', currentValue: 30, proposedValue: 44 })]);
    expect(free).toEqual(alone);
  });
});
