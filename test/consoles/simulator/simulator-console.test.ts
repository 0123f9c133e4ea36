import { afterEach, describe, expect, test, vi } from 'vitest';
import { ConsoleError, type ConnectionState, type DeskChange } from '../../../server/consoles/console';
import { SimulatorConsole } from '../../../server/consoles/simulator/simulator-console';
import { quantiseFaderDb } from '../../../server/model/fader-law';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { readParam } from '../../../server/model/params';
import { averageWhilePlaying, series } from './meter-series';

/** A manual simulator, started (state 'ready'), with every frame it emits collected. */
async function manual(seed = 1) {
  const sim = new SimulatorConsole({ seed, autoRun: false });
  const frames: MeterFrame[] = [];
  sim.onMeters((frame) => frames.push(frame));
  const stop = new AbortController();
  await sim.start(stop.signal);
  return { sim, frames, stop };
}

async function rejection(promise: Promise<unknown>): Promise<ConsoleError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConsoleError);
  return error as ConsoleError;
}

describe('determinism', () => {
  test('the same seed and steps give identical frames; another seed differs', async () => {
    const a = await manual(42);
    const b = await manual(42);
    const c = await manual(43);
    a.sim.step(200);
    b.sim.step(120);
    b.sim.step(80);
    c.sim.step(200);
    expect(a.frames).toHaveLength(200);
    expect(b.frames).toEqual(a.frames);
    expect(c.frames).not.toEqual(a.frames);
  });

  test('the same writes at the same frames give the same frames', async () => {
    const runs = await Promise.all([manual(7), manual(7)]);
    for (const { sim } of runs) {
      sim.step(50);
      await sim.apply({ param: 'ch.9.trimDb', value: 3 });
      sim.deskChange('main.faderDb', -4);
      sim.step(50);
    }
    expect(runs[1]!.frames).toEqual(runs[0]!.frames);
  });

  test('manual runs keep simulated time: frame n (from 0) at (n + 1) x 50 ms', async () => {
    const { sim, frames } = await manual();
    expect(sim.step(3).atMs).toBe(150);
    expect(frames.map((f) => f.atMs)).toEqual([50, 100, 150]);
  });
});

describe('the meters follow the settings', () => {
  /** Two identical runs, one with `change` applied before stepping; returns both frame series. */
  async function compare(param: string, value: number) {
    const before = await manual(5);
    const after = await manual(5);
    await after.sim.apply({ param, value });
    before.sim.step(200);
    after.sim.step(200);
    return { before: before.frames, after: after.frames };
  }

  test('trim +6 dB raises the channel input average by 6 dB (Ch 9 Gtr 1, not clipping)', async () => {
    const { before, after } = await compare('ch.9.trimDb', 6);
    const level = (frames: MeterFrame[]) => averageWhilePlaying(series(frames, (f) => f.channelInputDbfs[8]), -60);
    expect(level(after) - level(before)).toBeCloseTo(6, 1);
  });

  test('more preamp gain on the clipping kick cannot lift it past 0 dBFS', async () => {
    const { after } = await compare('ch.1.preampGainDb', 50);
    expect(Math.max(...series(after, (f) => f.channelInputDbfs[0]))).toBe(0);
  });

  test('fader -inf silences the post-fader meter and takes the channel out of main', async () => {
    const { before, after } = await compare('ch.1.faderDb', -Infinity);
    expect(series(after, (f) => f.channelPostFaderDbfs[0]).every((level) => level === -Infinity)).toBe(true);
    const mainDrop = before.map((f, i) => f.mainDbfs[0]! - after[i]!.mainDbfs[0]!);
    expect(Math.min(...mainDrop)).toBeGreaterThan(0);
    expect(series(after, (f) => f.channelInputDbfs[0])).toEqual(series(before, (f) => f.channelInputDbfs[0]));
  });

  test('a pre-fader monitor send ignores the channel fader', async () => {
    const { before, after } = await compare('ch.13.faderDb', -20);
    expect(series(after, (f) => f.busDbfs[0])).toEqual(series(before, (f) => f.busDbfs[0]));
    expect(series(after, (f) => f.busDbfs[4])).not.toEqual(series(before, (f) => f.busDbfs[4]));
  });

  test('compressor makeup raises the post-fader level dB for dB (Ch 8 Bass DI 12 -> 6 dB)', async () => {
    const { before, after } = await compare('ch.8.dynMakeupDb', 6);
    const change = after.map((f, i) => f.channelPostFaderDbfs[7]! - before[i]!.channelPostFaderDbfs[7]!);
    for (const delta of change) expect(delta).toBeCloseTo(-6, 9);
  });

  test('a bus fader moves its bus meter and nothing else', async () => {
    const { before, after } = await compare('bus.1.faderDb', 0);
    const delta = after.map((f, i) => f.busDbfs[0]! - before[i]!.busDbfs[0]!);
    for (const d of delta) expect(d).toBeCloseTo(quantiseFaderDb(0) - quantiseFaderDb(7), 9);
    expect(series(after, (f) => f.mainDbfs[0])).toEqual(series(before, (f) => f.mainDbfs[0]));
  });
});

