/**
 * The band at soundcheck and the desk as the engineer left it: 16 channels, 6 buses, 2 matrices, main LR.
 *
 * Staged sensibly (channel averages near -18 dBFS, peaks a few dB under -6) except for five deliberate
 * mistakes a first-time user should see the engine find:
 * - Ch 1 Kick: preamp gain so hot the converter clips (the raw peaks would reach +4..+6 dBFS).
 * - Ch 13 Vox 1: gain about 20 dB too low (averages near -38 dBFS); the engineer made up for it with a
 *   hot wedge send and the fader.
 * - Ch 8 Bass DI: compressor makeup +12 dB for about 3 dB of gain reduction, fader pulled down to match.
 * - Bus 1 Mon 1: hot sends and the bus fader up, peaking above -3 dBFS.
 * - Main LR: peaking around -6..-3 dBFS, too hot for amps with +4 dBu sensitivity at +21 dBu = 0 dBFS.
 */
import { readParam, writeParam } from '../../model/params';
import type {
  StripColorName,
  BusSend, BusState, ChannelState, ConsoleIdentity, ConsoleSnapshot, EqBand, MatrixState, OutputState, SourceType,
} from '../../model/stages';
import type { SourceSpec } from './envelopes';
import { LEVEL_RANGES, PREAMP_GAIN_RANGE, simulatorParamIds, simulatorParamSpec, TRIM_RANGE } from './param-specs';

export const SIMULATOR_IDENTITY: ConsoleIdentity = {
  kind: 'sim',
  model: 'Headroom simulator',
  firmware: '1.0',
  name: 'Soundcheck band',
};

/** Bus plan: Mon 1..4 are pre-fader monitor mixes, FX and Sub are post-fader. */
const BUSES: readonly { name: string; faderDb: number; preFader: boolean }[] = [
  { name: 'Mon 1', faderDb: 7, preFader: true },
  { name: 'Mon 2', faderDb: 0, preFader: true },
  { name: 'Mon 3', faderDb: 0, preFader: true },
  { name: 'Mon 4', faderDb: 0, preFader: true },
  { name: 'FX', faderDb: 0, preFader: false },
  { name: 'Sub', faderDb: 0, preFader: false },
];

const MATRICES: readonly { name: string; faderDb: number }[] = [
  { name: 'Fill', faderDb: -6 },
  { name: 'Record', faderDb: -3 },
];

const OFF = -Infinity;

interface ChannelPlan {
  name: string;
  sourceType: SourceType;
  source: SourceSpec;
  phantom: boolean;
  preampGainDb: number;
  hpfHz: number;
  /** Gains of the four EQ bands (low shelf, bell, bell, high shelf), dB. */
  eqGainsDb: readonly [number, number, number, number];
  dyn: { thresholdDb: number; ratio: number; makeupDb: number } | null;
  gateThresholdDb: number | null;
  faderDb: number;
  /** Send levels to buses 1..6, dB (-Infinity: not sent). */
  sendsDb: readonly [number, number, number, number, number, number];
}

/** Block peak of the preamp's own noise at 0 dB gain, dBFS (rises with gain: -60 dBFS at 40 dB). */
const PREAMP_NOISE_DBFS = -100;
/** Guitar amps add hum and hiss 10 dB above the preamp's noise. */
const AMP_HUM_DBFS = -90;

