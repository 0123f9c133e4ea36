import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileLaw, type MidiLawSpec, type RawLaw } from '../../../server/consoles/midi/midi-law';

function law(spec: MidiLawSpec, rawMax: number): RawLaw {
  const compiled = compileLaw(spec, rawMax);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled;
}

const QU_FADER: MidiLawSpec = {
  kind: 'table',
  points: [[0, null], [7, -55], [8, -50], [12, -45], [16, -40], [23, -35], [31, -30], [39, -25], [47, -20], [54, -15], [63, -10], [79, -5], [98, 0], [114, 5], [127, 10]],
};

describe('General MIDI channel volume: 40 log10(v / 127) dB', () => {
  const gm = law({ kind: 'gm-volume' }, 127);
  // The GM Level 1 developer guidelines' own examples, which are truncated to 0.1 dB.
  test.each([
    [127, 0],
    [96, -4.8],
    [64, -11.9],
    [32, -23.9],
    [16, -36.0],
  ])('CC value %i is %f dB', (raw, db) => {
    expect(Math.abs(gm.decode(raw) - db)).toBeLessThan(0.1);
  });

  test('0 is off', () => {
    expect(gm.decode(0)).toBe(-Infinity);
    expect(gm.encode(-Infinity)).toBe(0);
  });

  test('0 dB is the top and nothing encodes above it', () => {
    expect(gm.encode(0)).toBe(127);
    expect(gm.encode(6)).toBe(127);
    expect(gm.range.maxDb).toBe(0);
  });
});

describe("Ardour's fader law on 14-bit pitch bend", () => {
  const ardour = law({ kind: 'ardour-fader' }, 16383);

  test('the top is +6.02 dB (gain 2)', () => {
    expect(ardour.decode(16383)).toBeCloseTo(6.0206, 3);
  });

  test('unity sits at position (192/198)^8', () => {
    expect(ardour.encode(0)).toBe(Math.round(Math.pow(192 / 198, 8) * 16383));
    expect(Math.abs(ardour.decode(ardour.encode(0)))).toBeLessThan(ardour.range.stepDb);
  });

  test('position 0 is off and off encodes to 0', () => {
    expect(ardour.decode(0)).toBe(-Infinity);
    expect(ardour.encode(-Infinity)).toBe(0);
    expect(ardour.encode(-400)).toBe(0);
  });
});

describe('table law (Allen & Heath Qu fader)', () => {
  const fader = law(QU_FADER, 127);

  test.each([
    [0, -Infinity],
    [3, -Infinity],
    [7, -55],
    [98, 0],
    [106, 2.5],
    [127, 10],
  ])('raw %i reads %f dB', (raw, db) => {
    expect(fader.decode(raw)).toBe(db);
  });

  test.each([
    [0, 98],
    [10, 127],
    [40, 127],
    [-Infinity, 0],
    [-80, 0],
    [2.5, 106],
  ])('%f dB encodes to raw %i', (db, raw) => {
    expect(fader.encode(db)).toBe(raw);
  });

  test('its range reaches -Infinity and +10 dB with the finest step of the table', () => {
    expect(fader.range).toEqual({ minDb: -Infinity, maxDb: 10, stepDb: 5 / 19 });
  });
});

describe('linear law', () => {
  const trim = law({ kind: 'linear', minDb: -24, maxDb: 24 }, 127);

  test('spans min..max over raw 0..rawMax', () => {
    expect(trim.decode(0)).toBe(-24);
    expect(trim.decode(127)).toBe(24);
    expect(trim.range.stepDb).toBeCloseTo(48 / 127, 12);
  });

  test('out-of-range values clamp', () => {
    expect(trim.encode(-100)).toBe(0);
    expect(trim.encode(100)).toBe(127);
  });
});

describe('switch law', () => {
  const mute = law({ kind: 'switch', on: 63, off: 127 }, 127);

  test.each([
    [63, 1],
    [1, 1],
    [127, 0],
    [100, 0],
  ])('raw %i reads %i', (raw, value) => {
    expect(mute.decode(raw)).toBe(value);
  });

  test('encodes on and off', () => {
    expect([mute.encode(1), mute.encode(0)]).toEqual([63, 127]);
  });
});

describe('every law', () => {
  const laws: Array<[string, RawLaw]> = [
    ['gm-volume', law({ kind: 'gm-volume' }, 127)],
    ['ardour-fader 14-bit', law({ kind: 'ardour-fader' }, 16383)],
    ['ardour-fader 7-bit', law({ kind: 'ardour-fader' }, 127)],
    ['Qu fader table', law(QU_FADER, 127)],
    ['linear 14-bit', law({ kind: 'linear', minDb: -20, maxDb: 20 }, 16383)],
  ];

  test.each(laws)('%s reads louder for every higher raw value', (_, subject) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: subject.rawMax - 1 }), (raw) => {
        expect(subject.decode(raw + 1)).toBeGreaterThanOrEqual(subject.decode(raw));
      }),
    );
  });

  test.each(laws)('%s quantises idempotently and inside 0..rawMax', (_, subject) => {
    fc.assert(
      fc.property(fc.double({ min: -150, max: 20, noNaN: true }), (db) => {
        const raw = subject.encode(db);
        expect(raw).toBeGreaterThanOrEqual(0);
        expect(raw).toBeLessThanOrEqual(subject.rawMax);
        const held = subject.decode(raw);
        expect(subject.decode(subject.encode(held))).toBe(held);
      }),
    );
  });

  test.each(laws)('%s picks the nearest raw value on the grid', (_, subject) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: subject.rawMax - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (raw, t) => {
        const low = subject.decode(raw);
        const high = subject.decode(raw + 1);
        if (!Number.isFinite(low)) return;
        const db = low + t * (high - low);
        const chosen = subject.decode(subject.encode(db));
        expect(Math.abs(chosen - db)).toBeLessThanOrEqual(Math.max(db - low, high - db) + 1e-6);
      }),
    );
  });
});

describe('law errors', () => {
  test.each<[string, MidiLawSpec, number, RegExp]>([
    ['linear upside down', { kind: 'linear', minDb: 5, maxDb: -5 }, 127, /maxDb must be above minDb/],
    ['table short of the top', { kind: 'table', points: [[0, null], [100, 0]] }, 127, /raw 0 to raw 127/],
    ['table falling', { kind: 'table', points: [[0, -10], [50, -20], [127, 0]] }, 127, /must rise/],
    ['table off in the middle', { kind: 'table', points: [[0, -10], [50, null], [127, 0]] }, 127, /only the first point/],
    ['switch with one value', { kind: 'switch', on: 1, off: 1 }, 127, /must differ/],
    ['switch beyond 7 bits', { kind: 'switch', on: 200, off: 0 }, 127, /0\.\.127/],
  ])('%s', (_, spec, rawMax, message) => {
    expect(compileLaw(spec, rawMax)).toMatch(message);
  });
});
