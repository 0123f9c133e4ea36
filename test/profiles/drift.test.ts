import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { channelLevelsFrom, drift, type ChannelLevel } from '../../server/profiles/drift';
import type { HistoryChannel } from '../../server/profiles/schema';
import { makeChannel, makePoint, makeProfile, makeSnapshot, makeStatistics } from './builders';

function measured(index: number, name: string, averageDbfs: number | null, preampGainDb: number | null = 30): HistoryChannel {
  return { index, name, preampGainDb, trimDb: 0, averageDbfs, peakDbfs: null };
}

function level(index: number, name: string, averageDbfs: number, preampGainDb: number | null = 30): ChannelLevel {
  return { index, name, averageDbfs, preampGainDb, trimDb: 0 };
}

const profile = makeProfile({
  history: [
    { date: '2026-09-01', channels: [measured(13, 'Vox 1', -30), measured(1, 'Kick', -18)] },
    { date: '2026-10-02', channels: [measured(13, 'Vox 1', -23), measured(1, 'Kick', -18), measured(2, 'Snare', null)] },
    { date: '2026-12-24', channels: [measured(13, 'Vox 1', -40)] },
  ],
});

describe('drift', () => {
  test('compares with the latest earlier visit that measured the channel', () => {
    expect(drift(profile, [level(13, 'Vox 1', -18)], '2026-11-15')).toEqual([
      {
        index: 13, name: 'Vox 1', date: '2026-10-02', deltaDb: 5, averageDbfs: -18, earlierAverageDbfs: -23,
        gainChangeDb: 0, message: 'Vox 1 runs 5.0 dB hotter than on 2026-10-02',
      },
    ]);
  });

  test('says quieter when the level dropped', () => {
    expect(drift(profile, [level(13, 'Vox 1', -28.04)], '2026-11-15').map((n) => [n.deltaDb, n.message])).toEqual([
      [-5, 'Vox 1 runs 5.0 dB quieter than on 2026-10-02'],
    ]);
  });

  test.each([
    ['within the threshold', -20.1, []],
    ['exactly at the threshold', -20, []],
    ['just above it', -19.9, ['Vox 1 runs 3.1 dB hotter than on 2026-10-02']],
  ])('%s', (_label, averageDbfs, messages) => {
    expect(drift(profile, [level(13, 'Vox 1', averageDbfs)], '2026-11-15').map((n) => n.message)).toEqual(messages);
  });

  test('uses the profile threshold', () => {
    const strict = makeProfile({ ...profile, thresholds: { ...profile.thresholds, driftDb: 1 } });
    expect(drift(strict, [level(1, 'Kick', -16.5)], '2026-11-15').map((n) => n.deltaDb)).toEqual([1.5]);
    expect(drift(profile, [level(1, 'Kick', -16.5)], '2026-11-15')).toEqual([]);
  });

  test('takes gain changes out: the source is compared at the same gain', () => {
    const notes = drift(profile, [level(13, 'Vox 1', -18, 35)], '2026-11-15');
    expect(notes).toEqual([]);
    const hotter = drift(profile, [level(13, 'Vox 1', -12, 32)], '2026-11-15');
    expect(hotter.map((n) => [n.deltaDb, n.gainChangeDb, n.message])).toEqual([
      [9, 2, 'Vox 1 runs 9.0 dB hotter than on 2026-10-02 at the same gain (gain since then: +2.0 dB)'],
    ]);
  });

  test('compares as metered when either date lacks the gain', () => {
    const noGain = drift(profile, [level(13, 'Vox 1', -18, null)], '2026-11-15');
    expect(noGain.map((n) => [n.deltaDb, n.gainChangeDb])).toEqual([[5, null]]);
  });

  test('matches by index and name (case and spaces ignored), never by one alone', () => {
    expect(drift(profile, [level(13, ' vox 1 ', -18)], '2026-11-15')).toHaveLength(1);
    expect(drift(profile, [level(13, 'Lead', -18)], '2026-11-15')).toEqual([]);
    expect(drift(profile, [level(12, 'Vox 1', -18)], '2026-11-15')).toEqual([]);
  });

  test('ignores visits on or after today, unmeasured channels and silent ones', () => {
    expect(drift(profile, [level(13, 'Vox 1', -18)], '2026-10-02').map((n) => n.date)).toEqual(['2026-09-01']);
    expect(drift(profile, [level(13, 'Vox 1', -18)], '2026-09-01')).toEqual([]);
    expect(drift(profile, [level(2, 'Snare', -5)], '2026-11-15')).toEqual([]);
    expect(drift(profile, [level(13, 'Vox 1', -Infinity)], '2026-11-15')).toEqual([]);
  });

  test('reports every drifting channel in the order given', () => {
    const notes = drift(profile, [level(13, 'Vox 1', -30), level(1, 'Kick', -10)], '2026-11-15');
    expect(notes.map((n) => [n.name, n.deltaDb])).toEqual([['Vox 1', -7], ['Kick', 8]]);
  });

  test('property: reported exactly when the gain-corrected change exceeds the threshold, with its sign', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: 0, noNaN: true }),
        fc.double({ min: -60, max: 0, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (then, now, gainThen, gainNow) => {
          const history = makeProfile({ history: [{ date: '2026-01-01', channels: [measured(1, 'A', then, gainThen)] }] });
          const notes = drift(history, [level(1, 'A', now, gainNow)], '2026-02-01');
          const change = now - gainNow - (then - gainThen);
          expect(notes.length).toBe(Math.abs(change) > history.thresholds.driftDb ? 1 : 0);
          for (const note of notes) {
            expect(Math.sign(note.deltaDb)).toBe(Math.sign(change));
            expect(Math.abs(note.deltaDb - change)).toBeLessThanOrEqual(0.05 + 1e-9);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('channelLevelsFrom', () => {
  test('takes names and gains from the console and averages from the statistics', () => {
    const snapshot = makeSnapshot([
      makeChannel(1, { name: 'Kick', preampGainDb: 28, trimDb: -1 }),
      makeChannel(2, { name: 'Snare', preampGainDb: null, trimDb: null }),
      makeChannel(3, { name: 'Tom' }),
    ]);
    const statistics = makeStatistics([makePoint({ averageDbfs: -19 }), makePoint({ activeMs: 0, averageDbfs: -70 })]);
    expect(channelLevelsFrom(snapshot, statistics)).toEqual([
      { index: 1, name: 'Kick', averageDbfs: -19, preampGainDb: 28, trimDb: -1 },
      { index: 2, name: 'Snare', averageDbfs: -Infinity, preampGainDb: null, trimDb: null },
      { index: 3, name: 'Tom', averageDbfs: -Infinity, preampGainDb: 30, trimDb: 0 },
    ]);
  });
});