describe('apply', () => {
  test.each([
    ['ch.1.trimDb', 1.13, 1.25],
    ['ch.1.preampGainDb', 33.3, 33.5],
    ['ch.1.faderDb', 0, quantiseFaderDb(0)],
    ['ch.13.send.1.levelDb', -Infinity, -Infinity],
    ['ch.6.phantom', 0, 0],
  ])('%s = %f is held as %f and shows in the snapshot', async (param, requested, held) => {
    const { sim } = await manual();
    await expect(sim.apply({ param, value: requested })).resolves.toBe(held);
    expect(readParam(sim.snapshot(), param)).toBe(held);
  });

  test('the snapshot is the same object until something changes', async () => {
    const { sim } = await manual();
    const first = sim.snapshot();
    sim.step(5);
    expect(sim.snapshot()).toBe(first);
    await sim.apply({ param: 'ch.2.trimDb', value: -2 });
    const second = sim.snapshot();
    expect(second).not.toBe(first);
    expect(readParam(first, 'ch.2.trimDb')).toBe(0);
    expect(sim.snapshot()).toBe(second);
  });

  test.each(['ch.17.trimDb', 'ch.1.eq.5.gainDb', 'aux.1.faderDb'])('%s is rejected as unknown-param', async (param) => {
    const { sim } = await manual();
    expect((await rejection(sim.apply({ param, value: 0 }))).code).toBe('unknown-param');
  });

  test('NaN is rejected and nothing changes', async () => {
    const { sim } = await manual();
    const before = sim.snapshot();
    expect((await rejection(sim.apply({ param: 'ch.1.trimDb', value: NaN }))).code).toBe('not-writable');
    expect(sim.snapshot()).toBe(before);
  });

  test('before start the desk is not ready', async () => {
    const sim = new SimulatorConsole({ seed: 1, autoRun: false });
    expect(sim.state()).toBe('idle');
    expect((await rejection(sim.apply({ param: 'ch.1.trimDb', value: 1 }))).code).toBe('not-ready');
  });

  test('a client write is not echoed as a desk change; a change at the desk is', async () => {
    const { sim } = await manual();
    const changes: DeskChange[] = [];
    sim.onDeskChange((change) => changes.push(change));
    sim.step(10);
    await sim.apply({ param: 'ch.3.trimDb', value: 2 });
    expect(changes).toEqual([]);
    sim.deskChange('ch.3.faderDb', -3.3);
    expect(changes).toEqual([{ param: 'ch.3.faderDb', value: quantiseFaderDb(-3.3), atMs: 500 }]);
    expect(readParam(sim.snapshot(), 'ch.3.faderDb')).toBe(quantiseFaderDb(-3.3));
    expect(() => sim.deskChange('ch.99.faderDb', 0)).toThrow(ConsoleError);
  });

  test('counters: a packet in per frame, a packet out per write', async () => {
    const { sim } = await manual();
    sim.step(12);
    await sim.apply({ param: 'ch.3.trimDb', value: 2 });
    expect(sim.counters()).toMatchObject({ packetsIn: 12, packetsOut: 1, malformed: 0, reconnects: 0 });
  });
});

