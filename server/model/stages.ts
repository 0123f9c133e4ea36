/**
 * The stage model: every gain stage of a console, in the domain's words.
 * Levels are dB (gains, faders) or dBFS (meters); `null` means the console does not provide the value
 * (e.g. X-Air has no trim on analog inputs), which is different from 0 dB.
 * Indices are 1-based, as printed on the desk.
 */
import type { ConsoleKind } from '../consoles/registry';

export type SourceType =
  | 'kick' | 'snare' | 'hihat' | 'tom' | 'overhead' | 'bass-di' | 'guitar' | 'keys' | 'vocal'
  | 'di' | 'playback' | 'other';

export const SOURCE_TYPES: readonly SourceType[] = [
  'kick', 'snare', 'hihat', 'tom', 'overhead', 'bass-di', 'guitar', 'keys', 'vocal', 'di', 'playback', 'other',
];

export type EqBandType = 'lcut' | 'lshv' | 'peq' | 'veq' | 'hshv' | 'hcut';

/** The range and grid of a dB parameter as the console defines it. */
export interface DbRange {
  minDb: number;
  maxDb: number;
  /** Grid step in dB (for faders: the smallest step near unity). */
  stepDb: number;
}

export interface EqBand {
  type: EqBandType;
  freqHz: number;
  gainDb: number;
  q: number;
}

export interface BusSend {
  /** 1-based bus number. */
  bus: number;
  levelDb: number;
  on: boolean;
  /** True when the send taps the channel before its fader (typical for monitor mixes). */
  preFader: boolean;
}

/** The colours of a scribble strip (the X32/M32 and X-Air palette). */
export type StripColorName = 'off' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white';

export const STRIP_COLOR_NAMES: readonly StripColorName[] = ['off', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

/** A scribble-strip colour as the desk shows it; `inverted` is the desk's dark-text-on-colour variant. */
export interface StripColor {
  name: StripColorName;
  inverted: boolean;
}

export interface ChannelState {
  index: number;
  name: string;
  /** Scribble-strip colour read from the desk; null when the console has none or does not say. */
  color: StripColor | null;
  /** What is plugged in, when known (from a venue profile or a guess from the name). */
  sourceType: SourceType | null;
  /** The headamp feeding this channel (console numbering), or null for a digital source without one. */
  headampIndex: number | null;
  /** Analog preamp gain in dB (the headamp's); null when the channel has no headamp. */
  preampGainDb: number | null;
  /** Range of preampGainDb for this channel's headamp (X-Air line inputs differ from mic inputs). */
  preampGainRange: DbRange | null;
  /** Digital trim in dB after the converter; null when the console has none for this channel. */
  trimDb: number | null;
  trimRange: DbRange | null;
  phantom: boolean | null;
  hpfOn: boolean;
  hpfHz: number;
  eqOn: boolean;
  eqBands: EqBand[];
  dynOn: boolean;
  dynThresholdDb: number;
  /** Compression ratio as n:1. */
  dynRatio: number;
  dynMakeupDb: number;
  gateOn: boolean;
  gateThresholdDb: number;
  /** -Infinity when the fader is fully down. */
  faderDb: number;
  on: boolean;
  /** Whether the channel is routed to the main LR bus. */
  toMain: boolean;
  sends: BusSend[];
}

export interface BusState {
  index: number;
  name: string;
  /** Scribble-strip colour read from the desk; null (or absent, for consoles that have none) when unknown. */
  color?: StripColor | null;
  faderDb: number;
  on: boolean;
}

export interface MatrixState {
  index: number;
  name: string;
  /** Scribble-strip colour read from the desk; null (or absent, for consoles that have none) when unknown. */
  color?: StripColor | null;
  faderDb: number;
  on: boolean;
}

export interface MainState {
  name: string;
  faderDb: number;
  on: boolean;
}

export type OutputSource =
  | { kind: 'main' }
  | { kind: 'bus'; index: number }
  | { kind: 'matrix'; index: number }
  | { kind: 'none' };

export interface OutputState {
  /** 1-based physical output number. */
  index: number;
  name: string;
  source: OutputSource;
}

/** Derived from the console registry (a new console is one line there). */
export type { ConsoleKind };

export interface ConsoleIdentity {
  kind: ConsoleKind;
  /** Model as the desk reports it, e.g. "X32", "XR18", "Headroom simulator". */
  model: string;
  firmware: string;
  name: string;
  /**
   * What the engineer should know about this link, one sentence each: how writes are confirmed, which
   * meters are missing, what a mapping file assumes. Absent when there is nothing to say.
   */
  notes?: string[];
  /**
   * True when this link does not read the channels' sends (the mapping-file desks). A change before the
   * fader then moves every pre-fader send (the monitor mixes) by an amount the snapshot cannot show, so the
   * safe writer asks first. Absent: the snapshot's sends are the desk's.
   */
  sendsUnread?: true;
}

/** Which meter points the console provides; the engine never judges a stage it cannot see. */
export interface MeterCapabilities {
  channelInput: boolean;
  gateReduction: boolean;
  dynamicsReduction: boolean;
  channelPostFader: boolean;
  buses: boolean;
  matrices: boolean;
  main: boolean;
}

/** Ranges of the level parameters that are the same on every channel/bus of a console. */
export interface LevelRanges {
  faderDb: DbRange;
  sendLevelDb: DbRange;
  eqGainDb: DbRange;
  dynThresholdDb: DbRange;
  dynMakeupDb: DbRange;
  gateThresholdDb: DbRange;
}

export interface ConsoleSnapshot {
  identity: ConsoleIdentity;
  meters: MeterCapabilities;
  ranges: LevelRanges;
  channels: ChannelState[];
  buses: BusState[];
  matrices: MatrixState[];
  main: MainState;
  outputs: OutputState[];
}

/**
 * Position of channel `index` in a snapshot's list, -1 when absent. Consoles list their channels 1, 2, 3...,
 * so the index is checked at that position first and the list searched only when it is not there: the
 * engine looks channels up by index thousands of times per evaluation at 144 channels.
 */
export function positionOf(channels: readonly ChannelState[], index: number): number {
  return channels[index - 1]?.index === index ? index - 1 : channels.findIndex((c) => c.index === index);
}

/** Channel `index` of a snapshot's list (see positionOf), undefined when absent. */
export function channelAt(channels: readonly ChannelState[], index: number): ChannelState | undefined {
  return channels[positionOf(channels, index)];
}
