/** The Soundcraft Ui adapter against the fake Ui over a real WebSocket on loopback. */
import { createServer } from 'node:http';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import type { Console, ConnectionState } from '../../../server/consoles/console';
import { createUiConsole, type UiConsoleOptions } from '../../../server/consoles/soundcraft-ui/ui-console';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { readParam } from '../../../server/model/params';
import { FAKE_UI_CHANNEL_NAMES, fakeUiGainDb, fakeUiGainValue, startFakeUi, type FakeUi, type FakeUiOptions } from '../../fakes/fake-soundcraft-ui';
import { UI_TEST_TIMING } from './ui-harness';

const running: { fake: FakeUi; stop: AbortController }[] = [];

afterEach(async () => {
  for (const { fake, stop } of running.splice(0)) {
    stop.abort();
    await fake.stop();
  }
});

async function connect(fakeOptions: FakeUiOptions = {}, options: Partial<UiConsoleOptions> = {}): Promise<{ fake: FakeUi; desk: Console }> {
  const fake = await startFakeUi(fakeOptions);
  const desk = createUiConsole({ host: '127.0.0.1', port: fake.port, ...UI_TEST_TIMING, ...options });
  const stop = new AbortController();
  running.push({ fake, stop });
  await desk.start(stop.signal);
  return { fake, desk };
}

function reach(desk: Console, state: ConnectionState): Promise<void> {
  return new Promise((resolve) => {
    if (desk.state() === state) return resolve();
    const off = desk.onState((now) => {
      if (now !== state) return;
      off();
      resolve();
    });
  });
}

const nextMeters = (desk: Console): Promise<MeterFrame> =>
  new Promise((resolve) => {
    const off = desk.onMeters((frame) => {
      off();
      resolve(frame);
    });
  });

describe.each(['ui12', 'ui16', 'ui24'] as const)('%s', (model) => {
  test('syncs names, gains, faders and buses from the dump and streams meters', async () => {
    const { desk } = await connect({ model });
    await reach(desk, 'ready');
    const snapshot = desk.snapshot();
    const inputs = { ui12: 8, ui16: 12, ui24: 24 }[model];
    expect(snapshot.identity).toMatchObject({ kind: 'soundcraft-ui', model: `Soundcraft ${{ ui12: 'Ui12', ui16: 'Ui16', ui24: 'Ui24R' }[model]}` });
    expect(snapshot.channels.map((c) => c.name)).toEqual(FAKE_UI_CHANNEL_NAMES.slice(0, inputs).map((name, i) => name || `CH ${i + 1}`));
    expect(snapshot.channels[2]!.preampGainDb).toBe(fakeUiGainDb(3));
    expect(snapshot.channels[5]!.phantom).toBe(true);
    expect(snapshot.channels[0]!.faderDb).toBe(0);
    expect(snapshot.main).toEqual({ name: 'MASTER', faderDb: 0, on: true });
    expect(desk.unknownAddresses()).toEqual([]);

    const frame = await nextMeters(desk);
    expect(frame.channelInputDbfs).toHaveLength(inputs);
    // Source -50 dBFS through the channel's gain, within the fake's ±0.25 dB and one VU step (1/3 dB).
    expect(frame.channelInputDbfs[2]).toBeCloseTo(-50 + fakeUiGainDb(3), 0);
    expect(frame.mainDbfs).toHaveLength(2);
    expect(frame.busDbfs).toHaveLength(snapshot.buses.length);
  });
});

test('a Ui24R channel playing no hardware input has no preamp, and its gain is not writable', async () => {
  const { desk } = await connect({ model: 'ui24' });
  await reach(desk, 'ready');
  expect(desk.snapshot().channels[23]).toMatchObject({ name: 'USB R', preampGainDb: null, phantom: null, headampIndex: null });
  expect(desk.paramSpec('ch.24.preampGainDb')).toBeUndefined();
  await expect(desk.apply({ param: 'ch.24.preampGainDb', value: 20 })).rejects.toMatchObject({ code: 'not-writable' });
});

