/**
 * One meter frame: every meter point the console reports, at one instant (consoles send ~20 per second).
 * Levels in dBFS (-Infinity = silence), gain reduction in dB as a positive number (6 = 6 dB of reduction).
 * Arrays are indexed by 0-based position: channelInputDbfs[0] is channel 1.
 */
export interface MeterFrame {
  /** Milliseconds on the bridge's clock when the frame arrived. */
  atMs: number;
  /** Pre-fader channel input level (after preamp gain and trim). */
  channelInputDbfs: number[];
  /** Gate gain reduction; empty when the console does not meter it. */
  channelGateGrDb: number[];
  /** Compressor gain reduction; empty when the console does not meter it. */
  channelDynGrDb: number[];
  /** Post-fader channel level; empty when the console does not meter it. */
  channelPostFaderDbfs: number[];
  busDbfs: number[];
  matrixDbfs: number[];
  /** Main left and right. */
  mainDbfs: [number, number] | [];
}

export function emptyMeterFrame(atMs: number): MeterFrame {
  return {
    atMs,
    channelInputDbfs: [],
    channelGateGrDb: [],
    channelDynGrDb: [],
    channelPostFaderDbfs: [],
    busDbfs: [],
    matrixDbfs: [],
    mainDbfs: [],
  };
}
