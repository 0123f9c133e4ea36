/**
 * What the X-family adapter needs to know about one desk family (X32/M32, X-Air), and the building blocks
 * both families share: every desk value lives in one state map keyed by OSC address, and the stage model is
 * derived from that map by pure functions.
 */
import type { MeterFrame } from '../../model/meter-frame';
import { CHANNEL_PARAM_WORDS, formatParamId, type ChannelScalarParam, type ParamId, type ParamRef } from '../../model/params';
import type {
  BusState,
  ChannelState,
  ConsoleIdentity,
  ConsoleKind,
  ConsoleSnapshot,
  DbRange,
  EqBand,
  LevelRanges,
  MeterCapabilities,
  StripColor,
} from '../../model/stages';
import { STRIP_COLOR_NAMES } from '../../model/stages';
import type { OscArg } from '../osc/codec';
import { DYN_RATIOS, EQ_BAND_TYPES, X_LAWS, type WireLaw } from './law';

/** A desk value as it travels: floats 0..1 and enum ints are numbers, names are strings. */
export type WireValue = number | string;
export type StateMap = ReadonlyMap<string, WireValue>;

/** Wire type of an address; ints carry their inclusive range. */
export type AddressSpec = { type: 'f' } | { type: 's'; maxLength: number } | { type: 'i'; min: number; max: number };

/** A float parameter (0..1 on the wire). */
export const FLOAT: AddressSpec = { type: 'f' };
/**
 * Longest strip name the desks keep: 12 characters (Unofficial X32/M32 OSC Remote Protocol, `/ch/[01..32]/config/name`
 * "string [12 chars]"; the X AIR OSC document gives the same for `/ch/[01..16]/config/name`).
 */
export const X_NAME_MAX_CHARS = 12;
/** A name (string of at most the desk's own limit). */
export const TEXT: AddressSpec = { type: 's', maxLength: X_NAME_MAX_CHARS };
/** An OFF/ON enum (int 0/1). */
export const SWITCH: AddressSpec = { type: 'i', min: 0, max: 1 };
/** An int or enum index in min..max. */
export function intRange(min: number, max: number): AddressSpec {
  return { type: 'i', min, max };
}

/** How to write one parameter. Levels are floats through a law; switches are ints 0/1. */
export type ParamBinding =
  | { kind: 'level'; address: string; law: WireLaw; label: string }
  | { kind: 'switch'; address: string; label: string };

export type BindResult =
  | { ok: true; binding: ParamBinding }
  | { ok: false; code: 'unknown-param' | 'not-writable'; message: string };

/** One meter bank the desk streams after `/meters ,s <address>`. */
export interface MeterBank {
  /** Request and reply address, e.g. "/meters/1". */
  readonly address: string;
  readonly encoding: 'float32' | 'int16';
  /** Values per blob. */
  readonly count: number;
  /** A frame is emitted when the primary bank arrives (other banks contribute their latest values). */
  readonly primary: boolean;
  /** Writes the bank's values (dB re full scale / unity gain, -Infinity = silence) into the frame. */
  fill(valuesDb: readonly number[], frame: MeterFrame): void;
}

export interface XFamily {
  readonly kind: Extract<ConsoleKind, 'x32' | 'xair'>;
  /** Model shown until the desk has identified itself. */
  readonly defaultModel: string;
  readonly meterBanks: readonly MeterBank[];
  readonly meterCapabilities: MeterCapabilities;
  /** Wire type of an address this family keeps; undefined for anything else. */
  spec(address: string): AddressSpec | undefined;
  /** Sync phase 1: every value that does not depend on another one. */
  syncAddresses(): readonly string[];
  /** Sync phase 2: values found through phase 1 (the headamps behind the channel-to-headamp mapping). */
  dependentAddresses(state: StateMap): string[];
  /** Values to read after a pushed change to `address` (e.g. the new headamp after a routing change). */
  followUpAddresses(address: string, state: StateMap): string[];
  /** Parameters whose value is (partly) held at `address`. */
  paramsAt(address: string, state: StateMap): ParamId[];
  bindParam(param: ParamId, state: StateMap): BindResult;
  buildSnapshot(state: StateMap, identity: ConsoleIdentity): ConsoleSnapshot;
  /** This family for the model the desk reported (X-Air models differ in which inputs are line inputs). */
  forModel(model: string): XFamily;
}

