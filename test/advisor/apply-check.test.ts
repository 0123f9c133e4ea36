/** What an apply becomes given the change set the card showed and what the engine wants now. */
import { describe, expect, test } from 'vitest';
import { ageText, APPLY_TOLERANCE_DB, checkApply, type ApplyCheck } from '../../server/advisor/apply-check';
import type { Suggestion } from '../../server/engine/suggestion';
import { makePoint, makeStats } from '../engine/builders';
import { makeSuggestion } from '../ui/lib/builders';

/** Ch 1 Kick: preamp 42 -> 42 + gainDeltaDb, fader 0 -> -gainDeltaDb. */
function kickFix(gainDeltaDb: number, version: string): Suggestion {
  return makeSuggestion({
    id: 'clipping:ch1:preamp',
    rule: 'clipping',
    change: { param: 'ch.1.preampGainDb', currentValue: 42, proposedValue: 42 + gainDeltaDb, deltaDb: gainDeltaDb },
    compensation: [{ param: 'ch.1.faderDb', currentValue: 0, proposedValue: -gainDeltaDb, deltaDb: -gainDeltaDb }],
    version,
  });
}

const mainFix = makeSuggestion({
  id: 'main-headroom:main:main',
  rule: 'main-headroom',
  target: { kind: 'main' },
  label: 'Main LR',
  stage: 'main',
  change: { param: 'main.faderDb', currentValue: 0, proposedValue: -3, deltaDb: -3 },
  version: 'main-3',
});

function check(overrides: Partial<ApplyCheck>): ApplyCheck {
  return {
    id: 'clipping:ch1:preamp',
    version: 'v1',
    current: undefined,
    shown: undefined,
    resolution: undefined,
    meters: makeStats({ main: makePoint({ peakDbfs: -9.14 }) }),
    nowMs: 10_000,
    labelOf: (param) => ({ 'ch.1.preampGainDb': 'Ch 1 Kick gain', 'ch.1.faderDb': 'Ch 1 Kick fader' })[param] ?? param,
    ...overrides,
  };
}

describe('the engine still wants what the card showed', () => {
  test('the same version applies the current set', () => {
    const current = kickFix(-20, 'v1');
    expect(checkApply(check({ current, shown: current }))).toEqual({ kind: 'apply', suggestion: current });
  });

  test(`figures within ${APPLY_TOLERANCE_DB} dB apply the set as shown, not the newer one`, () => {
    const shown = kickFix(-20, 'v1');
    const verdict = checkApply(check({ current: kickFix(-20.5, 'v2'), shown }));
    expect(verdict).toEqual({ kind: 'apply', suggestion: shown });
  });
});

describe('the figures moved', () => {
  test('beyond the tolerance: nothing applies; the reply names each value that moved and carries the new set', () => {
    const current = kickFix(-23, 'v2');
    const verdict = checkApply(check({ current, shown: kickFix(-20, 'v1') }));
    expect(verdict).toEqual({
      kind: 'changed',
      now: current,
      changes: [
        { param: 'ch.1.preampGainDb', label: 'Ch 1 Kick gain', shownValue: 22, nowValue: 19 },
        { param: 'ch.1.faderDb', label: 'Ch 1 Kick fader', shownValue: 20, nowValue: 23 },
      ],
      message: 'Ch 1 Kick changed since you saw it: Ch 1 Kick gain +22.0 dB → +19.0 dB; Ch 1 Kick fader +20.0 dB → +23.0 dB. Nothing was written; tap again to apply the new values.',
    });
  });

  test('a compensation that joined or left the set counts as a change', () => {
    const current = { ...kickFix(-20, 'v2'), compensation: [] };
    const verdict = checkApply(check({ current, shown: kickFix(-20, 'v1') }));
    expect(verdict.kind === 'changed' && verdict.changes).toEqual([
      { param: 'ch.1.faderDb', label: 'Ch 1 Kick fader', shownValue: 20, nowValue: null },
    ]);
    expect(verdict.kind === 'changed' && verdict.message).toContain('Ch 1 Kick fader is no longer part of it');
  });

  test('a version the bridge no longer remembers gets the whole new set and says why', () => {
    const current = kickFix(-20, 'v9');
    const verdict = checkApply(check({ current }));
    expect(verdict.kind === 'changed' && verdict.message).toBe('Ch 1 Kick changed since you saw it: the card is older than the bridge remembers. Nothing was written; tap again to apply the new values.');
    expect(verdict.kind === 'changed' && verdict.changes.map((c) => c.param)).toEqual(['ch.1.preampGainDb', 'ch.1.faderDb']);
  });

  test('a dependent mix suggestion repeats what it counts on', () => {
    const current = { ...mainFix, version: 'main-5', change: { ...mainFix.change!, proposedValue: -5, deltaDb: -5 }, dependencyNote: "After Ch 1 Kick's gain fix (PA -2.0 dB) this becomes -5.0 dB." };
    const verdict = checkApply(check({ id: mainFix.id, current, shown: mainFix, version: 'main-3' }));
    expect(verdict.kind === 'changed' && verdict.message).toContain("main.faderDb -3.0 dB → -5.0 dB. After Ch 1 Kick's gain fix (PA -2.0 dB) this becomes -5.0 dB. Nothing was written");
  });
});

describe('the reason is gone', () => {
  test('resolved by another fix: says which, when and the level now', () => {
    const verdict = checkApply(check({
      id: mainFix.id,
      version: 'main-3',
      resolution: { suggestion: mainFix, atMs: 8000, by: { id: 'clipping:ch1:preamp', name: "Ch 1 Kick's gain fix" } },
    }));
    expect(verdict).toEqual({
      kind: 'resolved',
      resolvedBy: 'clipping:ch1:preamp',
      message: "Main LR: resolved by Ch 1 Kick's gain fix a moment ago: Main LR peaks now -9.1 dBFS. Nothing was written.",
    });
  });

  test('applied already (a second tap): says so', () => {
    const kick = kickFix(-20, 'v1');
    const verdict = checkApply(check({
      resolution: { suggestion: kick, atMs: 0, by: { id: kick.id, name: "Ch 1 Kick's gain fix" } },
      meters: makeStats({ channelInput: [makePoint({ peakDbfs: -7.94, averageDbfs: -18.2 })] }),
    }));
    expect(verdict.kind === 'resolved' && verdict.message).toBe('Ch 1 Kick: already applied 10 s ago: Ch 1 Kick peaks now -7.9 dBFS, averaging -18.2 dBFS. Nothing more was written.');
  });

  test('came back inside on its own, heard nothing since: says it is listening again', () => {
    const verdict = checkApply(check({
      id: mainFix.id,
      resolution: { suggestion: mainFix, atMs: 9000, by: null },
      meters: makeStats({ main: makePoint({ activeMs: 0, peakDbfs: -Infinity }) }),
    }));
    expect(verdict).toEqual({ kind: 'resolved', resolvedBy: null, message: 'Main LR: no longer needed, the level came back inside a moment ago; Main LR is being listened to again since the change. Nothing was written.' });
  });

  test('never made here: unknown, still with a reason', () => {
    expect(checkApply(check({}))).toEqual({ kind: 'unknown', message: 'This bridge has made no suggestion clipping:ch1:preamp lately (a card from before the bridge restarted?). Nothing was written.' });
  });
});

test.each([
  [0, 'a moment ago'],
  [4999, 'a moment ago'],
  [12_400, '12 s ago'],
  [180_000, '3 min ago'],
])('ageText(%i) is "%s"', (ageMs, text) => {
  expect(ageText(ageMs)).toBe(text);
});
