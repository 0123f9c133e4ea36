/**
 * The virtual desk a recording plays into: one channel per track with X32-like ranges and grids (the
 * simulator's parameter specs), EQ flat, dynamics and gate off, faders at unity, every channel to main.
 * No buses or matrices: a recording carries no monitor mixes.
 *
 * The recorded level is what the converter saw at the gain of the night, so each channel starts at that
 * gain: the venue profile's expected gain for the channel where it has one, else a nominal 30 dB
 * (NOMINAL_GAIN_DB). The channel input meter then shows the recorded level, and a gain change of g dB moves
 * it g dB (clipping at full scale as a converter would). The profile's channel plan also gives the source
 * type, and the name where the recording has none of its own ("Ch 05").
 */
import { readParam, writeParam } from '../../model/params';
import type { ChannelState, ConsoleIdentity, ConsoleSnapshot, EqBand } from '../../model/stages';
import type { ProfileChannel } from '../../profiles/schema';
import { LEVEL_RANGES, PREAMP_GAIN_RANGE, simulatorParamIds, simulatorParamSpec, TRIM_RANGE } from '../simulator/param-specs';
import type { Take, TakeTrack } from './take';

/** Preamp gain the desk starts at; the recording is heard as captured at this gain, dB. */
export const NOMINAL_GAIN_DB = 30;

/** The identity of a recording desk; `name` is the take's (the console adds the play position). */
export function recordingIdentity(take: Take): ConsoleIdentity {
  return {
    kind: 'recording',
    model: 'Recording',
    firmware: `${take.sampleRateHz / 1000} kHz`,
    name: take.name,
    notes: [
      `Virtual soundcheck: ${take.description}, ${formatClock(Math.round((take.frames / take.sampleRateHz) * 1000))} long, looping.`,
      `Tracks are heard as recorded at the venue profile's expected gain, else ${NOMINAL_GAIN_DB} dB; every change applies to this virtual desk only.`,
      ...take.warnings,
    ],
  };
}

/** "3:07" (minutes:seconds) for a duration in ms; hours when longer ("1:02:03"). */
export function formatClock(ms: number): string {
  const totalS = Math.floor(Math.max(0, ms) / 1000);
  const s = String(totalS % 60).padStart(2, '0');
  const m = Math.floor(totalS / 60) % 60;
  const h = Math.floor(totalS / 3600);
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function flatEq(): EqBand[] {
  return [
    { type: 'lshv', freqHz: 100, gainDb: 0, q: 0.7 },
    { type: 'peq', freqHz: 400, gainDb: 0, q: 2 },
    { type: 'peq', freqHz: 3000, gainDb: 0, q: 1.5 },
    { type: 'hshv', freqHz: 10000, gainDb: 0, q: 0.7 },
  ];
}

/** A track name the recorder made up rather than an engineer: "Ch 05". */
const GENERIC_NAME = /^Ch \d+$/;

/**
 * The gain each channel was recorded at, dB: the profile's expected gain for that channel, else
 * NOMINAL_GAIN_DB. Snapped to the desk's 0.5 dB grid and range, as the desk will show it.
 */
export function recordedGainsDb(take: Take, plan: readonly ProfileChannel[]): number[] {
  return take.tracks.map((_, i) => {
    const gainDb = plan.find((c) => c.index === i + 1)?.expectedGainDb ?? NOMINAL_GAIN_DB;
    const { minDb, maxDb, stepDb } = PREAMP_GAIN_RANGE;
    return Math.min(maxDb, Math.max(minDb, Math.round(gainDb / stepDb) * stepDb));
  });
}

function channelState(track: TakeTrack, i: number, plan: readonly ProfileChannel[], gainDb: number): ChannelState {
  const planned = plan.find((c) => c.index === i + 1);
  return {
    index: i + 1,
    name: planned && GENERIC_NAME.test(track.name) ? planned.name : track.name,
    // A recording carries no scribble-strip colour.
    color: null,
    sourceType: planned?.sourceType ?? track.sourceType,
    headampIndex: i,
    preampGainDb: gainDb,
    preampGainRange: PREAMP_GAIN_RANGE,
    trimDb: 0,
    trimRange: TRIM_RANGE,
    phantom: false,
    hpfOn: false,
    hpfHz: 20,
    eqOn: false,
    eqBands: flatEq(),
    dynOn: false,
    dynThresholdDb: 0,
    dynRatio: 3,
    dynMakeupDb: 0,
    gateOn: false,
    gateThresholdDb: -80,
    faderDb: 0,
    on: true,
    toMain: true,
    sends: [],
  };
}

/**
 * The desk before any change (a fresh object each call), every value on the desk's grid.
 * @param plan the venue profile's channels (empty: names and source types from the recording, 30 dB gain).
 */
export function recordingSnapshot(take: Take, plan: readonly ProfileChannel[]): ConsoleSnapshot {
  const gainsDb = recordedGainsDb(take, plan);
  const draft: ConsoleSnapshot = {
    identity: recordingIdentity(take),
    meters: {
      channelInput: true, gateReduction: true, dynamicsReduction: true, channelPostFader: true,
      buses: false, matrices: false, main: true,
    },
    ranges: LEVEL_RANGES,
    channels: take.tracks.map((track, i) => channelState(track, i, plan, gainsDb[i]!)),
    buses: [],
    matrices: [],
    main: { name: 'Main LR', faderDb: 0, on: true },
    outputs: [
      { index: 1, name: 'Main L', source: { kind: 'main' } },
      { index: 2, name: 'Main R', source: { kind: 'main' } },
    ],
  };
  return simulatorParamIds(draft).reduce((snapshot, id) => {
    const spec = simulatorParamSpec(snapshot, id)!;
    return writeParam(snapshot, id, spec.quantise(readParam(snapshot, id)!));
  }, draft);
}
