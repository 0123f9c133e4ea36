/**
 * The X32/M32 address map: which OSC address holds each value of the stage model, and how to write a
 * parameter. Sources: Unofficial X32/M32 OSC Remote Protocol (channel, bus, matrix, main, outputs, headamp
 * chapters); see ../shared/docs/protocols.md.
 *
 * Preamp gain and phantom belong to the headamp feeding a channel, found through `/-ha/NN/index`
 * (NN = channel - 1; -1 when the channel's source has no headamp, e.g. a card or USB input). Channel N is
 * not assumed to be headamp N-1: stage boxes on AES50 use headamps 032..127.
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
  pad3,
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
import { X_LAWS } from '../x-family/law';
import { X32_METER_BANKS, X32_METER_CAPABILITIES } from './meter-banks';

export const X32_CHANNELS = 32;
export const X32_BUSES = 16;
export const X32_MATRICES = 6;
export const X32_OUTPUTS = 16;
export const X32_HEADAMPS = 128;

export const x32ChannelPath = (channel: number): string => `/ch/${pad2(channel)}`;
export const x32BusPath = (bus: number): string => `/bus/${pad2(bus)}`;
export const x32MatrixPath = (matrix: number): string => `/mtx/${pad2(matrix)}`;
export const X32_MAIN_PATH = '/main/st';
/** The channel-to-headamp mapping (read only on the desk). */
export const x32HeadampIndexAddress = (channel: number): string => `/-ha/${pad2(channel - 1)}/index`;
export const x32HeadampPath = (headamp: number): string => `/headamp/${pad3(headamp)}`;
export const x32OutputSourceAddress = (output: number): string => `/outputs/main/${pad2(output)}/src`;

/** Send-tap enum of odd sends (they carry the tap of the stereo pair): 0 IN/LC 1 <-EQ 2 EQ-> 3 PRE 4 POST 5 GRP. */
const LAST_PRE_FADER_TAP = 3;

function channelSpecs(channel: number): Array<[string, AddressSpec]> {
  const path = x32ChannelPath(channel);
  const specs = channelStripSpecs(path);
  specs.push(
    [x32HeadampIndexAddress(channel), intRange(-1, X32_HEADAMPS - 1)],
    [`${path}/preamp/trim`, FLOAT],
    [`${path}/mix/st`, SWITCH],
  );
  for (const bus of range(X32_BUSES)) {
    specs.push([`${path}/mix/${pad2(bus)}/level`, FLOAT], [`${path}/mix/${pad2(bus)}/on`, SWITCH]);
    if (bus % 2 === 1) specs.push([`${path}/mix/${pad2(bus)}/type`, intRange(0, 5)]);
  }
  return specs;
}

function buildSpecs(): Map<string, AddressSpec> {
  const specs = new Map<string, AddressSpec>();
  const add = (entries: Array<[string, AddressSpec]>): void => entries.forEach(([address, spec]) => specs.set(address, spec));
  for (const channel of range(X32_CHANNELS)) add(channelSpecs(channel));
  for (const bus of range(X32_BUSES)) add(masterStripSpecs(x32BusPath(bus)));
  for (const matrix of range(X32_MATRICES)) add(masterStripSpecs(x32MatrixPath(matrix)));
  add(masterStripSpecs(X32_MAIN_PATH));
  for (const output of range(X32_OUTPUTS)) specs.set(x32OutputSourceAddress(output), intRange(0, 76));
  for (let headamp = 0; headamp < X32_HEADAMPS; headamp++) {
    specs.set(`${x32HeadampPath(headamp)}/gain`, FLOAT);
    specs.set(`${x32HeadampPath(headamp)}/phantom`, SWITCH);
  }
  return specs;
}

let specsCache: Map<string, AddressSpec> | undefined;
function specs(): Map<string, AddressSpec> {
  specsCache ??= buildSpecs();
  return specsCache;
}

/** The headamp feeding a channel, or null (no headamp behind its source, or not read yet). */
export function x32HeadampOf(state: StateMap, channel: number): number | null {
  const index = readInt(state, x32HeadampIndexAddress(channel));
  return index !== undefined && index >= 0 ? index : null;
}

function headampAddresses(headamp: number): string[] {
  return [`${x32HeadampPath(headamp)}/gain`, `${x32HeadampPath(headamp)}/phantom`];
}

