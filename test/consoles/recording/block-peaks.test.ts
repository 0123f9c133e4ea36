import fc from 'fast-check';
import { expect, test } from 'vitest';
import { peakOf } from '../../../server/consoles/recording/block-peaks';

test('a block peak is its largest |sample|: -0.75 in [0.5, -0.75, 0.25] reads 0.75; silence reads 0', () => {
  expect(peakOf(Float32Array.from([0.5, -0.75, 0.25]))).toBe(0.75);
  expect(peakOf(new Float32Array(7))).toBe(0);
  expect(peakOf(new Float32Array(0))).toBe(0);
});

test('property: any length and any float (NaN passed over) gives the plain running maximum', () => {
  const floats = fc.float32Array({ maxLength: 67 });
  fc.assert(fc.property(floats, (samples) => {
    let expected = 0;
    for (const x of samples) if (Math.abs(x) > expected) expected = Math.abs(x);
    expect(peakOf(samples)).toBe(expected);
  }), { numRuns: 500, seed: 50 });
});
