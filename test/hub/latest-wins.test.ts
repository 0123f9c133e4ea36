import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { LatestWins } from '../../server/hub/latest-wins';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function make(intervalMs: number, toleranceMs: number) {
  const delivered: number[] = [];
  /** ms after make(). */
  const deliveredAtMs: number[] = [];
  const startMs = Date.now();
  const batcher = new LatestWins<number>(
    {
      intervalMs,
      toleranceMs,
      deliver: (v) => {
        delivered.push(v);
        deliveredAtMs.push(Date.now() - startMs);
      },
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
    },
    () => Date.now(),
  );
  return { batcher, delivered, deliveredAtMs };
}

/** Offers `values[i]` at `atMs[i]` (ms after the start), then lets every timer run. */
function offerAt(batcher: LatestWins<number>, atMs: readonly number[]): void {
  const startMs = Date.now();
  atMs.forEach((offsetMs, i) => {
    vi.advanceTimersByTime(startMs + offsetMs - Date.now());
    batcher.offer(i);
  });
  vi.advanceTimersByTime(1000);
}

test('delivers the first value at once', () => {
  const { batcher, delivered } = make(100, 0);
  batcher.offer(1);
  expect(delivered).toEqual([1]);
});

test('caps the delivery rate under a continuous flood and keeps only the newest value', () => {
  const { batcher, delivered } = make(100, 0);
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
  const { batcher, delivered } = make(100, 0);
  batcher.offer(1);
  batcher.offer(2);
  batcher.close();
  vi.advanceTimersByTime(500);
  expect(delivered).toEqual([1]);
});

// A desk sends every 50 ms; the second frame reached the bridge 20 ms late, the third is on time again.
const LATE_THEN_ON_TIME_MS = [0, 70, 100, 150];

test('without tolerance, the frame after a late one waits out the interval from the late delivery', () => {
  const { batcher, delivered, deliveredAtMs } = make(40, 0);
  offerAt(batcher, LATE_THEN_ON_TIME_MS);
  expect(delivered).toEqual([0, 1, 2, 3]);
  expect(deliveredAtMs).toEqual([0, 70, 110, 150]);
});

test('with one interval of tolerance, a frame that follows a late one goes at once', () => {
  const { batcher, delivered, deliveredAtMs } = make(40, 40);
  offerAt(batcher, LATE_THEN_ON_TIME_MS);
  expect(delivered).toEqual([0, 1, 2, 3]);
  expect(deliveredAtMs).toEqual([0, 70, 100, 150]);
});

test('with tolerance, a flood is capped at one value per interval after a burst of 1 + tolerance / interval', () => {
  const { batcher, delivered, deliveredAtMs } = make(100, 100);
  for (let i = 0; i < 1000; i++) {
    batcher.offer(i);
    vi.advanceTimersByTime(1);
  }
  vi.advanceTimersByTime(200);
  expect(deliveredAtMs).toEqual([0, 1, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  expect(delivered.slice(0, 3)).toEqual([0, 1, 99]);
  expect(delivered.at(-1)).toBe(999);
});

test('slots left unused while nothing was offered are not saved up for a later burst', () => {
  const { batcher, deliveredAtMs } = make(100, 100);
  batcher.offer(0);
  vi.advanceTimersByTime(2000);
  for (let i = 1; i <= 5; i++) batcher.offer(i);
  vi.advanceTimersByTime(1000);
  // One at 0; after two idle seconds (twenty unused slots) two at once, then the newest of the rest a slot later.
  expect(deliveredAtMs).toEqual([0, 2000, 2000, 2100]);
});

test('with tolerance, close drops the pending value and its timer', () => {
  const { batcher, delivered } = make(100, 100);
  batcher.offer(1);
  batcher.offer(2);
  batcher.offer(3);
  batcher.close();
  vi.advanceTimersByTime(500);
  expect(delivered).toEqual([1, 2]);
});
