/**
 * How a MIDI value (an integer 0..rawMax: 127 for 7-bit, 16383 for 14-bit) maps to dB or to a switch, as a
 * mapping file declares it. Every law decodes to the desk's grid and encodes to the nearest raw value, so
 * `decode(encode(x))` is what the desk will hold after being asked for x.
 *
 * - linear: minDb at raw 0 to maxDb at rawMax, evenly spaced (server/model/param-law).
 * - table: piecewise-linear between [raw, dB] points as a protocol document tabulates them; a null dB is
 *   "off" (-Infinity). Raw values between an off point and the first finite point read as off: the desk
 *   gives them no level worth a number.
 * - ardour-fader: Ardour's fader law (gain_to_slider_position: position = ((6·log2(g) + 192) / 198)^8,
 *   position = raw / rawMax, +6.02 dB at the top), which its Mackie Control surface sends as pitch bend.
 * - gm-volume: General MIDI channel volume, 40·log10(raw / rawMax) dB (GM Level 1 developer guidelines).
 * - switch: two raw values; a reading counts as whichever of the two it is nearer, or, with a threshold,
 *   as the higher of the two from the threshold up (Allen & Heath dLive/Avantis mutes: 01..3F off, 40..7F on).
 */
import { roundDb } from '../../model/db';
import { floatToValue, valueToFloat, type LinearLaw } from '../../model/param-law';
import type { DbRange } from '../../model/stages';

export type MidiLawSpec =
  | { kind: 'linear'; minDb: number; maxDb: number }
  | { kind: 'table'; points: ReadonlyArray<readonly [number, number | null]> }
  | { kind: 'ardour-fader' }
  | { kind: 'gm-volume' }
  | { kind: 'switch'; on: number; off: number; threshold?: number | undefined };

export interface RawLaw {
  readonly unit: 'dB' | 'switch';
  readonly rawMax: number;
  /** Range and grid in dB (a switch is 0..1 in steps of 1). */
  readonly range: DbRange;
  /** Raw value (clamped to 0..rawMax) to dB, or to 0/1 for a switch. -Infinity for off. */
  decode(raw: number): number;
  /** dB (or 0/1) to the nearest raw value the law can represent. */
  encode(value: number): number;
}

/** Builds a law for values 0..rawMax; an error text (for a map error) when the spec cannot work. */
export function compileLaw(spec: MidiLawSpec, rawMax: number): RawLaw | string {
  switch (spec.kind) {
    case 'linear':
      return spec.maxDb > spec.minDb ? linearRawLaw(spec.minDb, spec.maxDb, rawMax) : 'maxDb must be above minDb';
    case 'table':
      return tableRawLaw(spec.points, rawMax);
    case 'ardour-fader':
      return curveLaw(rawMax, ardourPositionToDb, ardourDbToPosition);
    case 'gm-volume':
      return curveLaw(rawMax, (f) => 40 * Math.log10(f), (db) => Math.pow(10, db / 40));
    case 'switch':
      if (spec.on === spec.off) return 'on and off must differ';
      if (spec.on > rawMax || spec.off > rawMax) return `on and off must be 0..${rawMax}`;
      if (spec.threshold !== undefined && (spec.threshold <= Math.min(spec.on, spec.off) || spec.threshold > Math.max(spec.on, spec.off))) {
        return 'threshold must lie above the lower of on and off, and at or below the higher';
      }
      return switchLaw(spec.on, spec.off, rawMax, spec.threshold ?? null);
  }
}

function clampRaw(raw: number, rawMax: number): number {
  return Math.max(0, Math.min(rawMax, Math.round(raw)));
}

function linearRawLaw(minDb: number, maxDb: number, rawMax: number): RawLaw {
  const law: LinearLaw = { kind: 'linear', min: minDb, max: maxDb, steps: rawMax + 1 };
  return {
    unit: 'dB',
    rawMax,
    range: { minDb, maxDb, stepDb: (maxDb - minDb) / rawMax },
    decode: (raw) => roundDb(floatToValue(law, clampRaw(raw, rawMax) / rawMax), 6),
    encode: (value) => Math.round(valueToFloat(law, value) * rawMax),
  };
}

interface TablePoint {
  raw: number;
  db: number;
}

