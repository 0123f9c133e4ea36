/**
 * The Behringer WING address map (WING, WING Compact, WING Rack share it: 40 channels, 16 buses, 4 mains,
 * 8 matrices). Every desk value lives in one state map keyed by OSC address; the stage model is derived
 * from it by pure functions.
 *
 * Sources (read, not copied): Patrick-Gilles Maillot, "WING Remote Protocols" / "OSC Documentation for WING"
 * (the OSC chapter: `/?`, get replies `,sff` "text, normalised, value" and `,sfi`, the `/ch/N/fdr` example
 * with -oo as -144), bitfocus companion-module-behringer-wing (`src/commands/channel.ts` for the channel
 * paths, `src/handlers/connection-handler.ts` for `/*S`), and the behringer-mixer library's WING type.
 *
 * A channel does not own a preamp: it plays a source, `/ch/N/in/conn/grp` (group: LCL local inputs, A/B/C
 * the AES50 ports, SC StageConnect, USB, CRD, ...) and `/ch/N/in/conn/in` (the input in that group). The
 * gain and phantom power belong to that source: `/io/in/<grp>/<in>/g` (dB) and `/io/in/<grp>/<in>/vph`.
 *
 * What Headroom writes, and why only that: the fader (`fdr`, -144 = -oo .. +10 dB) and mute of channels,
 * buses, mains and matrices, and the source gain and phantom, are the addresses whose type and unit the
 * cited sources pin down. Everything else is read only and the engineer is told so (see WING_NOTES).
 */
import { formatParamId, parseParamId, type ParamId } from '../../model/params';
import type {
  BusSend,
  BusState,
  ChannelState,
  ConsoleIdentity,
  ConsoleSnapshot,
  DbRange,
  EqBand,
  LevelRanges,
  MeterCapabilities,
  OutputSource,
  OutputState,
} from '../../model/stages';
import { paramLabel } from '../x-family/family';

export const WING_CHANNELS = 40;
export const WING_BUSES = 16;
export const WING_MAINS = 4;
export const WING_MATRICES = 8;
export const WING_EQ_BANDS = 4;
/** Local analog outputs whose source Headroom reads. */
export const WING_LOCAL_OUTPUTS = 8;

/**
 * One desk value: the text the desk shows and, for numbers, the value in its unit (dB, Hz, 0/1). A get
 * reply carries both (`,sff` or `,sfi`); names and enums carry text only.
 */
export interface WingValue {
  text: string;
  value: number | null;
}

export type WingState = ReadonlyMap<string, WingValue>;

/** The fader floor: the desk reports -oo as -144 dB. */
export const WING_FADER_FLOOR_DB = -144;

/** Source groups whose inputs have a gain and phantom power at `/io/in/<grp>/<in>`. */
const PREAMP_GROUPS = ['LCL', 'A', 'B', 'C', 'SC'] as const;
type PreampGroup = (typeof PREAMP_GROUPS)[number];
/** headampIndex of a source: group base + input - 1 (shown to the engineer as "HA n"). */
const GROUP_BASE: Record<PreampGroup, number> = { LCL: 0, A: 100, B: 200, C: 300, SC: 400 };

export const wingChannelPath = (channel: number): string => `/ch/${channel}`;
export const wingBusPath = (bus: number): string => `/bus/${bus}`;
export const wingMainPath = (main: number): string => `/main/${main}`;
export const wingMatrixPath = (matrix: number): string => `/mtx/${matrix}`;
export const wingSourcePath = (group: string, input: number): string => `/io/in/${group}/${input}`;
export const wingOutputPath = (output: number): string => `/io/out/LCL/${output}`;
/** Main 1 is the main LR mix Headroom models. */
export const WING_MAIN_PATH = wingMainPath(1);

const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

