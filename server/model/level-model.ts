/**
 * The one level model, preamp to amplifier. Pure: a snapshot (settings) and what the meters heard give
 * every stage of a channel, and a proposed change set gives how far each of those levels moves. The
 * engine, the safety path, venue recalls, soundcheck and the tablet's ladder all read it, so a figure on
 * a card, on the ladder and in a confirmation is the same number.
 *
 * Levels are averages while playing (dBFS) unless named peak; shifts are dB. Linear stages (gain, trim,
 * fader, send, bus and main masters) shift exactly. Two stages need an estimate, made here once:
 * - the compressor's gain reduction: the desk's GR meter where it sends one, else the static curve
 *   (input - threshold) * (1 - 1/ratio) on the input average; a change moves it along the same curve;
 * - the EQ's broadband level: each band's gain weighted by the share of the spectrum it touches
 *   (processor-curves.ts, the same curve the simulator plays).
 * The converter clips at full scale: a clipped input meter hides level above it, so a gain cut is heard
 * downstream only by the part that was audible, and a gain raise that pushes peaks past it is heard only
 * in part (see heardChangeDb).
 */
import { dbToPower, powerToDb } from './db';
import { powerAfter, type ContributionMove, type MixBase } from './mix-power';
import { parseParamId, type ParamId, type ParamRef } from './params';
import { compressorGrDb, eqNetGainDb } from './processor-curves';
import { channelAt, positionOf, type ChannelState, type ConsoleSnapshot } from './stages';

/** What the model needs of one meter point; the bridge's statistics and the tablet's readouts both fit. */
export interface MeterPoint {
  peakDbfs: number;
  averageDbfs: number;
  /** Readings at or above the clip threshold in the window (statistics only). */
  clipCount?: number;
  /** Playing time and frames in the window (statistics only), for the share of clipped readings. */
  activeMs?: number;
  frames?: number;
  windowMs?: number;
}

/** Meter points by area, 0-based like a meter frame; an empty or short array means "not metered". */
export interface LevelMeters {
  channelInput: readonly (MeterPoint | null | undefined)[];
  /** Average compressor gain reduction while playing, positive dB. */
  channelDynGrDb: readonly (MeterPoint | null | undefined)[];
  channelPostFader: readonly (MeterPoint | null | undefined)[];
}

/** No meters at all: the model still gives every shift from the settings. */
export const NO_METERS: LevelMeters = { channelInput: [], channelDynGrDb: [], channelPostFader: [] };

/** A mix a channel feeds: 'main' (the PA), 'bus.<n>' (a monitor or group bus), 'mtx.<n>' (a matrix). */
export type MixKey = 'main' | `bus.${number}` | `mtx.${number}`;

/** Levels in a mix are "not moved" within this, dB (the invariant's tolerance). */
export const LEVEL_TOLERANCE_DB = 0.1;

/** Most a clipped meter is assumed to hide, dB. */
const MAX_HIDDEN_PEAK_DB = 24;

/**
 * How much level a clipped meter hides above full scale, estimated from the share of playing readings stuck
 * there: a decaying hit spends about as long at each dB of its decay, so the clipped share grows with the
 * overshoot: about 16 dB per unit share up to half the window, steeper beyond. A heuristic checked against
 * the simulator's clipping kick (+4..+20 dB over).
 */
export function hiddenPeakDb(clipCount: number, playingFrames: number): number {
  if (playingFrames <= 0 || clipCount === 0) return 0;
  const share = Math.min(1, clipCount / playingFrames);
  return share <= 0.5 ? 16 * share : Math.min(MAX_HIDDEN_PEAK_DB, 8 + 30 * (share - 0.5));
}

/** Level the channel's input meter could not show because it clipped, dB (0 when unknown or not clipping). */
export function inputHiddenPeakDb(meters: LevelMeters, channelIndex: number): number {
  const input = meters.channelInput[channelIndex - 1];
  if (!input || input.clipCount === undefined || input.activeMs === undefined || input.frames === undefined || !input.windowMs) return 0;
  return hiddenPeakDb(input.clipCount, (input.activeMs * input.frames) / input.windowMs);
}

/** Broadband level the EQ adds, dB (0 when bypassed): see eqNetGainDb. */
export function eqLevelDb(channel: ChannelState): number {
  return channel.eqOn ? eqNetGainDb(channel.eqBands) : 0;
}

