import { expect, test } from 'vitest';
import { ConnectionLimits, logsRefusal } from '../../server/hub/connection-limits';

test('caps connections per address and in total, and frees a slot when one closes', () => {
  const limits = new ConnectionLimits({ perAddress: 2, total: 3 });
  const a1 = limits.admit('10.0.0.1');
  const a2 = limits.admit('10.0.0.1');
  expect(a1.ok && a2.ok).toBe(true);
  expect(limits.admit('10.0.0.1')).toMatchObject({ ok: false, reason: 'per-address', refusals: 1 });
  const b1 = limits.admit('10.0.0.2');
  expect(b1.ok).toBe(true);
  expect(limits.admit('10.0.0.3')).toMatchObject({ ok: false, reason: 'total', refusals: 2 });
  expect(limits.open).toBe(3);
  if (a1.ok) {
    a1.release();
    a1.release();
  }
  expect(limits.open).toBe(2);
  expect(limits.admit('10.0.0.1').ok).toBe(true);
});

test('refusals are logged for the first one and then every hundredth', () => {
  expect([1, 2, 99, 100, 101, 200].map(logsRefusal)).toEqual([true, false, false, true, false, true]);
});
