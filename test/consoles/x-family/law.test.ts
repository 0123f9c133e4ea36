import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DYN_RATIOS, X_LAWS, levelDbToFloat, type WireLaw } from '../../../server/consoles/x-family/law';
import { dbToFaderPos } from '../../../server/model/fader-law';

describe('X32 headamp gain: linf -12..+60 dB in 0.5 dB steps', () => {
  const law = X_LAWS.headampGainDb;
  test.each([
    [-12, 0, -12],
    [0, 12 / 72, 0],
    [30, 42 / 72, 30],
    [60, 1, 60],
    [30.2, 42 / 72, 30],
    [30.3, 42.5 / 72, 30.5],
    [75, 1, 60],
    [-20, 0, -12],
  ])('%s dB -> float %s -> %s dB', (db, float, readBack) => {
    expect(law.toFloat(db)).toBeCloseTo(float, 9);
    expect(law.fromFloat(law.toFloat(db))).toBe(readBack);
  });

  test('has 145 positions', () => {
    expect(law.steps).toBe(145);
    expect(law.step).toBe(0.5);
  });
});

describe('X32 trim: linf -18..+18 dB in 0.25 dB steps', () => {
  const law = X_LAWS.trimDb;
  test.each([
    [-3, 0.4166667, -3],
    [3.1, 0.5833333, 3],
    [3.13, 0.5902778, 3.25],
    [-18, 0, -18],
    [18, 1, 18],
    [20, 1, 18],
  ])('%s dB -> float %s -> %s dB', (db, float, readBack) => {
    expect(law.toFloat(db)).toBeCloseTo(float, 6);
    expect(law.quantise(db)).toBe(readBack);
  });

  test('a float32 off the wire snaps back onto the grid exactly', () => {
    expect(law.fromFloat(Math.fround(21 / 36))).toBe(3);
  });
});

describe('X-Air line headamp gain: -12..+20 dB in 0.5 dB steps', () => {
  test.each([
    [5, 5],
    [5.2, 5],
    [25, 20],
  ])('%s dB is held as %s dB', (db, held) => {
    expect(X_LAWS.lineHeadampGainDb.quantise(db)).toBe(held);
    expect(X_LAWS.lineHeadampGainDb.steps).toBe(65);
  });
});

describe('fader law (1024 positions)', () => {
  const law = X_LAWS.faderDb;
  test.each([
    ['+10 dB is the top', 10, 1, 10],
    ['+3 dB is 844/1023 (protocol document example 0.8250)', 3, 844 / 1023, 3.001],
    ['-85.4 dB is kept as -85.3 (protocol document)', -85.4, 10 / 1023, -85.3079],
    ['-Infinity is fader down', -Infinity, 0, -Infinity],
    ['below -90 dB is fader down', -95, 0, -Infinity],
    ['above +10 dB clamps', 14, 1, 10],
  ])('%s', (_name, db, float, readBack) => {
    expect(law.toFloat(db)).toBeCloseTo(float, 9);
    expect(law.fromFloat(law.toFloat(db))).toBeCloseTo(readBack, 3);
  });

  test('0 dB is held one grid step below unity (767/1023)', () => {
    expect(law.toFloat(0)).toBeCloseTo(767 / 1023, 9);
    expect(law.quantise(0)).toBeCloseTo(-0.0098, 4);
  });

  test('agrees with the model fader law everywhere', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 20, noNaN: true }), (db) => {
        expect(law.toFloat(db)).toBe(dbToFaderPos(db));
      }),
    );
  });
});

describe('send level law (161 positions)', () => {
  const law = X_LAWS.sendLevelDb;
  test.each([
    ['0 dB is exactly 120/160', 0, 0, 0.75],
    ['-3 dB is on the grid (0.25 dB steps near unity)', -3, -3, 0.675],
    ['-8.1 dB snaps to -8 dB', -8.1, -8, 0.55],
    ['-65 dB snaps to -66 dB (3 dB steps below -60)', -65, -66, 0.05],
    ['-Infinity is off', -Infinity, -Infinity, 0],
  ])('%s', (_name, db, held, float) => {
    expect(law.quantise(db)).toBeCloseTo(held, 9);
    expect(law.toFloat(db)).toBeCloseTo(float, 9);
  });
});

describe('laws hold their properties', () => {
  const laws: Array<[string, WireLaw]> = Object.entries(X_LAWS);

  test.each(laws)('%s: toFloat is clamped, on the grid and monotonic', (_name, law) => {
    const lo = Number.isFinite(law.min) ? law.min : -100;
    fc.assert(
      fc.property(fc.double({ min: lo - 20, max: law.max + 20, noNaN: true }), fc.double({ min: lo - 20, max: law.max + 20, noNaN: true }), (a, b) => {
        const fa = law.toFloat(a);
        expect(fa).toBeGreaterThanOrEqual(0);
        expect(fa).toBeLessThanOrEqual(1);
        expect(Math.abs(fa * (law.steps - 1) - Math.round(fa * (law.steps - 1)))).toBeLessThan(1e-9);
        const [low, high] = a <= b ? [a, b] : [b, a];
        const increasing = law.max > law.min;
        if (increasing) expect(law.toFloat(low)).toBeLessThanOrEqual(law.toFloat(high));
        else expect(law.toFloat(low)).toBeGreaterThanOrEqual(law.toFloat(high));
      }),
    );
  });

  test.each(laws)('%s: quantise is idempotent', (_name, law) => {
    const lo = Number.isFinite(law.min) ? law.min : -100;
    fc.assert(
      fc.property(fc.double({ min: Math.min(lo, law.max), max: Math.max(lo, law.max), noNaN: true }), (value) => {
        const once = law.quantise(value);
        expect(law.quantise(once)).toBe(once);
      }),
    );
  });

  const linear: Array<[string, WireLaw]> = [
    'headampGainDb', 'lineHeadampGainDb', 'trimDb', 'eqGainDb', 'dynThresholdDb', 'dynMakeupDb', 'gateThresholdDb',
  ].map((name) => [name, X_LAWS[name as keyof typeof X_LAWS]]);

  test.each(linear)('%s: a value in range is held within half a step of itself', (_name, law) => {
    fc.assert(
      fc.property(fc.double({ min: law.min, max: law.max, noNaN: true }), (value) => {
        expect(Math.abs(law.quantise(value) - value)).toBeLessThanOrEqual(law.step / 2 + 1e-9);
      }),
    );
  });

  test('NaN is refused, not written', () => {
    expect(() => X_LAWS.trimDb.toFloat(Number.NaN)).toThrow(RangeError);
    expect(() => levelDbToFloat(Number.NaN)).toThrow(RangeError);
  });
});

test('compressor ratios are the twelve the desk offers', () => {
  expect(DYN_RATIOS).toEqual([1.1, 1.3, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 20, 100]);
});
