import { describe, expect, test } from 'vitest';
import type { ChannelDiff } from '../../../server/profiles/recall-diff';
import { recallRows, recallWrites } from '../../../ui/src/lib/recall-rows';

const diff: ChannelDiff[] = [
  {
    index: 1, name: 'Kick', storedName: 'Kick', renamed: false,
    params: [
      { param: 'ch.1.preampGainDb', stage: 'preampGainDb', currentDb: 35, storedDb: 14, deltaDb: -21 },
      { param: 'ch.1.trimDb', stage: 'trimDb', currentDb: 0, storedDb: 0, deltaDb: 0 },
    ],
  },
  {
    index: 13, name: 'Guest vox', storedName: 'Vox 1', renamed: true,
    params: [{ param: 'ch.13.trimDb', stage: 'trimDb', currentDb: -2, storedDb: 1.5, deltaDb: 3.5 }],
  },
  {
    index: 40, name: null, storedName: 'Spare', renamed: false,
    params: [{ param: 'ch.40.preampGainDb', stage: 'preampGainDb', currentDb: null, storedDb: 30, deltaDb: null }],
  },
];

describe('recall rows', () => {
  test('one row per stored value: now, stored and change in dB; renamed channels flagged', () => {
    expect(recallRows(diff)).toEqual([
      { key: '1.preampGainDb', channel: 1, name: 'Kick', renamedFrom: null, stage: 'Gain', current: '35.0', stored: '14.0', delta: '−21.0', changes: true },
      { key: '1.trimDb', channel: 1, name: 'Kick', renamedFrom: null, stage: 'Trim', current: '0.0', stored: '0.0', delta: '0.0', changes: false },
      { key: '13.trimDb', channel: 13, name: 'Guest vox', renamedFrom: 'Vox 1', stage: 'Trim', current: '-2.0', stored: '+1.5', delta: '+3.5', changes: true },
      { key: '40.preampGainDb', channel: 40, name: 'Spare', renamedFrom: null, stage: 'Gain', current: 'none', stored: '30.0', delta: '—', changes: false },
    ]);
  });

  test('counts the values a recall would write', () => {
    expect(recallWrites(diff)).toBe(2);
    expect(recallWrites([])).toBe(0);
  });
});