/** Two-digit address index: 1 -> "01". */
export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Three-digit address index: 32 -> "032". */
export function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/** 1..count. */
export function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/**
 * Checks one message's arguments against the address's spec; null when they do not fit. A string longer
 * than the desk allows is cut to its limit (a real desk never sends one; whoever did must not grow every
 * snapshot a tablet receives).
 */
export function toWireValue(spec: AddressSpec, args: readonly OscArg[]): WireValue | null {
  if (args.length !== 1) return null;
  const [arg] = args;
  if (!arg || arg.type !== spec.type) return null;
  if (arg.type === 's' && spec.type === 's') return arg.value.slice(0, spec.maxLength);
  if (arg.type === 'f') return Number.isFinite(arg.value) && arg.value >= 0 && arg.value <= 1 ? arg.value : null;
  if (arg.type === 'i' && spec.type === 'i') {
    return Number.isInteger(arg.value) && arg.value >= spec.min && arg.value <= spec.max ? arg.value : null;
  }
  return null;
}

/** A float value through its law; undefined when not read yet. */
export function readFloat(state: StateMap, address: string, law: WireLaw): number | undefined {
  const value = state.get(address);
  return typeof value === 'number' ? law.fromFloat(value) : undefined;
}

/** An int or enum index; undefined when not read yet. */
export function readInt(state: StateMap, address: string): number | undefined {
  const value = state.get(address);
  return typeof value === 'number' ? value : undefined;
}

/** An OFF/ON value; undefined when not read yet. */
export function readSwitch(state: StateMap, address: string): boolean | undefined {
  const value = readInt(state, address);
  return value === undefined ? undefined : value !== 0;
}

/** A name; '' when empty or not read yet. */
export function readText(state: StateMap, address: string): string {
  const value = state.get(address);
  return typeof value === 'string' ? value : '';
}

/**
 * `config/color` of a channel, bus or matrix: enum int 0..15 = OFF RD GN YE BL MG CY WH, then the same eight
 * inverted (OFFi .. WHi). Sources: "Unofficial X32/M32 OSC Remote Protocol" (P.-G. Maillot), channel
 * `/ch/[01..32]/config/color`; Behringer "X AIR Mixer Series OSC" document, `/ch/[01..16]/config/color`.
 */
export const STRIP_COLOR_SPEC: AddressSpec = intRange(0, 15);

/** A `config/color` value as a strip colour; null when not read yet. */
export function readStripColor(state: StateMap, address: string): StripColor | null {
  const value = readInt(state, address);
  if (value === undefined) return null;
  const name = STRIP_COLOR_NAMES[value % 8];
  return name === undefined ? null : { name, inverted: value >= 8 };
}

/** The stage model's range of a law. */
export function dbRange(law: WireLaw): DbRange {
  return { minDb: law.min, maxDb: law.max, stepDb: law.step };
}

/** Ranges shared by every X-family desk. */
export const X_LEVEL_RANGES: LevelRanges = {
  faderDb: dbRange(X_LAWS.faderDb),
  sendLevelDb: dbRange(X_LAWS.sendLevelDb),
  eqGainDb: dbRange(X_LAWS.eqGainDb),
  dynThresholdDb: dbRange(X_LAWS.dynThresholdDb),
  dynMakeupDb: dbRange(X_LAWS.dynMakeupDb),
  gateThresholdDb: dbRange(X_LAWS.gateThresholdDb),
};

/** Input-channel EQ bands on both families. */
export const EQ_BANDS = 4;

