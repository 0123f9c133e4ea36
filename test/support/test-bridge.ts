/** Starts a real bridge (HTTP + WebSocket on 127.0.0.1, port 0) on a simulator or any Console, for tests. */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Advisor } from '../../server/advisor/advisor';
import { startBridge, type RunningBridge } from '../../server/bridge';
import type { Console } from '../../server/consoles/console';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { suggest } from '../../server/engine/suggest';
import { DEFAULT_WINDOWS_MS, RollingMeterStatistics } from '../../server/meters/rolling-meter-statistics';
import { createLogger } from '../../server/logger';
import { defaultProfile } from '../../server/profiles/default-profile';
import type { VenueProfile } from '../../server/profiles/schema';
import { MemoryJournal } from '../../server/safety/journal';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface TestBridgeOptions<C extends Console> {
  seed?: number;
  readOnly?: boolean;
  console?: C;
  profile?: VenueProfile;
  /** Engine runs this often, ms (default 250 to keep tests quick). */
  evaluateEveryMs?: number;
  maxStepDb?: number;
}

export interface TestBridge<C extends Console> {
  url: string;
  wsUrl: string;
  port: number;
  console: C;
  advisor: Advisor;
  journal: MemoryJournal;
  bridge: RunningBridge;
  close(): Promise<void>;
}

export async function startTestBridge<C extends Console = SimulatorConsole>(options: TestBridgeOptions<C> = {}): Promise<TestBridge<C>> {
  const logger = createLogger('silent');
  const desk = (options.console ?? new SimulatorConsole({ seed: options.seed ?? 1, autoRun: true })) as C;
  const lifetime = new AbortController();
  const journal = new MemoryJournal();
  const advisor = new Advisor({
    console: desk,
    statistics: new RollingMeterStatistics({ windowsMs: DEFAULT_WINDOWS_MS }),
    suggest,
    profile: options.profile ?? defaultProfile(),
    windowMs: 8000,
    evaluateEveryMs: options.evaluateEveryMs ?? 250,
    nowMs: Date.now,
    onError: (error) => {
      throw error;
    },
  });
  const bridge = await startBridge({
    console: desk,
    advisor,
    journal,
    readOnly: options.readOnly ?? false,
    maxStepDb: options.maxStepDb ?? 6,
    uiDir: join(repoRoot, 'dist', 'ui'),
    httpHost: '127.0.0.1',
    httpPort: 0,
    meterIntervalMs: 50,
    logger,
    extraApi: () => undefined,
  });
  await desk.start(lifetime.signal);
  const url = `http://127.0.0.1:${bridge.port}`;
  return {
    url,
    wsUrl: `ws://127.0.0.1:${bridge.port}/ws`,
    port: bridge.port,
    console: desk,
    advisor,
    journal,
    bridge,
    close: async () => {
      lifetime.abort();
      await bridge.close();
    },
  };
}
