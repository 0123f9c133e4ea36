import { afterEach, describe, expect, test } from 'vitest';
import { ConsoleError } from '../../../server/consoles/console';
import { encodeMessage } from '../../../server/consoles/osc/codec';
import { createX32Console } from '../../../server/consoles/x32/x32-console';
import type { FakeDesk } from '../../fakes/fake-x-desk';
import { FAKE_X32_CHANNEL_NAMES, fakeX32GainDb, startFakeX32 } from '../../fakes/fake-x32';
import { nextFrame, ready, startAdapter, waitFor, wire, type AdapterRun } from './console-harness';

let fake: FakeDesk | undefined;
let run: AdapterRun | undefined;

afterEach(async () => {
  run?.stop();
  run = undefined;
  await fake?.stop();
  fake = undefined;
});

async function setUp(options: Parameters<typeof startFakeX32>[0] = {}, timing: Parameters<typeof startAdapter>[2] = {}) {
  fake = await startFakeX32(options);
  run = await startAdapter(createX32Console, fake, timing);
  await ready(run);
  return { fake, run };
}

describe('X32 adapter against the fake X32', () => {
  test('syncs every value despite 10 % packet loss, through the channel-to-headamp mapping', async () => {
    const { run } = await setUp({ dropRate: 0.1, seed: 7 }, { requestTimeoutMs: 40, retries: 8 });
    const snapshot = run.console.snapshot();
    expect(run.console.identity()).toMatchObject({ kind: 'x32', model: 'X32', firmware: '4.06', name: 'X32-FAKE' });
    expect(snapshot.channels.map((channel) => channel.name)).toEqual(FAKE_X32_CHANNEL_NAMES);
    expect(snapshot.channels[0]).toMatchObject({ headampIndex: 0, preampGainDb: fakeX32GainDb(1), trimDb: 0 });
    expect(snapshot.channels[16]).toMatchObject({ headampIndex: 32, preampGainDb: fakeX32GainDb(17) });
    expect(snapshot.channels[24]).toMatchObject({ headampIndex: 16, preampGainDb: fakeX32GainDb(25) });
    expect(snapshot.channels[30]).toMatchObject({ headampIndex: null, preampGainDb: null, phantom: null });
    expect(snapshot.channels[5]?.phantom).toBe(true);
    expect(snapshot.channels[12]?.sends[0]).toMatchObject({ levelDb: -3, preFader: true });
    expect(snapshot.buses[0]?.name).toBe('Mon 1');
    expect(snapshot.channels.slice(0, 16).map((channel) => channel.color)).toEqual([
      ...Array(7).fill({ name: 'red', inverted: false }),
      { name: 'blue', inverted: false },
      { name: 'yellow', inverted: false },
      { name: 'yellow', inverted: false },
      { name: 'green', inverted: false },
      { name: 'green', inverted: false },
      ...Array(3).fill({ name: 'magenta', inverted: true }),
      { name: 'off', inverted: false },
    ]);
    expect(snapshot.buses.slice(3, 5).map((bus) => bus.color)).toEqual([{ name: 'cyan', inverted: false }, { name: 'off', inverted: false }]);
    expect(snapshot.matrices[0]).toMatchObject({ name: 'Fill L' });
    expect(snapshot.outputs[8]?.source).toEqual({ kind: 'matrix', index: 1 });
    expect(run.console.counters().timeouts).toBeGreaterThan(0);
    expect(run.states).toEqual(['connecting', 'syncing', 'ready']);
  });

  test('streams meter frames decoded from both banks', async () => {
    const { run } = await setUp();
    const frame = await nextFrame(run, (candidate) => candidate.busDbfs.length > 0);
    expect(frame.channelInputDbfs).toHaveLength(32);
    expect(frame.channelGateGrDb).toHaveLength(32);
    expect(frame.channelDynGrDb).toHaveLength(32);
    expect(frame.busDbfs).toHaveLength(16);
    expect(frame.matrixDbfs).toHaveLength(6);
    expect(frame.mainDbfs).toHaveLength(2);
    // Kick: -50 dBFS source + 22.5 dB gain, less up to 1 dB of jitter.
    expect(frame.channelInputDbfs[0]).toBeGreaterThan(-28.6);
    expect(frame.channelInputDbfs[0]).toBeLessThanOrEqual(-27.5);
    // The toms' gates are open above -40 dB: no reduction.
    expect(frame.channelGateGrDb[3]).toBe(0);
  });

  test('a change at the desk reaches the snapshot and onDeskChange', async () => {
    const { fake, run } = await setUp();
    fake.setFromDesk('/ch/05/mix/fader', 0.5);
    const change = await waitFor(() => run.changes.find((candidate) => candidate.param === 'ch.5.faderDb'), 'the fader change');
    expect(change.value).toBeCloseTo(-9.98, 2);
    expect(run.console.snapshot().channels[4]?.faderDb).toBeCloseTo(-9.98, 2);

    fake.setFromDesk('/headamp/032/gain', (40 + 12) / 72);
    const gain = await waitFor(() => run.changes.find((candidate) => candidate.param === 'ch.17.preampGainDb'), 'the gain change');
    expect(gain.value).toBe(40);
  });

  test('a routing change at the desk moves the channel to its new headamp', async () => {
    const { fake, run } = await setUp();
    fake.setFromDesk('/headamp/100/gain', (12.5 + 12) / 72);
    fake.setFromDesk('/-ha/24/index', 100);
    const change = await waitFor(() => run.changes.find((candidate) => candidate.param === 'ch.25.preampGainDb'), 'the new gain');
    expect(change.value).toBe(12.5);
    expect(run.console.snapshot().channels[24]).toMatchObject({ headampIndex: 100, preampGainDb: 12.5 });
  });

  test('apply resolves with the value read back and the desk holds the quantised value', async () => {
    const { fake, run } = await setUp();
    await expect(run.console.apply({ param: 'ch.3.trimDb', value: 3.1 })).resolves.toBe(3);
    expect(fake.state.get('/ch/03/preamp/trim')).toBe(wire(21 / 36));
    expect(run.console.snapshot().channels[2]?.trimDb).toBe(3);

    await expect(run.console.apply({ param: 'ch.17.preampGainDb', value: 33.3 })).resolves.toBe(33.5);
    expect(fake.state.get('/headamp/032/gain')).toBe(wire(45.5 / 72));

    const fader = await run.console.apply({ param: 'ch.1.faderDb', value: -85.4 });
    expect(fader).toBeCloseTo(-85.31, 2);
    expect(fake.state.get('/ch/01/mix/fader')).toBe(wire(10 / 1023));

    await expect(run.console.apply({ param: 'ch.7.phantom', value: 0 })).resolves.toBe(0);
    expect(fake.state.get('/headamp/006/phantom')).toBe(0);
  });

  test('the meters follow an applied trim change', async () => {
    const { run } = await setUp();
    const before = await nextFrame(run);
    await run.console.apply({ param: 'ch.3.trimDb', value: 12 });
    const after = await nextFrame(run, (frame) => (frame.channelInputDbfs[2] ?? -Infinity) > (before.channelInputDbfs[2] ?? 0) + 9);
    expect(after.channelInputDbfs[2]).toBeLessThan((before.channelInputDbfs[2] ?? 0) + 13.1);
  });

  test('apply refuses what it cannot do, with a stable code', async () => {
    const { run } = await setUp();
    const codeOf = (promise: Promise<number>): Promise<string> =>
      promise.then(
        () => 'resolved',
        (error: unknown) => (error instanceof ConsoleError ? error.code : 'other'),
      );
    await expect(codeOf(run.console.apply({ param: 'ch.31.preampGainDb', value: 20 }))).resolves.toBe('not-writable');
    await expect(codeOf(run.console.apply({ param: 'ch.40.faderDb', value: 0 }))).resolves.toBe('unknown-param');
    await expect(codeOf(run.console.apply({ param: 'ch.1.faderDb', value: Number.NaN }))).resolves.toBe('not-writable');
    expect(run.console.paramSpec('ch.31.preampGainDb')).toBeUndefined();
    expect(run.console.paramSpec('ch.1.trimDb')).toMatchObject({ label: 'Ch 1 Kick trim', unit: 'dB', min: -18, max: 18, stepDb: 0.25 });
    expect(run.console.paramSpec('ch.1.trimDb')?.quantise(3.13)).toBe(3.25);
  });

  test('a write the desk never confirms fails with read-back-timeout', async () => {
    const { fake, run } = await setUp({}, { requestTimeoutMs: 40, retries: 2, livenessTimeoutMs: 10_000 });
    fake.setSilent(true);
    const error = await run.console.apply({ param: 'ch.2.faderDb', value: -3 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('read-back-timeout');
  });

  test('silence -> lost -> the desk returns -> ready again with meters flowing', async () => {
    const { fake, run } = await setUp({}, { livenessTimeoutMs: 300, reconnectBackoffMs: { initial: 50, max: 200 } });
    await nextFrame(run);
    fake.setSilent(true);
    await waitFor(() => run.console.state() === 'lost', 'the link to be lost');
    expect(run.console.snapshot().channels[0]?.name).toBe('Kick');
    await expect(run.console.apply({ param: 'ch.1.faderDb', value: 0 })).rejects.toMatchObject({ code: 'not-ready' });

    fake.setSilent(false);
    await ready(run);
    expect(run.states).toEqual(['connecting', 'syncing', 'ready', 'lost', 'syncing', 'ready']);
    const frame = await nextFrame(run);
    expect(frame.channelInputDbfs).toHaveLength(32);
    expect(fake.activeMeterStreams()).toBe(2);
    expect(run.console.counters().reconnects).toBe(1);
  });

  test('a desk that is not there yet keeps the adapter connecting (not lost) until it answers', async () => {
    const desk = await startFakeX32();
    fake = desk;
    desk.setSilent(true);
    const adapter = await startAdapter(createX32Console, desk, { requestTimeoutMs: 30, retries: 1, reconnectBackoffMs: { initial: 20, max: 40 } });
    run = adapter;
    await waitFor(() => adapter.console.counters().timeouts >= 4, 'a few unanswered identify attempts');
    expect(adapter.console.state()).toBe('connecting');
    expect(adapter.console.snapshot().channels).toEqual([]);
    desk.setSilent(false);
    await ready(adapter);
    expect(adapter.states).toEqual(['connecting', 'syncing', 'ready']);
  });

  test('stopping releases the socket and every timer', async () => {
    const { fake, run } = await setUp({}, { keepAliveMs: 50 });
    await nextFrame(run);
    run.stop();
    expect(run.console.state()).toBe('idle');
    await expect(run.console.apply({ param: 'ch.1.faderDb', value: 0 })).rejects.toMatchObject({ code: 'not-ready' });
    await expect(run.console.start(new AbortController().signal)).rejects.toMatchObject({ code: 'transport' });
    // On a busy machine datagrams sent before the stop can still be on their way: count from when all are in.
    const sent = run.console.counters().packetsOut;
    await waitFor(() => fake.stats().received >= sent, 'the datagrams sent before the stop');
    const received = fake.stats().received;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.stats().received).toBe(received);
  });

  test('malformed and unexpected packets are counted, never thrown, and the link carries on', async () => {
    const { fake, run } = await setUp();
    const blob = (count: number, values: number) => {
      const bytes = new Uint8Array(4 + values * 4);
      new DataView(bytes.buffer).setInt32(0, count, true);
      return bytes;
    };
    fake.sendRawToClients(Uint8Array.from([0x2f, 0x61, 0x00]));
    fake.sendRawToClients(Uint8Array.from([0x2f, 0x61, 0x00, 0x00]));
    fake.sendRawToClients(encodeMessage('/meters/1', [{ type: 'b', value: blob(96, 95) }]));
    fake.sendRawToClients(encodeMessage('/meters/1', [{ type: 'b', value: blob(49, 49) }]));
    fake.sendRawToClients(encodeMessage('/meters/2', [{ type: 'i', value: 3 }]));
    fake.sendRawToClients(encodeMessage('/ch/01/mix/fader', [{ type: 'i', value: 3 }]));
    fake.sendRawToClients(encodeMessage('/ch/01/mix/fader', [{ type: 'f', value: 7 }]));
    await waitFor(() => run.console.counters().malformed >= 5, 'five malformed packets');
    await waitFor(() => run.console.counters().unexpected >= 2, 'two unexpected values');
    expect(run.console.counters().malformed).toBe(5);
    expect(run.console.state()).toBe('ready');
    expect(run.console.snapshot().channels[0]?.faderDb).toBeCloseTo(-5, 1);
    await nextFrame(run);
    fake.setFromDesk('/ch/02/mix/fader', 0.25);
    await waitFor(() => run.changes.find((change) => change.param === 'ch.2.faderDb'), 'a desk change after the garbage');
  });
});