/** The 16 inputs, in channel order. */
const PLAN: readonly ChannelPlan[] = [
  {
    name: 'Kick', sourceType: 'kick', phantom: false, preampGainDb: 35, hpfHz: 30,
    source: { model: { kind: 'kick' }, peakAtZeroGainDbfs: -28.5, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [3, -4, 2, 0], dyn: null, gateThresholdDb: null, faderDb: -10,
    sendsDb: [-10, -15, -15, -11, OFF, 0],
  },
  {
    name: 'Snare', sourceType: 'snare', phantom: false, preampGainDb: 24, hpfHz: 80,
    source: { model: { kind: 'snare' }, peakAtZeroGainDbfs: -32, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [0, -2, 2, 1.5], dyn: { thresholdDb: -18, ratio: 3, makeupDb: 1 }, gateThresholdDb: null, faderDb: 1,
    sendsDb: [OFF, -15, -15, -8, -3, OFF],
  },
  {
    name: 'Hi-Hat', sourceType: 'hihat', phantom: true, preampGainDb: 30, hpfHz: 200,
    source: { model: { kind: 'hihat' }, peakAtZeroGainDbfs: -42, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [-3, 0, 0, 1], dyn: null, gateThresholdDb: null, faderDb: -8,
    sendsDb: [OFF, OFF, OFF, -8, OFF, OFF],
  },
  {
    name: 'Tom 1', sourceType: 'tom', phantom: false, preampGainDb: 26, hpfHz: 60,
    source: { model: { kind: 'tom', drum: 1 }, peakAtZeroGainDbfs: -34, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [1, -3, 2, 0], dyn: null, gateThresholdDb: -40, faderDb: -2,
    sendsDb: [OFF, OFF, OFF, -10, -6, -10],
  },
  {
    name: 'Tom 2', sourceType: 'tom', phantom: false, preampGainDb: 27, hpfHz: 50,
    source: { model: { kind: 'tom', drum: 2 }, peakAtZeroGainDbfs: -35, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [1, -3, 2, 0], dyn: null, gateThresholdDb: -40, faderDb: -2,
    sendsDb: [OFF, OFF, OFF, -10, -6, -10],
  },
  {
    name: 'OH L', sourceType: 'overhead', phantom: true, preampGainDb: 28, hpfHz: 150,
    source: { model: { kind: 'overhead', side: 'left' }, peakAtZeroGainDbfs: -38, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [-2, 0, 0, 2], dyn: null, gateThresholdDb: null, faderDb: -6,
    sendsDb: [OFF, OFF, OFF, -12, OFF, OFF],
  },
  {
    name: 'OH R', sourceType: 'overhead', phantom: true, preampGainDb: 28, hpfHz: 150,
    source: { model: { kind: 'overhead', side: 'right' }, peakAtZeroGainDbfs: -38, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [-2, 0, 0, 2], dyn: null, gateThresholdDb: null, faderDb: -6,
    sendsDb: [OFF, OFF, OFF, -12, OFF, OFF],
  },
  {
    name: 'Bass DI', sourceType: 'bass-di', phantom: true, preampGainDb: 17, hpfHz: 30,
    source: { model: { kind: 'bass' }, peakAtZeroGainDbfs: -30, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [2, -2, 0, 0], dyn: { thresholdDb: -21, ratio: 4, makeupDb: 12 }, gateThresholdDb: null, faderDb: -14,
    sendsDb: [OFF, -10, -10, -10, OFF, -3],
  },
  {
    name: 'Gtr 1', sourceType: 'guitar', phantom: false, preampGainDb: 18.5, hpfHz: 90,
    source: { model: { kind: 'guitar', part: 'rhythm' }, peakAtZeroGainDbfs: -30, noiseAtZeroGainDbfs: AMP_HUM_DBFS },
    eqGainsDb: [0, -2, 1.5, 0], dyn: null, gateThresholdDb: null, faderDb: -3,
    sendsDb: [-12, -3, -12, -12, OFF, OFF],
  },
  {
    name: 'Gtr 2', sourceType: 'guitar', phantom: false, preampGainDb: 14, hpfHz: 90,
    source: { model: { kind: 'guitar', part: 'lead' }, peakAtZeroGainDbfs: -28, noiseAtZeroGainDbfs: AMP_HUM_DBFS },
    eqGainsDb: [0, -2, 2, 0], dyn: null, gateThresholdDb: null, faderDb: -3,
    sendsDb: [-12, -6, -12, -12, -6, OFF],
  },
  {
    name: 'Keys L', sourceType: 'keys', phantom: false, preampGainDb: -2, hpfHz: 40,
    source: { model: { kind: 'keys', side: 'left' }, peakAtZeroGainDbfs: -10, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [0, 0, 0, 0], dyn: null, gateThresholdDb: null, faderDb: -5,
    sendsDb: [-15, -12, -3, -15, OFF, OFF],
  },
  {
    name: 'Keys R', sourceType: 'keys', phantom: false, preampGainDb: -2, hpfHz: 40,
    source: { model: { kind: 'keys', side: 'right' }, peakAtZeroGainDbfs: -10.5, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [0, 0, 0, 0], dyn: null, gateThresholdDb: null, faderDb: -5,
    sendsDb: [-15, -12, -3, -15, OFF, OFF],
  },
  {
    name: 'Vox 1', sourceType: 'vocal', phantom: false, preampGainDb: 18, hpfHz: 100,
    source: { model: { kind: 'vocal', part: 'lead' }, peakAtZeroGainDbfs: -50, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [0, -3, 2, 1.5], dyn: { thresholdDb: -40, ratio: 3, makeupDb: 2 }, gateThresholdDb: null, faderDb: 10,
    sendsDb: [10, -6, -6, -3, 0, OFF],
  },
  {
    name: 'Vox 2', sourceType: 'vocal', phantom: false, preampGainDb: 36.5, hpfHz: 100,
    source: { model: { kind: 'vocal', part: 'harmony' }, peakAtZeroGainDbfs: -50, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [0, -3, 2, 1.5], dyn: { thresholdDb: -22, ratio: 3, makeupDb: 3 }, gateThresholdDb: null, faderDb: -4,
    sendsDb: [-8, -10, -10, -10, -3, OFF],
  },
  {
    name: 'Vox 3', sourceType: 'vocal', phantom: false, preampGainDb: 39, hpfHz: 100,
    source: { model: { kind: 'vocal', part: 'low-harmony' }, peakAtZeroGainDbfs: -51, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [0, -3, 2, 1.5], dyn: { thresholdDb: -22, ratio: 3, makeupDb: 3 }, gateThresholdDb: null, faderDb: -4,
    sendsDb: [-8, -10, -10, -10, -3, OFF],
  },
  {
    name: 'Playback', sourceType: 'playback', phantom: false, preampGainDb: 0, hpfHz: 20,
    source: { model: { kind: 'silent' }, peakAtZeroGainDbfs: -Infinity, noiseAtZeroGainDbfs: PREAMP_NOISE_DBFS },
    eqGainsDb: [0, 0, 0, 0], dyn: null, gateThresholdDb: null, faderDb: 0,
    sendsDb: [OFF, OFF, OFF, OFF, OFF, OFF],
  },
];

/** What is plugged into each channel; `BAND_SOURCES[i]` feeds channel i + 1. */
export const BAND_SOURCES: readonly SourceSpec[] = PLAN.map((p) => p.source);

/** The desk at the start of soundcheck (a fresh object each call), every value on the desk's grid. */
export function initialSnapshot(): ConsoleSnapshot {
  const draft: ConsoleSnapshot = {
    identity: SIMULATOR_IDENTITY,
    meters: {
      channelInput: true, gateReduction: true, dynamicsReduction: true, channelPostFader: true,
      buses: true, matrices: true, main: true,
    },
    ranges: LEVEL_RANGES,
    channels: PLAN.map(channelState),
    buses: BUSES.map((b, i): BusState => ({ index: i + 1, name: b.name, color: { name: b.preFader ? 'cyan' : 'white', inverted: false }, faderDb: b.faderDb, on: true })),
    matrices: MATRICES.map((m, i): MatrixState => ({ index: i + 1, name: m.name, color: { name: 'white', inverted: false }, faderDb: m.faderDb, on: true })),
    main: { name: 'Main LR', faderDb: 0, on: true },
    outputs: outputs(),
  };
  return simulatorParamIds(draft).reduce((snapshot, id) => {
    const spec = simulatorParamSpec(snapshot, id)!;
    return writeParam(snapshot, id, spec.quantise(readParam(snapshot, id)!));
  }, draft);
}

/** Scribble-strip colours the simulated band's engineer gave each kind of source. */
const BAND_COLORS: Record<SourceType, StripColorName> = {
  kick: 'red', snare: 'red', hihat: 'red', tom: 'red', overhead: 'red',
  'bass-di': 'blue', guitar: 'yellow', keys: 'green', vocal: 'magenta', di: 'blue', playback: 'white', other: 'off',
};

function channelState(plan: ChannelPlan, i: number): ChannelState {
  const sends = plan.sendsDb.map((levelDb, b): BusSend => ({
    bus: b + 1,
    levelDb,
    on: true,
    preFader: BUSES[b]!.preFader,
  }));
  return {
    index: i + 1,
    name: plan.name,
    color: { name: BAND_COLORS[plan.sourceType], inverted: false },
    sourceType: plan.sourceType,
    headampIndex: i,
    preampGainDb: plan.preampGainDb,
    preampGainRange: PREAMP_GAIN_RANGE,
    trimDb: 0,
    trimRange: TRIM_RANGE,
    phantom: plan.phantom,
    hpfOn: true,
    hpfHz: plan.hpfHz,
    eqOn: true,
    eqBands: eqBands(plan.eqGainsDb),
    dynOn: plan.dyn !== null,
    dynThresholdDb: plan.dyn?.thresholdDb ?? 0,
    dynRatio: plan.dyn?.ratio ?? 3,
    dynMakeupDb: plan.dyn?.makeupDb ?? 0,
    gateOn: plan.gateThresholdDb !== null,
    gateThresholdDb: plan.gateThresholdDb ?? -80,
    faderDb: plan.faderDb,
    on: true,
    toMain: true,
    sends,
  };
}

function eqBands(gainsDb: readonly [number, number, number, number]): EqBand[] {
  return [
    { type: 'lshv', freqHz: 100, gainDb: gainsDb[0], q: 0.7 },
    { type: 'peq', freqHz: 400, gainDb: gainsDb[1], q: 2 },
    { type: 'peq', freqHz: 3000, gainDb: gainsDb[2], q: 1.5 },
    { type: 'hshv', freqHz: 10000, gainDb: gainsDb[3], q: 0.7 },
  ];
}

/** Outputs 1-2 feed the main amps, 3-8 carry buses 1-6, 9-10 matrices 1-2. */
function outputs(): OutputState[] {
  const names = [
    'Main L amp', 'Main R amp', 'Wedge 1', 'Wedge 2', 'Wedge 3', 'Drum IEM', 'FX send', 'Sub amp', 'Fill amp', 'Record',
  ];
  return names.map((name, i): OutputState => ({
    index: i + 1,
    name,
    source: i < 2 ? { kind: 'main' } : i < 8 ? { kind: 'bus', index: i - 1 } : { kind: 'matrix', index: i - 7 },
  }));
}
