/** Starts a real bridge (HTTP + WebSocket on 127.0.0.1, port 0) on a simulator or any Console, for tests. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Advisor } from '../../server/advisor/advisor';
import { DEFAULT_LOGIN_LIMIT, LoginLimiter } from '../../server/auth/login-limiter';
import { DEFAULT_TOKEN_TTL_MS, TokenStore } from '../../server/auth/token-store';
import { startBridge, type BridgeContext, type BridgeLogger, type RunningBridge } from '../../server/bridge';
import { DEFAULT_CONNECTION_LIMITS } from '../../server/hub/connection-limits';
import type { Console } from '../../server/consoles/console';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { suggestWithOtherDesks, type OtherDeskEffects } from '../../server/engine/other-desks';
import { suggest as suggestAlone } from '../../server/engine/suggest';
import type { HubFeature } from '../../server/hub/feature';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';
import { createLogger } from '../../server/logger';
import { defaultProfile } from '../../server/profiles/default-profile';
import { ProfileStore } from '../../server/profiles/profile-store';
import { localDateIso, venueFeatureFor } from '../../server/venues/venue-feature';
import type { VenueProfile } from '../../server/profiles/schema';
import type { BackupStore } from '../../server/safety/backup';
import { MemoryBackupStore } from '../../server/safety/backup-store';
import { MemoryJournal, type Journal } from '../../server/safety/journal';
import { TestClient } from './ws-client';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The engineer PIN of every test bridge unless a test sets its own. */
export const TEST_PIN = '2468';

export interface TestBridgeOptions<C extends Console> {
  seed?: number;
  readOnly?: boolean;
  console?: C;
  profile?: VenueProfile;
  /** Engine runs this often, ms (default 250 to keep tests quick). */
  evaluateEveryMs?: number;
  maxStepDb?: number;
  journal?: Journal;
  backupStore?: BackupStore;
  pin?: string;
  allowedOrigins?: string[];
  allowedHosts?: string[];
  connectionLimits?: { perAddress: number; total: number };
  /** Receives the bridge's log (default: silent). */
  logger?: BridgeLogger;
  tokens?: TokenStore;
  silenceGiveUpMs?: number;
  features?: readonly HubFeature[];
  /** Features built from the bridge's parts (its writer, its broadcast), as main.ts adds them. */
  featuresWith?: (context: BridgeContext) => readonly HubFeature[];
  /** Serve venue profiles from this folder (the venue feature is off without it). */
  profilesDir?: string;
  /** Profile id in force at start (from profilesDir); default: the built-in default profile. */
  profileId?: string;
  /** The advisor's clock (default Date.now): a stepped simulator's meter time keeps its frames fresh. */
  nowMs?: () => number;
  /** A desk of a set on one stage box: what a change here does on the other desks (as desk-bridge.ts wires it). */
  otherDesks?: OtherDeskEffects;
}

export interface TestBridge<C extends Console> {
  url: string;
  wsUrl: string;
  port: number;
  console: C;
  advisor: Advisor;
  journal: Journal;
  bridge: RunningBridge;
  /** POST /api/login with `pin` (default the bridge's): the token, or throws with the status. */
  login(pin?: string): Promise<string>;
  /** A tablet unlocked with the PIN (connected with ?token=...), after its role message arrived. */
  engineer(): Promise<TestClient>;
  /** A tablet without a token, after its role message arrived. */
  viewer(): Promise<TestClient>;
  close(): Promise<void>;
}

export async function startTestBridge<C extends Console = SimulatorConsole>(options: TestBridgeOptions<C> = {}): Promise<TestBridge<C>> {
  const logger = options.logger ?? createLogger('silent');
  const desk = (options.console ?? new SimulatorConsole({ seed: options.seed ?? 1, autoRun: true })) as C;
  const lifetime = new AbortController();
  const journal = options.journal ?? new MemoryJournal();
  const pin = options.pin ?? TEST_PIN;
  const statistics = new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS });
  const suggest = options.otherDesks === undefined ? suggestAlone : suggestWithOtherDesks(suggestAlone, options.otherDesks);
  const store = options.profilesDir === undefined ? null : new ProfileStore({ dir: options.profilesDir, examplesDir: null, logger, now: () => new Date() });
  const initialProfile = store !== null && options.profileId !== undefined ? await store.load(options.profileId) : (options.profile ?? defaultProfile());
  const advisor = new Advisor({
    console: desk,
    statistics,
    suggest,
    profile: initialProfile,
    windowMs: 8000,
    evaluateEveryMs: options.evaluateEveryMs ?? 250,
    nowMs: options.nowMs ?? Date.now,
    onError: (error) => {
      throw error;
    },
  });
  const bridge = await startBridge({
    console: desk,
    advisor,
    suggest,
    journal,
    backupStore: options.backupStore ?? new MemoryBackupStore(),
    auth: {
      pin,
      tokens: options.tokens ?? new TokenStore({ ttlMs: DEFAULT_TOKEN_TTL_MS, nowMs: Date.now, maxTokens: 100 }),
      limiter: new LoginLimiter({ ...DEFAULT_LOGIN_LIMIT, nowMs: Date.now, maxAddresses: 100 }),
      allowedOrigins: options.allowedOrigins ?? [],
      allowedHosts: options.allowedHosts ?? [],
    },
    connectionLimits: options.connectionLimits ?? DEFAULT_CONNECTION_LIMITS,
    readOnly: options.readOnly ?? false,
    maxStepDb: options.maxStepDb ?? 6,
    soundcheckSilenceGiveUpMs: options.silenceGiveUpMs ?? 20_000,
    uiDir: join(repoRoot, 'dist', 'ui'),
    httpHost: '127.0.0.1',
    httpPort: 0,
    // Just under the desks' 50 ms meter period: a frame that arrives late goes out at once instead of
    // waiting for the next slot (measured in bench/: p50 packet-to-tablet 2.6-11 ms at 50, ~1 ms at 40).
    meterIntervalMs: 40,
    logger,
    otherDesks: options.otherDesks,
    features: (context) => [
      ...(options.features ?? []),
      ...(options.featuresWith?.(context) ?? []),
      ...(store === null
        ? []
        : [
            venueFeatureFor(context, {
              store,
              statistics: () => statistics.soundcheck(),
              initial: { id: options.profileId ?? null, profile: initialProfile },
              todayIso: () => localDateIso(new Date()),
              onError: (error) => {
                throw error;
              },
            }),
          ]),
    ],
  });
  await desk.start(lifetime.signal);
  const url = `http://127.0.0.1:${bridge.port}`;
  const wsUrl = `ws://127.0.0.1:${bridge.port}/ws`;
  const login = async (given = pin): Promise<string> => {
    const response = await fetch(`${url}/api/login`, { method: 'POST', body: JSON.stringify({ pin: given }), headers: { 'content-type': 'application/json' } });
    const body = (await response.json()) as { token?: string };
    if (response.status !== 200 || typeof body.token !== 'string') throw new Error(`login answered ${response.status}: ${JSON.stringify(body)}`);
    return body.token;
  };
  const connected = async (socketUrl: string): Promise<TestClient> => {
    const client = await TestClient.connect(socketUrl);
    await client.waitFor((m) => m.type === 'role');
    return client;
  };
  return {
    url,
    wsUrl,
    port: bridge.port,
    console: desk,
    advisor,
    journal,
    bridge,
    login,
    engineer: async () => connected(`${wsUrl}?token=${encodeURIComponent(await login())}`),
    viewer: () => connected(wsUrl),
    close: async () => {
      lifetime.abort();
      await bridge.close();
    },
  };
}