test('a gain write is sent on the write connection and confirmed by the desk\'s report on the other', async () => {
  const { fake, desk } = await connect({ model: 'ui24' });
  await reach(desk, 'ready');
  const confirmed = await desk.apply({ param: 'ch.3.preampGainDb', value: 31.5 });
  expect(confirmed).toBe(31.5);
  expect(fake.value('hw.2.gain')).toBeCloseTo(fakeUiGainValue('ui24', 31.5), 9);
  expect(readParam(desk.snapshot(), 'ch.3.preampGainDb')).toBe(31.5);
  expect(fake.received('SETD')).toBe(1);
});

test('faders, mutes, sends, phantom and bus faders are written and confirmed', async () => {
  const { fake, desk } = await connect({ model: 'ui16' });
  await reach(desk, 'ready');
  expect(await desk.apply({ param: 'ch.2.faderDb', value: -6 })).toBe(-6);
  expect(await desk.apply({ param: 'ch.2.on', value: 0 })).toBe(0);
  expect(fake.value('i.1.mute')).toBe(1);
  expect(await desk.apply({ param: 'ch.2.phantom', value: 1 })).toBe(1);
  expect(fake.value('i.1.phantom')).toBe(1);
  expect(await desk.apply({ param: 'ch.12.send.7.levelDb', value: -10 })).toBe(-10);
  expect(fake.value('i.11.fx.0.value')).toBeGreaterThan(0);
  expect(await desk.apply({ param: 'bus.2.faderDb', value: -3 })).toBe(-3);
  expect(await desk.apply({ param: 'main.faderDb', value: -Infinity })).toBe(-Infinity);
  expect(fake.value('m.mix')).toBe(0);
});

test('a desk that keeps its value (a locked gain) answers the write with it, and that is what apply returns', async () => {
  const locked = (key: string, sent: number, held: number | string | undefined): number => (key === 'i.2.gain' && typeof held === 'number' ? held : sent);
  const { desk } = await connect({ model: 'ui12', storeWrite: locked });
  await reach(desk, 'ready');
  expect(await desk.apply({ param: 'ch.3.preampGainDb', value: 40 })).toBe(fakeUiGainDb(3));
  expect(await desk.apply({ param: 'ch.4.preampGainDb', value: 40 })).toBe(40);
});

test('a desk that also echoes a client\'s own writes back to it changes nothing: one confirmation, no desk change', async () => {
  const { desk } = await connect({ model: 'ui12', echoToSender: true });
  await reach(desk, 'ready');
  const deskChanges: unknown[] = [];
  desk.onDeskChange((change) => deskChanges.push(change));
  expect(await desk.apply({ param: 'ch.1.faderDb', value: -8 })).toBe(-8);
  await nextMeters(desk);
  expect(deskChanges).toEqual([]);
});

