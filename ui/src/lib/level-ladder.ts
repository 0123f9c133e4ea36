/**
 * The level ladder: one channel's whole chain — preamp, EQ, compressor, fader, main and the outputs it
 * feeds to the amplifiers (the signal path), and each bus the channel sends to with that bus's outputs
 * (the sends) — with the level and headroom at every stage. The averages come from the level model
 * (server/model/level-model.ts), the same figures the engine's cards quote: meters where the console has
 * them, the settings in between (EQ broadband level, compressor gain reduction and makeup, fader, sends).
 * Peaks follow the input's crest through the same stages, the compressor taking its peak reduction.
 * Levels dBFS, -Infinity = silence; headroom is dB below the stage's clip point (0 dBFS on the desk, the
 * amplifier's input sensitivity at an output feeding one), Infinity when silent.
 */
import type { Suggestion } from '../../../server/engine/suggestion';
import { channelLevels, channelReduction, eqLevelDb, type LevelMeters } from '../../../server/model/level-model';
import { compressorGrDb } from '../../../server/model/processor-curves';
import type { BusState, ChannelState, ConsoleSnapshot, OutputState } from '../../../server/model/stages';
import type { LevelTargets, VenueProfile } from '../../../server/profiles/schema';
import { formatGain, formatLevel } from './decibel-format';
import { SILENT_POINT, type MeterReadout, type PointReadout } from './meter-readout';

/** Where a stage's level comes from: a meter, the settings applied to a metered level, or nothing. */
export type LevelBasis = 'measured' | 'computed' | 'unmetered';

export type LadderStageKind = 'preamp' | 'eq' | 'dynamics' | 'fader' | 'bus' | 'main' | 'output';

export interface LadderStage {
  /** Stable within a ladder: 'preamp', 'eq', 'dynamics', 'fader', 'bus-2', 'main', 'output-5'. */
  id: string;
  /** Every id a suggestion may aim at this stage with (outputs sharing a source share one stage). */
  keys: string[];
  kind: LadderStageKind;
  title: string;
  /** The settings that shape the level here, e.g. "Gain +42.0 dB · Trim 0.0 dB". */
  detail: string;
  peakDbfs: number;
  averageDbfs: number;
  /** Where this stage clips, dBFS: 0 on the desk; at an output, the level that reaches its amplifier's sensitivity. */
  clipDbfs: number;
  /** clipDbfs minus the peak, dB; Infinity when silent. */
  headroomDb: number;
  basis: LevelBasis;
  /** The stage feeding this one (null for the preamp). */
  fedBy: string | null;
  /** 'path': preamp to main and its outputs; 'sends': buses this channel feeds and their outputs. */
  row: 'path' | 'sends';
  /** False when the stage passes nothing from this channel (muted, send off, not routed). */
  passing: boolean;
  /** For buses and main: this channel's share of the level there, dBFS. */
  contributionDbfs: number | null;
  note: string | null;
  /** Open suggestions aimed at this stage, worst first. */
  faults: Suggestion[];
}

export interface Ladder {
  channel: ChannelState;
  /** Preamp, EQ, compressor, fader, main, main's outputs. */
  path: LadderStage[];
  /** For each bus the channel sends to: the bus, then its outputs. */
  sends: LadderStage[];
}

export interface LadderInput {
  snapshot: ConsoleSnapshot;
  /** 1-based channel number. */
  channelIndex: number;
  readout: MeterReadout;
  /** Open suggestions, already sorted worst first. */
  suggestions: readonly Suggestion[];
  /** The amplifiers of the venue profile in force (empty: none known, outputs clip at 0 dBFS). */
  amplifiers: readonly AmplifierFeed[];
}

/** An output and the amplifier it feeds, as the venue profile describes it. */
export type AmplifierFeed = VenueProfile['outputs'][number];

/** The average target and peak ceiling the ladder draws for a channel (from the profile, by source type). */
export type { LevelTargets };

const EQ_GAIN_TYPES = new Set(['peq', 'veq', 'lshv', 'hshv']);

function modelMeters(readout: MeterReadout): LevelMeters {
  return { channelInput: readout.channelInput, channelDynGrDb: readout.channelDynGr, channelPostFader: readout.channelPostFader };
}

interface Level {
  peakDbfs: number;
  averageDbfs: number;
}

