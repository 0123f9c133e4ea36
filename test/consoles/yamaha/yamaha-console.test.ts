/** The Yamaha adapter against the fake desk over real TCP: every shipped map syncs, meters, refusals, bad lines. */
import net from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Console } from '../../../server/consoles/console';
import type { MeterFrame } from '../../../server/model/meter-frame';
import { compileRcpMap, loadRcpMap, RCP_MODELS } from '../../../server/consoles/yamaha/rcp-map';
import { createYamahaConsole } from '../../../server/consoles/yamaha/yamaha-console';
import { startFakeYamaha, type FakeYamaha } from '../../fakes/fake-yamaha';
import { connectionsDuring, startDroppingListener } from '../../support/dropping-listener';
import { YAMAHA_TEST_TIMING } from './yamaha-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(desk: Console): Promise<Console> {
  const stop = new AbortController();
  cleanups.push(() => stop.abort());
  await desk.start(stop.signal);
  await vi.waitFor(() => expect(desk.state()).toBe('ready'), { timeout: 10_000 });
  return desk;
}

async function fakeDesk(family: FakeYamaha['family']): Promise<FakeYamaha> {
  const fake = await startFakeYamaha({ family });
  cleanups.push(() => fake.stop());
  return fake;
}

describe.each(RCP_MODELS)('map %s', (model) => {
  test('every address it reads is one the desk answers, and its meters are the ones the references list', async () => {
    const fake = await fakeDesk(model);
    const map = await loadRcpMap(model);
    const desk = await started(await createYamahaConsole({ map, host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING }));
    expect(desk.unknownAddresses()).toEqual([]);
    const snapshot = desk.snapshot();
    expect(snapshot.channels).toHaveLength(map.channels);
    expect(snapshot.channels[0]!.name).toBe('Kick');
    const metered = Object.entries(snapshot.meters).filter(([, on]) => on).map(([point]) => point).sort();
    const expected: Record<string, string[]> = {
      tf: ['buses', 'channelInput', 'channelPostFader', 'main', 'matrices'],
      dm3: ['buses', 'channelInput', 'channelPostFader', 'main', 'matrices'],
      dm7: ['buses', 'channelInput', 'channelPostFader', 'main', 'matrices'],
      cl: ['buses', 'matrices'],
      ql: ['buses', 'matrices'],
      rivage: ['buses', 'matrices'],
    };
    expect(metered).toEqual(expected[model]);
    expect(desk.identity().notes?.join(' ')).toMatch(/RCP/);
  });
});

test('meter codes become dBFS: TF by code - 126, DM7 through its table, both following the fake head amp', async () => {
  for (const [family, levelDbfs] of [['tf', -50], ['dm7', -20]] as const) {
    const fake = await fakeDesk(family);
    const desk = await started(await createYamahaConsole({ map: family, host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING }));
    const frame = await new Promise<MeterFrame>((resolve) => {
      const off = desk.onMeters((f) => {
        if (f.channelInputDbfs.length > 0 && f.busDbfs.length > 0) {
          off();
          resolve(f);
        }
      });
    });
    expect(frame.channelInputDbfs).toHaveLength(family === 'tf' ? 40 : 120);
    // The fake's source is -50 dBFS plus its 30 dB head amp (DM7; the TF has none), with a +-3 dB wobble.
    for (const dbfs of frame.channelInputDbfs) expect(Math.abs(dbfs - levelDbfs)).toBeLessThanOrEqual(3.6);
    expect(frame.busDbfs).toHaveLength(family === 'tf' ? 20 : 48);
  }
});

test('a write is confirmed by the value the desk answers, and a desk change elsewhere is reported', async () => {
  const fake = await fakeDesk('cl');
  const desk = await started(await createYamahaConsole({ map: 'cl', host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING }));
  await expect(desk.apply({ param: 'ch.1.faderDb', value: -12.346 })).resolves.toBe(-12.35);
  expect(fake.value('MIXER:Current/InCh/Fader/Level', 0)).toBe(-1235);
  await expect(desk.apply({ param: 'ch.1.faderDb', value: -200 })).resolves.toBe(-Infinity);
  expect(fake.value('MIXER:Current/InCh/Fader/Level', 0)).toBe(-32768);
  await expect(desk.apply({ param: 'ch.2.preampGainDb', value: 40 })).rejects.toMatchObject({ code: 'not-writable' });
  expect(fake.received.some((line) => line.startsWith('set MIXER:Current/InCh/Port/HA/Gain'))).toBe(false);

  const changes: number[] = [];
  desk.onDeskChange((change) => changes.push(change.value));
  fake.setFromDesk('MIXER:Current/Mix/Fader/Level', 2, 0, -550);
  await vi.waitFor(() => expect(changes).toEqual([-5.5]));
});

