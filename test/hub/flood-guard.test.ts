import { expect, test } from 'vitest';
import { FloodGuard, type FloodVerdict } from '../../server/hub/flood-guard';

function guard(clock: { nowMs: number }): FloodGuard {
  return new FloodGuard({ ratePerSec: 20, burst: 40, strikesBeforeTerminate: 200, replyEvery: 50, nowMs: () => clock.nowMs });
}

function tally(verdicts: FloodVerdict[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const verdict of verdicts) counts[verdict] = (counts[verdict] ?? 0) + 1;
  return counts;
}

test('a flood is cut off once, and every later message is dropped without a reply', () => {
  const clock = { nowMs: 0 };
  const flood = guard(clock);
  const verdicts = Array.from({ length: 100_000 }, () => flood.admit());
  expect(tally(verdicts)).toEqual({ pass: 40, 'refuse-with-reply': 4, 'refuse-quietly': 195, terminate: 1, drop: 100_000 - 240 });
  expect(verdicts[239]).toBe('terminate');
  expect(flood.terminated).toBe(true);
  expect(flood.refused).toBe(100_000 - 40);
});

test('a flood spread thin by a busy machine (a token refills between reads) is still cut off', () => {
  const clock = { nowMs: 0 };
  const flood = guard(clock);
  const verdicts: FloodVerdict[] = [];
  // 60 messages per second against a 20 per second budget: one token comes back every third message.
  for (let i = 0; i < 2000 && !flood.terminated; i++) {
    clock.nowMs += 1000 / 60;
    verdicts.push(flood.admit());
  }
  expect(flood.terminated).toBe(true);
  expect(verdicts.filter((v) => v === 'pass').length).toBeGreaterThan(40);
});

test('a tablet that pauses until its whole burst is back starts a new run of strikes', () => {
  const clock = { nowMs: 0 };
  const flood = guard(clock);
  for (let round = 0; round < 10; round++) {
    for (let i = 0; i < 150; i++) flood.admit();
    clock.nowMs += 2000;
  }
  expect(flood.terminated).toBe(false);
});