/** Change of the EQ's broadband level when bands take the gains in `bandGainsDb` (by 1-based band), dB. */
export function eqShiftDb(channel: ChannelState, bandGainsDb: ReadonlyMap<number, number>): number {
  if (!channel.eqOn || bandGainsDb.size === 0) return 0;
  const after = channel.eqBands.map((b, i) => ({ ...b, gainDb: bandGainsDb.get(i + 1) ?? b.gainDb }));
  return eqLevelDb({ ...channel, eqBands: after }) - eqLevelDb(channel);
}

/** The compressor's average gain reduction on a channel, positive dB. */
export interface Reduction {
  grDb: number;
  /** True when the desk's GR meter measured it; false when estimated from the static curve. */
  measured: boolean;
}

/**
 * Compressor gain reduction: the GR meter's average while playing, or (without one) the static curve on the
 * input average plus the EQ's level; 0 when bypassed; null when neither meter is known.
 */
export function channelReduction(meters: LevelMeters, channel: ChannelState): Reduction | null {
  if (!channel.dynOn) return { grDb: 0, measured: false };
  const gr = meters.channelDynGrDb[channel.index - 1];
  if (gr) return { grDb: Math.max(0, gr.averageDbfs), measured: true };
  const input = meters.channelInput[channel.index - 1];
  if (!input || input.averageDbfs === -Infinity) return null;
  return { grDb: compressorGrDb(input.averageDbfs + eqLevelDb(channel), channel.dynThresholdDb, channel.dynRatio), measured: false };
}

function slopeOf(ratio: number): number {
  return ratio > 1 ? 1 - 1 / ratio : 0;
}

/** Every level of one channel, as the model sees it (averages while playing, dBFS; null = not known). */
export interface ChannelLevels {
  channel: number;
  /** At the input meter (after preamp gain and trim). */
  inputDbfs: number | null;
  /** After the EQ (its broadband level added). */
  afterEqDbfs: number | null;
  reduction: Reduction | null;
  /** After the compressor (gain reduction and makeup): the pre-fader tap. */
  preFaderDbfs: number | null;
  /** After the fader and the on switch: the post-fader tap (from the post-fader meter where there is one). */
  postFaderDbfs: number | null;
  /** This channel's contribution at each bus it sends to (tap + send level), by bus number. */
  sendsDbfs: { bus: number; levelDbfs: number | null; preFader: boolean; on: boolean }[];
  /** Its contribution at the main (post-fader, when routed), or null when not routed. */
  mainDbfs: number | null;
}

/** The levels of one channel from its settings and the meters. */
export function channelLevels(snapshot: ConsoleSnapshot, meters: LevelMeters, channel: ChannelState): ChannelLevels {
  const input = meters.channelInput[channel.index - 1];
  const inputDbfs = input && input.averageDbfs > -Infinity ? input.averageDbfs : null;
  const afterEqDbfs = inputDbfs === null ? null : inputDbfs + eqLevelDb(channel);
  const reduction = channelReduction(meters, channel);
  const dynNetDb = channel.dynOn ? channel.dynMakeupDb - (reduction?.grDb ?? 0) : 0;
  const post = meters.channelPostFader[channel.index - 1];
  let preFaderDbfs = afterEqDbfs === null || (channel.dynOn && reduction === null) ? null : afterEqDbfs + dynNetDb;
  let postFaderDbfs: number | null;
  if (!channel.on) {
    postFaderDbfs = -Infinity;
  } else if (post && post.averageDbfs > -Infinity) {
    postFaderDbfs = post.averageDbfs;
    // The post-fader meter is the better witness of what the processors did: derive the tap from it.
    if (Number.isFinite(channel.faderDb)) preFaderDbfs = post.averageDbfs - channel.faderDb;
  } else {
    postFaderDbfs = preFaderDbfs === null ? null : preFaderDbfs + channel.faderDb;
  }
  const sendsDbfs = channel.sends.map((send) => {
    const tap = send.preFader ? preFaderDbfs : postFaderDbfs;
    return { bus: send.bus, preFader: send.preFader, on: send.on, levelDbfs: tap === null ? null : tap + send.levelDb };
  });
  return {
    channel: channel.index,
    inputDbfs,
    afterEqDbfs,
    reduction,
    preFaderDbfs,
    postFaderDbfs,
    sendsDbfs,
    mainDbfs: channel.toMain ? postFaderDbfs : null,
  };
}

/** A change to one parameter: dB for levels, 0/1 for switches (as written to a console). */
export interface LevelChange {
  param: ParamId;
  value: number;
}

