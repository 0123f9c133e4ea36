/**
 * The stage model for a console driven by a mapping file (MIDI or generic OSC): only the parameters the
 * map binds carry values; everything else is what the console does not provide. Shared by both adapters.
 *
 * - preamp gain, trim, phantom: null until the console reports them, and always null when unbound. Their
 *   ranges are given only for writable bindings, so the engine never plans a change it cannot make.
 * - Switches and settings a map cannot read keep neutral placeholders, and the switch that would make
 *   them count stays off: eqOn, dynOn, gateOn and hpfOn are false, so no rule reads an EQ frequency or a
 *   compressor ratio nobody measured. EQ bands exist only as far as the map binds their gain.
 * - Faders read -Infinity until reported; mutes read as on (unmuted) unless the map reads them.
 */
import { CHANNEL_PARAM_WORDS, formatParamId, type ChannelScalarParam, type ParamId, type ParamRef, type ParamSpec } from '../../model/params';
import type {
  BusState,
  ChannelState,
  ConsoleIdentity,
  ConsoleSnapshot,
  DbRange,
  EqBand,
  LevelRanges,
  MatrixState,
  MeterCapabilities,
} from '../../model/stages';

/** One parameter a map binds. `range` is in dB (switches: 0..1 step 1); quantise snaps to the desk's grid. */
export interface MappedParam {
  param: ParamId;
  ref: ParamRef;
  unit: 'dB' | 'switch';
  range: DbRange;
  writable: boolean;
  quantise(value: number): number;
}

export interface SnapshotInputs {
  identity: ConsoleIdentity;
  meters: MeterCapabilities;
  channelCount: number;
  params: ReadonlyMap<ParamId, MappedParam>;
  /** Latest value per parameter as the console reported it (or as confirmed after a write). */
  values: ReadonlyMap<ParamId, number>;
  /** Channel names by 1-based index. */
  channelNames: ReadonlyMap<number, string>;
  /** Bus names by 1-based index (empty when the map reads none). */
  busNames: ReadonlyMap<number, string>;
}

/** Range of a level the console does not expose: nothing can be set on it. */
const UNAVAILABLE_RANGE: DbRange = { minDb: 0, maxDb: 0, stepDb: 1 };

/** Meter capabilities of a console that sends no meters: the engine works from settings alone. */
export const NO_METERS: MeterCapabilities = {
  channelInput: false,
  gateReduction: false,
  dynamicsReduction: false,
  channelPostFader: false,
  buses: false,
  matrices: false,
  main: false,
};

export function buildMappedSnapshot(inputs: SnapshotInputs): ConsoleSnapshot {
  const { params, values } = inputs;
  const value = (param: ParamId): number | undefined => values.get(param);
  const channels: ChannelState[] = [];
  for (let index = 1; index <= inputs.channelCount; index++) {
    channels.push(buildChannel(index, inputs));
  }
  const buses: BusState[] = [];
  const matrices: MatrixState[] = [];
  for (const mapped of params.values()) {
    const faderDb = value(mapped.param) ?? -Infinity;
    if (mapped.ref.scope === 'bus') buses.push({ index: mapped.ref.bus, name: inputs.busNames.get(mapped.ref.bus) ?? '', faderDb, on: true });
    if (mapped.ref.scope === 'matrix') matrices.push({ index: mapped.ref.matrix, name: '', faderDb, on: true });
  }
  buses.sort((a, b) => a.index - b.index);
  matrices.sort((a, b) => a.index - b.index);
  const mainId = formatParamId({ scope: 'main' });
  return {
    identity: inputs.identity,
    meters: inputs.meters,
    ranges: levelRanges(params),
    channels,
    buses,
    matrices,
    main: { name: 'Main', faderDb: value(mainId) ?? -Infinity, on: true },
    outputs: [],
  };
}