test('an address the desk refuses is listed as unknown and never written', async () => {
  const fake = await fakeDesk('tf');
  const shipped = await loadRcpMap('tf');
  const map = compileRcpMap(
    {
      name: 'tf-plus', model: 'TF test', description: '', notes: [], channels: 2,
      channelNames: { address: 'MIXER:Current/InCh/Label/Name', each: { from: 1, to: 2 }, x: { first: 0, step: 1 }, y: 0, source: 'test' },
      params: [
        { param: 'ch.{n}.faderDb', each: { from: 1, to: 2 }, address: 'MIXER:Current/InCh/Fader/Level', x: { first: 0, step: 1 }, y: 0, law: { kind: 'level', scale: 100, minDb: -138, maxDb: 10, offWire: -32768 }, writable: true, source: 'test' },
        { param: 'ch.{n}.trimDb', each: { from: 1, to: 2 }, address: 'MIXER:Current/InCh/DigitalGain', x: { first: 0, step: 1 }, y: 0, law: { kind: 'level', scale: 100, minDb: -96, maxDb: 24, offWire: null }, writable: true, source: 'an address no reference documents' },
      ],
      meters: [],
    },
    'tf-plus.json',
  );
  expect(shipped.bindings.some((b) => b.address === 'MIXER:Current/InCh/DigitalGain')).toBe(false);
  const desk = await started(await createYamahaConsole({ map, host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING }));
  expect(desk.unknownAddresses()).toEqual(['MIXER:Current/InCh/DigitalGain 0 0', 'MIXER:Current/InCh/DigitalGain 1 0']);
  await expect(desk.apply({ param: 'ch.1.trimDb', value: 3 })).rejects.toMatchObject({ code: 'not-writable' });
  expect(fake.received.filter((line) => line.startsWith('set'))).toEqual([]);
});

test('garbage from the desk is counted and dropped; the lines around it still count', async () => {
  let gets = 0;
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (const line of chunk.toString('latin1').split('\n').filter((l) => l.startsWith('get '))) {
        gets++;
        const [, address, x, y] = line.split(' ');
        socket.write(Buffer.from([0xff, 0xfe, 0x00, 0x0a]));
        socket.write(`OK get ${address} ${x} ${y} "open\nNOTIFY mtr junk\n`);
        socket.write(line.includes('Label') ? `OK get ${address} ${x} ${y} "Ch"\n` : `OK get ${address} ${x} ${y} 0\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as net.AddressInfo).port;
  const desk = await started(await createYamahaConsole({ map: 'tf', host: '127.0.0.1', port, ...YAMAHA_TEST_TIMING, keepAliveMs: 60_000 }));
  expect(desk.snapshot().channels[0]).toMatchObject({ name: 'Ch', faderDb: 0 });
  // Per get: the binary line, the unterminated quote, and the meter line without an address.
  expect(gets).toBe(165);
  expect(desk.counters()).toMatchObject({ malformed: 3 * gets, packetsIn: gets });
});

test('a sync reaches change listeners as one batch when it ends, not one per tick', async () => {
  const fake = await fakeDesk('rivage');
  const desk = await createYamahaConsole({ map: 'rivage', host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING });
  const batches: { state: string; changes: number }[] = [];
  desk.onChanges((batch) => batches.push({ state: desk.state(), changes: batch.changes.length }));
  await started(desk);
  await vi.waitFor(() => expect(batches.length).toBeGreaterThan(0));
  expect(batches.filter((b) => b.state === 'syncing')).toEqual([]);
  expect(batches[0]!.changes).toBeGreaterThan(288);
});

test('a desk silent during a large sync is lost at the first unanswered get, then synced when it answers', async () => {
  const fake = await fakeDesk('rivage');
  fake.setSilent(true);
  const desk = await createYamahaConsole({ map: 'rivage', host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING });
  const stop = new AbortController();
  cleanups.push(() => stop.abort());
  const states: string[] = [];
  desk.onState((state) => states.push(state));
  await desk.start(stop.signal);
  // 3037 gets, 8 at a time, 500 ms each: failing them one by one would take minutes.
  await vi.waitFor(() => expect(states).toContain('lost'), { timeout: 5000 });
  fake.setSilent(false);
  await vi.waitFor(() => expect(desk.state()).toBe('ready'), { timeout: 10_000 });
  expect(desk.snapshot().channels[0]!.name).toBe('Kick');
  expect(desk.counters().reconnects).toBeGreaterThan(0);
});

test('a desk that keeps dropping the link is reconnected with backoff until stopped; after the stop nothing reconnects', async () => {
  const fake = await startFakeYamaha({ family: 'tf' });
  const desk = await createYamahaConsole({ map: 'tf', host: '127.0.0.1', port: fake.port, ...YAMAHA_TEST_TIMING });
  const stop = new AbortController();
  cleanups.push(() => stop.abort());
  const states: string[] = [];
  desk.onState((state) => states.push(state));
  await desk.start(stop.signal);
  await vi.waitFor(() => expect(desk.state()).toBe('ready'), { timeout: 10_000 });
  await fake.stop();
  const dropping = await startDroppingListener(fake.port);
  cleanups.push(() => dropping.close());
  await vi.waitFor(() => expect(dropping.connections).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
  expect(states.slice(states.indexOf('ready'))).toEqual(expect.arrayContaining(['lost', 'connecting']));
  stop.abort();
  expect(desk.state()).toBe('idle');
  // Ten times the backoff ceiling: a reconnect left running would have come back several times. One
  // connection may still land: an attempt the loop had sent before the stop, not yet taken by the listener.
  expect(await connectionsDuring(dropping, 10 * YAMAHA_TEST_TIMING.reconnectBackoffMs.max)).toBeLessThanOrEqual(1);
  expect(states.at(-1)).toBe('idle');
});