/** Ranges as Headroom uses them. Only faders and gain are written; the others are for display. */
export const WING_RANGES = {
  faderDb: { minDb: -Infinity, maxDb: 10, stepDb: 0.1 },
  /**
   * Not stated in the cited sources: Headroom writes gain only inside this span, which is narrower than
   * any WING, AES50 or StageConnect preamp, and the desk's read-back is the value shown.
   */
  gainDb: { minDb: -3, maxDb: 45.5, stepDb: 0.5 },
  trimDb: { minDb: -18, maxDb: 18, stepDb: 0.5 },
} as const satisfies Record<string, DbRange>;

export const WING_LEVEL_RANGES: LevelRanges = {
  faderDb: WING_RANGES.faderDb,
  sendLevelDb: WING_RANGES.faderDb,
  eqGainDb: { minDb: -15, maxDb: 15, stepDb: 0.1 },
  dynThresholdDb: { minDb: -60, maxDb: 0, stepDb: 0.5 },
  dynMakeupDb: { minDb: 0, maxDb: 24, stepDb: 0.5 },
  gateThresholdDb: { minDb: -80, maxDb: 0, stepDb: 0.5 },
};

export const WING_METER_CAPABILITIES: MeterCapabilities = {
  channelInput: true,
  gateReduction: true,
  dynamicsReduction: true,
  channelPostFader: true,
  buses: true,
  matrices: true,
  main: true,
};

/** What the engineer should know about this link; travels to the tablet with the identity. */
export const WING_NOTES: readonly string[] = [
  'WING: Headroom writes faders, mutes, preamp gain and phantom power only; trim, EQ, dynamics, gate and sends are read only (their ranges are not pinned down by the published WING documents).',
  'WING: preamp gain is written between -3 and +45.5 dB in 0.5 dB steps (the documents give the address and unit, not the range); every write is confirmed by reading it back.',
];

/** Every address synced once per connection (sources come after, from the channels' patching). */
export function wingSyncAddresses(): string[] {
  const addresses: string[] = [];
  for (const channel of range(WING_CHANNELS)) {
    const path = wingChannelPath(channel);
    addresses.push(
      `${path}/name`, `${path}/in/conn/grp`, `${path}/in/conn/in`, `${path}/in/set/trim`,
      `${path}/flt/lc`, `${path}/flt/lcf`, `${path}/eq/on`,
      `${path}/dyn/on`, `${path}/dyn/thr`, `${path}/dyn/ratio`, `${path}/dyn/gain`,
      `${path}/gate/on`, `${path}/gate/thr`, `${path}/fdr`, `${path}/mute`, `${path}/main/1/on`,
    );
    for (const band of range(WING_EQ_BANDS)) addresses.push(`${path}/eq/${band}g`, `${path}/eq/${band}f`, `${path}/eq/${band}q`);
    for (const bus of range(WING_BUSES)) addresses.push(`${path}/send/${bus}/on`, `${path}/send/${bus}/lvl`, `${path}/send/${bus}/mode`);
  }
  const strips = [...range(WING_BUSES).map(wingBusPath), ...range(WING_MATRICES).map(wingMatrixPath), WING_MAIN_PATH];
  for (const path of strips) addresses.push(`${path}/name`, `${path}/fdr`, `${path}/mute`);
  for (const output of range(WING_LOCAL_OUTPUTS)) addresses.push(`${wingOutputPath(output)}/grp`, `${wingOutputPath(output)}/in`);
  return addresses;
}

/** The source a channel plays, when it has a preamp; null otherwise (USB, card, off, or not read yet). */
export function wingSourceOf(state: WingState, channel: number): { group: PreampGroup; input: number } | null {
  const path = wingChannelPath(channel);
  const group = state.get(`${path}/in/conn/grp`)?.text;
  const input = state.get(`${path}/in/conn/in`)?.value;
  if (!isPreampGroup(group) || input === undefined || input === null || !Number.isInteger(input) || input < 1) return null;
  return { group, input };
}

function isPreampGroup(group: string | undefined): group is PreampGroup {
  return (PREAMP_GROUPS as readonly string[]).includes(group ?? '');
}