function buildChannel(index: number, inputs: SnapshotInputs): ChannelState {
  const { params, values } = inputs;
  const id = (param: ChannelScalarParam): ParamId => formatParamId({ scope: 'channel', channel: index, param });
  const bound = (param: ChannelScalarParam): MappedParam | undefined => params.get(id(param));
  const read = (param: ChannelScalarParam): number | undefined => values.get(id(param));
  const writableRange = (param: ChannelScalarParam): DbRange | null => {
    const mapped = bound(param);
    return mapped?.writable ? mapped.range : null;
  };
  const eqBands: EqBand[] = [];
  for (let band = 1; params.has(formatParamId({ scope: 'channel-eq', channel: index, band })); band++) {
    const gainDb = values.get(formatParamId({ scope: 'channel-eq', channel: index, band })) ?? 0;
    eqBands.push({ type: 'peq', freqHz: 1000, gainDb, q: 1 });
  }
  const phantom = read('phantom');
  return {
    index,
    name: inputs.channelNames.get(index) ?? '',
    // No shipped map reads a scribble-strip colour.
    color: null,
    sourceType: null,
    headampIndex: bound('preampGainDb') ? index : null,
    preampGainDb: read('preampGainDb') ?? null,
    preampGainRange: writableRange('preampGainDb'),
    trimDb: read('trimDb') ?? null,
    trimRange: writableRange('trimDb'),
    phantom: phantom === undefined ? null : phantom >= 0.5,
    hpfOn: false,
    hpfHz: 20,
    eqOn: false,
    eqBands,
    dynOn: false,
    dynThresholdDb: read('dynThresholdDb') ?? 0,
    dynRatio: 1,
    dynMakeupDb: read('dynMakeupDb') ?? 0,
    gateOn: false,
    gateThresholdDb: read('gateThresholdDb') ?? 0,
    faderDb: read('faderDb') ?? -Infinity,
    on: (read('on') ?? 1) >= 0.5,
    toMain: true,
    sends: [],
  };
}

/** Each level kind's range from the first writable parameter of that kind the map binds. */
function levelRanges(params: ReadonlyMap<ParamId, MappedParam>): LevelRanges {
  const ranges: LevelRanges = {
    faderDb: UNAVAILABLE_RANGE,
    sendLevelDb: UNAVAILABLE_RANGE,
    eqGainDb: UNAVAILABLE_RANGE,
    dynThresholdDb: UNAVAILABLE_RANGE,
    dynMakeupDb: UNAVAILABLE_RANGE,
    gateThresholdDb: UNAVAILABLE_RANGE,
  };
  const claim = (kind: keyof LevelRanges, mapped: MappedParam): void => {
    if (mapped.writable && ranges[kind] === UNAVAILABLE_RANGE) ranges[kind] = mapped.range;
  };
  for (const mapped of params.values()) {
    const { ref } = mapped;
    if (ref.scope === 'channel-eq') claim('eqGainDb', mapped);
    else if (ref.scope === 'bus' || ref.scope === 'matrix' || ref.scope === 'main') claim('faderDb', mapped);
    else if (ref.scope === 'channel' && (ref.param === 'faderDb' || ref.param === 'dynThresholdDb' || ref.param === 'dynMakeupDb' || ref.param === 'gateThresholdDb')) {
      claim(ref.param, mapped);
    }
  }
  return ranges;
}

/** Names a parameter for an engineer and the write journal: "Ch 3 Kick trim", "Bus 2 fader". */
function mappedParamLabel(ref: ParamRef, channelName: (index: number) => string): string {
  const strip = (index: number): string => {
    const name = channelName(index);
    return name === '' ? `Ch ${index}` : `Ch ${index} ${name}`;
  };
  switch (ref.scope) {
    case 'channel':
      return `${strip(ref.channel)} ${CHANNEL_PARAM_WORDS[ref.param]}`;
    case 'channel-eq':
      return `${strip(ref.channel)} EQ ${ref.band} gain`;
    case 'channel-send':
      return `${strip(ref.channel)} send to Bus ${ref.bus}`;
    case 'bus':
      return `Bus ${ref.bus} fader`;
    case 'matrix':
      return `Mtx ${ref.matrix} fader`;
    case 'main':
      return 'Main fader';
  }
}

/** The ParamSpec of a writable mapped parameter, labelled with the current channel names. */
export function mappedParamSpec(mapped: MappedParam, channelName: (index: number) => string): ParamSpec {
  return {
    id: mapped.param,
    label: mappedParamLabel(mapped.ref, channelName),
    unit: mapped.unit,
    min: mapped.range.minDb,
    max: mapped.range.maxDb,
    stepDb: mapped.range.stepDb,
    quantise: mapped.quantise,
  };
}