/** Addresses of what every X-family input channel strip has (name, HPF, EQ, dynamics, gate, fader, mute). */
export function channelStripSpecs(path: string): Array<[string, AddressSpec]> {
  const specs: Array<[string, AddressSpec]> = [
    [`${path}/config/name`, TEXT],
    [`${path}/config/color`, STRIP_COLOR_SPEC],
    [`${path}/preamp/hpon`, SWITCH],
    [`${path}/preamp/hpf`, FLOAT],
    [`${path}/eq/on`, SWITCH],
    [`${path}/dyn/on`, SWITCH],
    [`${path}/dyn/thr`, FLOAT],
    [`${path}/dyn/ratio`, intRange(0, DYN_RATIOS.length - 1)],
    [`${path}/dyn/mgain`, FLOAT],
    [`${path}/gate/on`, SWITCH],
    [`${path}/gate/thr`, FLOAT],
    [`${path}/mix/fader`, FLOAT],
    [`${path}/mix/on`, SWITCH],
  ];
  for (const band of range(EQ_BANDS)) {
    specs.push(
      [`${path}/eq/${band}/type`, intRange(0, EQ_BAND_TYPES.length - 1)],
      [`${path}/eq/${band}/f`, FLOAT],
      [`${path}/eq/${band}/g`, FLOAT],
      [`${path}/eq/${band}/q`, FLOAT],
    );
  }
  return specs;
}

/** Addresses of a bus, matrix or main strip: name, fader, on. */
export function masterStripSpecs(path: string): Array<[string, AddressSpec]> {
  return [
    [`${path}/config/name`, TEXT],
    [`${path}/config/color`, STRIP_COLOR_SPEC],
    [`${path}/mix/fader`, FLOAT],
    [`${path}/mix/on`, SWITCH],
  ];
}

/** The part of a channel every X-family desk addresses the same way. */
export type ChannelStrip = Pick<
  ChannelState,
  | 'name' | 'color' | 'hpfOn' | 'hpfHz' | 'eqOn' | 'eqBands' | 'dynOn' | 'dynThresholdDb' | 'dynRatio' | 'dynMakeupDb'
  | 'gateOn' | 'gateThresholdDb' | 'faderDb' | 'on'
>;

/** Reads a channel strip; values not read yet take neutral defaults (fader down, processing off). */
export function readChannelStrip(state: StateMap, path: string): ChannelStrip {
  const eqBands: EqBand[] = range(EQ_BANDS).map((band) => {
    const at = `${path}/eq/${band}`;
    return {
      type: EQ_BAND_TYPES[readInt(state, `${at}/type`) ?? 2] ?? 'peq',
      freqHz: readFloat(state, `${at}/f`, X_LAWS.eqFreqHz) ?? 1000,
      gainDb: readFloat(state, `${at}/g`, X_LAWS.eqGainDb) ?? 0,
      q: readFloat(state, `${at}/q`, X_LAWS.eqQ) ?? 2,
    };
  });
  return {
    name: readText(state, `${path}/config/name`),
    color: readStripColor(state, `${path}/config/color`),
    hpfOn: readSwitch(state, `${path}/preamp/hpon`) ?? false,
    hpfHz: readFloat(state, `${path}/preamp/hpf`, X_LAWS.hpfHz) ?? 20,
    eqOn: readSwitch(state, `${path}/eq/on`) ?? false,
    eqBands,
    dynOn: readSwitch(state, `${path}/dyn/on`) ?? false,
    dynThresholdDb: readFloat(state, `${path}/dyn/thr`, X_LAWS.dynThresholdDb) ?? 0,
    dynRatio: DYN_RATIOS[readInt(state, `${path}/dyn/ratio`) ?? 0] ?? 1.1,
    dynMakeupDb: readFloat(state, `${path}/dyn/mgain`, X_LAWS.dynMakeupDb) ?? 0,
    gateOn: readSwitch(state, `${path}/gate/on`) ?? false,
    gateThresholdDb: readFloat(state, `${path}/gate/thr`, X_LAWS.gateThresholdDb) ?? -80,
    faderDb: readFloat(state, `${path}/mix/fader`, X_LAWS.faderDb) ?? -Infinity,
    on: readSwitch(state, `${path}/mix/on`) ?? false,
  };
}

