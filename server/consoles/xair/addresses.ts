/**
 * The X-Air (XR12/XR16/XR18, MR18) address map. Framing, laws and the channel strip are shared with the
 * X32 (../x-family/family.ts); the differences are here. Sources: Behringer's X AIR OSC document (fw 1.11) and
 * parameter list, and the mxfriend libmxair models (channels, headamps, routing, enums).
 *
 * - Preamp gain lives on the headamp of the channel's analog source: `/ch/NN/config/insrc` 0..15 = inputs
 *   1..16, 16/17 = aux L/R, 18 = off. Headamps 01..16 are mic preamps (-12..+60 dB, phantom); 17..24 are
 *   line inputs (-12..+20 dB, no phantom): on the XR16, inputs 9..16 are those line inputs. The aux
 *   inputs have no documented headamp, so Headroom treats them as fixed-gain line inputs. With
 *   `/ch/NN/preamp/rtnsw` on, the channel plays a USB return instead: no headamp, and
 *   `/ch/NN/preamp/rtntrim` is its trim. Analog inputs have no trim.
 * - Buses are single-digit (`/bus/1..6`), main is `/lr`, sends are `/ch/NN/mix/01..06/level` with a tap
 *   each (`tap` 0 IN 1 PREEQ 2 POSTEQ 3 PRE 4 POST 5 GRP) and no on/off switch. There is no matrix.
 * - Outputs: aux XLR outs `/routing/aux/01..06/src` and main L/R `/routing/main/01..02/src`.
 */
import { formatParamId, parseParamId, type ParamId } from '../../model/params';
import type { BusSend, ChannelState, ConsoleIdentity, ConsoleSnapshot, OutputSource, OutputState } from '../../model/stages';
import {
  FLOAT,
  SWITCH,
  X_LEVEL_RANGES,
  channelStripSpecs,
  dbRange,
  eqGainBinding,
  faderBinding,
  intRange,
  isStripParam,
  masterStripSpecs,
  pad2,
  paramLabel,
  range,
  readChannelStrip,
  readFloat,
  readInt,
  readMasterStrip,
  readSwitch,
  readText,
  stripBinding,
  stripParamAt,
  unknownParam,
  type AddressSpec,
  type BindResult,
  type StateMap,
  type XFamily,
} from '../x-family/family';
import { X_LAWS, type WireLaw } from '../x-family/law';
import { XAIR_METER_BANKS, XAIR_METER_CAPABILITIES } from './meter-banks';

export const XAIR_CHANNELS = 16;
export const XAIR_BUSES = 6;
export const XAIR_HEADAMPS = 24;
/** Headamps 01..16 are mic preamps with phantom power; 17..24 are line inputs. */
export const XAIR_MIC_HEADAMPS = 16;
export const XAIR_AUX_OUTPUTS = 6;

export const xairChannelPath = (channel: number): string => `/ch/${pad2(channel)}`;
export const xairBusPath = (bus: number): string => `/bus/${bus}`;
export const XAIR_MAIN_PATH = '/lr';
export const xairHeadampPath = (headamp: number): string => `/headamp/${pad2(headamp)}`;
export const xairAuxOutputAddress = (output: number): string => `/routing/aux/${pad2(output)}/src`;
export const xairMainOutputAddress = (side: number): string => `/routing/main/${pad2(side)}/src`;

/** `insrc` values: 0..15 analog inputs, 16/17 aux L/R, 18 off. */
const INSRC_AUX_LEFT = 16;
const INSRC_OFF = 18;
/** The XR16's inputs 9..16 are line inputs on headamps 17..24. */
const XR16_FIRST_LINE_INPUT = 9;
const LAST_PRE_FADER_TAP = 3;

function channelSpecs(channel: number): Array<[string, AddressSpec]> {
  const path = xairChannelPath(channel);
  const specs = channelStripSpecs(path);
  specs.push(
    [`${path}/config/insrc`, intRange(0, INSRC_OFF)],
    [`${path}/preamp/rtnsw`, SWITCH],
    [`${path}/preamp/rtntrim`, FLOAT],
    [`${path}/mix/lr`, SWITCH],
  );
  for (const bus of range(XAIR_BUSES)) {
    specs.push([`${path}/mix/${pad2(bus)}/level`, FLOAT], [`${path}/mix/${pad2(bus)}/tap`, intRange(0, 5)]);
  }
  return specs;
}

