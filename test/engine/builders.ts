/** Builders for engine tests: a plausible X32-like console and statistics, overridden per case. */
import fc from 'fast-check';
import { suggest } from '../../server/engine/suggest';
import type { Suggestion } from '../../server/engine/suggestion';
import type { MeterStatistics, PointStatistics } from '../../server/meters/statistics';
import type { ChannelState, ConsoleSnapshot } from '../../server/model/stages';
import { defaultProfile } from '../../server/profiles/default-profile';
import type { VenueProfile } from '../../server/profiles/schema';

export const NOW_MS = 100_000;

/** A value on a console's grid between min and max (rounded, so 0.1 dB steps stay exact decimals). */
export const onGrid = (min: number, max: number, step: number) =>
  fc.integer({ min: 0, max: Math.round((max - min) / step) }).map((k) => Math.round((min + k * step) * 1e6) / 1e6);

/** A mic channel on an X32: headamp -12..+60 dB (0.5 dB steps), trim -18..+18 dB, everything flat. */
export function makeChannel(index: number, overrides: Partial<ChannelState> = {}): ChannelState {
  return {
    index,
    name: `Input ${index}`,
    color: null,
    sourceType: null,
    headampIndex: index - 1,
    preampGainDb: 30,
    preampGainRange: { minDb: -12, maxDb: 60, stepDb: 0.5 },
    trimDb: 0,
    trimRange: { minDb: -18, maxDb: 18, stepDb: 0.25 },
    phantom: false,
    hpfOn: false,
    hpfHz: 80,
    eqOn: true,
    eqBands: [
      { type: 'lshv', freqHz: 100, gainDb: 0, q: 0.7 },
      { type: 'peq', freqHz: 500, gainDb: 0, q: 2 },
      { type: 'peq', freqHz: 2000, gainDb: 0, q: 2 },
      { type: 'hshv', freqHz: 8000, gainDb: 0, q: 0.7 },
    ],
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
    ...overrides,
  };
}

export interface SnapshotOverrides extends Partial<Omit<ConsoleSnapshot, 'channels'>> {
  /** Channels 1..n, each built with makeChannel(index, overrides). */
  channels?: Partial<ChannelState>[];
}

export function makeSnapshot(overrides: SnapshotOverrides = {}): ConsoleSnapshot {
  const { channels = [{}], ...rest } = overrides;
  return {
    identity: { kind: 'sim', model: 'Test desk', firmware: '1', name: 'test' },
    meters: {
      channelInput: true, gateReduction: true, dynamicsReduction: true, channelPostFader: true,
      buses: true, matrices: true, main: true,
    },
    ranges: {
      faderDb: { minDb: -90, maxDb: 10, stepDb: 0.1 },
      sendLevelDb: { minDb: -90, maxDb: 10, stepDb: 0.1 },
      eqGainDb: { minDb: -15, maxDb: 15, stepDb: 0.25 },
      dynThresholdDb: { minDb: -60, maxDb: 0, stepDb: 0.5 },
      dynMakeupDb: { minDb: 0, maxDb: 24, stepDb: 0.5 },
      gateThresholdDb: { minDb: -80, maxDb: 0, stepDb: 0.5 },
    },
    channels: channels.map((ch, i) => makeChannel(i + 1, ch)),
    buses: [],
    matrices: [],
    main: { name: 'Main LR', faderDb: 0, on: true },
    outputs: [],
    ...rest,
  };
}

/** A source that played the whole 8 s window at -18 dBFS average with -8 dBFS peaks over a -80 dBFS floor. */
export function makePoint(overrides: Partial<PointStatistics> = {}): PointStatistics {
  return {
    windowMs: 8000,
    activeMs: 8000,
    peakDbfs: -8,
    peakHoldDbfs: -8,
    averageDbfs: -18,
    lowDbfs: -80,
    highDbfs: -12,
    clipCount: 0,
    recentClipCount: 0,
    signalPresent: true,
    silentForMs: 0,
    frames: 160,
    ...overrides,
  };
}

/** A silent point: only the noise floor in the window. */
export function silentPoint(overrides: Partial<PointStatistics> = {}): PointStatistics {
  return makePoint({
    activeMs: 0, peakDbfs: -78, peakHoldDbfs: -78, averageDbfs: -Infinity, lowDbfs: -82, highDbfs: -Infinity,
    signalPresent: false, silentForMs: 60_000, ...overrides,
  });
}

export function makeStats(overrides: Partial<MeterStatistics> = {}): MeterStatistics {
  return {
    windowMs: 8000,
    lastFrameAtMs: NOW_MS - 50,
    channelInput: [makePoint()],
    channelDynGrDb: [makePoint({ averageDbfs: 0, peakDbfs: 0, peakHoldDbfs: 0, lowDbfs: 0, highDbfs: 0 })],
    channelPostFader: [makePoint()],
    buses: [],
    matrices: [],
    main: makePoint({ peakDbfs: -12, averageDbfs: -20 }),
    ...overrides,
  };
}

export function makeProfile(overrides: Partial<VenueProfile> = {}): VenueProfile {
  return { ...defaultProfile(), ...overrides };
}

export interface Scenario {
  snapshot?: SnapshotOverrides;
  stats?: Partial<MeterStatistics>;
  profile?: VenueProfile;
  previous?: readonly Suggestion[];
}

/** Runs the engine on a scenario built from overrides. */
export function run(scenario: Scenario): Suggestion[] {
  return suggest(
    makeSnapshot(scenario.snapshot),
    makeStats(scenario.stats),
    scenario.profile ?? makeProfile(),
    NOW_MS,
    scenario.previous ?? [],
  );
}

/** The suggestions of one rule (notes about the console as a whole excluded). */
export function ofRule(suggestions: readonly Suggestion[], rule: Suggestion['rule']): Suggestion[] {
  return suggestions.filter((s) => s.rule === rule && s.label !== 'Console');
}
