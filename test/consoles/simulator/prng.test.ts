import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mixSeed, mulberry32, uniformAt, uniformBetween } from '../../../server/consoles/simulator/prng';

describe('mulberry32', () => {
  test('the same seed gives the same sequence; another seed another', () => {
    const draw = (seed: number) => {
      const next = mulberry32(seed);
      return Array.from({ length: 20 }, () => next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  test('numbers lie in [0, 1) and average about 0.5', () => {
    const next = mulberry32(7);
    const values = Array.from({ length: 10_000 }, () => next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('addressed random numbers', () => {
  test('depend only on their coordinates', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 6 }), (coordinates) => {
        expect(uniformAt(coordinates)).toBe(uniformAt([...coordinates]));
        expect(mixSeed(coordinates)).toBeGreaterThanOrEqual(0);
        expect(mixSeed(coordinates)).toBeLessThan(2 ** 32);
      }),
      { numRuns: 200 },
    );
  });

  test('neighbouring coordinates decorrelate', () => {
    const values = Array.from({ length: 2000 }, (_, frame) => uniformAt([1, 2, frame]));
    const distinct = new Set(values.map((v) => Math.floor(v * 10)));
    expect(distinct.size).toBe(10);
    expect(uniformAt([1, 2, 3])).not.toBe(uniformAt([1, 2, 4]));
    expect(uniformAt([1, 2])).not.toBe(uniformAt([1, 2, 0]));
  });

  test('uniformBetween stays in [min, max)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: -100, max: 100, noNaN: true }), (k, min) => {
        const v = uniformBetween(min, min + 5, [k]);
        expect(v).toBeGreaterThanOrEqual(min);
        expect(v).toBeLessThan(min + 5);
      }),
      { numRuns: 200 },
    );
  });
});
