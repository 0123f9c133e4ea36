/** Short timings for the Yamaha adapter in tests: a lost desk is noticed and redialled within a second or two. */
export const YAMAHA_TEST_TIMING = {
  requestTimeoutMs: 500,
  keepAliveMs: 250,
  meterIntervalMs: 50,
  meterRenewMs: 2000,
  reconnectBackoffMs: { initial: 100, max: 400 },
} as const;
