import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { SilenceWatch } from '../../../server/consoles/x-family/silence-watch';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function watch(watching = () => true) {
  const events: string[] = [];
  const silence = new SilenceWatch({
    timeoutMs: 2000,
    probeAfterMs: 1000,
    watching,
    onProbe: () => events.push(`probe@${Date.now()}`),
    onSilent: (silentMs) => events.push(`silent@${Date.now()}:${silentMs}`),
    nowMs: () => Date.now(),
  });
  const stop = new AbortController();
  silence.start(stop.signal);
  return { silence, events, stop };
}

test('declares the link silent exactly timeoutMs after the last packet, with one probe halfway', () => {
  vi.setSystemTime(0);
  const { silence, events } = watch();
  vi.advanceTimersByTime(700);
  silence.heard();
  vi.advanceTimersByTime(1999);
  expect(events).toEqual(['probe@1700']);
  vi.advanceTimersByTime(1);
  expect(events).toEqual(['probe@1700', 'silent@2700:2000']);
});

test('a steady stream of packets never probes nor declares silence', () => {
  vi.setSystemTime(0);
  const { silence, events } = watch();
  for (let i = 0; i < 200; i++) {
    vi.advanceTimersByTime(50);
    silence.heard();
  }
  expect(events).toEqual([]);
});

test('while not watching (connecting, lost) nothing fires; aborting clears the timer', () => {
  vi.setSystemTime(0);
  let watching = false;
  const { events, stop } = watch(() => watching);
  vi.advanceTimersByTime(10_000);
  expect(events).toEqual([]);
  watching = true;
  stop.abort();
  vi.advanceTimersByTime(10_000);
  expect(events).toEqual([]);
  expect(vi.getTimerCount()).toBe(0);
});
