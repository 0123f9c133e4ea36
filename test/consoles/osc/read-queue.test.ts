import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ConsoleError } from '../../../server/consoles/console';
import type { OscArg } from '../../../server/consoles/osc/codec';
import { ReadQueue, type ReadQueueOptions } from '../../../server/consoles/osc/read-queue';

const REPLY: OscArg[] = [{ type: 'f', value: 0.5 }];

function makeQueue(overrides: Partial<ReadQueueOptions> = {}) {
  const sent: string[] = [];
  const timeouts: Array<[string, number]> = [];
  const queue = new ReadQueue({
    send: (address) => sent.push(address),
    timeoutMs: 100,
    minTimeoutMs: 100,
    nowMs: () => Date.now(),
    retries: 2,
    concurrency: 2,
    onTimeout: (address, attempt) => timeouts.push([address, attempt]),
    ...overrides,
  });
  return { queue, sent, timeouts };
}

describe('ReadQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('resolves a read with the reply on its address', async () => {
    const { queue, sent } = makeQueue();
    const read = queue.read('/ch/01/mix/fader');
    expect(sent).toEqual(['/ch/01/mix/fader']);
    expect(queue.resolve('/ch/01/mix/fader', REPLY)).toBe(true);
    await expect(read).resolves.toEqual(REPLY);
    expect(queue.size).toBe(0);
  });

  test('never has more requests in flight than its concurrency', async () => {
    const { queue, sent } = makeQueue({ concurrency: 3 });
    const addresses = Array.from({ length: 10 }, (_, i) => `/ch/${String(i + 1).padStart(2, '0')}/mix/fader`);
    const reads = addresses.map((address) => queue.read(address));
    expect(sent).toHaveLength(3);
    let answered = 0;
    for (const address of addresses) {
      expect(sent.length - answered).toBeLessThanOrEqual(3);
      queue.resolve(address, REPLY);
      answered++;
    }
    await expect(Promise.all(reads)).resolves.toHaveLength(10);
    expect(sent).toEqual(addresses);
  });

  test('sends again after a timeout and resolves when a later attempt is answered', async () => {
    const { queue, sent, timeouts } = makeQueue();
    const read = queue.read('/headamp/032/gain');
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual(['/headamp/032/gain', '/headamp/032/gain']);
    expect(timeouts).toEqual([['/headamp/032/gain', 1]]);
    queue.resolve('/headamp/032/gain', REPLY);
    await expect(read).resolves.toEqual(REPLY);
  });

  test('gives up with read-back-timeout after the first attempt and its retries', async () => {
    const { queue, sent, timeouts } = makeQueue({ retries: 2 });
    const read = queue.read('/ch/05/preamp/trim');
    const outcome = read.then(
      () => null,
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(1000);
    const error = await outcome;
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('read-back-timeout');
    expect(sent).toHaveLength(3);
    expect(timeouts.map(([, attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(queue.size).toBe(0);
  });

  test('a reply resolves every sent request for that address, and only sent ones', async () => {
    const { queue } = makeQueue({ concurrency: 2 });
    const first = queue.read('/ch/01/mix/on');
    const second = queue.read('/ch/01/mix/on');
    const third = queue.read('/ch/01/mix/on');
    queue.resolve('/ch/01/mix/on', REPLY);
    await expect(Promise.all([first, second])).resolves.toEqual([REPLY, REPLY]);
    expect(queue.size).toBe(1);
    queue.resolve('/ch/01/mix/on', [{ type: 'i', value: 0 }]);
    await expect(third).resolves.toEqual([{ type: 'i', value: 0 }]);
  });

  test('a message nobody asked for is not consumed', () => {
    const { queue } = makeQueue();
    expect(queue.resolve('/ch/01/mix/fader', REPLY)).toBe(false);
  });

  test('cancelAll rejects waiting and in-flight requests and leaves no timer behind', async () => {
    const { queue } = makeQueue({ concurrency: 1 });
    const reads = [queue.read('/a'), queue.read('/b'), queue.read('/c')].map((read) => read.catch((error: unknown) => error));
    queue.cancelAll(new ConsoleError('transport', 'link lost'));
    const errors = await Promise.all(reads);
    expect(errors.map((error) => (error as ConsoleError).code)).toEqual(['transport', 'transport', 'transport']);
    expect(vi.getTimerCount()).toBe(0);
    expect(queue.size).toBe(0);
  });

  test('the timeout adapts to the round trip (RFC 6298), between the floor and the ceiling, doubling per retry', async () => {
    const { queue, sent, timeouts } = makeQueue({ timeoutMs: 300, minTimeoutMs: 20, retries: 3, concurrency: 1 });
    expect(queue.timeoutMs).toBe(300);
    for (let i = 0; i < 20; i++) {
      const read = queue.read('/ch/01/mix/fader');
      await vi.advanceTimersByTimeAsync(2);
      queue.resolve('/ch/01/mix/fader', REPLY);
      await read;
    }
    // 2 ms round trips: srtt 2 + 4 x rttvar (decaying from 1) is below the floor.
    expect(queue.timeoutMs).toBe(20);
    sent.length = 0;
    const lost = queue.read('/ch/02/mix/fader').catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(20 + 40 + 80 + 160);
    expect(timeouts.map(([, attempt]) => attempt)).toEqual([1, 2, 3, 4]);
    expect(sent).toHaveLength(4);
    await expect(lost).resolves.toMatchObject({ code: 'read-back-timeout' });
  });

  test('a reply to a retried request is no round-trip sample (Karn), so a slow desk does not shrink the timeout', async () => {
    const { queue } = makeQueue({ timeoutMs: 300, minTimeoutMs: 20, retries: 3, concurrency: 1 });
    const read = queue.read('/ch/01/mix/fader');
    await vi.advanceTimersByTimeAsync(301);
    queue.resolve('/ch/01/mix/fader', REPLY);
    await read;
    expect(queue.timeoutMs).toBe(300);
  });

  test('a late reply to an earlier attempt of an answered read is taken as a reply, not a desk push, within the ceiling', async () => {
    const { queue } = makeQueue({ timeoutMs: 100, minTimeoutMs: 100, retries: 2 });
    const read = queue.read('/-ha/03/index');
    await vi.advanceTimersByTimeAsync(100);
    expect(queue.resolve('/-ha/03/index', REPLY)).toBe(true);
    await read;
    expect(queue.resolve('/-ha/03/index', REPLY)).toBe(true);
    // Only one attempt timed out, so a second duplicate is a push from the desk.
    expect(queue.resolve('/-ha/03/index', REPLY)).toBe(false);

    const again = queue.read('/-ha/04/index');
    await vi.advanceTimersByTimeAsync(100);
    queue.resolve('/-ha/04/index', REPLY);
    await again;
    await vi.advanceTimersByTimeAsync(100);
    expect(queue.resolve('/-ha/04/index', REPLY)).toBe(false);
  });
});
