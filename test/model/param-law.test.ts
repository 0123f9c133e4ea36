import fc from 'fast-check';
import { expect, test } from 'vitest';
import { floatToValue, linearLaw, logLaw, quantiseValue, valueToFloat } from '../../server/model/param-law';

const headampGain = linearLaw(-12, 60, 0.5);
const trim = linearLaw(-18, 18, 0.25);
const hpf = logLaw(20, 400, 101);

test('grid sizes follow the step sizes', () => {
  expect(headampGain.steps).toBe(145);
  expect(trim.steps).toBe(145);
});

test.each([
  [headampGain, 33.3, 33.5],
  [headampGain, 33.2, 33],
  [headampGain, 90, 60],
  [headampGain, -40, -12],
  [trim, 1.13, 1.25],
  [trim, -18.1, -18],
])('quantises %o: %f -> %f', (law, requested, held) => {
  expect(quantiseValue(law, requested)).toBeCloseTo(held, 9);
});

test('log law ends and midpoint', () => {
  expect(floatToValue(hpf, 0)).toBeCloseTo(20, 9);
  expect(floatToValue(hpf, 1)).toBeCloseTo(400, 9);
  expect(floatToValue(hpf, 0.5)).toBeCloseTo(Math.sqrt(20 * 400), 6);
});

test('round trip within half a step, always inside the range', () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 80, noNaN: true }), (value) => {
      const held = quantiseValue(headampGain, value);
      expect(held).toBeGreaterThanOrEqual(-12);
      expect(held).toBeLessThanOrEqual(60);
      if (value >= -12 && value <= 60) expect(Math.abs(held - value)).toBeLessThanOrEqual(0.25 + 1e-9);
      expect(quantiseValue(headampGain, held)).toBeCloseTo(held, 9);
    }),
  );
});

test('NaN is refused, not propagated', () => {
  expect(() => valueToFloat(trim, Number.NaN)).toThrow(RangeError);
});