/** How far one channel's levels move under a change set, dB (Infinity / -Infinity: unmuted / muted). */
export interface ChannelShift {
  channel: number;
  /** At the input meter: gain and trim. */
  inputDb: number;
  /** What the stages after the input hear: the input change less the level a clipped meter hid. */
  heardDb: number;
  /** At the pre-fader tap (after EQ and compressor). */
  preFaderDb: number;
  /** After the fader. */
  postFaderDb: number;
  /** This channel's contribution at each bus it sends to (tap, send level), by bus. */
  sendsDb: Map<number, number>;
  /** Its contribution at the main; null when it does not feed the main before or after. */
  mainDb: number | null;
  /** How the gate and the compressor act differently afterwards (thresholds that did not follow), dB. */
  gateMismatchDb: number;
  compressorMismatchDb: number;
}

/** How far one mix moves: its master, each channel's contribution, and (with meters) the whole mix. */
export interface MixShift {
  mix: MixKey;
  /** "PA", "Mon 1", "Mtx 2". */
  label: string;
  /** The mix's master fader move, dB. */
  masterDb: number;
  /** Contributions that move, by channel. */
  channels: { channel: number; label: string; deltaDb: number }[];
  /**
   * The mix's level change, dB: the contributors' power sum (from the meters) plus the master; without meters
   * the largest contribution move plus the master.
   */
  totalDb: number;
}

export interface LevelShift {
  channels: Map<number, ChannelShift>;
  /** Every mix any change reaches (main and buses the changed channels feed, masters that move). */
  mixes: MixShift[];
}

interface ChannelDeltas {
  /** Preamp (analogue, before the converter) and trim (digital, after it) changes, dB. */
  preampDb: number;
  trimDb: number;
  gainDb: number;
  /** Band gains and send levels to write; null until a change names one (most change sets name none). */
  eqBands: Map<number, number> | null;
  gateThresholdDb: number;
  dynThresholdDb: number;
  dynMakeupDb: number;
  faderTo: number | null;
  on: boolean | null;
  sendsTo: Map<number, number> | null;
}

/** A change set as moves per channel (values to write) and master fader moves per mix (dB). */
function groupByChannel(snapshot: ConsoleSnapshot, changes: readonly LevelChange[]): {
  channels: Map<number, ChannelDeltas>;
  masters: Map<MixKey, number>;
} {
  const channels = new Map<number, ChannelDeltas>();
  const masters = new Map<MixKey, number>();
  for (const change of changes) {
    const ref = parseParamId(change.param);
    if (ref === null) continue;
    if (ref.scope === 'main' || ref.scope === 'bus' || ref.scope === 'matrix') {
      const key: MixKey = ref.scope === 'main' ? 'main' : ref.scope === 'bus' ? `bus.${ref.bus}` : `mtx.${ref.matrix}`;
      const before = ref.scope === 'main' ? snapshot.main.faderDb
        : ref.scope === 'bus' ? snapshot.buses.find((b) => b.index === ref.bus)?.faderDb
          : snapshot.matrices.find((m) => m.index === ref.matrix)?.faderDb;
      if (before !== undefined) masters.set(key, levelDelta(before, change.value));
      continue;
    }
    const channel = channelAt(snapshot.channels, ref.channel);
    if (!channel) continue;
    for (const moved of channelsMoved(snapshot, channel, ref)) {
      let d = channels.get(moved.index);
      if (!d) {
        d = noDeltas();
        channels.set(moved.index, d);
      }
      addChannelChange(d, moved, ref, change.value);
    }
  }
  return { channels, masters };
}

/**
 * The channels a change to `ref` of `channel` moves: a preamp gain is its headamp's, and every channel taking
 * that headamp (one input split to two channels on one desk) hears it; anything else is the channel's own.
 */
export function channelsMoved(snapshot: ConsoleSnapshot, channel: ChannelState, ref: ChannelParamRef): readonly ChannelState[] {
  if (ref.scope !== 'channel' || ref.param !== 'preampGainDb' || channel.headampIndex === null) return [channel];
  return snapshot.channels.filter((c) => c.headampIndex === channel.headampIndex);
}

/** A channel's entry before any change names it. */
function noDeltas(): ChannelDeltas {
  return { preampDb: 0, trimDb: 0, gainDb: 0, eqBands: null, gateThresholdDb: 0, dynThresholdDb: 0, dynMakeupDb: 0, faderTo: null, on: null, sendsTo: null };
}