const shift = (level: Level, db: number): Level => ({ peakDbfs: level.peakDbfs + db, averageDbfs: level.averageDbfs + db });
const SILENT: Level = { peakDbfs: -Infinity, averageDbfs: -Infinity };
const finiteOr = (db: number, fallback: number) => (Number.isFinite(db) ? db : fallback);

/** Builds the ladder for one channel; null when the snapshot has no such channel. */
export function buildLadder(input: LadderInput): Ladder | null {
  const { snapshot, channelIndex, readout } = input;
  const channel = snapshot.channels.find((ch) => ch.index === channelIndex);
  if (!channel) return null;
  const i = channelIndex - 1;
  const caps = snapshot.meters;
  const stages: LadderStage[] = [];
  const add = (stage: NewStage) => {
    const clipDbfs = stage.clipDbfs ?? 0;
    stages.push({ keys: [stage.id], ...stage, clipDbfs, headroomDb: headroomOf(stage.peakDbfs, clipDbfs), faults: [] });
  };
  const meters = modelMeters(readout);
  const levels = channelLevels(snapshot, meters, channel);

  const inputPoint = caps.channelInput ? (readout.channelInput[i] ?? SILENT_POINT) : null;
  const inputLevel: Level = inputPoint ? levelOf(inputPoint) : SILENT;
  const metered: LevelBasis = inputPoint ? 'measured' : 'unmetered';
  add({
    id: 'preamp',
    kind: 'preamp',
    title: 'Preamp',
    detail: preampDetail(channel),
    ...inputLevel,
    basis: metered,
    fedBy: null,
    row: 'path',
    passing: true,
    contributionDbfs: null,
    note: channel.phantom ? '+48 V on' : null,
  });

  const gains = channel.eqBands.filter((b) => EQ_GAIN_TYPES.has(b.type)).map((b) => b.gainDb);
  const boostDb = Math.max(0, ...gains);
  const cutDb = Math.min(0, ...gains);
  const eqLevel = shift(inputLevel, eqLevelDb(channel));
  add({
    id: 'eq',
    kind: 'eq',
    title: 'EQ',
    detail: channel.eqOn ? `Boost up to ${formatGain(boostDb)} dB · cut down to ${formatGain(cutDb)} dB · level ${formatGain(eqLevelDb(channel))} dB` : 'Bypassed',
    ...eqLevel,
    basis: metered,
    fedBy: 'preamp',
    row: 'path',
    passing: true,
    contributionDbfs: null,
    note: [channel.hpfOn ? `HPF ${Math.round(channel.hpfHz)} Hz` : null, channel.eqOn && boostDb >= 6 ? 'big boost: watch peaks' : null]
      .filter(Boolean)
      .join(' · ') || null,
  });

  const gr = caps.dynamicsReduction ? readout.channelDynGr[i] : undefined;
  const reduction = channelReduction(meters, channel);
  const grAverageDb = reduction?.grDb ?? 0;
  // The compressor takes more off a peak than off the average: the GR meter's peak, else the static curve.
  const grPeakDb = gr ? finiteOr(gr.peakDbfs, 0) : compressorGrDb(eqLevel.peakDbfs, channel.dynThresholdDb, channel.dynRatio);
  const dynLevel: Level = channel.dynOn
    ? { peakDbfs: eqLevel.peakDbfs - grPeakDb + channel.dynMakeupDb, averageDbfs: levels.preFaderDbfs ?? eqLevel.averageDbfs - grAverageDb + channel.dynMakeupDb }
    : eqLevel;
  const gate = caps.gateReduction ? finiteOr((readout.channelGateGr[i] ?? SILENT_POINT).levelDbfs, 0) : 0;
  add({
    id: 'dynamics',
    kind: 'dynamics',
    title: 'Compressor',
    detail: channel.dynOn
      ? `${channel.dynRatio}:1 at ${formatGain(channel.dynThresholdDb)} dB · makeup ${formatGain(channel.dynMakeupDb)} dB`
      : 'Bypassed',
    ...dynLevel,
    basis: channel.dynOn && metered === 'measured' ? 'computed' : stages[1]!.basis,
    fedBy: 'eq',
    row: 'path',
    passing: true,
    contributionDbfs: null,
    note: [
      channel.dynOn && reduction !== null ? `GR ${formatGain(-grAverageDb)} dB average${reduction.measured ? '' : ' (estimated)'}` : null,
      channel.gateOn ? (gate > 0.5 ? `gate ${formatGain(-gate)} dB` : 'gate open') : null,
    ].filter(Boolean).join(' · ') || null,
  });

  const postPoint = caps.channelPostFader ? readout.channelPostFader[i] : undefined;
  const faderLevel: Level = !channel.on ? SILENT : postPoint ? levelOf(postPoint) : shift(dynLevel, channel.faderDb);
  add({
    id: 'fader',
    kind: 'fader',
    title: 'Fader',
    detail: `${formatGain(channel.faderDb)} dB`,
    ...faderLevel,
    basis: !channel.on ? stages[2]!.basis : postPoint ? 'measured' : metered === 'measured' ? 'computed' : 'unmetered',
    fedBy: 'dynamics',
    row: 'path',
    passing: channel.on && channel.faderDb > -Infinity,
    contributionDbfs: null,
    note: channel.on ? null : 'Channel muted',
  });

  const mainShare = channel.toMain && channel.on && snapshot.main.on ? faderLevel.peakDbfs + snapshot.main.faderDb : -Infinity;
  const mainPoints = caps.main ? readout.main : [];
  add({
    id: 'main',
    kind: 'main',
    title: snapshot.main.name || 'Main',
    detail: `Fader ${formatGain(snapshot.main.faderDb)} dB`,
    ...(mainPoints.length > 0 ? loudestOf(mainPoints) : shift(faderLevel, snapshot.main.faderDb)),
    basis: mainPoints.length > 0 ? 'measured' : metered === 'measured' ? 'computed' : 'unmetered',
    fedBy: 'fader',
    row: 'path',
    passing: channel.toMain && snapshot.main.on,
    contributionDbfs: channel.toMain ? mainShare : null,
    note: channel.toMain ? (snapshot.main.on ? null : 'Main muted') : 'Not routed to main',
  });
  if (channel.toMain) addOutputs(add, snapshot.outputs.filter((o) => o.source.kind === 'main'), stages.at(-1)!, input.amplifiers);

  for (const send of channel.sends) {
    const bus = snapshot.buses.find((b) => b.index === send.bus);
    if (!bus || !send.on || send.levelDb === -Infinity) continue;
    const tap = send.preFader ? dynLevel : faderLevel;
    const share = tap.peakDbfs + send.levelDb + (bus.on ? bus.faderDb : -Infinity);
    const busPoint = caps.buses ? readout.buses[bus.index - 1] : undefined;
    add({
      id: `bus-${bus.index}`,
      kind: 'bus',
      title: busTitle(bus),
      detail: `Send ${formatGain(send.levelDb)} dB ${send.preFader ? 'pre' : 'post'} · fader ${formatGain(bus.faderDb)} dB`,
      ...(busPoint ? levelOf(busPoint) : { peakDbfs: share, averageDbfs: tap.averageDbfs + send.levelDb + bus.faderDb }),
      basis: busPoint ? 'measured' : metered === 'measured' ? 'computed' : 'unmetered',
      fedBy: send.preFader ? 'dynamics' : 'fader',
      row: 'sends',
      passing: bus.on,
      contributionDbfs: share,
      note: bus.on ? null : 'Bus muted',
    });
    addOutputs(add, snapshot.outputs.filter((o) => o.source.kind === 'bus' && o.source.index === bus.index), stages.at(-1)!, input.amplifiers);
  }

  attachFaults(stages, input.suggestions, channelIndex);
  return { channel, path: stages.filter((s) => s.row === 'path'), sends: stages.filter((s) => s.row === 'sends') };
}

