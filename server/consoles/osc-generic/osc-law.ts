/**
 * How an OSC float maps to dB or a switch, as a mapping file declares it. DAWs speak dB directly, so the
 * laws are thin: the console's own float is the value, snapped to a grid the map chooses (so the engine
 * and the safety layer see steps) and with a silence value standing for -Infinity.
 *
 * Parameters:
 * - db: the float is dB; anything at or below `silenceDb` reads -Infinity, and -Infinity is sent as
 *   `silenceDb` (Ardour: -193; REAPER: -150). Writes clamp to minDb..maxDb on a `stepDb` grid.
 * - switch: two values; a reading counts as whichever it is nearer.
 * Meters:
 * - db: the float is dBFS, at or below `silenceDb` is silence.
 * - normalized-db: a 0..1 float spread evenly in dB over minDb..maxDb; 0 is below the meter (REAPER's VU).
 */
import { clamp, roundDb, snapToStep } from '../../model/db';
import type { DbRange } from '../../model/stages';

export type OscLawSpec =
  | { kind: 'db'; minDb: number; maxDb: number; stepDb: number; silenceDb: number | null }
  | { kind: 'switch'; on: number; off: number };

export type OscMeterLawSpec = { kind: 'db'; silenceDb: number } | { kind: 'normalized-db'; minDb: number; maxDb: number };

export interface FloatLaw {
  readonly unit: 'dB' | 'switch';
  readonly range: DbRange;
  /** The console's float to dB (or 0/1). */
  decode(wire: number): number;
  /** dB (or 0/1) to the float to send. */
  encode(value: number): number;
}

/** Readings are rounded to this many decimals: float32 round trips add noise far below any audible step. */
const READ_DECIMALS = 3;

/** Builds a parameter law; an error text (for a map error) when the spec cannot work. */
export function compileFloatLaw(spec: OscLawSpec): FloatLaw | string {
  if (spec.kind === 'switch') {
    if (spec.on === spec.off) return 'on and off must differ';
    return {
      unit: 'switch',
      range: { minDb: 0, maxDb: 1, stepDb: 1 },
      decode: (wire) => (Math.abs(wire - spec.on) <= Math.abs(wire - spec.off) ? 1 : 0),
      encode: (value) => (value >= 0.5 ? spec.on : spec.off),
    };
  }
  if (!(spec.maxDb > spec.minDb)) return 'maxDb must be above minDb';
  if (!(spec.stepDb > 0)) return 'stepDb must be above 0';
  const silence = spec.silenceDb;
  if (silence !== null && silence > spec.minDb) return 'silenceDb must be at or below minDb';
  return {
    unit: 'dB',
    range: { minDb: silence === null ? spec.minDb : -Infinity, maxDb: spec.maxDb, stepDb: spec.stepDb },
    decode: (wire) => (silence !== null && wire <= silence ? -Infinity : roundDb(wire, READ_DECIMALS)),
    encode: (value) => {
      if (value === -Infinity && silence !== null) return silence;
      const snapped = snapToStep(clamp(value, spec.minDb, spec.maxDb), spec.stepDb, spec.minDb);
      return roundDb(clamp(snapped, spec.minDb, spec.maxDb), 6);
    },
  };
}

/** Builds a meter reading's float-to-dBFS conversion; an error text when the spec cannot work. */
export function compileMeterLaw(spec: OscMeterLawSpec): ((wire: number) => number) | string {
  if (spec.kind === 'db') return (wire) => (wire <= spec.silenceDb ? -Infinity : roundDb(wire, READ_DECIMALS));
  if (!(spec.maxDb > spec.minDb)) return 'maxDb must be above minDb';
  const span = spec.maxDb - spec.minDb;
  return (wire) => (wire <= 0 ? -Infinity : roundDb(spec.minDb + Math.min(wire, 1) * span, READ_DECIMALS));
}