/** A bus, matrix or main strip; -Infinity and off until read. */
export function readMasterStrip(state: StateMap, path: string, index: number): BusState {
  return {
    index,
    name: readText(state, `${path}/config/name`),
    color: readStripColor(state, `${path}/config/color`),
    faderDb: readFloat(state, `${path}/mix/fader`, X_LAWS.faderDb) ?? -Infinity,
    on: readSwitch(state, `${path}/mix/on`) ?? false,
  };
}

type StripParam = Extract<ChannelScalarParam, 'faderDb' | 'on' | 'dynThresholdDb' | 'dynMakeupDb' | 'gateThresholdDb'>;

const STRIP_PARAM_SUFFIX: Record<StripParam, string> = {
  faderDb: 'mix/fader',
  on: 'mix/on',
  dynThresholdDb: 'dyn/thr',
  dynMakeupDb: 'dyn/mgain',
  gateThresholdDb: 'gate/thr',
};

const STRIP_PARAM_LAW: Record<Exclude<StripParam, 'on'>, WireLaw> = {
  faderDb: X_LAWS.faderDb,
  dynThresholdDb: X_LAWS.dynThresholdDb,
  dynMakeupDb: X_LAWS.dynMakeupDb,
  gateThresholdDb: X_LAWS.gateThresholdDb,
};

/** True for the channel parameters both families address alike (fader, mute, dynamics, gate). */
export function isStripParam(param: ChannelScalarParam): param is StripParam {
  return param in STRIP_PARAM_SUFFIX;
}

/** Binding of a channel-strip parameter both families address the same way. */
export function stripBinding(path: string, param: StripParam, label: string): ParamBinding {
  const address = `${path}/${STRIP_PARAM_SUFFIX[param]}`;
  return param === 'on' ? { kind: 'switch', address, label } : { kind: 'level', address, law: STRIP_PARAM_LAW[param], label };
}

/** Binding of an input-channel EQ band gain. */
export function eqGainBinding(path: string, band: number, label: string): ParamBinding {
  return { kind: 'level', address: `${path}/eq/${band}/g`, law: X_LAWS.eqGainDb, label };
}

/** Binding of a strip fader (channel, bus, matrix, main). */
export function faderBinding(path: string, label: string): ParamBinding {
  return { kind: 'level', address: `${path}/mix/fader`, law: X_LAWS.faderDb, label };
}

/** The channel parameter held at `<channel path>/<suffix>` (fader, mute, dynamics, gate, EQ gain). */
export function stripParamAt(channel: number, suffix: string): ParamId | null {
  for (const [param, at] of Object.entries(STRIP_PARAM_SUFFIX)) {
    if (at === suffix) return formatParamId({ scope: 'channel', channel, param: param as StripParam });
  }
  const eq = /^eq\/([1-4])\/g$/.exec(suffix);
  if (eq) return formatParamId({ scope: 'channel-eq', channel, band: Number(eq[1]) });
  return null;
}

/** Names a parameter for an engineer: "Ch 3 Kick trim", "Bus 2 Mon 2 fader". */
export function paramLabel(ref: ParamRef, names: { channel(n: number): string; bus(n: number): string; matrix(n: number): string }): string {
  switch (ref.scope) {
    case 'channel':
      return `${stripName('Ch', ref.channel, names.channel(ref.channel))} ${CHANNEL_PARAM_WORDS[ref.param]}`;
    case 'channel-eq':
      return `${stripName('Ch', ref.channel, names.channel(ref.channel))} EQ ${ref.band} gain`;
    case 'channel-send':
      return `${stripName('Ch', ref.channel, names.channel(ref.channel))} send to ${stripName('Bus', ref.bus, names.bus(ref.bus))}`;
    case 'bus':
      return `${stripName('Bus', ref.bus, names.bus(ref.bus))} fader`;
    case 'matrix':
      return `${stripName('Mtx', ref.matrix, names.matrix(ref.matrix))} fader`;
    case 'main':
      return 'Main LR fader';
  }
}

function stripName(prefix: string, index: number, name: string): string {
  return name === '' ? `${prefix} ${index}` : `${prefix} ${index} ${name}`;
}

/** A result for a parameter id this family does not have. */
export function unknownParam(param: ParamId): BindResult {
  return { ok: false, code: 'unknown-param', message: `${param} is not a parameter of this console` };
}