/** Sources to read after the channels: gain and phantom of every patched source. */
export function wingSourceAddresses(state: WingState): string[] {
  const paths = new Set<string>();
  for (const channel of range(WING_CHANNELS)) {
    const source = wingSourceOf(state, channel);
    if (source) paths.add(wingSourcePath(source.group, source.input));
  }
  return [...paths].flatMap((path) => [`${path}/g`, `${path}/vph`]);
}

/** Values to read after a change to `address` pushed by the desk (a re-patched channel's new source). */
export function wingFollowUpAddresses(address: string, state: WingState): string[] {
  const patched = /^\/ch\/(\d+)\/in\/conn\/(grp|in)$/.exec(address);
  if (!patched) return [];
  const source = wingSourceOf(state, Number(patched[1]));
  if (!source) return [];
  const path = wingSourcePath(source.group, source.input);
  return [`${path}/g`, `${path}/vph`];
}

function num(state: WingState, address: string): number | undefined {
  const value = state.get(address)?.value;
  return value === null || value === undefined ? undefined : value;
}

function flag(state: WingState, address: string): boolean | undefined {
  const value = num(state, address);
  return value === undefined ? undefined : value !== 0;
}

function text(state: WingState, address: string): string {
  return state.get(address)?.text ?? '';
}

/** A fader or send level in dB; the desk's -144 is -Infinity. */
function levelDb(state: WingState, address: string): number {
  const value = num(state, address);
  return value === undefined || value <= WING_FADER_FLOOR_DB ? -Infinity : value;
}

function buildChannel(state: WingState, channel: number): ChannelState {
  const path = wingChannelPath(channel);
  const source = wingSourceOf(state, channel);
  const sourcePath = source ? wingSourcePath(source.group, source.input) : null;
  const eqBands: EqBand[] = range(WING_EQ_BANDS).map((band) => ({
    type: 'peq',
    freqHz: num(state, `${path}/eq/${band}f`) ?? 1000,
    gainDb: num(state, `${path}/eq/${band}g`) ?? 0,
    q: num(state, `${path}/eq/${band}q`) ?? 2,
  }));
  const sends: BusSend[] = range(WING_BUSES).map((bus) => ({
    bus,
    levelDb: levelDb(state, `${path}/send/${bus}/lvl`),
    on: flag(state, `${path}/send/${bus}/on`) ?? false,
    preFader: text(state, `${path}/send/${bus}/mode`).toUpperCase().startsWith('PRE'),
  }));
  const muted = flag(state, `${path}/mute`);
  return {
    index: channel,
    name: text(state, `${path}/name`),
    // No source pins down the WING's colour enum: colours stay unknown rather than guessed.
    color: null,
    sourceType: null,
    headampIndex: source ? GROUP_BASE[source.group] + source.input - 1 : null,
    preampGainDb: sourcePath === null ? null : (num(state, `${sourcePath}/g`) ?? null),
    preampGainRange: sourcePath === null ? null : WING_RANGES.gainDb,
    trimDb: num(state, `${path}/in/set/trim`) ?? 0,
    trimRange: WING_RANGES.trimDb,
    phantom: sourcePath === null ? null : (flag(state, `${sourcePath}/vph`) ?? null),
    hpfOn: flag(state, `${path}/flt/lc`) ?? false,
    hpfHz: num(state, `${path}/flt/lcf`) ?? 20,
    eqOn: flag(state, `${path}/eq/on`) ?? false,
    eqBands,
    dynOn: flag(state, `${path}/dyn/on`) ?? false,
    dynThresholdDb: num(state, `${path}/dyn/thr`) ?? 0,
    dynRatio: num(state, `${path}/dyn/ratio`) ?? 1,
    dynMakeupDb: num(state, `${path}/dyn/gain`) ?? 0,
    gateOn: flag(state, `${path}/gate/on`) ?? false,
    gateThresholdDb: num(state, `${path}/gate/thr`) ?? -80,
    faderDb: levelDb(state, `${path}/fdr`),
    on: muted === undefined ? false : !muted,
    toMain: flag(state, `${path}/main/1/on`) ?? false,
    sends,
  };
}

