/**
 * Test harness for the X-family adapters against a fake desk over real UDP: starts an adapter with short
 * timings, records its states, meter frames and desk changes, and waits for conditions with a bound
 * (a bound is a failure deadline, not a timing assertion).
 */
import type { ConnectionState, Console, DeskChange } from '../../../server/consoles/console';
import type { XConsoleOptions } from '../../../server/consoles/x32/x32-console';
import type { MeterFrame } from '../../../server/model/meter-frame';
import type { FakeDesk } from '../../fakes/fake-x-desk';

export interface AdapterRun {
  console: Console;
  states: ConnectionState[];
  frames: MeterFrame[];
  changes: DeskChange[];
  stop(): void;
}

/** Short timings for tests on loopback; individual tests override what they exercise. */
export const TEST_TIMING: Omit<XConsoleOptions, 'host' | 'port'> = {
  // A ceiling: the adaptive timeout follows the round trip, so a loaded machine gets patience instead of retries.
  requestTimeoutMs: 300,
  retries: 4,
  concurrency: 32,
  livenessTimeoutMs: 2000,
  keepAliveMs: 1000,
  reconnectBackoffMs: { initial: 50, max: 200 },
};

export async function startAdapter(
  create: (options: XConsoleOptions) => Console,
  fake: FakeDesk,
  overrides: Partial<XConsoleOptions> = {},
): Promise<AdapterRun> {
  const console = create({ host: '127.0.0.1', port: fake.port, ...TEST_TIMING, ...overrides });
  const run: AdapterRun = { console, states: [], frames: [], changes: [], stop: () => controller.abort() };
  const controller = new AbortController();
  console.onState((state) => run.states.push(state));
  console.onMeters((frame) => run.frames.push(frame));
  console.onDeskChange((change) => run.changes.push(change));
  await console.start(controller.signal);
  return run;
}

/**
 * Polls `check` every 10 ms until it returns a value other than undefined/false. Only the test's own
 * timeout bounds it (`what` names the wait in that failure): a busy machine makes it slower, not wrong.
 */
export async function waitFor<T>(check: () => T | undefined | false, what: string): Promise<T> {
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 10, what));
  }
}

/** Resolves when the adapter reports 'ready' (at once when it already is). */
export function ready(run: AdapterRun): Promise<true> {
  return new Promise((resolve) => {
    if (run.console.state() === 'ready') return resolve(true);
    const stop = run.console.onState((state) => {
      if (state !== 'ready') return;
      stop();
      resolve(true);
    });
  });
}

/** Waits for a meter frame that arrives after this call and satisfies `accept`. */
export function nextFrame(run: AdapterRun, accept: (frame: MeterFrame) => boolean = () => true): Promise<MeterFrame> {
  const seen = run.frames.length;
  return waitFor(() => run.frames.slice(seen).find(accept), 'a meter frame');
}

/** Float32 as it comes back over the wire. */
export function wire(f: number): number {
  return Math.fround(f);
}
