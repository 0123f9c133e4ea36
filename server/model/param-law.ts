/**
 * Parameter laws: how a console maps a normalised float (0..1) to a value in physical units,
 * and back, quantised to the console's step grid. The X32 family uses these for every parameter
 * (see ../shared/docs/protocols.md, "Scaling").
 */
import { clamp } from './db';

/** A linear law: value = min + f * (max - min), quantised to `steps` positions (f = k / (steps - 1)). */
export interface LinearLaw {
  readonly kind: 'linear';
  readonly min: number;
  readonly max: number;
  /** Number of positions on the grid, including both ends. */
  readonly steps: number;
}

/** A logarithmic law: value = min * (max / min) ^ f, quantised to `steps` positions. */
export interface LogLaw {
  readonly kind: 'log';
  readonly min: number;
  readonly max: number;
  readonly steps: number;
}

export type ParamLaw = LinearLaw | LogLaw;

/** A linear law with a given step size in the value's unit, e.g. trim -18..+18 in 0.25 dB steps. */
export function linearLaw(min: number, max: number, stepSize: number): LinearLaw {
  return { kind: 'linear', min, max, steps: Math.round((max - min) / stepSize) + 1 };
}

/** A logarithmic law with `steps` positions. */
export function logLaw(min: number, max: number, steps: number): LogLaw {
  return { kind: 'log', min, max, steps };
}

/** Snaps a normalised float onto the law's grid. */
export function quantiseFloat(f: number, steps: number): number {
  const last = steps - 1;
  return Math.round(clamp(f, 0, 1) * last) / last;
}

/** Normalised float (0..1) to the value in physical units, after snapping to the grid. */
export function floatToValue(law: ParamLaw, f: number): number {
  const q = quantiseFloat(f, law.steps);
  if (law.kind === 'linear') return law.min + q * (law.max - law.min);
  return law.min * Math.pow(law.max / law.min, q);
}

/** Value in physical units to the nearest grid float (0..1); out-of-range values clamp to the ends. */
export function valueToFloat(law: ParamLaw, value: number): number {
  if (Number.isNaN(value)) throw new RangeError('valueToFloat: NaN is not a parameter value');
  let f: number;
  if (law.kind === 'linear') {
    f = (value - law.min) / (law.max - law.min);
  } else {
    const v = clamp(value, Math.min(law.min, law.max), Math.max(law.min, law.max));
    f = Math.log(v / law.min) / Math.log(law.max / law.min);
  }
  return quantiseFloat(f, law.steps);
}

/** The value the console will hold after being asked for `value`: clamped and snapped. */
export function quantiseValue(law: ParamLaw, value: number): number {
  return floatToValue(law, valueToFloat(law, value));
}
