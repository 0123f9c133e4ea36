import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { LatestWins } from '../../server/hub/latest-wins';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function make(intervalMs: number) {
  const delivered: number[] = [];
  const batcher = new LatestWins<number>(
    { intervalMs, deliver: (v) => delivered.push(v), setTimer: (fn, ms) => setTimeout(fn, ms), clearTimer: (h) => clearTimeout(h as NodeJS.Timeout) },
    () => Date.now(),
  );
  return { batcher, delivered };
}

test('delivers the first value at once', () => {
  const { batcher, delivered } = make(100);
  batcher.offer(1);
  expect(delivered).toEqual([1]);
});

test('caps the delivery rate under a continuous flood and keeps only the newest value', () => {
  const { batcher, delivered } = make(100);
  for (let i = 0; i < 1000; i++) {
    batcher.offer(i);
    vi.advanceTimersByTime(1);
  }
  vi.advanceTimersByTime(200);
  expect(delivered.length).toBeGreaterThanOrEqual(10);
  expect(delivered.length).toBeLessThanOrEqual(11);
  expect(delivered.at(-1)).toBe(999);
  for (let i = 1; i < delivered.length; i++) expect(delivered[i]!).toBeGreaterThan(delivered[i - 1]!);
});

test('close drops the pending value', () => {
  const { batcher, delivered } = make(100);
  batcher.offer(1);
  batcher.offer(2);
  batcher.close();
  vi.advanceTimersByTime(500);
  expect(delivered).toEqual([1]);
});