test('a value the desk already holds needs no write', async () => {
  const { fake, desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  expect(await desk.apply({ param: 'ch.1.faderDb', value: 0 })).toBe(0);
  expect(fake.received('SETD')).toBe(0);
});

test('EQ, dynamics and trim are refused as not writable', async () => {
  const { desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  for (const param of ['ch.1.eq.1.gainDb', 'ch.1.dynThresholdDb', 'ch.1.trimDb', 'ch.1.gateThresholdDb']) {
    expect(desk.paramSpec(param)).toBeUndefined();
    await expect(desk.apply({ param, value: 1 })).rejects.toMatchObject({ code: 'not-writable' });
  }
  await expect(desk.apply({ param: 'ch.9.faderDb', value: 0 })).rejects.toMatchObject({ code: 'unknown-param' });
});

test('a change made at the desk is reported as a desk change', async () => {
  const { fake, desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  const change = new Promise((resolve) => desk.onDeskChange(resolve));
  fake.setFromDesk('i.4.mix', 0);
  expect(await change).toMatchObject({ param: 'ch.5.faderDb', value: -Infinity });
});

test('values the dump leaves out stay unknown and are never written; the rest is ready', async () => {
  const { fake, desk } = await connect({ model: 'ui12', without: /^i\.3\.gain$/ });
  await reach(desk, 'ready');
  expect(desk.unknownAddresses()).toEqual(['i.3.gain']);
  expect(desk.snapshot().channels[3]!.preampGainDb).toBeNull();
  await expect(desk.apply({ param: 'ch.4.preampGainDb', value: 20 })).rejects.toMatchObject({ code: 'not-writable' });
  expect(await desk.apply({ param: 'ch.5.preampGainDb', value: 20 })).toBe(20);
  fake.setFromDesk('i.3.gain', 0.5);
  await nextMeters(desk);
  expect(desk.unknownAddresses()).toEqual([]);
  expect(desk.snapshot().channels[3]!.preampGainDb).toBe(5);
});

test('malformed frames are counted and dropped; the link stays ready', async () => {
  const { fake, desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  fake.sendRaw('3:::SETD^i.0.mix^loud\nVU2^@@@@\nSETD^^1\nVU2^AAAA');
  fake.sendRaw('2::');
  await nextMeters(desk);
  expect(desk.counters().malformed).toBe(4);
  expect(desk.state()).toBe('ready');
  expect(desk.snapshot().channels[0]!.faderDb).toBe(0);
});

test('a desk that drops its clients is lost, then resynced with what changed meanwhile', async () => {
  const { fake, desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  fake.setSilent(true);
  fake.dropClients();
  await reach(desk, 'lost');
  fake.setFromDesk('i.5.mix', 0);
  fake.setSilent(false);
  await reach(desk, 'ready');
  expect(desk.snapshot().channels[5]!.faderDb).toBe(-Infinity);
  expect(desk.counters().reconnects).toBeGreaterThanOrEqual(1);
});

test('a desk that falls silent with its sockets open is lost by the liveness watch', async () => {
  const { fake, desk } = await connect({ model: 'ui12' }, { livenessTimeoutMs: 400 });
  await reach(desk, 'ready');
  fake.setSilent(true);
  await reach(desk, 'lost');
  fake.setSilent(false);
  await reach(desk, 'ready');
  expect(desk.snapshot().channels).toHaveLength(8);
});

test('a write still waiting when the link is lost is rejected, not left hanging', async () => {
  const { fake, desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  fake.setSilent(true);
  const write = desk.apply({ param: 'ch.1.faderDb', value: -12 });
  fake.dropClients();
  await expect(write).rejects.toMatchObject({ code: 'transport' });
});

test('keeps each connection alive with ALIVE', async () => {
  const { fake, desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(fake.received('ALIVE')).toBeGreaterThanOrEqual(2);
  expect(fake.clients()).toBe(2);
});

test('a burst of random frames over the socket never stops the adapter (bounded fuzz)', async () => {
  const { fake, desk } = await connect({ model: 'ui12' });
  await reach(desk, 'ready');
  const piece = fc.constantFrom('3:::', 'SETD^', 'SETS^', 'VU2^', '^', '\n', 'i.0.mix', 'm.mix', '0.5', '-1e309', 'AAAA', '====', '\u0000', 'ÿ');
  const frames = fc.sample(fc.oneof(fc.string({ maxLength: 120 }), fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''))), { numRuns: 300, seed: 18 });
  for (const frame of frames) fake.sendRaw(frame);
  // The desk's own values win again once it reports them; a write still goes through and is confirmed.
  fake.setFromDesk('m.mix', 0.7647058823);
  fake.setFromDesk('i.0.mix', 0.7647058823);
  await nextMeters(desk);
  expect(desk.state()).toBe('ready');
  expect(await desk.apply({ param: 'ch.2.faderDb', value: -4 })).toBe(-4);
  expect(desk.counters().malformed).toBeGreaterThan(0);
});

test('a host that is not a Ui (no WebSocket on its web server) keeps the adapter connecting, saying why', async () => {
  const web = createServer((_request, response) => response.writeHead(404).end());
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const address = web.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const warnings: string[] = [];
  const logger = { debug: () => undefined, info: () => undefined, warn: (obj: object, msg: string) => void warnings.push(`${msg}: ${String((obj as { err?: unknown }).err)}`) };
  const desk = createUiConsole({ host: '127.0.0.1', port, ...UI_TEST_TIMING, logger });
  const stop = new AbortController();
  try {
    await desk.start(stop.signal);
    await expect.poll(() => warnings.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(warnings[0]).toContain('console link attempt failed');
    expect(warnings[0]).toContain('404');
    expect(desk.state()).toBe('connecting');
  } finally {
    stop.abort();
    await new Promise((resolve) => web.close(resolve));
  }
  expect(desk.state()).toBe('idle');
});
