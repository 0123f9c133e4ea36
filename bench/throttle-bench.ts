/**
 * Why packets wait on their way to a tablet: the hub's per-tablet LatestWins (server/hub/latest-wins.ts),
 * alone, with real timers, offered one value every 50 ms as the X32 sends meters. Counted from the last
 * delivery (no tolerance), a throttle at the same 50 ms can never catch up after one late timer, so values
 * wait and some are replaced, and one a little shorter than the desk's period still holds the value after
 * a late one; with one interval of tolerance (as the hub runs it) a late value holds back none after it.
 */
import { LatestWins } from '../server/hub/latest-wins';
import { pacedLoop } from './paced-loop';
import { roundSummary, round3, summarise, type SampleSummary } from './sample-summary';
import { FRAME_INTERVAL_MS } from './synthetic-desk';

export interface ThrottleResult {
  throttleMs: number;
  /** How far before its slot a value may go (LatestWinsOptions.toleranceMs). */
  toleranceMs: number;
  offered: number;
  deliveredPct: number;
  /** Offered -> delivered. */
  waitMs: SampleSummary;
}

export async function runThrottleBench(throttlesMs: readonly number[], seconds: number): Promise<ThrottleResult[]> {
  const results: ThrottleResult[] = [];
  for (const { throttleMs, toleranceMs } of throttlesMs.flatMap((ms) => [{ throttleMs: ms, toleranceMs: 0 }, { throttleMs: ms, toleranceMs: ms }])) {
    const offeredAt = new Map<number, number>();
    const waits: number[] = [];
    const throttle = new LatestWins<number>(
      {
        intervalMs: throttleMs,
        toleranceMs,
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
    results.push({ throttleMs, toleranceMs, offered: offers, deliveredPct: round3((waits.length / offers) * 100), waitMs: roundSummary(summarise(waits)) });
  }
  return results;
}
