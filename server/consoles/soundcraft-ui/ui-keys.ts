/**
 * The Soundcraft Ui state map: every value the desk reports lives in one map keyed by its dotted key
 * (`i.3.mix`), exactly as the desk names it; the stage model is derived from it by pure functions.
 *
 * Source (read, not copied): fmalcher/soundcraft-ui, `packages/mixer-connection/src/lib/`:
 * `device-capabilities.ts` (strips per model), `facade/hw-channel.ts` (gain and phantom keys per model),
 * `state/state-selectors.ts` and `facade/channel.ts` (`mix`, `mute`, `name`; sends at
 * `<strip>.<n>.aux|fx.<bus>.value`), `facade/send-channel.ts` and `aux-channel.ts` (`post`), `utils.ts`
 * (default strip names), `example-state.json` (a Ui24R's full state: `i.N.src` = `hw.K`, `model`, `firmware`).
 * Keys count strips from 0; Headroom counts them from 1 as the desk's labels do.
 *
 * Headroom's buses on a Ui are the aux buses 1..A followed by the FX buses (bus A+1 is FX 1). The main mix
 * is `m` (it has no mute key). Line inputs, players, subgroups and VCAs are not modelled.
 */
import { formatParamId, parseParamId, type ParamId } from '../../model/params';
import type { BusSend, BusState, ChannelState, ConsoleIdentity, ConsoleSnapshot, DbRange, LevelRanges, MeterCapabilities } from '../../model/stages';
import { paramLabel } from '../x-family/family';
import { UI12_16_GAIN_RANGE, UI24_GAIN_RANGE, UI_FADER_RANGE, uiFaderDb, uiLinearDb } from './ui-law';

export type UiModel = 'ui12' | 'ui16' | 'ui24';

/** The strips of one model (device-capabilities.ts). */
export interface UiLayout {
  model: UiModel;
  /** As printed on the desk. */
  label: string;
  inputs: number;
  aux: number;
  fx: number;
}

export const UI_LAYOUTS: Readonly<Record<UiModel, UiLayout>> = {
  ui12: { model: 'ui12', label: 'Ui12', inputs: 8, aux: 4, fx: 4 },
  ui16: { model: 'ui16', label: 'Ui16', inputs: 12, aux: 6, fx: 4 },
  ui24: { model: 'ui24', label: 'Ui24R', inputs: 24, aux: 10, fx: 4 },
};

export type UiState = ReadonlyMap<string, number | string>;

export const UI_METER_CAPABILITIES: MeterCapabilities = {
  channelInput: true,
  gateReduction: false,
  dynamicsReduction: false,
  channelPostFader: true,
  buses: true,
  matrices: false,
  main: true,
};

/** Range of a level Headroom does not read or write on a Ui: nothing can be set on it. */
const UNAVAILABLE_RANGE: DbRange = { minDb: 0, maxDb: 0, stepDb: 1 };

export const UI_LEVEL_RANGES: LevelRanges = {
  faderDb: UI_FADER_RANGE,
  sendLevelDb: UI_FADER_RANGE,
  eqGainDb: UNAVAILABLE_RANGE,
  dynThresholdDb: UNAVAILABLE_RANGE,
  dynMakeupDb: UNAVAILABLE_RANGE,
  gateThresholdDb: UNAVAILABLE_RANGE,
};

/** What the engineer should know about this link; travels to the tablet with the identity. */
export const UI_NOTES: readonly string[] = [
  'Soundcraft Ui: Headroom writes preamp gain, phantom power, channel faders and mutes, aux and FX send levels, and the aux, FX and master faders (laws from the soundcraft-ui-connection library); each write is confirmed when the desk reports the new value on Headroom\'s second connection.',
  'Soundcraft Ui: EQ, high-pass filter, gate and compressor are not shown and never written: the desk reports them as 0..1 values whose curves to Hz and dB are not published, so Headroom does not guess them; no gain-reduction meters either.',
  'Soundcraft Ui: meters are the desk\'s own VU data (pre-processing input, post-fader channel, aux, FX and master), at the rate the desk sends them; line inputs, players and subgroups are not modelled.',
];