/** Adds the change of one of `channel`'s parameters (`value` to write) to its deltas. */
function addChannelChange(d: ChannelDeltas, channel: ChannelState, ref: ChannelParamRef, value: number): void {
  if (ref.scope === 'channel-eq') {
    (d.eqBands ??= new Map()).set(ref.band, value);
  } else if (ref.scope === 'channel-send') {
    (d.sendsTo ??= new Map()).set(ref.bus, value);
  } else {
    switch (ref.param) {
      case 'preampGainDb': d.preampDb = value - (channel.preampGainDb ?? value); d.gainDb = d.preampDb + d.trimDb; break;
      case 'trimDb': d.trimDb = value - (channel.trimDb ?? value); d.gainDb = d.preampDb + d.trimDb; break;
      case 'gateThresholdDb': d.gateThresholdDb = value - channel.gateThresholdDb; break;
      case 'dynThresholdDb': d.dynThresholdDb = value - channel.dynThresholdDb; break;
      case 'dynMakeupDb': d.dynMakeupDb = value - channel.dynMakeupDb; break;
      case 'faderDb': d.faderTo = value; break;
      case 'on': d.on = value >= 0.5; break;
      case 'phantom': break;
    }
  }
}

/** A parameter of one channel. */
export type ChannelParamRef = Extract<ParamRef, { channel: number }>;

/** Change of a level from `beforeDb` to `afterDb`, either of which may be -Infinity (fully down). */
function levelDelta(beforeDb: number, afterDb: number): number {
  if (beforeDb === afterDb) return 0;
  if (beforeDb === -Infinity) return Infinity;
  if (afterDb === -Infinity) return -Infinity;
  return afterDb - beforeDb;
}

/**
 * How much of an input gain change the stages after the input hear: the converter clips at full scale, so
 * level above it (hidden by a clipped meter now, or pushed there by a raise) is heard at full scale. Both
 * are estimates, so each errs toward a quieter mix once compensated: a cut is taken as heard less the
 * whole hidden level (the fader and sends then make up no more than surely went), a raise into clipping
 * less half its overshoot (as the engine counts a clipped window's average). The trim sits after the
 * converter (floating point) and is heard whole.
 */
export function heardChangeDb(meters: LevelMeters, channel: ChannelState, preampDb: number, trimDb: number): number {
  const input = meters.channelInput[channel.index - 1];
  if (!input || !(input.peakDbfs > -Infinity) || preampDb === 0) return preampDb + trimDb;
  const hidden = inputHiddenPeakDb(meters, channel.index);
  if (preampDb < 0) return Math.min(0, preampDb + hidden) + trimDb;
  // The converter's peak: the input meter reads after the trim.
  const overshootDb = Math.max(0, input.peakDbfs - (channel.trimDb ?? 0) + hidden + preampDb);
  return preampDb - Math.min(preampDb, overshootDb) / 2 + trimDb;
}

function channelShift(meters: LevelMeters, channel: ChannelState, d: ChannelDeltas): ChannelShift {
  const heardDb = heardChangeDb(meters, channel, d.preampDb, d.trimDb);
  const eqDb = d.eqBands === null ? 0 : eqShiftDb(channel, d.eqBands);
  const intoCompressorDb = heardDb + eqDb;
  let dynDb = 0;
  let compressorMismatchDb = 0;
  if (channel.dynOn) {
    compressorMismatchDb = intoCompressorDb - d.dynThresholdDb;
    const before = channelReduction(meters, channel);
    const slope = slopeOf(channel.dynRatio);
    const input = meters.channelInput[channel.index - 1];
    let reductionDeltaDb: number;
    if (before === null) {
      // Nothing known: assume the compressor works on all of the signal (the larger, safer estimate).
      reductionDeltaDb = compressorMismatchDb * slope;
    } else if (before.measured || !input) {
      // From where the GR meter says it works now, along the static curve's slope.
      reductionDeltaDb = Math.max(0, before.grDb + compressorMismatchDb * slope) - before.grDb;
    } else {
      const levelDbfs = input.averageDbfs + eqLevelDb(channel);
      reductionDeltaDb = compressorGrDb(levelDbfs + intoCompressorDb, channel.dynThresholdDb + d.dynThresholdDb, channel.dynRatio) - before.grDb;
    }
    dynDb = d.dynMakeupDb - reductionDeltaDb;
  }
  const preFaderDb = intoCompressorDb + dynDb;
  const faderDeltaDb = d.faderTo === null ? 0 : levelDelta(channel.faderDb, d.faderTo);
  const onAfter = d.on ?? channel.on;
  const onDeltaDb = onAfter === channel.on ? 0 : onAfter ? Infinity : -Infinity;
  // A muted channel (pre-fader sends included, as on an X32) or a fader fully down passes nothing to move.
  const silentBefore = !channel.on && onAfter === false;
  const postSilent = silentBefore || (channel.faderDb === -Infinity && d.faderTo === null);
  const postFaderDb = onDeltaDb !== 0 ? onDeltaDb : postSilent ? 0 : preFaderDb + faderDeltaDb;
  const sendsDb = new Map<number, number>();
  for (const send of channel.sends) {
    const sendTo = d.sendsTo?.get(send.bus);
    if (!send.on || (send.levelDb === -Infinity && sendTo === undefined)) continue;
    const sendDeltaDb = sendTo === undefined ? 0 : levelDelta(send.levelDb, sendTo);
    const tapDb = send.preFader ? (onDeltaDb !== 0 ? onDeltaDb : silentBefore ? 0 : preFaderDb) : postFaderDb;
    sendsDb.set(send.bus, Number.isFinite(sendDeltaDb) ? tapDb + sendDeltaDb : sendDeltaDb);
  }
  return {
    channel: channel.index,
    inputDb: d.gainDb,
    heardDb,
    preFaderDb,
    postFaderDb,
    sendsDb,
    mainDb: channel.toMain ? postFaderDb : null,
    gateMismatchDb: channel.gateOn ? heardDb - d.gateThresholdDb : 0,
    compressorMismatchDb,
  };
}

