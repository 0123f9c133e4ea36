import { describe, expect, test } from 'vitest';
import { defaultProfile } from '../../server/profiles/default-profile';
import { MAX_HISTORY_ENTRIES, profileFromSnapshot } from '../../server/profiles/from-snapshot';
import { migrateProfile } from '../../server/profiles/migrate';
import { makeChannel, makePoint, makeProfile, makeSnapshot, makeStatistics } from './builders';

const snapshot = makeSnapshot([
  makeChannel(1, { name: 'Kick', sourceType: 'kick', preampGainDb: 28, trimDb: -2.5 }),
  makeChannel(2, { name: 'Vox 1', sourceType: 'vocal', preampGainDb: 40, trimDb: 0 }),
  makeChannel(3, { name: 'Playback', sourceType: null, preampGainDb: null, trimDb: 3 }),
], 'X32');

const statistics = makeStatistics([
  makePoint({ averageDbfs: -19.46, peakHoldDbfs: -5.04, peakDbfs: -7 }),
  makePoint({ averageDbfs: -21.26, peakHoldDbfs: -9.9 }),
  makePoint({ activeMs: 0, averageDbfs: -Infinity, peakHoldDbfs: -80 }),
]);

describe('profileFromSnapshot', () => {
  test('captures the channel plan with gain and trim as expected values', () => {
    const profile = profileFromSnapshot(snapshot, statistics, null, '2026-10-02');
    expect(profile.consoleModel).toBe('X32');
    expect(profile.channels).toEqual([
      { index: 1, name: 'Kick', sourceType: 'kick', expectedGainDb: 28, expectedTrimDb: -2.5 },
      { index: 2, name: 'Vox 1', sourceType: 'vocal', expectedGainDb: 40, expectedTrimDb: 0 },
      { index: 3, name: 'Playback', sourceType: 'other', expectedTrimDb: 3 },
    ]);
  });

  test('adds a history entry with gains, trims and measured levels (0.1 dB, held peak)', () => {
    const profile = profileFromSnapshot(snapshot, statistics, null, '2026-10-02');
    expect(profile.history).toEqual([
      {
        date: '2026-10-02',
        channels: [
          { index: 1, name: 'Kick', preampGainDb: 28, trimDb: -2.5, averageDbfs: -19.5, peakDbfs: -5 },
          { index: 2, name: 'Vox 1', preampGainDb: 40, trimDb: 0, averageDbfs: -21.3, peakDbfs: -9.9 },
          { index: 3, name: 'Playback', preampGainDb: null, trimDb: 3, averageDbfs: null, peakDbfs: null },
        ],
      },
    ]);
  });

  test('without statistics (unmetered console) levels are null, never invented', () => {
    const profile = profileFromSnapshot(snapshot, null, null, '2026-10-02');
    expect(profile.history[0]!.channels.map((c) => [c.averageDbfs, c.peakDbfs])).toEqual([
      [null, null], [null, null], [null, null],
    ]);
  });

  test('channels missing from the statistics get null levels', () => {
    const profile = profileFromSnapshot(snapshot, makeStatistics([makePoint()]), null, '2026-10-02');
    expect(profile.history[0]!.channels.map((c) => c.averageDbfs)).toEqual([-18, null, null]);
  });

  test('starts from the default profile', () => {
    const profile = profileFromSnapshot(snapshot, statistics, null, '2026-10-02');
    const { channels: _c, history: _h, consoleModel: _m, ...rest } = profile;
    const { channels: _dc, history: _dh, consoleModel: _dm, ...defaults } = defaultProfile();
    expect(rest).toEqual(defaults);
  });

  test('keeps the base venue, calibration, targets, thresholds, outputs and earlier visits', () => {
    const base = makeProfile({
      venue: 'Riverside',
      calibration: { dbuAtZeroDbfs: 18 },
      outputs: [{ index: 1, amplifier: 'Amp', inputSensitivityDbu: 1.2, dbuAtZeroDbfs: 18, feed: { kind: 'matrix', index: 1 } }],
      history: [
        { date: '2026-11-01', channels: [] },
        { date: '2026-09-01', channels: [] },
        { date: '2026-10-02', channels: [] },
      ],
    });
    base.thresholds.driftDb = 4;
    base.targets.bySourceType = { vocal: { averageDbfs: -20 } };
    const profile = profileFromSnapshot(snapshot, statistics, base, '2026-10-02');
    expect(profile.venue).toBe('Riverside');
    expect(profile.calibration).toEqual({ dbuAtZeroDbfs: 18 });
    expect(profile.outputs).toEqual(base.outputs);
    expect(profile.thresholds.driftDb).toBe(4);
    expect(profile.targets.bySourceType).toEqual({ vocal: { averageDbfs: -20 } });
    expect(profile.history.map((entry) => [entry.date, entry.channels.length])).toEqual([
      ['2026-09-01', 0], ['2026-10-02', 3], ['2026-11-01', 0],
    ]);
  });

  test('keeps notes and source type of a channel that still has its name, not of a repurposed one', () => {
    const base = makeProfile({
      channels: [
        { index: 1, name: 'Kick', sourceType: 'kick', notes: 'Beta 91 inside' },
        { index: 2, name: 'Gtr', sourceType: 'guitar', notes: 'Vox AC30' },
        { index: 3, name: 'Playback', sourceType: 'playback' },
      ],
    });
    const profile = profileFromSnapshot(snapshot, statistics, base, '2026-10-02');
    expect(profile.channels.map((c) => [c.name, c.sourceType, c.notes])).toEqual([
      ['Kick', 'kick', 'Beta 91 inside'],
      ['Vox 1', 'vocal', undefined],
      ['Playback', 'playback', undefined],
    ]);
  });

  test('never keeps more than MAX_HISTORY_ENTRIES visits, dropping the oldest', () => {
    const history = Array.from({ length: MAX_HISTORY_ENTRIES }, (_, i) => ({
      date: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
      channels: [],
    }));
    const profile = profileFromSnapshot(snapshot, statistics, makeProfile({ history }), '2026-10-02');
    expect(profile.history).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(profile.history[0]!.date).toBe('2020-01-02');
    expect(profile.history.at(-1)!.date).toBe('2026-10-02');
  });

  test('the result is a valid profile, even with overlong names', () => {
    const long = makeSnapshot([makeChannel(1, { name: 'x'.repeat(100) })], 'M'.repeat(80));
    const profile = profileFromSnapshot(long, statistics, null, '2026-10-02');
    expect(migrateProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
  });
});