type NewStage = Omit<LadderStage, 'headroomDb' | 'faults' | 'keys' | 'clipDbfs'> & { keys?: string[]; clipDbfs?: number };

/**
 * One stage for all the outputs a source feeds (Main L and R both carry the main's level). Where the venue
 * profile knows the amplifier, the stage clips where the amplifier does: the level at which the output
 * reaches the most sensitive amplifier's input sensitivity.
 */
function addOutputs(add: (stage: NewStage) => void, outputs: readonly OutputState[], source: LadderStage, amplifiers: readonly AmplifierFeed[]): void {
  if (outputs.length === 0) return;
  const names = outputs.map((o) => o.name).filter(Boolean);
  const amps = amplifiers.filter((a) => outputs.some((o) => o.index === a.index));
  const clips = amps.map((a) => ({ amp: a, clipDbfs: a.inputSensitivityDbu - a.dbuAtZeroDbfs }));
  const governing = clips.reduce<(typeof clips)[number] | null>((low, c) => (low === null || c.clipDbfs < low.clipDbfs ? c : low), null);
  const ampNote = governing === null
    ? (outputs.length > 1 ? 'To the amps' : 'To the amp')
    : `${governing.amp.amplifier} clips at ${formatGain(governing.amp.inputSensitivityDbu)} dBu (${formatGain(governing.clipDbfs)} dBFS here)`
      + (source.peakDbfs > -Infinity ? ` · peaks ${formatGain(source.peakDbfs + governing.amp.dbuAtZeroDbfs)} dBu` : '');
  add({
    clipDbfs: governing?.clipDbfs ?? 0,
    id: `output-${outputs[0]!.index}`,
    keys: outputs.map((o) => `output-${o.index}`),
    kind: 'output',
    title: outputs.length === 1 ? `Out ${outputs[0]!.index}` : `Out ${outputs.map((o) => o.index).join(', ')}`,
    detail: names.length > 0 ? `${names.join(' · ')}` : 'To the amplifier',
    peakDbfs: source.peakDbfs,
    averageDbfs: source.averageDbfs,
    basis: source.basis,
    fedBy: source.id,
    row: source.row,
    passing: source.passing,
    contributionDbfs: null,
    note: ampNote,
  });
}