const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

/** The desk's model from its `model` value; null until it is known or when it is not a Ui12/16/24. */
export function uiModelOf(state: UiState): UiModel | null {
  const model = state.get('model');
  return model === 'ui12' || model === 'ui16' || model === 'ui24' ? model : null;
}

const channelKey = (channel: number): string => `i.${channel - 1}`;

/** Where a channel's preamp lives: `i.N` on a Ui12/16, the hardware input its `src` names on a Ui24R. */
export function uiPreampKey(state: UiState, layout: UiLayout, channel: number): string | null {
  if (layout.model !== 'ui24') return channelKey(channel);
  const source = state.get(`${channelKey(channel)}.src`);
  const match = typeof source === 'string' ? /^hw\.(\d{1,2})$/.exec(source) : null;
  return match ? `hw.${Number(match[1])}` : null;
}

/** Where a send to Headroom bus `bus` lives: the aux sends first, then the FX sends. */
function sendKey(layout: UiLayout, channel: number, bus: number): string | null {
  if (bus >= 1 && bus <= layout.aux) return `${channelKey(channel)}.aux.${bus - 1}`;
  if (bus > layout.aux && bus <= layout.aux + layout.fx) return `${channelKey(channel)}.fx.${bus - layout.aux - 1}`;
  return null;
}

/** The strip key of Headroom bus `bus` (`a.N` or `f.N`). */
function busKey(layout: UiLayout, bus: number): string | null {
  if (bus >= 1 && bus <= layout.aux) return `a.${bus - 1}`;
  if (bus > layout.aux && bus <= layout.aux + layout.fx) return `f.${bus - layout.aux - 1}`;
  return null;
}

/**
 * The values a sync must bring before Headroom models the desk (names may be absent: the desk shows
 * defaults then). On a Ui24R the channels' `src` come first; the hardware inputs they name follow.
 */
export function uiRequiredKeys(state: UiState, layout: UiLayout): string[] {
  const keys = ['m.mix'];
  for (const channel of range(layout.inputs)) {
    const path = channelKey(channel);
    keys.push(`${path}.mix`, `${path}.mute`);
    if (layout.model === 'ui24') keys.push(`${path}.src`);
    const preamp = uiPreampKey(state, layout, channel);
    if (preamp !== null) keys.push(`${preamp}.gain`, `${preamp}.phantom`);
    for (const bus of range(layout.aux + layout.fx)) keys.push(`${sendKey(layout, channel, bus)}.value`);
  }
  for (const bus of range(layout.aux + layout.fx)) keys.push(`${busKey(layout, bus)}.mix`, `${busKey(layout, bus)}.mute`);
  return [...new Set(keys)];
}

function num(state: UiState, key: string): number | undefined {
  const value = state.get(key);
  return typeof value === 'number' ? value : undefined;
}

function text(state: UiState, key: string): string {
  const value = state.get(key);
  return typeof value === 'string' ? value : '';
}

function fader(state: UiState, key: string): number {
  const value = num(state, key);
  return value === undefined ? -Infinity : uiFaderDb(value);
}

/** The gain range of a model's preamps. */
export function uiGainRange(layout: UiLayout): DbRange {
  return layout.model === 'ui24' ? UI24_GAIN_RANGE : UI12_16_GAIN_RANGE;
}

/** A strip's name: the desk's, or the web app's default ("CH 3", "AUX 2", "FX 1") when it has none (utils.ts). */
function stripName(state: UiState, key: string, fallback: string): string {
  const name = text(state, `${key}.name`);
  return name === '' ? fallback : name;
}