function buildStrip(state: WingState, path: string, index: number): BusState {
  const muted = flag(state, `${path}/mute`);
  return { index, name: text(state, `${path}/name`), faderDb: levelDb(state, `${path}/fdr`), on: muted === undefined ? false : !muted };
}

/** An output's source as the desk shows it: group MAIN/BUS/MTX and the index in it. */
export function wingOutputSource(group: string, index: number | undefined): OutputSource {
  if (index === undefined || !Number.isInteger(index) || index < 1) return { kind: 'none' };
  const upper = group.toUpperCase();
  if (upper === 'MAIN' && index === 1) return { kind: 'main' };
  if (upper === 'BUS' && index <= WING_BUSES) return { kind: 'bus', index };
  if (upper === 'MTX' && index <= WING_MATRICES) return { kind: 'matrix', index };
  return { kind: 'none' };
}

export function buildWingSnapshot(state: WingState, identity: ConsoleIdentity): ConsoleSnapshot {
  const outputs: OutputState[] = range(WING_LOCAL_OUTPUTS).map((index) => ({
    index,
    name: `Local Out ${index}`,
    source: wingOutputSource(text(state, `${wingOutputPath(index)}/grp`), num(state, `${wingOutputPath(index)}/in`)),
  }));
  const main = buildStrip(state, WING_MAIN_PATH, 1);
  return {
    identity,
    meters: WING_METER_CAPABILITIES,
    ranges: WING_LEVEL_RANGES,
    channels: range(WING_CHANNELS).map((channel) => buildChannel(state, channel)),
    buses: range(WING_BUSES).map((bus) => buildStrip(state, wingBusPath(bus), bus)),
    matrices: range(WING_MATRICES).map((matrix) => buildStrip(state, wingMatrixPath(matrix), matrix)),
    main: { name: main.name, faderDb: main.faderDb, on: main.on },
    outputs,
  };
}

/** How to write one parameter: a level in dB (`,f`), or a switch (`,i` 0/1, inverted for mutes). */
export type WingBinding =
  | { kind: 'level'; address: string; range: DbRange; label: string }
  | { kind: 'switch'; address: string; inverted: boolean; label: string };

export type WingBindResult =
  | { ok: true; binding: WingBinding }
  | { ok: false; code: 'unknown-param' | 'not-writable'; message: string };

const unknown = (param: ParamId): WingBindResult => ({ ok: false, code: 'unknown-param', message: `${param} is not a parameter of the WING` });
const readOnly = (label: string): WingBindResult => ({
  ok: false,
  code: 'not-writable',
  message: `${label} is read only on the WING: its range is not pinned down by the published documents`,
});

export function bindWingParam(param: ParamId, state: WingState): WingBindResult {
  const ref = parseParamId(param);
  if (!ref) return unknown(param);
  const label = paramLabel(ref, {
    channel: (n) => text(state, `${wingChannelPath(n)}/name`),
    bus: (n) => text(state, `${wingBusPath(n)}/name`),
    matrix: (n) => text(state, `${wingMatrixPath(n)}/name`),
  });
  const fader = (path: string): WingBindResult => ({ ok: true, binding: { kind: 'level', address: `${path}/fdr`, range: WING_RANGES.faderDb, label } });
  switch (ref.scope) {
    case 'main':
      return fader(WING_MAIN_PATH);
    case 'bus':
      return ref.bus <= WING_BUSES ? fader(wingBusPath(ref.bus)) : unknown(param);
    case 'matrix':
      return ref.matrix <= WING_MATRICES ? fader(wingMatrixPath(ref.matrix)) : unknown(param);
    default:
      break;
  }
  if (ref.channel > WING_CHANNELS) return unknown(param);
  const path = wingChannelPath(ref.channel);
  if (ref.scope === 'channel-eq') return ref.band <= WING_EQ_BANDS ? readOnly(label) : unknown(param);
  if (ref.scope === 'channel-send') return ref.bus <= WING_BUSES ? readOnly(label) : unknown(param);
  switch (ref.param) {
    case 'faderDb':
      return fader(path);
    case 'on':
      return { ok: true, binding: { kind: 'switch', address: `${path}/mute`, inverted: true, label } };
    case 'preampGainDb':
    case 'phantom': {
      const source = wingSourceOf(state, ref.channel);
      if (!source) return { ok: false, code: 'not-writable', message: `${label}: Ch ${ref.channel} plays a source without a preamp` };
      const at = wingSourcePath(source.group, source.input);
      return ref.param === 'phantom'
        ? { ok: true, binding: { kind: 'switch', address: `${at}/vph`, inverted: false, label } }
        : { ok: true, binding: { kind: 'level', address: `${at}/g`, range: WING_RANGES.gainDb, label } };
    }
    default:
      return readOnly(label);
  }
}