function buildChannel(state: StateMap, channel: number): ChannelState {
  const path = x32ChannelPath(channel);
  const headampIndex = x32HeadampOf(state, channel);
  const headamp = headampIndex === null ? null : x32HeadampPath(headampIndex);
  const sends: BusSend[] = range(X32_BUSES).map((bus) => {
    const tapOwner = bus % 2 === 1 ? bus : bus - 1;
    const tap = readInt(state, `${path}/mix/${pad2(tapOwner)}/type`) ?? LAST_PRE_FADER_TAP + 1;
    return {
      bus,
      levelDb: readFloat(state, `${path}/mix/${pad2(bus)}/level`, X_LAWS.sendLevelDb) ?? -Infinity,
      on: readSwitch(state, `${path}/mix/${pad2(bus)}/on`) ?? false,
      preFader: tap <= LAST_PRE_FADER_TAP,
    };
  });
  return {
    index: channel,
    sourceType: null,
    headampIndex,
    preampGainDb: headamp === null ? null : (readFloat(state, `${headamp}/gain`, X_LAWS.headampGainDb) ?? null),
    preampGainRange: headamp === null ? null : dbRange(X_LAWS.headampGainDb),
    trimDb: readFloat(state, `${path}/preamp/trim`, X_LAWS.trimDb) ?? 0,
    trimRange: dbRange(X_LAWS.trimDb),
    phantom: headamp === null ? null : (readSwitch(state, `${headamp}/phantom`) ?? null),
    ...readChannelStrip(state, path),
    toMain: readSwitch(state, `${path}/mix/st`) ?? false,
    sends,
  };
}

/** `/outputs/main/NN/src`: 0 OFF, 1-2 Main L/R, 3 M/C, 4-19 MixBus 1-16, 20-25 Matrix 1-6, then direct outs. */
export function x32OutputSource(src: number | undefined): OutputSource {
  if (src === 1 || src === 2) return { kind: 'main' };
  if (src !== undefined && src >= 4 && src <= 19) return { kind: 'bus', index: src - 3 };
  if (src !== undefined && src >= 20 && src <= 25) return { kind: 'matrix', index: src - 19 };
  return { kind: 'none' };
}

function buildSnapshot(state: StateMap, identity: ConsoleIdentity): ConsoleSnapshot {
  const outputs: OutputState[] = range(X32_OUTPUTS).map((index) => ({
    index,
    name: `Out ${index}`,
    source: x32OutputSource(readInt(state, x32OutputSourceAddress(index))),
  }));
  const main = readMasterStrip(state, X32_MAIN_PATH, 0);
  return {
    identity,
    meters: X32_METER_CAPABILITIES,
    ranges: X_LEVEL_RANGES,
    channels: range(X32_CHANNELS).map((channel) => buildChannel(state, channel)),
    buses: range(X32_BUSES).map((bus) => readMasterStrip(state, x32BusPath(bus), bus)),
    matrices: range(X32_MATRICES).map((matrix) => readMasterStrip(state, x32MatrixPath(matrix), matrix)),
    main: { name: main.name, faderDb: main.faderDb, on: main.on },
    outputs,
  };
}

function bindParam(param: ParamId, state: StateMap): BindResult {
  const ref = parseParamId(param);
  if (!ref) return unknownParam(param);
  const label = paramLabel(ref, {
    channel: (n) => readText(state, `${x32ChannelPath(n)}/config/name`),
    bus: (n) => readText(state, `${x32BusPath(n)}/config/name`),
    matrix: (n) => readText(state, `${x32MatrixPath(n)}/config/name`),
  });
  switch (ref.scope) {
    case 'main':
      return { ok: true, binding: faderBinding(X32_MAIN_PATH, label) };
    case 'bus':
      return ref.bus <= X32_BUSES ? { ok: true, binding: faderBinding(x32BusPath(ref.bus), label) } : unknownParam(param);
    case 'matrix':
      return ref.matrix <= X32_MATRICES ? { ok: true, binding: faderBinding(x32MatrixPath(ref.matrix), label) } : unknownParam(param);
    default:
      break;
  }
  if (ref.channel > X32_CHANNELS) return unknownParam(param);
  const path = x32ChannelPath(ref.channel);
  if (ref.scope === 'channel-eq') {
    return ref.band <= 4 ? { ok: true, binding: eqGainBinding(path, ref.band, label) } : unknownParam(param);
  }
  if (ref.scope === 'channel-send') {
    if (ref.bus > X32_BUSES) return unknownParam(param);
    return { ok: true, binding: { kind: 'level', address: `${path}/mix/${pad2(ref.bus)}/level`, law: X_LAWS.sendLevelDb, label } };
  }
  if (isStripParam(ref.param)) return { ok: true, binding: stripBinding(path, ref.param, label) };
  if (ref.param === 'trimDb') {
    return { ok: true, binding: { kind: 'level', address: `${path}/preamp/trim`, law: X_LAWS.trimDb, label } };
  }
  const headamp = x32HeadampOf(state, ref.channel);
  if (headamp === null) {
    return { ok: false, code: 'not-writable', message: `Ch ${ref.channel} has no headamp behind its source` };
  }
  return ref.param === 'phantom'
    ? { ok: true, binding: { kind: 'switch', address: `${x32HeadampPath(headamp)}/phantom`, label } }
    : { ok: true, binding: { kind: 'level', address: `${x32HeadampPath(headamp)}/gain`, law: X_LAWS.headampGainDb, label } };
}