function tableRawLaw(points: ReadonlyArray<readonly [number, number | null]>, rawMax: number): RawLaw | string {
  const [first] = points;
  const last = points[points.length - 1];
  if (!first || !last || points.length < 2) return 'a table needs at least two points';
  if (first[0] !== 0 || last[0] !== rawMax) return `points must run from raw 0 to raw ${rawMax}`;
  const offRaw = first[1] === null ? first[0] : null;
  const finite: TablePoint[] = [];
  for (const [i, [raw, db]] of points.entries()) {
    if (db === null) {
      if (i !== 0) return 'only the first point may be off (null)';
      continue;
    }
    const previous = finite[finite.length - 1];
    if (previous && (raw <= previous.raw || db <= previous.db)) return `points must rise in both raw and dB (point ${i})`;
    if (offRaw !== null && raw <= offRaw) return `points must rise in raw (point ${i})`;
    finite.push({ raw, db });
  }
  if (finite.length < 2) return 'a table needs at least two finite points';
  const lowest = finite[0]!;
  const highest = finite[finite.length - 1]!;
  let stepDb = Infinity;
  for (let i = 1; i < finite.length; i++) {
    const a = finite[i - 1]!;
    const b = finite[i]!;
    stepDb = Math.min(stepDb, (b.db - a.db) / (b.raw - a.raw));
  }
  const decode = (rawIn: number): number => {
    const raw = clampRaw(rawIn, rawMax);
    if (raw < lowest.raw) return offRaw === null ? lowest.db : -Infinity;
    for (let i = 1; i < finite.length; i++) {
      const a = finite[i - 1]!;
      const b = finite[i]!;
      if (raw <= b.raw) return roundDb(a.db + ((raw - a.raw) / (b.raw - a.raw)) * (b.db - a.db), 6);
    }
    return highest.db;
  };
  const encode = (value: number): number => {
    if (value < lowest.db) return offRaw ?? lowest.raw;
    for (let i = 1; i < finite.length; i++) {
      const a = finite[i - 1]!;
      const b = finite[i]!;
      if (value <= b.db) return Math.round(a.raw + ((value - a.db) / (b.db - a.db)) * (b.raw - a.raw));
    }
    return highest.raw;
  };
  return {
    unit: 'dB',
    rawMax,
    range: { minDb: offRaw === null ? lowest.db : -Infinity, maxDb: highest.db, stepDb },
    decode,
    encode,
  };
}

const DB_PER_DOUBLING = 20 * Math.log10(2);

/** Ardour's slider_position_to_gain, in dB. */
function ardourPositionToDb(position: number): number {
  return ((Math.pow(position, 1 / 8) * 198 - 192) / 6) * DB_PER_DOUBLING;
}

/** Ardour's gain_to_slider_position, from dB. */
function ardourDbToPosition(db: number): number {
  const root = (6 * (db / DB_PER_DOUBLING) + 192) / 198;
  return root <= 0 ? 0 : Math.pow(root, 8);
}

/**
 * A law given as a curve over the position f = raw / rawMax (0 is off): `toDb(f)` and its inverse
 * `toPosition(dB)`. Encoding rounds the position and then checks the neighbours, so it lands on the raw
 * value whose dB is nearest even where the curve is steep; anything below raw 1's level is off.
 */
function curveLaw(rawMax: number, toDb: (position: number) => number, toPosition: (db: number) => number): RawLaw {
  const decode = (rawIn: number): number => {
    const raw = clampRaw(rawIn, rawMax);
    return raw === 0 ? -Infinity : roundDb(toDb(raw / rawMax), 6);
  };
  const lowestDb = decode(1);
  const encode = (value: number): number => {
    // Below the first step there is only off, as with a table's off point.
    if (value < lowestDb) return 0;
    const guess = Math.max(1, clampRaw(toPosition(value) * rawMax, rawMax));
    let best = guess;
    for (const candidate of [guess - 1, guess + 1]) {
      if (candidate < 1 || candidate > rawMax) continue;
      if (Math.abs(decode(candidate) - value) < Math.abs(decode(best) - value)) best = candidate;
    }
    return best;
  };
  const unityRaw = Math.max(1, Math.min(rawMax - 1, encode(0)));
  return {
    unit: 'dB',
    rawMax,
    range: { minDb: -Infinity, maxDb: decode(rawMax), stepDb: decode(unityRaw + 1) - decode(unityRaw) },
    decode,
    encode,
  };
}

function switchLaw(on: number, off: number, rawMax: number, threshold: number | null): RawLaw {
  const highIsOn = on > off ? 1 : 0;
  return {
    unit: 'switch',
    rawMax,
    range: { minDb: 0, maxDb: 1, stepDb: 1 },
    decode: (raw) => {
      if (threshold !== null) return raw >= threshold ? highIsOn : 1 - highIsOn;
      return Math.abs(raw - on) <= Math.abs(raw - off) ? 1 : 0;
    },
    encode: (value) => (value >= 0.5 ? on : off),
  };
}
