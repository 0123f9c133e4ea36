import { expect, test } from 'vitest';
import { LoginLimiter } from '../../server/auth/login-limiter';

function limiter() {
  const clock = { nowMs: 0 };
  return { clock, limit: new LoginLimiter({ maxFailures: 5, windowMs: 60_000, nowMs: () => clock.nowMs, maxAddresses: 2 }) };
}

test('five failures in a minute lock the address until the oldest is a minute old', () => {
  const { clock, limit } = limiter();
  for (let i = 0; i < 5; i++) {
    expect(limit.retryAfterMs('10.0.0.9')).toBe(0);
    expect(limit.attemptsLeft('10.0.0.9')).toBe(5 - i);
    limit.recordFailure('10.0.0.9');
    clock.nowMs += 1000;
  }
  expect(limit.attemptsLeft('10.0.0.9')).toBe(0);
  expect(limit.retryAfterMs('10.0.0.9')).toBe(55_000);
  expect(limit.retryAfterMs('10.0.0.10')).toBe(0);
  clock.nowMs = 60_000;
  expect(limit.retryAfterMs('10.0.0.9')).toBe(0);
  expect(limit.attemptsLeft('10.0.0.9')).toBe(1);
});

test('a right PIN clears the address; failures spread over more than a minute never lock', () => {
  const { clock, limit } = limiter();
  for (let i = 0; i < 4; i++) limit.recordFailure('a');
  limit.recordSuccess('a');
  expect(limit.attemptsLeft('a')).toBe(5);
  for (let i = 0; i < 20; i++) {
    limit.recordFailure('b');
    clock.nowMs += 15_001;
  }
  expect(limit.retryAfterMs('b')).toBe(0);
});

test('memory stays bounded: the least recently failing address is forgotten', () => {
  const { limit } = limiter();
  for (const address of ['a', 'b', 'c']) for (let i = 0; i < 5; i++) limit.recordFailure(address);
  expect(['a', 'b', 'c'].map((a) => limit.retryAfterMs(a) > 0)).toEqual([false, true, true]);
});