function buildSpecs(): Map<string, AddressSpec> {
  const specs = new Map<string, AddressSpec>();
  const add = (entries: Array<[string, AddressSpec]>): void => entries.forEach(([address, spec]) => specs.set(address, spec));
  for (const channel of range(XAIR_CHANNELS)) add(channelSpecs(channel));
  for (const bus of range(XAIR_BUSES)) add(masterStripSpecs(xairBusPath(bus)));
  add(masterStripSpecs(XAIR_MAIN_PATH));
  for (const output of range(XAIR_AUX_OUTPUTS)) specs.set(xairAuxOutputAddress(output), intRange(0, 55));
  for (const side of range(2)) specs.set(xairMainOutputAddress(side), intRange(0, 10));
  for (const headamp of range(XAIR_HEADAMPS)) {
    specs.set(`${xairHeadampPath(headamp)}/gain`, FLOAT);
    if (headamp <= XAIR_MIC_HEADAMPS) specs.set(`${xairHeadampPath(headamp)}/phantom`, SWITCH);
  }
  return specs;
}

let specsCache: Map<string, AddressSpec> | undefined;
function specs(): Map<string, AddressSpec> {
  specsCache ??= buildSpecs();
  return specsCache;
}

/**
 * The headamp (01..24) feeding a channel on `model`, or null (USB return, aux input, source off, or not
 * read yet).
 */
export function xairHeadampOf(state: StateMap, channel: number, model: string): number | null {
  const path = xairChannelPath(channel);
  if (readSwitch(state, `${path}/preamp/rtnsw`) !== false) return null;
  const insrc = readInt(state, `${path}/config/insrc`);
  if (insrc === undefined || insrc >= INSRC_AUX_LEFT) return null;
  const input = insrc + 1;
  return model === 'XR16' && input >= XR16_FIRST_LINE_INPUT ? input + XAIR_MIC_HEADAMPS - XR16_FIRST_LINE_INPUT + 1 : input;
}

function headampGainLaw(headamp: number): WireLaw {
  return headamp <= XAIR_MIC_HEADAMPS ? X_LAWS.headampGainDb : X_LAWS.lineHeadampGainDb;
}

function headampAddresses(headamp: number): string[] {
  const gain = `${xairHeadampPath(headamp)}/gain`;
  return headamp <= XAIR_MIC_HEADAMPS ? [gain, `${xairHeadampPath(headamp)}/phantom`] : [gain];
}

function buildChannel(state: StateMap, channel: number, model: string): ChannelState {
  const path = xairChannelPath(channel);
  const headampIndex = xairHeadampOf(state, channel, model);
  const usbReturn = readSwitch(state, `${path}/preamp/rtnsw`) === true;
  const sends: BusSend[] = range(XAIR_BUSES).map((bus) => ({
    bus,
    levelDb: readFloat(state, `${path}/mix/${pad2(bus)}/level`, X_LAWS.sendLevelDb) ?? -Infinity,
    on: true,
    preFader: (readInt(state, `${path}/mix/${pad2(bus)}/tap`) ?? LAST_PRE_FADER_TAP + 1) <= LAST_PRE_FADER_TAP,
  }));
  const headamp = headampIndex === null ? null : xairHeadampPath(headampIndex);
  return {
    index: channel,
    sourceType: null,
    headampIndex,
    preampGainDb: headampIndex === null ? null : (readFloat(state, `${headamp}/gain`, headampGainLaw(headampIndex)) ?? null),
    preampGainRange: headampIndex === null ? null : dbRange(headampGainLaw(headampIndex)),
    trimDb: usbReturn ? (readFloat(state, `${path}/preamp/rtntrim`, X_LAWS.trimDb) ?? null) : null,
    trimRange: usbReturn ? dbRange(X_LAWS.trimDb) : null,
    phantom: headampIndex === null || headampIndex > XAIR_MIC_HEADAMPS ? null : (readSwitch(state, `${headamp}/phantom`) ?? null),
    ...readChannelStrip(state, path),
    toMain: readSwitch(state, `${path}/mix/lr`) ?? false,
    sends,
  };
}

