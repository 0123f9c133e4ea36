import { describe, expect, test } from 'vitest';
import { mixShiftDb, pendingChannelChanges } from '../../server/engine/pending-changes';
import type { ProposedChange, Suggestion } from '../../server/engine/suggestion';
import { makePoint, makeSnapshot, makeStats } from './builders';

function move(param: string, deltaDb: number): ProposedChange {
  return { param, currentValue: 0, proposedValue: deltaDb, deltaDb };
}

function suggestion(channel: number, change: ProposedChange, compensation: ProposedChange[], evidence: Record<string, number> = {}): Suggestion {
  return {
    id: `test:ch${channel}`, rule: 'preamp-target', severity: 'advice', confidence: 1,
    target: { kind: 'channel', index: channel }, label: `Ch ${channel}`, stage: 'preamp',
    change, compensation, evidence: { windowMs: 8000, ...evidence }, reason: '',
  };
}

describe('pendingChannelChanges', () => {
  test.each([
    {
      name: 'a clipping fix: the mix hears the gain change less the hidden level; sends compensate',
      s: suggestion(1, move('ch.1.preampGainDb', -19), [move('ch.1.send.1.levelDb', 12.3)], { heardChangeDb: -12.3 }),
      pre: -12.3, post: -12.3, sends: [[1, 12.3]],
    },
    {
      name: 'makeup down with the fader and pre-fader sends up: the mix does not move',
      s: suggestion(2, move('ch.2.dynMakeupDb', -9), [move('ch.2.faderDb', 9), move('ch.2.send.3.levelDb', 9)]),
      pre: -9, post: 0, sends: [[3, 9]],
    },
    {
      name: 'a threshold raised for compression depth: the reduction no longer made comes out as level',
      s: suggestion(3, move('ch.3.dynThresholdDb', 10.5), [move('ch.3.faderDb', -7)], { removedGainReductionDb: 7 }),
      pre: 7, post: 0, sends: [],
    },
    {
      name: 'an EQ band cut counts at most the level the EQ was measured to add',
      s: suggestion(4, move('ch.4.eq.1.gainDb', -8), [], { eqNetGainDb: 5 }),
      pre: -5, post: -5, sends: [],
    },
  ])('$name', ({ s, pre, post, sends }) => {
    const change = pendingChannelChanges([s]).get(s.target.kind === 'channel' ? s.target.index : 0);
    expect(change?.preFaderDb).toBeCloseTo(pre, 9);
    expect(change?.postFaderDb).toBeCloseTo(post, 9);
    expect([...(change?.sendDb ?? [])]).toEqual(sends);
  });
});

describe('mixShiftDb', () => {
  const snapshot = makeSnapshot({
    channels: [
      { name: 'Kick', sends: [{ bus: 1, levelDb: 0, on: true, preFader: true }] },
      { name: 'Vox', sends: [{ bus: 1, levelDb: 0, on: true, preFader: true }] },
    ],
  });
  const stats = makeStats({
    channelInput: [makePoint({ averageDbfs: -20 }), makePoint({ averageDbfs: -20 })],
    channelPostFader: [makePoint({ averageDbfs: -20 }), makePoint({ averageDbfs: -20 })],
  });

  test('one of two equal contributors going silent drops the mix 3.01 dB', () => {
    const changes = pendingChannelChanges([suggestion(1, move('ch.1.faderDb', -100), [])]);
    expect(mixShiftDb(snapshot, stats, changes, { kind: 'main' })).toBeCloseTo(10 * Math.log10(0.5 + 0.5e-10), 6);
  });

  test('a pre-fader send that compensates a gain change leaves the monitor mix where it was', () => {
    const changes = pendingChannelChanges([
      suggestion(1, move('ch.1.preampGainDb', -10), [move('ch.1.send.1.levelDb', 10)], { heardChangeDb: -10 }),
    ]);
    expect(mixShiftDb(snapshot, stats, changes, { kind: 'bus', index: 1 })).toBeCloseTo(0, 9);
    expect(mixShiftDb(snapshot, stats, changes, { kind: 'main' })).toBeLessThan(-2.5);
  });

  test('nothing pending: no shift', () => {
    expect(mixShiftDb(snapshot, stats, new Map(), { kind: 'main' })).toBe(0);
  });
});
