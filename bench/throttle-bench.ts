/**
 * Why packets wait on their way to a tablet: the hub's per-tablet LatestWins (server/hub/latest-wins.ts),
 * alone, with real timers, offered one value every 50 ms as the X32 sends meters. With the throttle at the
 * same 50 ms the deliveries can never catch up after one late timer, so values wait and some are replaced;
 * a throttle a little shorter than the desk's period lets a desk-paced stream through untouched.
 */
import { LatestWins } from '../server/hub/latest-wins';
import { pacedLoop } from './paced-loop';
import { roundSummary, round3, summarise, type SampleSummary } from './sample-summary';
import { FRAME_INTERVAL_MS } from './synthetic-desk';

export interface ThrottleResult {
  throttleMs: number;
  offered: number;
  deliveredPct: number;
  /** Offered -> delivered. */
  waitMs: SampleSummary;
}

export async function runThrottleBench(throttlesMs: readonly number[], seconds: number): Promise<ThrottleResult[]> {
  const results: ThrottleResult[] = [];
  for (const throttleMs of throttlesMs) {
    const offeredAt = new Map<number, number>();
    const waits: number[] = [];
    const throttle = new LatestWins<number>(
      {
        intervalMs: throttleMs,
        deliver: (seq) => waits.push(performance.now() - offeredAt.get(seq)!),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
      () => performance.now(),
    );
    const offers = Math.round((seconds * 1000) / FRAME_INTERVAL_MS);
    await pacedLoop(FRAME_INTERVAL_MS, offers + 2, (seq) => {
      if (seq >= offers) return;
      offeredAt.set(seq, performance.now());
      throttle.offer(seq);
    });
    throttle.close();
    results.push({ throttleMs, offered: offers, deliveredPct: round3((waits.length / offers) * 100), waitMs: roundSummary(summarise(waits)) });
  }
  return results;
}