describe('the desk vanishes and returns', () => {
  test('offline: state lost, no frames, writes rejected; back online: ready again', async () => {
    const { sim, frames } = await manual();
    const states: ConnectionState[] = [];
    sim.onState((state) => states.push(state));
    sim.step(2);
    sim.setOnline(false);
    expect(sim.state()).toBe('lost');
    sim.step(5);
    expect(frames).toHaveLength(2);
    expect((await rejection(sim.apply({ param: 'ch.1.trimDb', value: 1 }))).code).toBe('not-ready');
    sim.setOnline(true);
    expect(sim.state()).toBe('ready');
    sim.step(1);
    expect(frames).toHaveLength(3);
    expect(frames[2]!.atMs).toBe(400);
    expect(states).toEqual(['lost', 'ready']);
    expect(sim.counters()).toMatchObject({ packetsIn: 3, reconnects: 1 });
  });
});

describe('autoRun lifecycle (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function autoRun(applyLatencyMs?: number) {
    vi.useFakeTimers();
    const sim = new SimulatorConsole({
      seed: 3,
      autoRun: true,
      nowMs: () => 1_000_000 + Date.now(),
      ...(applyLatencyMs === undefined ? {} : { applyLatencyMs }),
    });
    const frames: MeterFrame[] = [];
    const states: ConnectionState[] = [];
    sim.onMeters((frame) => frames.push(frame));
    sim.onState((state) => states.push(state));
    return { sim, frames, states };
  }

  test('connects, streams a frame every 50 ms, and stops every timer on abort', async () => {
    const { sim, frames, states } = autoRun();
    const stop = new AbortController();
    await sim.start(stop.signal);
    expect(sim.state()).toBe('connecting');
    await vi.advanceTimersByTimeAsync(10);
    expect(states).toEqual(['connecting', 'syncing', 'ready']);
    await vi.advanceTimersByTimeAsync(500);
    expect(frames.length).toBeGreaterThanOrEqual(9);
    expect(frames.length).toBeLessThanOrEqual(10);
    expect(frames.at(-1)!.atMs).toBeGreaterThan(1_000_000);
    stop.abort();
    expect(sim.state()).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
    const count = frames.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(frames).toHaveLength(count);
    expect(states.at(-1)).toBe('idle');
  });

  test('apply confirms after its latency; aborting first rejects it with not-ready', async () => {
    const { sim } = autoRun(5);
    const stop = new AbortController();
    await sim.start(stop.signal);
    await vi.advanceTimersByTimeAsync(10);
    const landed = sim.apply({ param: 'ch.1.preampGainDb', value: 27.2 });
    await vi.advanceTimersByTimeAsync(5);
    await expect(landed).resolves.toBe(27);
    const pending = rejection(sim.apply({ param: 'ch.1.preampGainDb', value: 20 }));
    stop.abort();
    expect((await pending).code).toBe('not-ready');
    expect(readParam(sim.snapshot(), 'ch.1.preampGainDb')).toBe(27);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a signal aborted before start leaves the desk idle with no timers', async () => {
    const { sim } = autoRun();
    const stop = new AbortController();
    stop.abort();
    await sim.start(stop.signal);
    expect(sim.state()).toBe('idle');
    expect(vi.getTimerCount()).toBe(0);
  });

  test('the desk dropping mid-run stops frames until it returns', async () => {
    const { sim, frames } = autoRun();
    const stop = new AbortController();
    await sim.start(stop.signal);
    await vi.advanceTimersByTimeAsync(110);
    sim.setOnline(false);
    const count = frames.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(frames).toHaveLength(count);
    expect(sim.state()).toBe('lost');
    sim.setOnline(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(frames.length).toBeGreaterThan(count);
    stop.abort();
  });
});
