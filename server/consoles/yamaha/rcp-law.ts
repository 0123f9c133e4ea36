/**
 * Laws between RCP integers and dB (or 0/1). Levels travel as integers of dB x scale: faders and sends at
 * x100 with -32768 for -infinity (BrenekH/yamaha-rcp-docs README, "Data Types"; the prminfo Scale column of
 * the Companion parameter files). Meter codes (0..127 in mtrinfo, hex on the wire) to dBFS, by an offset or
 * a table; code 0 is the bottom of every scale and reads as silence.
 */
import type { MappedLaw } from '../mapped/mapped-console';
import type { RcpLawJson, RcpMeterScale } from './rcp-map-schema';

/** Builds a law; an error text (for a map error) when the spec cannot work. */
export function compileRcpLaw(spec: RcpLawJson): MappedLaw | string {
  if (spec.kind === 'switch') {
    return {
      unit: 'switch',
      range: { minDb: 0, maxDb: 1, stepDb: 1 },
      decode: (wire) => (wire >= 1 ? 1 : 0),
      encode: (value) => (value >= 0.5 ? 1 : 0),
    };
  }
  const { scale, minDb, maxDb, offWire } = spec;
  if (!(maxDb > minDb)) return 'maxDb must be above minDb';
  const minWire = Math.round(minDb * scale);
  const maxWire = Math.round(maxDb * scale);
  if (offWire !== null && offWire >= minWire) return 'offWire must be below minDb x scale';
  return {
    unit: 'dB',
    range: { minDb, maxDb, stepDb: 1 / scale },
    decode(wire) {
      if (offWire !== null && wire <= offWire) return -Infinity;
      return Math.max(minWire, Math.min(maxWire, Math.round(wire))) / scale;
    },
    encode(value) {
      if (value < minDb && offWire !== null) return offWire;
      return Math.max(minWire, Math.min(maxWire, Math.round(value * scale)));
    },
  };
}

/** Meter code to dBFS; -Infinity for code 0. */
export function compileMeterScale(scale: RcpMeterScale): ((code: number) => number) | string {
  if (scale.kind === 'offset') return (code) => (code <= 0 ? -Infinity : code - scale.zeroCode);
  const points = scale.points;
  for (let i = 1; i < points.length; i++) {
    if (points[i]![0] <= points[i - 1]![0] || points[i]![1] < points[i - 1]![1]) return 'points must rise';
  }
  return (code) => {
    if (code <= 0) return -Infinity;
    const last = points[points.length - 1]!;
    if (code >= last[0]) return last[1];
    for (let i = 1; i < points.length; i++) {
      const [c1, db1] = points[i]!;
      if (code > c1) continue;
      const [c0, db0] = points[i - 1]!;
      return db0 + ((db1 - db0) * (code - c0)) / (c1 - c0);
    }
    return last[1];
  };
}