const CHANNEL_ADDRESS = /^\/ch\/(\d\d)\/(.+)$/;
const HEADAMP_ADDRESS = /^\/headamp\/(\d{3})\/(gain|phantom)$/;
const HEADAMP_INDEX_ADDRESS = /^\/-ha\/(\d\d)\/index$/;
const MASTER_FADER_ADDRESS = /^\/(bus|mtx)\/(\d\d)\/mix\/fader$/;
const SEND_LEVEL_SUFFIX = /^mix\/(\d\d)\/level$/;

function channelsOnHeadamp(state: StateMap, headamp: number): number[] {
  return range(X32_CHANNELS).filter((channel) => x32HeadampOf(state, channel) === headamp);
}

function paramsAt(address: string, state: StateMap): ParamId[] {
  if (address === `${X32_MAIN_PATH}/mix/fader`) return ['main.faderDb'];
  const master = MASTER_FADER_ADDRESS.exec(address);
  if (master) {
    const index = Number(master[2]);
    return [formatParamId(master[1] === 'bus' ? { scope: 'bus', bus: index } : { scope: 'matrix', matrix: index })];
  }
  const headamp = HEADAMP_ADDRESS.exec(address);
  if (headamp) {
    const param = headamp[2] === 'gain' ? 'preampGainDb' : 'phantom';
    return channelsOnHeadamp(state, Number(headamp[1])).map((channel) => formatParamId({ scope: 'channel', channel, param }));
  }
  const mapping = HEADAMP_INDEX_ADDRESS.exec(address);
  if (mapping) {
    const channel = Number(mapping[1]) + 1;
    if (channel > X32_CHANNELS) return [];
    return [formatParamId({ scope: 'channel', channel, param: 'preampGainDb' }), formatParamId({ scope: 'channel', channel, param: 'phantom' })];
  }
  const strip = CHANNEL_ADDRESS.exec(address);
  if (!strip) return [];
  const channel = Number(strip[1]);
  const suffix = strip[2] ?? '';
  if (suffix === 'preamp/trim') return [formatParamId({ scope: 'channel', channel, param: 'trimDb' })];
  const send = SEND_LEVEL_SUFFIX.exec(suffix);
  if (send) return [formatParamId({ scope: 'channel-send', channel, bus: Number(send[1]) })];
  const param = stripParamAt(channel, suffix);
  return param ? [param] : [];
}

function followUpAddresses(address: string, state: StateMap): string[] {
  const mapping = HEADAMP_INDEX_ADDRESS.exec(address);
  if (!mapping) return [];
  const headamp = x32HeadampOf(state, Number(mapping[1]) + 1);
  return headamp === null ? [] : headampAddresses(headamp);
}

function dependentAddresses(state: StateMap): string[] {
  const headamps = new Set<number>();
  for (const channel of range(X32_CHANNELS)) {
    const headamp = x32HeadampOf(state, channel);
    if (headamp !== null) headamps.add(headamp);
  }
  return [...headamps].sort((a, b) => a - b).flatMap(headampAddresses);
}

/** The X32/M32 family. */
export const X32_FAMILY: XFamily = {
  kind: 'x32',
  defaultModel: 'X32',
  meterBanks: X32_METER_BANKS,
  meterCapabilities: X32_METER_CAPABILITIES,
  spec: (address) => specs().get(address),
  syncAddresses: () => [...specs().keys()].filter((address) => !address.startsWith('/headamp/')),
  dependentAddresses,
  followUpAddresses,
  paramsAt,
  bindParam,
  buildSnapshot,
  forModel: () => X32_FAMILY,
};
