/**
 * The two processor curves every level figure uses, the simulated desk's and the level model's alike: the
 * EQ's broadband level change and the compressor's static curve. Pure dB math.
 */
import { clamp, dbToPower, powerToDb } from './db';
import type { EqBand } from './stages';

/** Share of a broadband signal's power a shelf acts on (about half the spectrum, weighted to music). */
const SHELF_WEIGHT = 0.35;
/** Audible bandwidth in octaves (20 Hz .. 20 kHz), for a bell's share of the power. */
const AUDIBLE_OCTAVES = 10;

/**
 * Broadband level change of an EQ, dB: the power-weighted mean of the band gains, each band weighted by the
 * share of the spectrum it touches — a shelf 0.35, a bell its bandwidth in octaves / 10 (at most 0.35),
 * cut filters nothing (their gain is unused). Flat bands give 0; boosts weigh more than equal cuts, as
 * they do in power.
 */
export function eqNetGainDb(bands: readonly EqBand[]): number {
  // Plain loops: every level prediction reads this, several times per changed channel.
  let total = 0;
  for (const band of bands) total += bandWeight(band);
  const scale = total > 1 ? 1 / total : 1;
  let power = 1 - total * scale;
  for (const band of bands) power += bandWeight(band) * scale * dbToPower(band.gainDb);
  return powerToDb(power);
}

function bandWeight(band: EqBand): number {
  switch (band.type) {
    case 'lshv':
    case 'hshv':
      return SHELF_WEIGHT;
    case 'peq':
    case 'veq': {
      const octaves = (2 / Math.LN2) * Math.asinh(1 / (2 * band.q));
      return clamp(octaves / AUDIBLE_OCTAVES, 0, SHELF_WEIGHT);
    }
    case 'lcut':
    case 'hcut':
      return 0;
  }
}

/**
 * Gain reduction of the compressor's static curve for a level, positive dB:
 * (level - threshold) * (1 - 1/ratio) above the threshold, 0 below.
 */
export function compressorGrDb(levelDbfs: number, thresholdDb: number, ratio: number): number {
  if (!(levelDbfs > thresholdDb)) return 0;
  return (levelDbfs - thresholdDb) * (1 - 1 / ratio);
}
