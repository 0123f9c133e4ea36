/** Short timings for the WING adapter against the fake on loopback; tests override what they exercise. */
import type { WingConsoleOptions } from '../../../server/consoles/wing/wing-console';

export const WING_TEST_TIMING: Omit<WingConsoleOptions, 'host' | 'port'> = {
  // A ceiling: the adaptive timeout follows the round trip, so a loaded machine gets patience instead of retries.
  requestTimeoutMs: 300,
  retries: 4,
  concurrency: 32,
  livenessTimeoutMs: 2000,
  keepAliveMs: 500,
  reconnectBackoffMs: { initial: 50, max: 200 },
};