/** `/routing/aux/NN/src`: 0-15 channels, 16-17 aux, 18-25 FX, 26-31 buses 1-6, 32-35 FX sends, 36-37 L/R, USB. */
export function xairAuxOutputSource(src: number | undefined): OutputSource {
  if (src !== undefined && src >= 26 && src <= 31) return { kind: 'bus', index: src - 25 };
  if (src === 36 || src === 37) return { kind: 'main' };
  return { kind: 'none' };
}

/** `/routing/main/NN/src`: 0 LR, 1 monitor, then USB pairs. */
export function xairMainOutputSource(src: number | undefined): OutputSource {
  return src === 0 ? { kind: 'main' } : { kind: 'none' };
}

function buildSnapshot(state: StateMap, identity: ConsoleIdentity, model: string): ConsoleSnapshot {
  const outputs: OutputState[] = [
    ...range(XAIR_AUX_OUTPUTS).map((index) => ({
      index,
      name: `Aux Out ${index}`,
      source: xairAuxOutputSource(readInt(state, xairAuxOutputAddress(index))),
    })),
    ...range(2).map((side) => ({
      index: XAIR_AUX_OUTPUTS + side,
      name: side === 1 ? 'Main L' : 'Main R',
      source: xairMainOutputSource(readInt(state, xairMainOutputAddress(side))),
    })),
  ];
  const main = readMasterStrip(state, XAIR_MAIN_PATH, 0);
  return {
    identity,
    meters: XAIR_METER_CAPABILITIES,
    ranges: X_LEVEL_RANGES,
    channels: range(XAIR_CHANNELS).map((channel) => buildChannel(state, channel, model)),
    buses: range(XAIR_BUSES).map((bus) => readMasterStrip(state, xairBusPath(bus), bus)),
    matrices: [],
    main: { name: main.name, faderDb: main.faderDb, on: main.on },
    outputs,
  };
}

function bindParam(param: ParamId, state: StateMap, model: string): BindResult {
  const ref = parseParamId(param);
  if (!ref) return unknownParam(param);
  const label = paramLabel(ref, {
    channel: (n) => readText(state, `${xairChannelPath(n)}/config/name`),
    bus: (n) => readText(state, `${xairBusPath(n)}/config/name`),
    matrix: () => '',
  });
  switch (ref.scope) {
    case 'main':
      return { ok: true, binding: faderBinding(XAIR_MAIN_PATH, label) };
    case 'bus':
      return ref.bus <= XAIR_BUSES ? { ok: true, binding: faderBinding(xairBusPath(ref.bus), label) } : unknownParam(param);
    case 'matrix':
      return unknownParam(param);
    default:
      break;
  }
  if (ref.channel > XAIR_CHANNELS) return unknownParam(param);
  const path = xairChannelPath(ref.channel);
  if (ref.scope === 'channel-eq') {
    return ref.band <= 4 ? { ok: true, binding: eqGainBinding(path, ref.band, label) } : unknownParam(param);
  }
  if (ref.scope === 'channel-send') {
    if (ref.bus > XAIR_BUSES) return unknownParam(param);
    return { ok: true, binding: { kind: 'level', address: `${path}/mix/${pad2(ref.bus)}/level`, law: X_LAWS.sendLevelDb, label } };
  }
  if (isStripParam(ref.param)) return { ok: true, binding: stripBinding(path, ref.param, label) };
  if (ref.param === 'trimDb') {
    if (readSwitch(state, `${path}/preamp/rtnsw`) !== true) {
      return { ok: false, code: 'not-writable', message: `Ch ${ref.channel}: the X-Air has no trim on analog inputs` };
    }
    return { ok: true, binding: { kind: 'level', address: `${path}/preamp/rtntrim`, law: X_LAWS.trimDb, label } };
  }
  const headamp = xairHeadampOf(state, ref.channel, model);
  if (headamp === null) {
    return { ok: false, code: 'not-writable', message: `Ch ${ref.channel} has no headamp behind its source` };
  }
  if (ref.param === 'phantom') {
    if (headamp > XAIR_MIC_HEADAMPS) {
      return { ok: false, code: 'not-writable', message: `Ch ${ref.channel} is fed by a line input without phantom power` };
    }
    return { ok: true, binding: { kind: 'switch', address: `${xairHeadampPath(headamp)}/phantom`, label } };
  }
  return { ok: true, binding: { kind: 'level', address: `${xairHeadampPath(headamp)}/gain`, law: headampGainLaw(headamp), label } };
}

