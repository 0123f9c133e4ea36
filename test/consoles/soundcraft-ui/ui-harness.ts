/** Short timings for the Soundcraft Ui adapter against the fake on loopback; tests override what they exercise. */
import type { UiConsoleOptions } from '../../../server/consoles/soundcraft-ui/ui-console';

export const UI_TEST_TIMING: Omit<UiConsoleOptions, 'host' | 'port'> = {
  keepAliveMs: 200,
  livenessTimeoutMs: 3000,
  syncSettleMs: 300,
  syncTimeoutMs: 5000,
  writeTimeoutMs: 3000,
  reconnectBackoffMs: { initial: 50, max: 200 },
};
