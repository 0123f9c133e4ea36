/**
 * One desk's engine and bridge, wired once for both ways Headroom runs: a single desk (main.ts) and each
 * desk of a set on one stage box (stage-box/run-desk-set.ts). What differs between the two (where the
 * journal and backups live, the port, the PIN, extra features) is passed in; everything else is here.
 */
import { join } from 'node:path';
import { Advisor } from './advisor/advisor';
import { DEFAULT_LOGIN_LIMIT, LoginLimiter } from './auth/login-limiter';
import { DEFAULT_TOKEN_TTL_MS, TokenStore } from './auth/token-store';
import type { BridgeContext, BridgeOptions } from './bridge';
import type { BridgeCliOptions } from './cli/options';
import type { Console } from './consoles/console';
import { suggestWithOtherDesks, type OtherDeskEffects } from './engine/other-desks';
import { suggest as suggestAlone } from './engine/suggest';
import { DEFAULT_CONNECTION_LIMITS } from './hub/connection-limits';
import type { HubFeature } from './hub/feature';
import type { Logger } from './logger';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from './meters/rolling-meter-statistics';
import { defaultProfile } from './profiles/default-profile';
import type { ProfileStore } from './profiles/profile-store';
import type { VenueProfile } from './profiles/schema';
import { FileBackupStore } from './safety/backup-store';
import type { Journal } from './safety/journal';
import { DEFAULT_SILENCE_GIVE_UP_MS } from './soundcheck/soundcheck';
import { localDateIso, venueFeatureFor } from './venues/venue-feature';

/** The meter window the engine judges, ms. */
const ENGINE_WINDOW_MS = 8000;

/** The simulator's venue profile (amplifiers, calibration), loaded when the simulator runs without --profile. */
export const SIMULATOR_PROFILE_ID = 'simulator-band';

export interface InitialProfile {
  id: string | null;
  profile: VenueProfile;
}

/** The profile to start with; one that cannot be loaded falls back to the default targets, logged. */
export async function loadInitialProfile(store: ProfileStore, id: string | null, logger: Logger): Promise<InitialProfile> {
  if (id === null) return { id: null, profile: defaultProfile() };
  try {
    return { id, profile: await store.load(id) };
  } catch (error) {
    logger.error({ profile: id, err: (error as Error).message }, 'venue profile could not be loaded: using default targets');
    return { id: null, profile: defaultProfile() };
  }
}

export interface DeskBridgeWiring {
  /** The console the engine reads. */
  console: Console;
  journal: Journal;
  /** Backups go to <dataDir>/backups. */
  dataDir: string;
  pin: string;
  httpPort: number;
  uiDir: string;
  options: BridgeCliOptions;
  store: ProfileStore;
  initial: InitialProfile;
  /** Fields every log line of this desk carries ({} for a single desk, { desk: id } in a set). */
  logFields: Record<string, unknown>;
  logger: Logger;
  /** A desk of a set on one stage box: what a change here does on the others; absent for a single desk. */
  otherDesks?: OtherDeskEffects;
}

export interface DeskBridge {
  advisor: Advisor;
  /** The bridge's options for `console` (the desk's own, or a wrapper of it), with the caller's features after the venue profiles. */
  bridgeOptions(console: Console, features: (context: BridgeContext) => readonly HubFeature[]): BridgeOptions;
}

export function deskBridge(w: DeskBridgeWiring): DeskBridge {
  // Cards proposing a shared preamp's gain say what it does on the other desks before Apply is tapped.
  const suggest = w.otherDesks === undefined ? suggestAlone : suggestWithOtherDesks(suggestAlone, w.otherDesks);
  const statistics = new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS, clipDbfs: w.initial.profile.thresholds.clipDbfs });
  const advisor = new Advisor({
    console: w.console,
    statistics,
    suggest,
    profile: w.initial.profile,
    windowMs: ENGINE_WINDOW_MS,
    evaluateEveryMs: 500,
    nowMs: Date.now,
    onError: (error) => w.logger.error({ ...w.logFields, err: String(error) }, 'engine failed'),
  });
  return {
    advisor,
    bridgeOptions: (console, features) => ({
      console,
      advisor,
      suggest,
      journal: w.journal,
      backupStore: new FileBackupStore(join(w.dataDir, 'backups')),
      auth: {
        pin: w.pin,
        tokens: new TokenStore({ ttlMs: DEFAULT_TOKEN_TTL_MS, nowMs: Date.now, maxTokens: 1000 }),
        limiter: new LoginLimiter({ ...DEFAULT_LOGIN_LIMIT, nowMs: Date.now, maxAddresses: 10_000 }),
        allowedOrigins: w.options.allowedOrigins,
        allowedHosts: w.options.allowedHosts,
      },
      connectionLimits: DEFAULT_CONNECTION_LIMITS,
      readOnly: w.options.readOnly,
      maxStepDb: 6,
      soundcheckSilenceGiveUpMs: DEFAULT_SILENCE_GIVE_UP_MS,
      uiDir: w.uiDir,
      httpHost: w.options.httpHost,
      httpPort: w.httpPort,
      // Just under the desks' 50 ms meter period: a frame that arrives late goes out at once instead of
      // waiting for the next slot (measured in bench/: p50 packet-to-tablet 2.6-11 ms at 50, ~1 ms at 40).
      meterIntervalMs: 40,
      logger: w.logger,
      otherDesks: w.otherDesks,
      features: (context) => [
        venueFeatureFor(context, {
          store: w.store,
          statistics: () => statistics.soundcheck(),
          initial: w.initial,
          todayIso: () => localDateIso(new Date()),
          onError: (error) => w.logger.error({ ...w.logFields, err: String(error) }, 'venue profiles failed'),
        }),
        ...features(context),
      ],
    }),
  };
}