/** The mixes whose master faders `params` move (a master fader move is a mix move by intent). */
export function mastersMoved(params: readonly ParamId[]): MixKey[] {
  const mixes: MixKey[] = [];
  for (const param of params) {
    const ref = parseParamId(param);
    if (ref?.scope === 'main') mixes.push('main');
    else if (ref?.scope === 'bus') mixes.push(`bus.${ref.bus}`);
    else if (ref?.scope === 'matrix') mixes.push(`mtx.${ref.matrix}`);
  }
  return mixes;
}

/** "PA", "Mon 1" (the bus's name, else "Bus 3"), "Mtx 2". */
export function mixLabel(snapshot: ConsoleSnapshot, mix: MixKey): string {
  if (mix === 'main') return 'PA';
  const [kind, n] = mix.split('.') as ['bus' | 'mtx', string];
  const index = Number(n);
  const name = (kind === 'bus' ? snapshot.buses.find((b) => b.index === index) : snapshot.matrices.find((m) => m.index === index))?.name.trim();
  return name ? name : `${kind === 'bus' ? 'Bus' : 'Mtx'} ${index}`;
}

/** "Ch 3 Kick", or "Ch 3" for an unnamed channel: how every figure names a channel. */
export function channelLabel(channel: Pick<ChannelState, 'index' | 'name'>): string {
  const name = channel.name.trim();
  return name === '' ? `Ch ${channel.index}` : `Ch ${channel.index} ${name}`;
}

/**
 * How far every level moves when `changes` are written: each changed channel's stages, each mix's
 * contributions and master, and the mix totals (power-weighted with the meters where there are some).
 */
export function predictLevelShift(snapshot: ConsoleSnapshot, changes: readonly LevelChange[], meters: LevelMeters): LevelShift {
  const grouped = groupByChannel(snapshot, changes);
  const shifts = new Map<number, ChannelShift>();
  for (const [index, deltas] of grouped.channels) {
    shifts.set(index, channelShift(meters, channelAt(snapshot.channels, index)!, deltas));
  }
  const reached = new Set<MixKey>(grouped.masters.keys());
  for (const shift of shifts.values()) {
    if (shift.mainDb !== null) reached.add('main');
    for (const bus of shift.sendsDb.keys()) reached.add(`bus.${bus}`);
  }
  // In the snapshot's order once, so each mix lists its moves in that order without sorting its own.
  const placed: PlacedShift[] = [];
  for (const shift of shifts.values()) {
    const position = positionOf(snapshot.channels, shift.channel);
    if (position >= 0) placed.push({ position, shift });
  }
  placed.sort((a, b) => a.position - b.position);
  const basis = mixBasisOf(snapshot, meters);
  const mixes = [...reached].sort(mixOrder).map((mix) => mixShift(snapshot, basis, placed, grouped.masters.get(mix) ?? 0, mix));
  return { channels: shifts, mixes };
}

/** A changed channel's shift and its position in the snapshot's list. */
interface PlacedShift {
  position: number;
  shift: ChannelShift;
}

/**
 * How far channel `index`'s own levels move when `changes` are written: predictLevelShift's entry for it,
 * without working out the mixes (undefined when no change touches the channel).
 */
