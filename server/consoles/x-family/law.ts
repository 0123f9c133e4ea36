/**
 * Parameter laws of the Behringer X family (X32/M32 and X-Air): how a wire float (0..1) maps to a value in
 * physical units and back, on the desk's own grid. Ranges and grid sizes are from the Unofficial X32/M32 OSC
 * Remote Protocol (linf/logf/level types) and agree with the X-Air parameter tables (see
 * ../shared/docs/protocols.md). Wire floats are float32, so every decode snaps onto the grid first.
 */
import { faderPosToDb } from '../../model/fader-law';
import { linearLaw, logLaw, quantiseFloat, valueToFloat, type LinearLaw, type LogLaw } from '../../model/param-law';
import { clamp } from '../../model/db';
import type { EqBandType } from '../../model/stages';

/** How one float parameter maps between its wire float and its value (dB, Hz or a plain number). */
export interface WireLaw {
  /** Lowest value; -Infinity for levels (fader fully down). */
  readonly min: number;
  readonly max: number;
  /** Grid step in the value's unit; for levels the step near unity. */
  readonly step: number;
  /** Number of grid positions, both ends included. */
  readonly steps: number;
  /** Value to the nearest grid float (0..1). Out-of-range values clamp; NaN throws a RangeError. */
  toFloat(value: number): number;
  /** Wire float (clamped to 0..1, snapped to the grid) to the value. */
  fromFloat(f: number): number;
  /** The value the desk holds after being asked for `value`. */
  quantise(value: number): number;
}

/** A linear (linf) law; values are computed from the grid index so grid points come out exact. */
export function linearWireLaw(law: LinearLaw): WireLaw {
  const step = (law.max - law.min) / (law.steps - 1);
  const fromFloat = (f: number): number => law.min + Math.round(clamp(f, 0, 1) * (law.steps - 1)) * step;
  const toFloat = (value: number): number => valueToFloat(law, value);
  return { min: law.min, max: law.max, step, steps: law.steps, toFloat, fromFloat, quantise: (v) => fromFloat(toFloat(v)) };
}

/** A logarithmic (logf) law, e.g. frequencies and Q. Used for reading only, so `step` is the first step. */
export function logWireLaw(law: LogLaw): WireLaw {
  const fromFloat = (f: number): number => law.min * Math.pow(law.max / law.min, quantiseFloat(f, law.steps));
  const toFloat = (value: number): number => valueToFloat(law, value);
  const step = Math.abs(fromFloat(1 / (law.steps - 1)) - law.min);
  return { min: law.min, max: law.max, step, steps: law.steps, toFloat, fromFloat, quantise: (v) => fromFloat(toFloat(v)) };
}

/**
 * dB to the unquantised level float: the inverse of the four-segment fader/send taper
 * (f = (d+90)/480 below -60, (d+70)/160 below -30, (d+50)/80 below -10, (d+30)/40 above).
 * -Infinity and anything at or below -90 dB give 0; anything above +10 dB gives 1.
 */
export function levelDbToFloat(db: number): number {
  if (Number.isNaN(db)) throw new RangeError('levelDbToFloat: NaN is not a level');
  if (db <= -90) return 0;
  if (db < -60) return (db + 90) / 480;
  if (db < -30) return (db + 70) / 160;
  if (db < -10) return (db + 50) / 80;
  return Math.min(1, (db + 30) / 40);
}

/**
 * A level law (faders: 1024 positions; sends: 161 positions), -Infinity..+10 dB.
 * Quantisation is round(f * (steps - 1)) / (steps - 1), which reproduces the desk's documented
 * "-85.4 is kept as -85.3" (the PDF's int(f * 1023.5) variant does not).
 */
export function levelWireLaw(steps: number): WireLaw {
  const fromFloat = (f: number): number => faderPosToDb(quantiseFloat(f, steps));
  const toFloat = (db: number): number => quantiseFloat(levelDbToFloat(db), steps);
  return { min: -Infinity, max: 10, step: 40 / (steps - 1), steps, toFloat, fromFloat, quantise: (v) => fromFloat(toFloat(v)) };
}

/** Every float law the X family uses for the values Headroom reads and writes. */
export const X_LAWS = {
  /** `/headamp/NNN/gain`: -12..+60 dB in 0.5 dB steps (145 values). */
  headampGainDb: linearWireLaw(linearLaw(-12, 60, 0.5)),
  /** X-Air line headamps (`/headamp/17..24/gain`): -12..+20 dB in 0.5 dB steps (65 values). */
  lineHeadampGainDb: linearWireLaw(linearLaw(-12, 20, 0.5)),
  /** `/ch/NN/preamp/trim` (X-Air: `rtntrim`): -18..+18 dB in 0.25 dB steps (145 values). */
  trimDb: linearWireLaw(linearLaw(-18, 18, 0.25)),
  /** `/ch/NN/preamp/hpf`: 20..400 Hz, 101 log steps. */
  hpfHz: logWireLaw(logLaw(20, 400, 101)),
  /** `/ch/NN/eq/B/f`: 20..20000 Hz, 201 log steps. */
  eqFreqHz: logWireLaw(logLaw(20, 20000, 201)),
  /** `/ch/NN/eq/B/g`: -15..+15 dB in 0.25 dB steps (121 values). */
  eqGainDb: linearWireLaw(linearLaw(-15, 15, 0.25)),
  /** `/ch/NN/eq/B/q`: 10 down to 0.3, 72 log steps (float 0 is Q 10). */
  eqQ: logWireLaw(logLaw(10, 0.3, 72)),
  /** `/ch/NN/dyn/thr`: -60..0 dB in 0.5 dB steps (121 values). */
  dynThresholdDb: linearWireLaw(linearLaw(-60, 0, 0.5)),
  /** `/ch/NN/dyn/mgain`: 0..24 dB in 0.5 dB steps (49 values). */
  dynMakeupDb: linearWireLaw(linearLaw(0, 24, 0.5)),
  /** `/ch/NN/gate/thr`: -80..0 dB in 0.5 dB steps (161 values). */
  gateThresholdDb: linearWireLaw(linearLaw(-80, 0, 0.5)),
  /** Faders (`/…/mix/fader`): 1024 positions. */
  faderDb: levelWireLaw(1024),
  /** Send levels (`/ch/NN/mix/MM/level`): 161 positions (0.25 dB steps near unity, 3 dB below -60). */
  sendLevelDb: levelWireLaw(161),
} as const;

/** `/ch/NN/dyn/ratio` enum index 0..11 to the ratio n:1. */
export const DYN_RATIOS: readonly number[] = [1.1, 1.3, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 20, 100];

/** `/ch/NN/eq/B/type` enum index 0..5 (LCut LShv PEQ VEQ HShv HCut). */
export const EQ_BAND_TYPES: readonly EqBandType[] = ['lcut', 'lshv', 'peq', 'veq', 'hshv', 'hcut'];