function buildChannel(state: UiState, layout: UiLayout, channel: number): ChannelState {
  const path = channelKey(channel);
  const preamp = uiPreampKey(state, layout, channel);
  const gain = preamp === null ? undefined : num(state, `${preamp}.gain`);
  const phantom = preamp === null ? undefined : num(state, `${preamp}.phantom`);
  const sends: BusSend[] = range(layout.aux + layout.fx).map((bus) => {
    const key = sendKey(layout, channel, bus);
    return {
      bus,
      levelDb: fader(state, `${key}.value`),
      on: num(state, `${key}.mute`) !== 1,
      // `post` 1 taps after the fader; 0 before it (send-channel.ts).
      preFader: num(state, `${key}.post`) === 0,
    };
  });
  return {
    index: channel,
    name: stripName(state, path, `CH ${channel}`),
    color: null,
    sourceType: null,
    headampIndex: preamp === null ? null : Number(preamp.split('.')[1]) + 1,
    preampGainDb: gain === undefined ? null : uiLinearDb(gain, uiGainRange(layout)),
    preampGainRange: preamp === null ? null : uiGainRange(layout),
    trimDb: null,
    trimRange: null,
    phantom: phantom === undefined ? null : phantom !== 0,
    // Not modelled (see UI_NOTES): neutral placeholders with their switches off, so no rule reads them.
    hpfOn: false,
    hpfHz: 20,
    eqOn: false,
    eqBands: [],
    dynOn: false,
    dynThresholdDb: 0,
    dynRatio: 1,
    dynMakeupDb: 0,
    gateOn: false,
    gateThresholdDb: -80,
    faderDb: fader(state, `${path}.mix`),
    on: num(state, `${path}.mute`) !== 1,
    toMain: true,
    sends,
  };
}

function buildBus(state: UiState, layout: UiLayout, bus: number): BusState {
  const key = busKey(layout, bus) ?? '';
  const fallback = bus <= layout.aux ? `AUX ${bus}` : `FX ${bus - layout.aux}`;
  return { index: bus, name: stripName(state, key, fallback), faderDb: fader(state, `${key}.mix`), on: num(state, `${key}.mute`) !== 1 };
}

export function buildUiSnapshot(state: UiState, layout: UiLayout, identity: ConsoleIdentity): ConsoleSnapshot {
  return {
    identity,
    meters: UI_METER_CAPABILITIES,
    ranges: UI_LEVEL_RANGES,
    channels: range(layout.inputs).map((channel) => buildChannel(state, layout, channel)),
    buses: range(layout.aux + layout.fx).map((bus) => buildBus(state, layout, bus)),
    matrices: [],
    main: { name: stripName(state, 'm', 'MASTER'), faderDb: fader(state, 'm.mix'), on: true },
    outputs: [],
  };
}

/** How to write one parameter: which key, and which law turns dB (or 0/1) into the desk's number. */
export type UiBinding =
  | { kind: 'fader'; key: string; label: string }
  | { kind: 'gain'; key: string; range: DbRange; label: string }
  | { kind: 'switch'; key: string; inverted: boolean; label: string };

export type UiBindResult = { ok: true; binding: UiBinding } | { ok: false; code: 'unknown-param' | 'not-writable'; message: string };