export function predictChannelShift(snapshot: ConsoleSnapshot, changes: readonly LevelChange[], meters: LevelMeters, index: number): ChannelShift | undefined {
  // groupByChannel's entry for the channel, without grouping the rest: compensation asks this about one
  // channel several times per change set.
  const channel = channelAt(snapshot.channels, index);
  if (!channel) return undefined;
  let deltas: ChannelDeltas | undefined;
  for (const change of changes) {
    const ref = parseParamId(change.param);
    if (ref === null || ref.scope === 'main' || ref.scope === 'bus' || ref.scope === 'matrix') continue;
    if (ref.channel !== index && !movesSibling(snapshot, ref, channel)) continue;
    deltas ??= noDeltas();
    addChannelChange(deltas, channel, ref, change.value);
  }
  return deltas === undefined ? undefined : channelShift(meters, channel, deltas);
}

/** Whether `ref`, a parameter of another channel, moves `channel` too (see channelsMoved). */
function movesSibling(snapshot: ConsoleSnapshot, ref: ChannelParamRef, channel: ChannelState): boolean {
  if (ref.scope !== 'channel' || ref.param !== 'preampGainDb' || channel.headampIndex === null) return false;
  return channelAt(snapshot.channels, ref.channel)?.headampIndex === channel.headampIndex;
}

/**
 * What every prediction over one snapshot and one set of meters starts from: each channel's contribution
 * to a mix (dBFS, NaN where it adds nothing: unknown, silent or not sent) and its power, for every mix
 * at once on first use, and each mix's label. An evaluation predicts dozens of change sets over the same
 * two values.
 */
interface MixBasis {
  readonly snapshot: ConsoleSnapshot;
  readonly meters: LevelMeters;
  levels: ChannelLevels[] | null;
  readonly mixes: Map<MixKey, MixBase>;
  readonly labels: Map<MixKey, string>;
  /** channelLabel() by position in the snapshot's list, on first use: a channel moves in many mixes and change sets. */
  readonly channelLabels: (string | undefined)[];
}

/**
 * Bases kept while a withLevelMemo() call runs, by meters then snapshot; null outside one, so a caller that
 * changes a snapshot in place between two predictions never reads levels of the old one.
 */
let memo: WeakMap<LevelMeters, WeakMap<ConsoleSnapshot, MixBasis>> | null = null;

/**
 * Runs `work` (synchronous) with predictLevelShift remembering, per snapshot and meters, the levels every
 * prediction starts from: for a caller that predicts many change sets over values it does not change
 * meanwhile (the engine's evaluation). Results are identical with and without it.
 */
export function withLevelMemo<T>(work: () => T): T {
  if (memo !== null) return work();
  memo = new WeakMap();
  try {
    return work();
  } finally {
    memo = null;
  }
}

function mixBasisOf(snapshot: ConsoleSnapshot, meters: LevelMeters): MixBasis {
  if (memo === null) return newBasis(snapshot, meters);
  let bySnapshot = memo.get(meters);
  if (bySnapshot === undefined) {
    bySnapshot = new WeakMap();
    memo.set(meters, bySnapshot);
  }
  let basis = bySnapshot.get(snapshot);
  if (basis === undefined) {
    basis = newBasis(snapshot, meters);
    bySnapshot.set(snapshot, basis);
  }
  return basis;
}

function newBasis(snapshot: ConsoleSnapshot, meters: LevelMeters): MixBasis {
  return { snapshot, meters, levels: null, mixes: new Map(), labels: new Map(), channelLabels: [] };
}

/** mixLabel() once per mix. */
function mixLabelOf(basis: MixBasis, mix: MixKey): string {
  let label = basis.labels.get(mix);
  if (label === undefined) {
    label = mixLabel(basis.snapshot, mix);
    basis.labels.set(mix, label);
  }
  return label;
}

/** channelLabel() of the channel at `position` once. */
function channelLabelAt(basis: MixBasis, position: number): string {
  return (basis.channelLabels[position] ??= channelLabel(basis.snapshot.channels[position]!));
}

/** Each channel's levels once for every mix it feeds, by position in the snapshot's list. */
function levelsOf(basis: MixBasis): readonly ChannelLevels[] {
  basis.levels ??= basis.snapshot.channels.map((c) => channelLevels(basis.snapshot, basis.meters, c));
  return basis.levels;
}

/**
 * channelLevels() of every channel of the snapshot, by position in its list: worked out once per snapshot
 * and meters while a withLevelMemo() call runs (the engine's evaluation), afresh otherwise.
 */
export function allChannelLevels(snapshot: ConsoleSnapshot, meters: LevelMeters): readonly ChannelLevels[] {
  return levelsOf(mixBasisOf(snapshot, meters));
}