function attachFaults(stages: LadderStage[], suggestions: readonly Suggestion[], channelIndex: number): void {
  for (const suggestion of suggestions) {
    const key = faultStageId(suggestion, channelIndex);
    if (key !== null) stages.find((stage) => stage.keys.includes(key))?.faults.push(suggestion);
  }
}

/** True when an open suggestion points at a stage of this ladder. */
export function isOnLadder(ladder: Ladder, suggestion: Suggestion): boolean {
  const key = faultStageId(suggestion, ladder.channel.index);
  return key !== null && [...ladder.path, ...ladder.sends].some((stage) => stage.keys.includes(key));
}

/** The ladder stage an open suggestion points at, or null when it is about another channel's chain. */
export function faultStageId(suggestion: Suggestion, channelIndex: number): string | null {
  const target = suggestion.target;
  switch (target.kind) {
    case 'channel': {
      if (target.index !== channelIndex) return null;
      if (suggestion.stage === 'bus') {
        const send = /^ch\.\d+\.send\.(\d+)\./.exec(suggestion.change?.param ?? '');
        return send ? `bus-${send[1]}` : 'fader';
      }
      if (suggestion.stage === 'matrix' || suggestion.stage === 'output') return 'main';
      return suggestion.stage;
    }
    case 'bus':
      return `bus-${target.index}`;
    case 'main':
      return 'main';
    case 'output':
      return `output-${target.index}`;
    case 'matrix':
      return null;
  }
}

function levelOf(point: PointReadout): Level {
  return { peakDbfs: point.peakDbfs, averageDbfs: point.averageDbfs };
}

function loudestOf(points: readonly PointReadout[]): Level {
  return {
    peakDbfs: Math.max(...points.map((p) => p.peakDbfs)),
    averageDbfs: Math.max(...points.map((p) => p.averageDbfs)),
  };
}

function headroomOf(peakDbfs: number, clipDbfs: number): number {
  return peakDbfs === -Infinity ? Infinity : clipDbfs - peakDbfs;
}

function preampDetail(channel: ChannelState): string {
  const parts: string[] = [];
  if (channel.preampGainDb !== null) parts.push(`Gain ${formatLevel(channel.preampGainDb)} dB`);
  if (channel.trimDb !== null) parts.push(`Trim ${formatGain(channel.trimDb)} dB`);
  return parts.length > 0 ? parts.join(' · ') : 'Digital source';
}

function busTitle(bus: BusState): string {
  return bus.name ? `Bus ${bus.index} ${bus.name}` : `Bus ${bus.index}`;
}

/**
 * How a headroom figure reads: clipping (< 1 dB), tight (< 6 dB), fine, slack (> 24 dB: so quiet that
 * the noise floor gets close), or nothing measured.
 */
export type HeadroomTone = 'clip' | 'tight' | 'fine' | 'slack' | 'none';

export function headroomTone(headroomDb: number): HeadroomTone {
  if (headroomDb === Infinity) return 'none';
  if (headroomDb < 1) return 'clip';
  if (headroomDb < 6) return 'tight';
  if (headroomDb > 24) return 'slack';
  return 'fine';
}
