/** RCP laws: dB x scale with -32768 for -inf, switches, and meter codes to dBFS (textbook points and properties). */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { MappedLaw } from '../../../server/consoles/mapped/mapped-console';
import { compileMeterScale, compileRcpLaw } from '../../../server/consoles/yamaha/rcp-law';

function law(spec: Parameters<typeof compileRcpLaw>[0]): MappedLaw {
  const compiled = compileRcpLaw(spec);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled;
}

const fader = law({ kind: 'level', scale: 100, minDb: -138, maxDb: 10, offWire: -32768 });

test.each([
  [-32768, -Infinity],
  [-13800, -138],
  [0, 0],
  [1000, 10],
  [-1235, -12.35],
  [5000, 10],
])('fader wire %i reads %d dB', (wire, db) => {
  expect(fader.decode(wire)).toBe(db);
});

test('a fader below its lowest position is written as -inf; above the top, at the top', () => {
  expect(fader.encode(-Infinity)).toBe(-32768);
  expect(fader.encode(-138.5)).toBe(-32768);
  expect(fader.encode(12)).toBe(1000);
  expect(fader.range).toEqual({ minDb: -138, maxDb: 10, stepDb: 0.01 });
});

test('level laws round-trip onto their grid, clamped and monotonic', () => {
  const headAmp = law({ kind: 'level', scale: 1, minDb: -6, maxDb: 66, offWire: null });
  fc.assert(
    fc.property(fc.double({ min: -200, max: 100, noNaN: true }), fc.double({ min: -200, max: 100, noNaN: true }), (a, b) => {
      for (const l of [fader, headAmp]) {
        const back = l.decode(l.encode(a));
        if (a >= l.range.minDb && a <= l.range.maxDb) expect(Math.abs(back - a)).toBeLessThanOrEqual(l.range.stepDb / 2 + 1e-9);
        expect(back <= l.range.maxDb && (back >= l.range.minDb || back === -Infinity)).toBe(true);
        if (a <= b) expect(l.decode(l.encode(a))).toBeLessThanOrEqual(l.decode(l.encode(b)));
      }
    }),
    { numRuns: 500 },
  );
  expect(headAmp.decode(headAmp.encode(-20))).toBe(-6);
});

test('bad level laws are map errors', () => {
  expect(compileRcpLaw({ kind: 'level', scale: 100, minDb: 10, maxDb: 10, offWire: null })).toBe('maxDb must be above minDb');
  expect(compileRcpLaw({ kind: 'level', scale: 100, minDb: -138, maxDb: 10, offWire: -100 })).toBe('offWire must be below minDb x scale');
});

test('a switch is 0 or 1', () => {
  const on = law({ kind: 'switch' });
  expect([on.decode(0), on.decode(1), on.encode(0.2), on.encode(0.7)]).toEqual([0, 1, 0, 1]);
});

test('meter codes: code - 126 dB (TF, CL/QL, DM3, RIVAGE) and the DM7 table; code 0 is silence', () => {
  const offset = compileMeterScale({ kind: 'offset', zeroCode: 126 });
  const table = compileMeterScale({ kind: 'table', points: [[0, -190], [4, -130], [7, -100], [11, -80], [21, -60], [36, -45], [66, -30], [231, 3], [237, 6], [243, 12], [254, 34]] });
  if (typeof offset === 'string' || typeof table === 'string') throw new Error('scales did not compile');
  expect([offset(0), offset(126), offset(127), offset(108)]).toEqual([-Infinity, 0, 1, -18]);
  // wtMtrTable.json: 126 -> -18.0, 127 -> -17.8, 8 -> -95.0.
  expect([table(0), table(126), table(127), table(8), table(255)]).toEqual([-Infinity, -18, -17.8, -95, 34]);
  expect(compileMeterScale({ kind: 'table', points: [[0, 0], [0, 1]] })).toBe('points must rise');
});