function mixBaseOf(basis: MixBasis, mix: MixKey): MixBase {
  if (basis.mixes.size === 0) addMixBases(basis);
  let base = basis.mixes.get(mix);
  if (base === undefined) {
    // A bus no channel sends to: nothing adds to it.
    const count = basis.snapshot.channels.length;
    base = mixBase(new Float64Array(count).fill(NaN), new Float64Array(count));
    basis.mixes.set(mix, base);
  }
  return base;
}

/**
 * Every mix's contributions in one pass over the channels: the main from each routed channel, each bus from
 * a channel's first switched-on send to it.
 */
function addMixBases(basis: MixBasis): void {
  const levels = levelsOf(basis);
  const count = levels.length;
  // Each mix's row: the main's 0, then each bus a channel sends to.
  const rows = new Map<number, number>();
  for (const channel of levels) {
    for (const send of channel.sendsDbfs) if (send.on && !rows.has(send.bus)) rows.set(send.bus, rows.size + 1);
  }
  // Every mix's levels (rows of `count`), then its powers, in one buffer: a typed array of this size keeps
  // its values outside the heap, so one per mix is an allocation of its own each (about a hundred at 144 ch).
  const mixCount = rows.size + 1;
  const buffer = new Float64Array(2 * mixCount * count);
  buffer.fill(NaN, count, mixCount * count);
  for (let i = 0; i < count; i += 1) {
    const channel = levels[i]!;
    buffer[i] = contributionDbfs(channel.mainDbfs);
    // Backwards, so the first switched-on send to a bus is the one that stays.
    for (let k = channel.sendsDbfs.length - 1; k >= 0; k -= 1) {
      const send = channel.sendsDbfs[k]!;
      if (send.on) buffer[rows.get(send.bus)! * count + i] = contributionDbfs(send.levelDbfs);
    }
  }
  const baseOf = (row: number) => mixBase(
    buffer.subarray(row * count, (row + 1) * count),
    buffer.subarray((mixCount + row) * count, (mixCount + row + 1) * count),
  );
  basis.mixes.set('main', baseOf(0));
  for (const [bus, row] of rows) basis.mixes.set(`bus.${bus}`, baseOf(row));
}

/** A contribution's level, NaN where it adds nothing (unknown or silent). */
function contributionDbfs(levelDbfs: number | null): number {
  return levelDbfs === null || levelDbfs === -Infinity ? NaN : levelDbfs;
}

/** The mix's powers (into `power`, all 0) and their sum in position order, from its contributions' levels. */
function mixBase(levelDbfs: Float64Array, power: Float64Array): MixBase {
  let powerSum = 0;
  for (let i = 0; i < levelDbfs.length; i += 1) {
    if (Number.isNaN(levelDbfs[i]!)) continue;
    power[i] = dbToPower(levelDbfs[i]!);
    powerSum += power[i]!;
  }
  return { levelDbfs, power, powerSum };
}

/** The main, then buses, then matrices, each by number. */
function mixOrder(a: MixKey, b: MixKey): number {
  return mixRank(a) - mixRank(b);
}

/**
 * 0 for the main, 1000 + n for bus n, 2000 + n for matrix n. The number is read off the key's digits (keys
 * are made from whole bus and matrix numbers) rather than sliced out: a sort ranks each key many times.
 */
function mixRank(key: MixKey): number {
  if (key === 'main') return 0;
  let n = 0;
  for (let i = 4; i < key.length; i += 1) n = n * 10 + (key.charCodeAt(i) - 48);
  return (key.startsWith('bus') ? 1000 : 2000) + n;
}

function mixShift(
  snapshot: ConsoleSnapshot,
  basis: MixBasis,
  placed: readonly PlacedShift[],
  masterDb: number,
  mix: MixKey,
): MixShift {
  const moved: MixShift['channels'] = [];
  let contributorsDb = 0;
  if (!mix.startsWith('mtx')) {
    const bus = mix === 'main' ? null : Number(mix.slice(4));
    const channels = snapshot.channels;
    // The contributions that move, in the snapshot's order.
    const moves: ContributionMove[] = [];
    for (const { position, shift } of placed) {
      const deltaDb = (bus === null ? shift.mainDb : shift.sendsDb.get(bus)) ?? 0;
      if (deltaDb !== 0) moves.push({ position, deltaDb });
    }
    let largestDb = 0;
    for (const { position, deltaDb } of moves) {
      if (!(Math.abs(deltaDb) > 0.005)) continue;
      moved.push({ channel: channels[position]!.index, label: channelLabelAt(basis, position), deltaDb });
      if (Math.abs(deltaDb) > Math.abs(largestDb)) largestDb = deltaDb;
    }
    const base = Number.isFinite(largestDb) ? mixBaseOf(basis, mix) : null;
    contributorsDb = base !== null && base.powerSum > 0 ? powerToDb(powerAfter(base, moves)) - powerToDb(base.powerSum) : largestDb;
  }
  return { mix, label: mixLabelOf(basis, mix), masterDb, channels: moved, totalDb: contributorsDb + masterDb };
}