export function bindUiParam(param: ParamId, state: UiState, layout: UiLayout): UiBindResult {
  const ref = parseParamId(param);
  const unknown: UiBindResult = { ok: false, code: 'unknown-param', message: `${param} is not a parameter of the Soundcraft ${layout.label}` };
  if (!ref) return unknown;
  const label = paramLabel(ref, {
    channel: (n) => text(state, `${channelKey(n)}.name`),
    bus: (n) => text(state, `${busKey(layout, n) ?? ''}.name`),
    matrix: () => '',
  });
  const faderAt = (key: string): UiBindResult => ({ ok: true, binding: { kind: 'fader', key, label } });
  if (ref.scope === 'main') return faderAt('m.mix');
  if (ref.scope === 'matrix') return unknown;
  if (ref.scope === 'bus') {
    const key = busKey(layout, ref.bus);
    return key === null ? unknown : faderAt(`${key}.mix`);
  }
  if (ref.channel > layout.inputs) return unknown;
  const path = channelKey(ref.channel);
  if (ref.scope === 'channel-send') {
    const key = sendKey(layout, ref.channel, ref.bus);
    return key === null ? unknown : faderAt(`${key}.value`);
  }
  const readOnly = (why: string): UiBindResult => ({ ok: false, code: 'not-writable', message: `${label} is not written on the Soundcraft ${layout.label}: ${why}` });
  if (ref.scope === 'channel-eq') return readOnly('its EQ curve is not published');
  switch (ref.param) {
    case 'faderDb':
      return faderAt(`${path}.mix`);
    case 'on':
      return { ok: true, binding: { kind: 'switch', key: `${path}.mute`, inverted: true, label } };
    case 'preampGainDb':
    case 'phantom': {
      const preamp = uiPreampKey(state, layout, ref.channel);
      if (preamp === null) return readOnly(`Ch ${ref.channel} plays a source without a preamp`);
      return ref.param === 'phantom'
        ? { ok: true, binding: { kind: 'switch', key: `${preamp}.phantom`, inverted: false, label } }
        : { ok: true, binding: { kind: 'gain', key: `${preamp}.gain`, range: uiGainRange(layout), label } };
    }
    case 'trimDb':
      return readOnly('the desk has no trim apart from the preamp gain');
    default:
      return readOnly('its dynamics curves are not published');
  }
}

const CHANNEL_KEY = /^i\.(\d+)\.(mix|mute|gain|phantom|src)$/;
const SEND_KEY = /^i\.(\d+)\.(aux|fx)\.(\d+)\.value$/;
const BUS_KEY = /^(a|f)\.(\d+)\.mix$/;
const HARDWARE_KEY = /^hw\.(\d+)\.(gain|phantom)$/;

/** Parameters whose value is held at `key` (for reporting a change made at the desk). */
export function uiParamsAt(key: string, state: UiState, layout: UiLayout): ParamId[] {
  if (key === 'm.mix') return ['main.faderDb'];
  const bus = BUS_KEY.exec(key);
  if (bus) {
    const index = Number(bus[2]) + 1 + (bus[1] === 'f' ? layout.aux : 0);
    return index <= layout.aux + layout.fx ? [formatParamId({ scope: 'bus', bus: index })] : [];
  }
  const send = SEND_KEY.exec(key);
  if (send) {
    const channel = Number(send[1]) + 1;
    const index = Number(send[3]) + 1 + (send[2] === 'fx' ? layout.aux : 0);
    return channel <= layout.inputs && index <= layout.aux + layout.fx ? [formatParamId({ scope: 'channel-send', channel, bus: index })] : [];
  }
  const hardware = HARDWARE_KEY.exec(key);
  if (hardware) {
    const param = hardware[2] === 'gain' ? 'preampGainDb' : 'phantom';
    const preamp = `hw.${Number(hardware[1])}`;
    return range(layout.inputs)
      .filter((channel) => layout.model === 'ui24' && uiPreampKey(state, layout, channel) === preamp)
      .map((channel) => formatParamId({ scope: 'channel', channel, param }));
  }
  const strip = CHANNEL_KEY.exec(key);
  if (!strip) return [];
  const channel = Number(strip[1]) + 1;
  if (channel > layout.inputs) return [];
  const at = (param: 'faderDb' | 'on' | 'preampGainDb' | 'phantom'): ParamId => formatParamId({ scope: 'channel', channel, param });
  switch (strip[2]) {
    case 'mix':
      return [at('faderDb')];
    case 'mute':
      return [at('on')];
    case 'src':
      return layout.model === 'ui24' ? [at('preampGainDb'), at('phantom')] : [];
    default:
      return layout.model === 'ui24' ? [] : [at(strip[2] === 'gain' ? 'preampGainDb' : 'phantom')];
  }
}
