/**
 * Which meters Headroom asks the WING for and how one meter datagram becomes a MeterFrame. The layout of a
 * V2 strip is in ./native-meters.ts; gain-reduction values are a gain in dB (0 = no reduction), as the
 * X32's are a gain factor, so the same conversion applies.
 */
import { emptyMeterFrame, type MeterFrame } from '../../model/meter-frame';
import { gainReductionDb } from '../../model/gain-reduction';
import { V2_OFFSET, V2_VALUES_PER_STRIP, type MeterSelection } from './native-meters';
import { WING_BUSES, WING_CHANNELS, WING_MAINS, WING_MATRICES } from './wing-addresses';

const strips = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

/** Every channel, bus, main and matrix, in this order. */
export const WING_METER_SELECTION: readonly MeterSelection[] = [
  { collection: 'channel', strips: strips(WING_CHANNELS) },
  { collection: 'bus', strips: strips(WING_BUSES) },
  { collection: 'main', strips: strips(WING_MAINS) },
  { collection: 'matrix', strips: strips(WING_MATRICES) },
];

/** Values in one datagram answering WING_METER_SELECTION. */
export const WING_METER_VALUES = (WING_CHANNELS + WING_BUSES + WING_MAINS + WING_MATRICES) * V2_VALUES_PER_STRIP;

/** Louder side of a stereo pair (a mono strip reports the same on both). */
function louder(a: number | undefined, b: number | undefined): number {
  return Math.max(a ?? -Infinity, b ?? -Infinity);
}

/** One datagram's values (dB, in selection order) to a frame; null when the count is wrong. */
export function wingMeterFrame(valuesDb: readonly number[], atMs: number): MeterFrame | null {
  if (valuesDb.length !== WING_METER_VALUES) return null;
  const strip = (index: number, offset: number): number | undefined => valuesDb[index * V2_VALUES_PER_STRIP + offset];
  const channels = strips(WING_CHANNELS).map((n) => n - 1);
  const firstBus = WING_CHANNELS;
  const firstMain = firstBus + WING_BUSES;
  const firstMatrix = firstMain + WING_MAINS;
  const frame = emptyMeterFrame(atMs);
  frame.channelInputDbfs = channels.map((i) => louder(strip(i, V2_OFFSET.inL), strip(i, V2_OFFSET.inR)));
  frame.channelPostFaderDbfs = channels.map((i) => louder(strip(i, V2_OFFSET.outL), strip(i, V2_OFFSET.outR)));
  frame.channelGateGrDb = channels.map((i) => gainReductionDb(strip(i, V2_OFFSET.gateGain) ?? 0));
  frame.channelDynGrDb = channels.map((i) => gainReductionDb(strip(i, V2_OFFSET.dynGain) ?? 0));
  frame.busDbfs = strips(WING_BUSES).map((n) => louder(strip(firstBus + n - 1, V2_OFFSET.outL), strip(firstBus + n - 1, V2_OFFSET.outR)));
  frame.matrixDbfs = strips(WING_MATRICES).map((n) => louder(strip(firstMatrix + n - 1, V2_OFFSET.outL), strip(firstMatrix + n - 1, V2_OFFSET.outR)));
  frame.mainDbfs = [strip(firstMain, V2_OFFSET.outL) ?? -Infinity, strip(firstMain, V2_OFFSET.outR) ?? -Infinity];
  return frame;
}
