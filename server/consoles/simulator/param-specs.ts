/**
 * What the simulated desk can write and on which grid: the X32's ranges and steps (see
 * ../shared/docs/protocols.md, "Scaling"), so the bridge sees the same quantisation it will meet on a real
 * desk. Faders and sends follow the X32 fader law (1024 positions, fully down = -Infinity).
 */
import { snapToStep } from '../../model/db';
import { FADER_MAX_DB, FADER_STEPS, quantiseFaderDb } from '../../model/fader-law';
import { linearLaw, quantiseValue } from '../../model/param-law';
import { formatParamId, parseParamId, type ParamId, type ParamSpec } from '../../model/params';
import type { ChannelState, ConsoleSnapshot, DbRange, LevelRanges } from '../../model/stages';

/** Headamp gain: -12..+60 dB in 0.5 dB steps. */
export const PREAMP_GAIN_RANGE: DbRange = { minDb: -12, maxDb: 60, stepDb: 0.5 };
/** Digital trim: -18..+18 dB in 0.25 dB steps. */
export const TRIM_RANGE: DbRange = { minDb: -18, maxDb: 18, stepDb: 0.25 };

const FADER_RANGE: DbRange = { minDb: -Infinity, maxDb: FADER_MAX_DB, stepDb: 40 / (FADER_STEPS - 1) };

/** Ranges shared by every channel and bus of the simulated desk. */
export const LEVEL_RANGES: LevelRanges = {
  faderDb: FADER_RANGE,
  sendLevelDb: FADER_RANGE,
  eqGainDb: { minDb: -15, maxDb: 15, stepDb: 0.25 },
  dynThresholdDb: { minDb: -60, maxDb: 0, stepDb: 0.5 },
  dynMakeupDb: { minDb: 0, maxDb: 24, stepDb: 0.5 },
  gateThresholdDb: { minDb: -80, maxDb: 0, stepDb: 0.5 },
};

const CHANNEL_LABELS = {
  preampGainDb: 'gain',
  trimDb: 'trim',
  phantom: 'phantom',
  faderDb: 'fader',
  on: 'on',
  dynThresholdDb: 'comp threshold',
  dynMakeupDb: 'comp makeup',
  gateThresholdDb: 'gate threshold',
} as const;

/**
 * Spec of a parameter this desk can write, labelled with the names in `snapshot`
 * ("Ch 1 Kick gain"); undefined for ids that are malformed or name a strip the desk does not have.
 */
export function simulatorParamSpec(snapshot: ConsoleSnapshot, id: ParamId): ParamSpec | undefined {
  const ref = parseParamId(id);
  if (!ref) return undefined;
  switch (ref.scope) {
    case 'main':
      return faderSpec(id, `${snapshot.main.name} fader`);
    case 'bus': {
      const bus = snapshot.buses.find((b) => b.index === ref.bus);
      return bus && faderSpec(id, `Bus ${bus.index} ${bus.name} fader`);
    }
    case 'matrix': {
      const mtx = snapshot.matrices.find((m) => m.index === ref.matrix);
      return mtx && faderSpec(id, `Mtx ${mtx.index} ${mtx.name} fader`);
    }
    case 'channel-eq': {
      const ch = channelOf(snapshot, ref.channel);
      if (!ch || ref.band > ch.eqBands.length) return undefined;
      return linearSpec(id, `${channelLabel(ch)} EQ ${ref.band} gain`, LEVEL_RANGES.eqGainDb);
    }
    case 'channel-send': {
      const ch = channelOf(snapshot, ref.channel);
      const bus = snapshot.buses.find((b) => b.index === ref.bus);
      if (!ch || !bus || !ch.sends.some((s) => s.bus === ref.bus)) return undefined;
      return faderSpec(id, `${channelLabel(ch)} send to Bus ${bus.index} ${bus.name}`);
    }
    case 'channel': {
      const ch = channelOf(snapshot, ref.channel);
      if (!ch) return undefined;
      const label = `${channelLabel(ch)} ${CHANNEL_LABELS[ref.param]}`;
      switch (ref.param) {
        case 'preampGainDb': return ch.preampGainRange ? linearSpec(id, label, ch.preampGainRange) : undefined;
        case 'trimDb': return ch.trimRange ? linearSpec(id, label, ch.trimRange) : undefined;
        case 'phantom': return ch.phantom === null ? undefined : switchSpec(id, label);
        case 'on': return switchSpec(id, label);
        case 'faderDb': return faderSpec(id, label);
        case 'dynThresholdDb': return linearSpec(id, label, LEVEL_RANGES.dynThresholdDb);
        case 'dynMakeupDb': return linearSpec(id, label, LEVEL_RANGES.dynMakeupDb);
        case 'gateThresholdDb': return linearSpec(id, label, LEVEL_RANGES.gateThresholdDb);
      }
    }
  }
}

/** Every parameter id the desk can write, in strip order. */
export function simulatorParamIds(snapshot: ConsoleSnapshot): ParamId[] {
  const ids: ParamId[] = [];
  for (const ch of snapshot.channels) {
    for (const param of Object.keys(CHANNEL_LABELS) as (keyof typeof CHANNEL_LABELS)[]) {
      ids.push(formatParamId({ scope: 'channel', channel: ch.index, param }));
    }
    ch.eqBands.forEach((_, i) => ids.push(formatParamId({ scope: 'channel-eq', channel: ch.index, band: i + 1 })));
    for (const send of ch.sends) ids.push(formatParamId({ scope: 'channel-send', channel: ch.index, bus: send.bus }));
  }
  for (const bus of snapshot.buses) ids.push(formatParamId({ scope: 'bus', bus: bus.index }));
  for (const mtx of snapshot.matrices) ids.push(formatParamId({ scope: 'matrix', matrix: mtx.index }));
  ids.push(formatParamId({ scope: 'main' }));
  return ids.filter((id) => simulatorParamSpec(snapshot, id) !== undefined);
}

function channelOf(snapshot: ConsoleSnapshot, index: number): ChannelState | undefined {
  return snapshot.channels.find((c) => c.index === index);
}

function channelLabel(ch: ChannelState): string {
  return `Ch ${ch.index} ${ch.name}`;
}

/**
 * A linear dB parameter. Quantised values land exactly on the decimal grid (1.25, not 1.2500000000000036),
 * and `+ 0` turns a snapped -0 into 0.
 */
function linearSpec(id: ParamId, label: string, range: DbRange): ParamSpec {
  const law = linearLaw(range.minDb, range.maxDb, range.stepDb);
  return {
    id,
    label,
    unit: 'dB',
    min: range.minDb,
    max: range.maxDb,
    stepDb: range.stepDb,
    quantise: (value) => snapToStep(quantiseValue(law, value), range.stepDb) + 0,
  };
}

function faderSpec(id: ParamId, label: string): ParamSpec {
  const { minDb, maxDb, stepDb } = FADER_RANGE;
  return { id, label, unit: 'dB', min: minDb, max: maxDb, stepDb, quantise: quantiseFaderDb };
}

function switchSpec(id: ParamId, label: string): ParamSpec {
  return { id, label, unit: 'switch', min: 0, max: 1, stepDb: 1, quantise: (value) => (value >= 0.5 ? 1 : 0) };
}