const CHANNEL_ADDRESS = /^\/ch\/(\d+)\/(.+)$/;
const STRIP_FADER = /^\/(bus|mtx|main)\/(\d+)\/fdr$/;
const SOURCE_ADDRESS = /^\/io\/in\/([A-Z]+)\/(\d+)\/(g|vph)$/;

/** Parameters whose value is (partly) held at `address`. */
export function wingParamsAt(address: string, state: WingState): ParamId[] {
  const strip = STRIP_FADER.exec(address);
  if (strip) {
    const index = Number(strip[2]);
    if (strip[1] === 'main') return index === 1 ? ['main.faderDb'] : [];
    return [formatParamId(strip[1] === 'bus' ? { scope: 'bus', bus: index } : { scope: 'matrix', matrix: index })];
  }
  const source = SOURCE_ADDRESS.exec(address);
  if (source) {
    const param = source[3] === 'g' ? 'preampGainDb' : 'phantom';
    return range(WING_CHANNELS)
      .filter((channel) => {
        const patched = wingSourceOf(state, channel);
        return patched !== null && patched.group === source[1] && patched.input === Number(source[2]);
      })
      .map((channel) => formatParamId({ scope: 'channel', channel, param }));
  }
  const channelMatch = CHANNEL_ADDRESS.exec(address);
  if (!channelMatch) return [];
  const channel = Number(channelMatch[1]);
  const suffix = channelMatch[2];
  const scalar: Record<string, Parameters<typeof formatParamId>[0]> = {
    fdr: { scope: 'channel', channel, param: 'faderDb' },
    mute: { scope: 'channel', channel, param: 'on' },
    'in/set/trim': { scope: 'channel', channel, param: 'trimDb' },
    'dyn/thr': { scope: 'channel', channel, param: 'dynThresholdDb' },
    'dyn/gain': { scope: 'channel', channel, param: 'dynMakeupDb' },
    'gate/thr': { scope: 'channel', channel, param: 'gateThresholdDb' },
  };
  const ref = suffix === undefined ? undefined : scalar[suffix];
  if (ref) return [formatParamId(ref)];
  const send = /^send\/(\d+)\/lvl$/.exec(suffix ?? '');
  if (send) return [formatParamId({ scope: 'channel-send', channel, bus: Number(send[1]) })];
  const eq = /^eq\/([1-4])g$/.exec(suffix ?? '');
  if (eq) return [formatParamId({ scope: 'channel-eq', channel, band: Number(eq[1]) })];
  if (suffix === 'in/conn/grp' || suffix === 'in/conn/in') {
    return [formatParamId({ scope: 'channel', channel, param: 'preampGainDb' }), formatParamId({ scope: 'channel', channel, param: 'phantom' })];
  }
  return [];
}

/** Model names the desk reports (`/?` reply field 4) to the names on the front panel. */
export function wingModelName(model: string): string {
  const lower = model.toLowerCase();
  if (lower.includes('compact')) return 'WING Compact';
  if (lower.includes('rack')) return 'WING Rack';
  return 'WING';
}
