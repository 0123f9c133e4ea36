import { describe, expect, test } from 'vitest';
import { diffProfile, recallChanges } from '../../server/profiles/recall-diff';
import { makeChannel, makeProfile, makeSnapshot } from './builders';

const snapshot = makeSnapshot([
  makeChannel(1, { name: 'Kick', preampGainDb: 35, trimDb: 0 }),
  makeChannel(2, { name: 'Snare', preampGainDb: 24, trimDb: -1.75 }),
  makeChannel(3, { name: 'Lead', preampGainDb: 18, trimDb: 0.1 }),
  makeChannel(4, { name: 'Keys', preampGainDb: null, trimDb: 2 }),
]);

const profile = makeProfile({
  channels: [
    { index: 1, name: 'Kick', sourceType: 'kick', expectedGainDb: 28, expectedTrimDb: 0 },
    { index: 2, name: 'Snare', sourceType: 'snare', expectedGainDb: 24, expectedTrimDb: -1.75 },
    { index: 3, name: 'Vox 1', sourceType: 'vocal', expectedGainDb: 38, expectedTrimDb: 0.4 },
    { index: 4, name: 'Keys', sourceType: 'keys', expectedGainDb: 10 },
    { index: 5, name: 'Spare', sourceType: 'other', expectedGainDb: 30 },
    { index: 6, name: 'Talkback', sourceType: 'other' },
  ],
});

describe('diffProfile', () => {
  test('per channel: current, stored, delta in dB and the parameter id, for preamps', () => {
    expect(diffProfile(snapshot, profile, { kind: 'preamps' })).toEqual([
      {
        index: 1, name: 'Kick', storedName: 'Kick', renamed: false,
        params: [
          { param: 'ch.1.preampGainDb', stage: 'preampGainDb', currentDb: 35, storedDb: 28, deltaDb: -7 },
          { param: 'ch.1.trimDb', stage: 'trimDb', currentDb: 0, storedDb: 0, deltaDb: 0 },
        ],
      },
      {
        index: 2, name: 'Snare', storedName: 'Snare', renamed: false,
        params: [
          { param: 'ch.2.preampGainDb', stage: 'preampGainDb', currentDb: 24, storedDb: 24, deltaDb: 0 },
          { param: 'ch.2.trimDb', stage: 'trimDb', currentDb: -1.75, storedDb: -1.75, deltaDb: 0 },
        ],
      },
      {
        index: 3, name: 'Lead', storedName: 'Vox 1', renamed: true,
        params: [
          { param: 'ch.3.preampGainDb', stage: 'preampGainDb', currentDb: 18, storedDb: 38, deltaDb: 20 },
          { param: 'ch.3.trimDb', stage: 'trimDb', currentDb: 0.1, storedDb: 0.4, deltaDb: 0.3 },
        ],
      },
      {
        index: 4, name: 'Keys', storedName: 'Keys', renamed: false,
        params: [{ param: 'ch.4.preampGainDb', stage: 'preampGainDb', currentDb: null, storedDb: 10, deltaDb: null }],
      },
      {
        index: 5, name: null, storedName: 'Spare', renamed: false,
        params: [{ param: 'ch.5.preampGainDb', stage: 'preampGainDb', currentDb: null, storedDb: 30, deltaDb: null }],
      },
      { index: 6, name: null, storedName: 'Talkback', renamed: false, params: [] },
    ]);
  });

  test('a channel selection keeps only those channels, in profile order', () => {
    const diff = diffProfile(snapshot, profile, { kind: 'channels', channels: [3, 1, 99] });
    expect(diff.map((channel) => channel.index)).toEqual([1, 3]);
  });

  test('an empty selection is an empty diff', () => {
    expect(diffProfile(snapshot, profile, { kind: 'channels', channels: [] })).toEqual([]);
  });
});

describe('recallChanges', () => {
  test('one change per differing parameter the console has, to the stored value', () => {
    expect(recallChanges(diffProfile(snapshot, profile, { kind: 'preamps' }))).toEqual([
      { param: 'ch.1.preampGainDb', value: 28 },
      { param: 'ch.3.preampGainDb', value: 38 },
      { param: 'ch.3.trimDb', value: 0.4 },
    ]);
  });

  test('follows the selection', () => {
    expect(recallChanges(diffProfile(snapshot, profile, { kind: 'channels', channels: [1, 2] }))).toEqual([
      { param: 'ch.1.preampGainDb', value: 28 },
    ]);
  });
});
