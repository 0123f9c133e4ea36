/**
 * Finding 9: lost detection took 2.3-2.4 s after the desk died, against a promised 2 s. A real adapter
 * and a fake X32 over real UDP; the adapter's clock and timers are faked once it is ready, so the
 * moment it declares 'lost' is exact, not a wall-clock guess.
 */
import { afterEach, expect, test, vi } from 'vitest';
import { createX32Console } from '../../../server/consoles/x32/x32-console';
import { startFakeX32 } from '../../fakes/fake-x32';
import type { FakeDesk } from '../../fakes/fake-x-desk';
import { ready, startAdapter, TEST_TIMING, type AdapterRun } from './console-harness';

let fake: FakeDesk | undefined;
let run: AdapterRun | undefined;

afterEach(async () => {
  vi.useRealTimers();
  run?.stop();
  await fake?.stop();
});

test('the link is lost exactly livenessTimeoutMs (2000 ms) after the last packet, not a check period later', async () => {
  fake = await startFakeX32({ seed: 9 });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  run = await startAdapter(createX32Console, fake, { ...TEST_TIMING, livenessTimeoutMs: 2000 });
  await ready(run);
  fake.setSilent(true);
  // Packets already on their way land (loopback: within a few turns of the event loop) with the frozen
  // clock's time, so the last packet is "now"; the counter check below proves none came later.
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  const packetsIn = run.console.counters().packetsIn;
  await vi.advanceTimersByTimeAsync(1999);
  expect(run.console.state()).toBe('ready');
  await vi.advanceTimersByTimeAsync(1);
  expect(run.console.counters().packetsIn).toBe(packetsIn);
  expect(run.states.at(-1)).toBe('lost');
});
