/** Short timings for the WING adapter against the fake on loopback; tests override what they exercise. */
import type { WingConsoleOptions } from '../../../server/consoles/wing/wing-console';

export const WING_TEST_TIMING: Omit<WingConsoleOptions, 'host' | 'port'> = {
  requestTimeoutMs: 60,
  retries: 4,
  concurrency: 32,
  livenessTimeoutMs: 2000,
  keepAliveMs: 500,
  reconnectBackoffMs: { initial: 50, max: 200 },
};
