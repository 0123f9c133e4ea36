import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { levelZone, meterDeflection } from '../../../ui/src/lib/meter-scale';

describe('meterDeflection (IEC 60268-18 scale)', () => {
  test.each([
    [-Infinity, 0],
    [-80, 0],
    [-70, 0],
    [-60, 0.025],
    [-50, 0.075],
    [-40, 0.15],
    [-30, 0.3],
    [-20, 0.5],
    [-18, 0.55],
    [-6, 0.85],
    [0, 1],
    [12, 1],
  ])('%d dBFS sits at %d of the height', (dbfs, expected) => {
    expect(meterDeflection(dbfs)).toBeCloseTo(expected, 10);
  });

  test('is monotonic and stays within 0..1', () => {
    fc.assert(
      fc.property(fc.double({ min: -120, max: 24, noNaN: true }), fc.double({ min: -120, max: 24, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const dLow = meterDeflection(low);
        const dHigh = meterDeflection(high);
        return dLow <= dHigh && dLow >= 0 && dHigh <= 1;
      }),
    );
  });
});

describe('levelZone', () => {
  test.each([
    [-40, 'low'],
    [-24, 'target'],
    [-18, 'target'],
    [-6, 'high'],
    [-1, 'hot'],
    [3, 'hot'],
    [-Infinity, 'low'],
  ] as const)('%d dBFS is %s', (dbfs, zone) => {
    expect(levelZone(dbfs)).toBe(zone);
  });
});
