import { expect, test } from 'vitest';
import { TokenStore } from '../../server/auth/token-store';

function store(maxTokens = 10) {
  const clock = { nowMs: 1_000 };
  return { clock, tokens: new TokenStore({ ttlMs: 60_000, nowMs: () => clock.nowMs, maxTokens }) };
}

test('an issued token is valid until its expiry, then reported expired', () => {
  const { clock, tokens } = store();
  const issued = tokens.issue();
  expect(issued.expiresAtMs).toBe(61_000);
  expect(issued.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  clock.nowMs = 60_999;
  expect(tokens.check(issued.token)).toEqual({ ok: true, expiresAtMs: 61_000 });
  clock.nowMs = 61_000;
  expect(tokens.check(issued.token)).toEqual({ ok: false, reason: 'token-expired' });
  expect(tokens.check(issued.token)).toEqual({ ok: false, reason: 'token-unknown' });
});

test('tokens are distinct, unknown ones are refused, revoked ones are forgotten', () => {
  const { tokens } = store();
  const a = tokens.issue().token;
  const b = tokens.issue().token;
  expect(a).not.toBe(b);
  expect(tokens.check('made-up')).toEqual({ ok: false, reason: 'token-unknown' });
  tokens.revoke(a);
  expect(tokens.check(a)).toEqual({ ok: false, reason: 'token-unknown' });
  expect(tokens.check(b).ok).toBe(true);
});

test('beyond maxTokens the oldest token is forgotten', () => {
  const { tokens } = store(3);
  const issued = [1, 2, 3, 4].map(() => tokens.issue().token);
  expect(issued.map((t) => tokens.check(t).ok)).toEqual([false, true, true, true]);
});
