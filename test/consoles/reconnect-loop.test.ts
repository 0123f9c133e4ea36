/** The shared reconnect loop with fake timers: backoff, reset, and what stopping leaves behind (nothing). */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { runReconnecting, type ReconnectLoop } from '../../server/consoles/reconnect-loop';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

interface Script {
  loop: ReconnectLoop;
  stop: AbortController;
  /** What happened, in order: "connect@<ms>", "failed", "ended", "lost". */
  events: string[];
  sessions: AbortController[];
}

/** A loop whose attempts succeed or fail as `attempts` says (the last entry repeats). */
function script(attempts: readonly ('up' | 'fail' | 'hang')[]): Script {
  const stop = new AbortController();
  const events: string[] = [];
  const sessions: AbortController[] = [];
  const loop: ReconnectLoop = {
    stop: stop.signal,
    backoffMs: { initial: 100, max: 400 },
    connect: (session) => {
      events.push(`connect@${Date.now()}`);
      sessions.push(session);
      const attempt = attempts[Math.min(sessions.length, attempts.length) - 1];
      if (attempt === 'fail') return Promise.reject(new Error('refused'));
      if (attempt === 'hang') return new Promise(() => undefined);
      return Promise.resolve();
    },
    onAttemptFailed: () => events.push('failed'),
    onSessionEnded: () => events.push('ended'),
    onLost: () => events.push('lost'),
  };
  return { loop, stop, events, sessions };
}

test('failed attempts back off doubling up to the ceiling', async () => {
  const run = script(['fail']);
  void runReconnecting(run.loop);
  await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400);
  expect(run.events.filter((e) => e.startsWith('connect'))).toEqual(['connect@0', 'connect@100', 'connect@300', 'connect@700', 'connect@1100']);
  expect(run.events.slice(0, 4)).toEqual(['connect@0', 'failed', 'ended', 'lost']);
  run.stop.abort();
});

test('a session that connected resets the backoff once it is lost', async () => {
  const run = script(['fail', 'fail', 'up', 'fail']);
  void runReconnecting(run.loop);
  await vi.advanceTimersByTimeAsync(300);
  expect(run.events.at(-1)).toBe('connect@300');
  run.sessions[2]!.abort();
  await vi.advanceTimersByTimeAsync(100);
  expect(run.events.filter((e) => e.startsWith('connect')).at(-1)).toBe('connect@400');
  run.stop.abort();
});

test('stopping during a session ends it, runs the clean-up, reports no loss and leaves no timer', async () => {
  const run = script(['up']);
  const loop = runReconnecting(run.loop);
  await vi.advanceTimersByTimeAsync(0);
  run.stop.abort();
  await loop;
  expect(run.sessions[0]!.signal.aborted).toBe(true);
  expect(run.events).toEqual(['connect@0', 'ended']);
  expect(vi.getTimerCount()).toBe(0);
});

test('stopping during the backoff leaves no timer and no further attempt', async () => {
  const run = script(['fail']);
  const loop = runReconnecting(run.loop);
  await vi.advanceTimersByTimeAsync(0);
  expect(vi.getTimerCount()).toBe(1);
  run.stop.abort();
  await loop;
  expect(vi.getTimerCount()).toBe(0);
  await vi.advanceTimersByTimeAsync(10_000);
  expect(run.events).toEqual(['connect@0', 'failed', 'ended', 'lost']);
});

test('stopping while an attempt is under way ends its session and reports no failure', async () => {
  const run = script(['hang']);
  void runReconnecting(run.loop);
  run.stop.abort();
  expect(run.sessions[0]!.signal.aborted).toBe(true);
  await vi.advanceTimersByTimeAsync(10_000);
  expect(run.events).toEqual(['connect@0']);
  expect(vi.getTimerCount()).toBe(0);
});
