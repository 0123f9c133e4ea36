/**
 * The simulated desk's signal flow, as level arithmetic on block-peak readings (dBFS). Pure: settings and
 * what arrives at each preamp in, one meter frame out.
 *
 *   source + preamp gain -> ADC (clips at 0 dBFS) -> + trim (float, may exceed 0 dBFS) = channel input meter
 *   -> gate (keyed on the input, as an X32 gate is by default) -> EQ (broadband estimate) -> compressor
 *   (static curve + makeup) = pre-fader tap -> channel on + fader = post-fader meter
 *   -> buses: power sum of sends (pre-fader sends from the pre-fader tap) + bus fader
 *   -> main LR: power sum of channels routed to main + main fader -> matrices: main + matrix fader.
 *
 * Sums are power sums of block peaks (uncorrelated sources), an estimate that errs on the loud side since
 * the peaks of different sources rarely coincide within one block. HPF and pan are not modelled: main L
 * and R read the same.
 */
import { sumLevelsDb } from '../../model/db';
import { compressorGrDb, eqNetGainDb } from '../../model/processor-curves';
import type { MeterFrame } from '../../model/meter-frame';
import type { ChannelState, ConsoleSnapshot } from '../../model/stages';

/** Attenuation of a closed gate, dB: a usual range on a tom gate (the model has no range setting). */
export const GATE_RANGE_DB = 40;
/** Levels of one channel for one block. */
export interface ChannelLevels {
  /** Channel input meter: after preamp, ADC and trim, dBFS. */
  inputDbfs: number;
  /** Gate gain reduction, positive dB. */
  gateGrDb: number;
  /** Compressor gain reduction, positive dB. */
  dynGrDb: number;
  /** After gate, EQ and compressor (the pre-fader send tap), dBFS. */
  preFaderDbfs: number;
  /** After the channel on switch and fader, dBFS. */
  postFaderDbfs: number;
}

/** One channel for one block; `preampInDbfs` is what reaches the preamp, expressed at 0 dB gain. */
export function channelLevels(ch: ChannelState, preampInDbfs: number): ChannelLevels {
  const adcDbfs = Math.min(preampInDbfs + (ch.preampGainDb ?? 0), 0);
  const inputDbfs = adcDbfs + (ch.trimDb ?? 0);
  const gateGrDb = ch.gateOn && inputDbfs < ch.gateThresholdDb ? GATE_RANGE_DB : 0;
  const eqOutDbfs = inputDbfs - gateGrDb + (ch.eqOn ? eqNetGainDb(ch.eqBands) : 0);
  const dynGrDb = ch.dynOn ? compressorGrDb(eqOutDbfs, ch.dynThresholdDb, ch.dynRatio) : 0;
  const preFaderDbfs = ch.dynOn ? eqOutDbfs - dynGrDb + ch.dynMakeupDb : eqOutDbfs;
  const postFaderDbfs = ch.on ? preFaderDbfs + ch.faderDb : -Infinity;
  return { inputDbfs, gateGrDb, dynGrDb, preFaderDbfs, postFaderDbfs };
}

/**
 * The meter frame of one block. `preampInDbfs[i]` feeds channel `snapshot.channels[i]` (dBFS at 0 dB gain).
 * A muted channel feeds nothing, pre-fader sends included (as on an X32).
 */
export function meterFrame(snapshot: ConsoleSnapshot, preampInDbfs: readonly number[], atMs: number): MeterFrame {
  const levels = snapshot.channels.map((ch, i) => channelLevels(ch, preampInDbfs[i] ?? -Infinity));
  const busDbfs = snapshot.buses.map((bus) => {
    const taps = snapshot.channels.map((ch, i) => {
      const send = ch.sends.find((s) => s.bus === bus.index);
      if (!send || !send.on || !ch.on) return -Infinity;
      const level = levels[i]!;
      return (send.preFader ? level.preFaderDbfs : level.postFaderDbfs) + send.levelDb;
    });
    return bus.on ? sumLevelsDb(taps) + bus.faderDb : -Infinity;
  });
  const toMain = levels.filter((_, i) => snapshot.channels[i]!.toMain).map((level) => level.postFaderDbfs);
  const mainDbfs = snapshot.main.on ? sumLevelsDb(toMain) + snapshot.main.faderDb : -Infinity;
  return {
    atMs,
    channelInputDbfs: levels.map((l) => l.inputDbfs),
    channelGateGrDb: levels.map((l) => l.gateGrDb),
    channelDynGrDb: levels.map((l) => l.dynGrDb),
    channelPostFaderDbfs: levels.map((l) => l.postFaderDbfs),
    busDbfs,
    matrixDbfs: snapshot.matrices.map((mtx) => (mtx.on ? mainDbfs + mtx.faderDb : -Infinity)),
    mainDbfs: [mainDbfs, mainDbfs],
  };
}
