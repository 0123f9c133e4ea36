import { describe, expect, test } from 'vitest';
import type { Suggestion } from '../../server/engine/suggestion';
import { SuggestionFeed, type SuggestionDiff } from '../../server/hub/suggestion-feed';
import { makeSuggestion } from '../ui/lib/builders';

function suggestion(id: string, overrides: Partial<Suggestion> = {}): Suggestion {
  return makeSuggestion({
    id,
    change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue: 32, deltaDb: -8 },
    evidence: { windowMs: 8000, peakDbfs: -2.04, averageDbfs: -10.02 },
    reason: 'Ch 1 Kick averages -10.0 dBFS.',
    version: 'v1',
    ...overrides,
  });
}

/** A feed on a hand-turned clock and timer list. */
function feed(maxEvidencePerInterval = 10) {
  let nowMs = 0;
  const timers: { run: () => void; atMs: number }[] = [];
  const diffs: SuggestionDiff[] = [];
  const f = new SuggestionFeed({
    evidenceIntervalMs: 1000,
    maxEvidencePerInterval,
    nowMs: () => nowMs,
    setTimer: (run, ms) => {
      const timer = { run, atMs: nowMs + ms };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => timers.splice(timers.indexOf(handle as (typeof timers)[number]), 1),
    onListenerError: (error) => {
      throw error;
    },
  });
  f.onDiff((diff) => diffs.push(diff));
  const advance = (ms: number) => {
    nowMs += ms;
    for (const timer of timers.filter((t) => t.atMs <= nowMs)) {
      timers.splice(timers.indexOf(timer), 1);
      timer.run();
    }
  };
  return { f, diffs, advance, timers };
}

describe('SuggestionFeed', () => {
  test('a new suggestion is added, one that goes is removed, each diff one version on', () => {
    const { f, diffs } = feed();
    const start = f.version;
    f.update([suggestion('a')]);
    f.update([suggestion('a'), suggestion('b')]);
    f.update([suggestion('b')]);
    expect(diffs.map((d) => [d.version, d.added.map((s) => s.id), d.changed, d.removed])).toEqual([
      [start + 1, ['a'], [], []],
      [start + 2, ['b'], [], []],
      [start + 3, [], [], ['a']],
    ]);
    expect(f.current().map((s) => s.id)).toEqual(['b']);
  });

  test('the same list again, or figures whose displayed rounding is the same, sends nothing', () => {
    const { f, diffs, advance } = feed();
    f.update([suggestion('a')]);
    advance(5000);
    f.update([suggestion('a')]);
    // -2.04 -> -2.01 and -10.02 -> -9.96 print as -2.0 and -10.0 either way; 0.8 -> 0.804 is 80 %.
    f.update([suggestion('a', { confidence: 0.804, evidence: { windowMs: 8010, peakDbfs: -2.01, averageDbfs: -9.96 } })]);
    expect(diffs).toHaveLength(1);
  });

  test('a proposal wobbling by one displayed step (0.1 dB) is not news; two steps are', () => {
    const { f, diffs } = feed();
    const proposing = (proposedValue: number) => suggestion('a', { change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue, deltaDb: proposedValue - 40 } });
    f.update([proposing(32)]);
    f.update([proposing(32.1)]);
    f.update([proposing(31.9)]);
    expect(diffs).toHaveLength(1);
    f.update([proposing(31.8)]);
    expect(diffs[1]!.changed).toEqual([{ id: 'a', change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue: 31.8, deltaDb: 31.8 - 40 } }]);
  });

  test('the compensation’s figures tick (the fader it carries moves at the desk); other compensating parameters are news', () => {
    const { f, diffs, advance } = feed();
    const compensating = (param: string, proposedValue: number) =>
      suggestion('a', { compensation: [{ param, currentValue: proposedValue - 8, proposedValue, deltaDb: 8 }] });
    f.update([compensating('ch.1.faderDb', 0)]);
    advance(1000);
    f.update([compensating('ch.1.faderDb', -3)]);
    advance(100);
    f.update([compensating('ch.1.faderDb', -6)]);
    expect(diffs.map((d) => d.changed.map((c) => c.compensation?.[0]?.proposedValue))).toEqual([[], [-3]]);
    f.update([compensating('ch.1.send.2.levelDb', -6)]);
    expect(diffs[2]!.changed).toEqual([{ id: 'a', compensation: [{ param: 'ch.1.send.2.levelDb', currentValue: -14, proposedValue: -6, deltaDb: 8 }] }]);
  });

  test('a material change (a new proposal) goes out at once with only the fields that changed', () => {
    const { f, diffs } = feed();
    f.update([suggestion('a')]);
    f.update([suggestion('a', { severity: 'urgent', change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue: 31.5, deltaDb: -8.5 } })]);
    expect(diffs[1]).toMatchObject({ added: [], removed: [] });
    expect(diffs[1]!.changed).toEqual([
      { id: 'a', severity: 'urgent', change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue: 31.5, deltaDb: -8.5 } },
    ]);
  });

  test('evidence that ticks every evaluation goes out at most once a second, and the last figures are not lost', () => {
    const { f, diffs, advance } = feed();
    f.update([suggestion('a')]);
    const ticking = (averageDbfs: number) => suggestion('a', { evidence: { windowMs: 8000, peakDbfs: -2.04, averageDbfs } });
    advance(1000);
    f.update([ticking(-11)]);
    expect(diffs).toHaveLength(2);
    for (let i = 1; i <= 4; i++) {
      advance(250);
      f.update([ticking(-11 - i)]);
    }
    // -12, -13, -14 arrived within the second after -11 went out: the latest of them goes at the second
    // mark; -15, just after it, waits for the next second.
    expect(diffs.map((d) => d.changed.map((c) => c.evidence?.averageDbfs))).toEqual([[], [-11], [-14]]);
    advance(300);
    f.update([ticking(-16)]);
    expect(diffs).toHaveLength(3);
    advance(700);
    // Nothing new from the advisor, but the pending figure goes out when its second is up.
    expect(diffs.map((d) => d.changed.map((c) => c.evidence?.averageDbfs))).toEqual([[], [-11], [-14], [-16]]);
    expect(f.current()[0]!.evidence.averageDbfs).toBe(-16);
  });

  test('a material change goes out at once and alone: other suggestions’ figures keep their own pace', () => {
    const { f, diffs, advance } = feed();
    f.update([suggestion('a'), suggestion('b')]);
    advance(1000);
    f.update([suggestion('a', { reason: 'Ch 1 Kick averages -12.0 dBFS.' }), suggestion('b')]);
    advance(100);
    f.update([suggestion('a', { reason: 'Ch 1 Kick averages -13.0 dBFS.' }), suggestion('b', { severity: 'urgent', reason: 'louder' })]);
    expect(diffs.map((d) => d.changed)).toEqual([
      [],
      [{ id: 'a', reason: 'Ch 1 Kick averages -12.0 dBFS.' }],
      [{ id: 'b', severity: 'urgent' }],
    ]);
    advance(900);
    expect(diffs[3]!.changed).toEqual(expect.arrayContaining([{ id: 'a', reason: 'Ch 1 Kick averages -13.0 dBFS.' }, { id: 'b', reason: 'louder' }]));
    expect(diffs[3]!.changed).toHaveLength(2);
    // What a tablet holds after applying every diff is what the feed says it told.
    expect(f.current().map((s) => [s.severity, s.reason])).toEqual([['advice', 'Ch 1 Kick averages -13.0 dBFS.'], ['urgent', 'louder']]);
  });

  test('with many suggestions ticking, each round refreshes the few told longest ago', () => {
    const { f, diffs, advance } = feed(2);
    f.update([suggestion('a'), suggestion('b'), suggestion('c')]);
    const tick = (reason: string) => f.update(['a', 'b', 'c'].map((id) => suggestion(id, { reason })));
    advance(1000);
    tick('one');
    advance(1000);
    tick('two');
    advance(1000);
    tick('three');
    expect(diffs.slice(1).map((d) => d.changed.map((c) => `${c.id}:${c.reason}`).sort())).toEqual([
      ['a:one', 'b:one'],
      // c's turn came a second later, before the advisor's next list.
      ['c:one'],
      // a and b were told longest ago; c's 'two' waits for the next round.
      ['a:two', 'b:two'],
    ]);
  });

  test('a suggestion that gains a field (contributors) is sent whole, as added', () => {
    const { f, diffs } = feed();
    f.update([suggestion('a')]);
    const withContributors = suggestion('a', { contributors: [{ target: { kind: 'channel', index: 2 }, label: 'Ch 2', levelDbfs: -20 }] });
    f.update([withContributors]);
    expect(diffs[1]).toMatchObject({ added: [withContributors], changed: [], removed: [] });
  });
});
