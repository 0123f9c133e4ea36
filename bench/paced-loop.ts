/** A loop that runs `tick` every `intervalMs` on a schedule that does not drift (a late tick does not delay the next). */
import { setTimeout as sleep } from 'node:timers/promises';

export async function pacedLoop(intervalMs: number, ticks: number, tick: (index: number) => void | Promise<void>): Promise<void> {
  const startMs = performance.now();
  for (let index = 0; index < ticks; index++) {
    const waitMs = startMs + index * intervalMs - performance.now();
    if (waitMs > 0) await sleep(waitMs);
    await tick(index);
  }
}