const CHANNEL_ADDRESS = /^\/ch\/(\d\d)\/(.+)$/;
const HEADAMP_ADDRESS = /^\/headamp\/(\d\d)\/(gain|phantom)$/;
const BUS_FADER_ADDRESS = /^\/bus\/(\d)\/mix\/fader$/;
const SEND_LEVEL_SUFFIX = /^mix\/(\d\d)\/level$/;
const SOURCE_SUFFIXES = new Set(['config/insrc', 'preamp/rtnsw']);

function paramsAt(address: string, state: StateMap, model: string): ParamId[] {
  if (address === `${XAIR_MAIN_PATH}/mix/fader`) return ['main.faderDb'];
  const bus = BUS_FADER_ADDRESS.exec(address);
  if (bus) return [formatParamId({ scope: 'bus', bus: Number(bus[1]) })];
  const headamp = HEADAMP_ADDRESS.exec(address);
  if (headamp) {
    const param = headamp[2] === 'gain' ? 'preampGainDb' : 'phantom';
    return range(XAIR_CHANNELS)
      .filter((channel) => xairHeadampOf(state, channel, model) === Number(headamp[1]))
      .map((channel) => formatParamId({ scope: 'channel', channel, param }));
  }
  const strip = CHANNEL_ADDRESS.exec(address);
  if (!strip) return [];
  const channel = Number(strip[1]);
  const suffix = strip[2] ?? '';
  if (SOURCE_SUFFIXES.has(suffix)) {
    return (['preampGainDb', 'phantom', 'trimDb'] as const).map((param) => formatParamId({ scope: 'channel', channel, param }));
  }
  if (suffix === 'preamp/rtntrim') return [formatParamId({ scope: 'channel', channel, param: 'trimDb' })];
  const send = SEND_LEVEL_SUFFIX.exec(suffix);
  if (send) return [formatParamId({ scope: 'channel-send', channel, bus: Number(send[1]) })];
  const param = stripParamAt(channel, suffix);
  return param ? [param] : [];
}

function followUpAddresses(address: string, state: StateMap, model: string): string[] {
  const strip = CHANNEL_ADDRESS.exec(address);
  if (!strip || !SOURCE_SUFFIXES.has(strip[2] ?? '')) return [];
  const channel = Number(strip[1]);
  const headamp = xairHeadampOf(state, channel, model);
  return headamp === null ? [`${xairChannelPath(channel)}/preamp/rtntrim`] : headampAddresses(headamp);
}

function dependentAddresses(state: StateMap, model: string): string[] {
  const headamps = new Set<number>();
  for (const channel of range(XAIR_CHANNELS)) {
    const headamp = xairHeadampOf(state, channel, model);
    if (headamp !== null) headamps.add(headamp);
  }
  return [...headamps].sort((a, b) => a - b).flatMap(headampAddresses);
}

/** The X-Air family for one model ("XR18", "XR16", "XR12", "MR18"); unknown models are treated as XR18. */
export function xairFamily(model: string): XFamily {
  return {
    kind: 'xair',
    defaultModel: 'X Air',
    meterBanks: XAIR_METER_BANKS,
    meterCapabilities: XAIR_METER_CAPABILITIES,
    spec: (address) => specs().get(address),
    syncAddresses: () => [...specs().keys()].filter((address) => !address.startsWith('/headamp/')),
    dependentAddresses: (state) => dependentAddresses(state, model),
    followUpAddresses: (address, state) => followUpAddresses(address, state, model),
    paramsAt: (address, state) => paramsAt(address, state, model),
    bindParam: (param, state) => bindParam(param, state, model),
    buildSnapshot: (state, identity) => buildSnapshot(state, identity, model),
    forModel: xairFamily,
  };
}

/** The X-Air family before the desk has said which model it is. */
export const XAIR_FAMILY: XFamily = xairFamily('XR18');
