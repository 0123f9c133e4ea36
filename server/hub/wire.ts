/** Conversions from the model to the wire (see protocol.ts): -Infinity becomes null, meters round to 0.1 dB. */
import type { MeterFrame } from '../model/meter-frame';
import type { WireLevel, WireMeterFrame } from './protocol';

function toWireLevels(levels: readonly number[]): WireLevel[] {
  const out: WireLevel[] = new Array(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    out[i] = Number.isFinite(level) ? Math.round(level * 10) / 10 : level > 0 ? 99 : null;
  }
  return out;
}

export function toWireFrame(frame: MeterFrame): WireMeterFrame {
  return {
    atMs: frame.atMs,
    channelInputDbfs: toWireLevels(frame.channelInputDbfs),
    channelGateGrDb: toWireLevels(frame.channelGateGrDb),
    channelDynGrDb: toWireLevels(frame.channelDynGrDb),
    channelPostFaderDbfs: toWireLevels(frame.channelPostFaderDbfs),
    busDbfs: toWireLevels(frame.busDbfs),
    matrixDbfs: toWireLevels(frame.matrixDbfs),
    mainDbfs: toWireLevels(frame.mainDbfs),
  };
}

/** JSON text of a server message. Non-finite numbers (-Infinity faders) become null, as JSON requires. */
export function encodeMessage(message: unknown): string {
  return JSON.stringify(message);
}
