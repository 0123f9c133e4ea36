/**
 * Value laws of the Soundcraft Ui12/16/24R: the desk stores every level as a number 0..1; these turn it
 * into dB and back. Source of each law (read, not copied): fmalcher/soundcraft-ui, the MIT library behind
 * the npm package `soundcraft-ui-connection` (packages/mixer-connection/src/lib/...):
 *
 * - Fader (channel `mix`, aux/FX send `value`, aux/FX/master `mix`): the transfer function in
 *   `utils/value-converters/value-converters.ts` (faderToLinearAmplitude): amplitude(v) = s(v) *
 *   exp(v * (23.908448 + v * (-26.238776 + v * (12.195250 - 0.487810 v)))) * 2.6765295e-4, with
 *   s(v) = sin(28.559933 v) below v = 0.055 and 1 above; 0 is -oo, 1 is +10 dB. The library shows dB to 0.1.
 * - Preamp gain (`facade/hw-channel.ts`): linear over 0..1, -6..+57 dB on the Ui24R (`hw.N.gain`),
 *   -40..+50 dB on the Ui12 and Ui16 (`i.N.gain`); shown to 0.1 dB (`linearMappingValueToRange`).
 * - VU meters (`vu/vu.utils.ts`): a byte times 0.004167508166392142 is a linear meter value 0..1, which is
 *   -80..0 dB linearly (`vuValueToDB`).
 */
import type { DbRange } from '../../model/stages';

/** Fader positions at or below this amplitude are -Infinity dB (the library's own cut-off, 1e-10). */
const SILENT_AMPLITUDE = 1e-10;
/** Bisection steps: 2^-60 of the 0..1 travel, far below the desk's printed precision. */
const INVERSE_STEPS = 60;
/** Decimal places a wire value is written with (the desk reports ten; see example-state.json). */
const WIRE_DECIMALS = 10;

/** Faders and sends: -Infinity (fully down) to +10 dB, shown and written on a 0.1 dB grid. */
export const UI_FADER_RANGE: DbRange = { minDb: -Infinity, maxDb: 10, stepDb: 0.1 };
/** Ui24R preamp gain at `hw.N.gain`. */
export const UI24_GAIN_RANGE: DbRange = { minDb: -6, maxDb: 57, stepDb: 0.1 };
/** Ui12 and Ui16 preamp gain at `i.N.gain`. */
export const UI12_16_GAIN_RANGE: DbRange = { minDb: -40, maxDb: 50, stepDb: 0.1 };

/** Linear amplitude of a fader position (clamped to 0..1); 1.0 is unity gain. */
export function uiFaderAmplitude(faderPos: number): number {
  const v = Math.min(1, Math.max(0, faderPos));
  const knee = v < 0.055 ? Math.sin(28.559933214452666 * v) : 1;
  const exponent = v * (23.90844819639692 + v * (-26.23877598214595 + v * (12.195249692570245 - 0.4878099877028098 * v)));
  return knee * Math.exp(exponent) * 2.676529517952372e-4;
}

/** Fader position 0..1 to dB on the 0.1 dB grid; -Infinity at the bottom. Never NaN for finite input. */
export function uiFaderDb(faderPos: number): number {
  if (!Number.isFinite(faderPos)) return faderPos > 0 ? UI_FADER_RANGE.maxDb : -Infinity;
  const amplitude = uiFaderAmplitude(faderPos);
  if (amplitude <= SILENT_AMPLITUDE) return -Infinity;
  return roundTo(20 * Math.log10(amplitude), 0.1);
}

/**
 * dB to fader position 0..1 (the inverse of uiFaderAmplitude, by bisection: the curve rises monotonically).
 * -Infinity and anything below the curve's floor give 0; +10 dB and above give 1.
 */
export function uiFaderPos(levelDb: number): number {
  if (Number.isNaN(levelDb) || levelDb === -Infinity) return 0;
  if (levelDb >= UI_FADER_RANGE.maxDb) return 1;
  const target = 10 ** (levelDb / 20);
  if (target <= SILENT_AMPLITUDE) return 0;
  let low = 0;
  let high = 1;
  for (let i = 0; i < INVERSE_STEPS; i++) {
    const mid = (low + high) / 2;
    if (uiFaderAmplitude(mid) < target) low = mid;
    else high = mid;
  }
  return roundWire(high);
}

/** A linear 0..1 value to dB over `range` (clamped), on the range's grid. */
export function uiLinearDb(value: number, range: DbRange): number {
  const v = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : value > 0 ? 1 : 0;
  return roundTo(range.minDb + v * (range.maxDb - range.minDb), range.stepDb);
}

/** dB over `range` to the linear 0..1 value the desk stores (clamped). */
export function uiLinearValue(levelDb: number, range: DbRange): number {
  if (Number.isNaN(levelDb)) return 0;
  const v = (levelDb - range.minDb) / (range.maxDb - range.minDb);
  return roundWire(Math.min(1, Math.max(0, v)));
}

/** Scale of a VU byte to the meter's linear 0..1 (vu/vu.utils.ts, `normalizeFactor`). */
const VU_BYTE_SCALE = 0.004167508166392142;
/** The meter spans -80..0 dB linearly (vuValueToDB). */
const VU_FLOOR_DB = -80;

/**
 * One VU byte to dBFS: 0 is silence (-Infinity: nothing above the meter's -80 dB floor); bytes above the
 * top of the scale read 0 dBFS, as the library clamps them.
 */
export function uiVuDbfs(byte: number): number {
  if (byte <= 0) return -Infinity;
  const linear = Math.min(1, byte * VU_BYTE_SCALE);
  return VU_FLOOR_DB + linear * -VU_FLOOR_DB;
}

function roundTo(value: number, step: number): number {
  return Math.round(Math.round(value / step) * step * 1000) / 1000 + 0;
}

function roundWire(value: number): number {
  const scale = 10 ** WIRE_DECIMALS;
  return Math.round(value * scale) / scale;
}
