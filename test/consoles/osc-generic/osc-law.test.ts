import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileFloatLaw, compileMeterLaw, type FloatLaw, type OscLawSpec } from '../../../server/consoles/osc-generic/osc-law';

function law(spec: OscLawSpec): FloatLaw {
  const compiled = compileFloatLaw(spec);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled;
}

function meter(spec: Parameters<typeof compileMeterLaw>[0]): (wire: number) => number {
  const compiled = compileMeterLaw(spec);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled;
}

describe('dB law (Ardour gain: -193 is -inf)', () => {
  const gain = law({ kind: 'db', minDb: -192, maxDb: 6, stepDb: 0.1, silenceDb: -193 });

  test.each([
    [-193, -Infinity],
    [-Infinity, -Infinity],
    [-6.0000004, -6],
    [3.25, 3.25],
  ])('reads %f as %f', (wire, db) => {
    expect(gain.decode(wire)).toBe(db);
  });

  test.each([
    [-Infinity, -193],
    [-6.04, -6],
    [12, 6],
    [-500, -192],
  ])('sends %f as %f', (db, wire) => {
    expect(gain.encode(db)).toBe(wire);
  });

  test('its range runs from -Infinity to the top', () => {
    expect(gain.range).toEqual({ minDb: -Infinity, maxDb: 6, stepDb: 0.1 });
  });
});

describe('dB law without silence (Ardour trim -20..+20)', () => {
  const trim = law({ kind: 'db', minDb: -20, maxDb: 20, stepDb: 0.1, silenceDb: null });

  test('clamps to the range, on the grid', () => {
    expect([trim.encode(-25), trim.encode(25), trim.encode(-6.06)]).toEqual([-20, 20, -6.1]);
    expect(trim.range.minDb).toBe(-20);
  });

  test('quantising is idempotent and inside the range', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), (db) => {
        const held = trim.decode(trim.encode(db));
        expect(held).toBeGreaterThanOrEqual(-20);
        expect(held).toBeLessThanOrEqual(20);
        expect(trim.decode(trim.encode(held))).toBe(held);
      }),
    );
  });
});

describe('switch law (mute 1 = channel off)', () => {
  const on = law({ kind: 'switch', on: 0, off: 1 });
  test('reads and sends', () => {
    expect([on.decode(0), on.decode(1), on.decode(0.2)]).toEqual([1, 0, 1]);
    expect([on.encode(1), on.encode(0)]).toEqual([0, 1]);
  });
});

describe('meter laws', () => {
  test.each([
    [0, -Infinity],
    [0.5, -28],
    [1, 6],
    [1.5, 6],
  ])('REAPER VU %f on -62..+6 dB is %f dBFS', (wire, dbfs) => {
    expect(meter({ kind: 'normalized-db', minDb: -62, maxDb: 6 })(wire)).toBe(dbfs);
  });

  test('Ardour meters: -193 is silence, the rest is dBFS', () => {
    const read = meter({ kind: 'db', silenceDb: -193 });
    expect([read(-193), read(-12.3456), read(1.5)]).toEqual([-Infinity, -12.346, 1.5]);
  });
});

describe('law errors', () => {
  test.each<[OscLawSpec, RegExp]>([
    [{ kind: 'db', minDb: 0, maxDb: -1, stepDb: 0.1, silenceDb: null }, /maxDb must be above minDb/],
    [{ kind: 'db', minDb: -20, maxDb: 20, stepDb: 0, silenceDb: null }, /stepDb/],
    [{ kind: 'db', minDb: -20, maxDb: 20, stepDb: 0.1, silenceDb: -10 }, /silenceDb/],
    [{ kind: 'switch', on: 1, off: 1 }, /must differ/],
  ])('%j', (spec, message) => {
    expect(compileFloatLaw(spec)).toMatch(message);
  });
});
