import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dbToFaderPos, FADER_STEPS, faderPosToDb, quantiseFaderDb } from '../../server/model/fader-law';

describe('X32 fader law', () => {
  test.each([
    [0, -Infinity],
    [1, 10],
    [0.75, 0],
    [0.5, -10],
    [0.25, -30],
    [0.0625, -60],
  ])('position %f is %f dB', (pos, db) => {
    expect(faderPosToDb(pos)).toBeCloseTo(db, 9);
  });

  test.each([
    [0, 767 / 1023],
    [10, 1],
    [-Infinity, 0],
    [-90, 0],
    [20, 1],
  ])('%f dB snaps to position %f', (db, pos) => {
    expect(dbToFaderPos(db)).toBeCloseTo(pos, 12);
  });

  test('unity sits one grid step away from exactly 0 dB (1024-step quantisation)', () => {
    const db = quantiseFaderDb(0);
    expect(Math.abs(db)).toBeLessThan(0.05);
  });

  test('every grid position survives a round trip exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: FADER_STEPS - 1 }), (k) => {
        const pos = k / (FADER_STEPS - 1);
        expect(dbToFaderPos(faderPosToDb(pos))).toBeCloseTo(pos, 12);
      }),
    );
  });

  test('dB -> position -> dB lands within one grid step', () => {
    fc.assert(
      fc.property(fc.double({ min: -89, max: 10, noNaN: true }), (db) => {
        const pos = dbToFaderPos(db);
        const back = faderPosToDb(pos);
        const stepDb = Math.abs(faderPosToDb(Math.min(1, pos + 1 / (FADER_STEPS - 1))) - faderPosToDb(Math.max(1 / (FADER_STEPS - 1), pos - 1 / (FADER_STEPS - 1))));
        expect(Math.abs(back - db)).toBeLessThanOrEqual(stepDb);
      }),
    );
  });

  test('monotonic in both directions', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        if (a < b) expect(faderPosToDb(a)).toBeLessThanOrEqual(faderPosToDb(b));
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: -100, max: 20, noNaN: true }), fc.double({ min: -100, max: 20, noNaN: true }), (a, b) => {
        if (a < b) expect(dbToFaderPos(a)).toBeLessThanOrEqual(dbToFaderPos(b));
      }),
    );
  });

  test('clamped: positions outside 0..1 behave like the ends', () => {
    expect(faderPosToDb(1.5)).toBe(10);
    expect(faderPosToDb(-0.2)).toBe(-Infinity);
  });
});
