/** Builders for profile tests: snapshots, statistics and profiles with only the fields a test cares about. */
import { tmpdir } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MeterStatistics, PointStatistics } from '../../server/meters/statistics';
import type { ChannelState, ConsoleSnapshot } from '../../server/model/stages';
import { defaultProfile } from '../../server/profiles/default-profile';
import type { ProfileLogger } from '../../server/profiles/profile-store';
import type { VenueProfile } from '../../server/profiles/schema';

export function makeChannel(index: number, overrides: Partial<ChannelState> = {}): ChannelState {
  return {
    index,
    name: `Ch ${index}`,
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
    eqOn: false,
    eqBands: [],
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

export function makeSnapshot(channels: ChannelState[], model = 'X32'): ConsoleSnapshot {
  const range = { minDb: -90, maxDb: 10, stepDb: 0.25 };
  return {
    identity: { kind: 'sim', model, firmware: '1.0', name: 'test' },
    meters: {
      channelInput: true, gateReduction: false, dynamicsReduction: false, channelPostFader: false,
      buses: false, matrices: false, main: false,
    },
    ranges: {
      faderDb: range, sendLevelDb: range, eqGainDb: range, dynThresholdDb: range, dynMakeupDb: range,
      gateThresholdDb: range,
    },
    channels,
    buses: [],
    matrices: [],
    main: { name: 'Main', faderDb: 0, on: true },
    outputs: [],
  };
}

export function makePoint(overrides: Partial<PointStatistics> = {}): PointStatistics {
  return {
    windowMs: 10_000, activeMs: 8_000, peakDbfs: -8, peakHoldDbfs: -6, averageDbfs: -18, lowDbfs: -70,
    highDbfs: -10, clipCount: 0, recentClipCount: 0, signalPresent: true, silentForMs: 0, frames: 200,
    ...overrides,
  };
}

export function makeStatistics(channelInput: (PointStatistics | null)[]): MeterStatistics {
  return {
    windowMs: 10_000,
    lastFrameAtMs: 0,
    channelInput,
    channelDynGrDb: [],
    channelPostFader: [],
    buses: [],
    matrices: [],
    main: null,
  };
}

export function makeProfile(overrides: Partial<VenueProfile> = {}): VenueProfile {
  return { ...defaultProfile(), ...overrides };
}

/** A logger that keeps what it is told, for assertions. */
export function makeLogger(): ProfileLogger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    warnings,
    infos,
    warn: (_context, message) => warnings.push(message),
    info: (_context, message) => infos.push(message),
  };
}

/** A fresh directory named `profiles` under the OS temp dir; call the returned function to delete it. */
export async function makeProfilesDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'headroom-profiles-'));
  return { dir: join(root, 'profiles'), cleanup: () => rm(root, { recursive: true, force: true }) };
}