/** A level that moves although no change set named it as its purpose. */
export interface UnintendedMove {
  mix: MixKey;
  label: string;
  /** The channel whose contribution moves; null for the mix's master. */
  channel: number | null;
  channelLabel: string | null;
  deltaDb: number;
}

/**
 * The levels that move by more than the tolerance in mixes outside `purpose`: every channel's contribution
 * and every master. Contributions are judged one by one, so a loud channel going up cannot hide behind a
 * quiet one going down. `gridDb`: half the grid step of the faders and sends that compensate (a console
 * cannot land closer than that), added to the tolerance.
 */
export function unintendedMoves(shift: LevelShift, purpose: readonly MixKey[] | 'any', gridDb = 0): UnintendedMove[] {
  if (purpose === 'any') return [];
  const allowed = new Set(purpose);
  const moves: UnintendedMove[] = [];
  for (const mix of shift.mixes) {
    if (allowed.has(mix.mix)) continue;
    if (Math.abs(mix.masterDb) > LEVEL_TOLERANCE_DB + gridDb) moves.push({ mix: mix.mix, label: mix.label, channel: null, channelLabel: null, deltaDb: mix.masterDb });
    for (const c of mix.channels) {
      if (Math.abs(c.deltaDb) > LEVEL_TOLERANCE_DB + gridDb) moves.push({ mix: mix.mix, label: mix.label, channel: c.channel, channelLabel: c.label, deltaDb: c.deltaDb });
    }
  }
  return moves;
}

/** A channel whose pre-fader level moves on a desk whose sends are not read: its pre-fader sends move as much. */
export interface UnreadSendMove {
  channel: number;
  channelLabel: string;
  deltaDb: number;
}

/**
 * What a change moves that the snapshot cannot show: on a desk whose sends are not read
 * (`identity.sendsUnread`), every pre-fader send of a channel follows that channel's pre-fader level, and
 * nothing can compensate a send Headroom does not know. Empty on a desk whose sends are read.
 */
export function unreadSendMoves(snapshot: ConsoleSnapshot, shift: LevelShift, gridDb = 0): UnreadSendMove[] {
  if (snapshot.identity.sendsUnread !== true) return [];
  const moves: UnreadSendMove[] = [];
  for (const c of shift.channels.values()) {
    if (!(Math.abs(c.preFaderDb) > LEVEL_TOLERANCE_DB + gridDb)) continue;
    const channel = snapshot.channels.find((ch) => ch.index === c.channel);
    moves.push({ channel: c.channel, channelLabel: channel ? channelLabel(channel) : `Ch ${c.channel}`, deltaDb: c.preFaderDb });
  }
  return moves;
}

/**
 * What `unreadSendMoves` means for a desk's monitor mixes, as one clause without its full stop, the same on
 * the desk that writes ("This desk's") and on another desk of a stage box ("that desk's"): the mixes cannot
 * be measured, so no residual is claimed beyond what every pre-fader send follows.
 */
export function unreadSendsText(whose: string, moves: readonly UnreadSendMove[]): string {
  const listed = moves.map((m) => `${m.channelLabel} ${shiftText(m.deltaDb)}`).join('; ');
  return `${whose} sends are not read, so its monitor mixes cannot be kept: every send taken before the fader moves with the channel (${listed})`;
}

/** "+2.5", "-0.3", "±0.0", "muted", "unmuted". */
export function shiftText(deltaDb: number): string {
  if (deltaDb === Infinity) return 'unmuted';
  if (deltaDb === -Infinity) return 'muted';
  const rounded = Math.round(deltaDb * 10) / 10;
  if (rounded === 0) return '±0.0 dB';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)} dB`;
}

/**
 * The predicted change at the PA and in each mix a change set reaches, as a tablet shows it before a
 * confirmation: "PA: ±0.0 dB · Mon 1: ±0.0 dB · Mon 3: −2.5 dB".
 */
export function effectText(shift: LevelShift): string {
  if (shift.mixes.length === 0) return 'no mix level changes';
  return shift.mixes.map((m) => `${m.label}: ${shiftText(m.totalDb)}`).join(' · ');
}
