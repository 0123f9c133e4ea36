import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dbfsToLinear, formatDb, linearToDbfs, powerToDb, sumLevelsDb } from '../../server/model/db';

describe('linear <-> dBFS', () => {
  test.each([
    [1, 0],
    [0.5, -6.0206],
    [0.1, -20],
    [0.01, -40],
    [2, 6.0206],
    [8, 18.0618],
  ])('amplitude %f is %f dBFS', (linear, dbfs) => {
    expect(linearToDbfs(linear)).toBeCloseTo(dbfs, 3);
    expect(dbfsToLinear(dbfs)).toBeCloseTo(linear, 4);
  });

  test('silence is -Infinity, never NaN', () => {
    expect(linearToDbfs(0)).toBe(-Infinity);
    expect(linearToDbfs(-1)).toBe(-Infinity);
    expect(linearToDbfs(Number.NaN)).toBe(-Infinity);
    expect(dbfsToLinear(-Infinity)).toBe(0);
    expect(powerToDb(0)).toBe(-Infinity);
  });

  test('round trip holds for every finite level', () => {
    fc.assert(
      fc.property(fc.double({ min: -200, max: 40, noNaN: true }), (db) => {
        expect(linearToDbfs(dbfsToLinear(db))).toBeCloseTo(db, 6);
      }),
    );
  });

  test('linearToDbfs is monotonic', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 10, noNaN: true }), fc.double({ min: 1e-9, max: 10, noNaN: true }), (a, b) => {
        if (a < b) expect(linearToDbfs(a)).toBeLessThanOrEqual(linearToDbfs(b));
      }),
    );
  });
});

describe('sumLevelsDb (power sum)', () => {
  test('two equal uncorrelated sources sum to +3.01 dB', () => {
    expect(sumLevelsDb([-20, -20])).toBeCloseTo(-16.99, 2);
  });
  test('silence adds nothing; all silence stays silence', () => {
    expect(sumLevelsDb([-12, -Infinity])).toBeCloseTo(-12, 9);
    expect(sumLevelsDb([-Infinity, -Infinity])).toBe(-Infinity);
    expect(sumLevelsDb([])).toBe(-Infinity);
  });
  test('the sum is never below the loudest part', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -120, max: 20, noNaN: true }), { minLength: 1, maxLength: 20 }), (levels) => {
        expect(sumLevelsDb(levels)).toBeGreaterThanOrEqual(Math.max(...levels) - 1e-9);
      }),
    );
  });
});

test.each([
  [-18, '-18.0'],
  [6.5, '+6.5'],
  [0, '0.0'],
  [-0.04, '0.0'],
  [-Infinity, '-inf'],
])('formatDb(%f) is %s', (db, text) => {
  expect(formatDb(db)).toBe(text);
});
