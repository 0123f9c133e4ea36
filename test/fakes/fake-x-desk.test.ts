import dgram from 'node:dgram';
import { afterEach, describe, expect, test } from 'vitest';
import { decodeFloatMeterBlob, decodeInt16MeterBlob, decodePacket, encodeMessage, type OscArg, type OscMessage } from '../../server/consoles/osc/codec';
import { waitFor } from '../consoles/x32/console-harness';
import type { FakeDesk } from './fake-x-desk';
import { startFakeX32 } from './fake-x32';
import { startFakeXAir } from './fake-xair';

/** A bare OSC client on a real socket, as a second remote would be. */
async function client(fake: FakeDesk) {
  const socket = dgram.createSocket('udp4');
  const received: OscMessage[] = [];
  socket.on('message', (bytes) => {
    const decoded = decodePacket(bytes);
    if (decoded.kind === 'message') received.push(decoded.message);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    received,
    send: (address: string, args: OscArg[] = []) => socket.send(encodeMessage(address, args), fake.port, '127.0.0.1'),
    close: () => socket.close(),
  };
}

const desks: FakeDesk[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  closers.splice(0).forEach((close) => close());
  await Promise.all(desks.splice(0).map((desk) => desk.stop()));
});

async function withClients(start: () => Promise<FakeDesk>) {
  const fake = await start();
  desks.push(fake);
  const a = await client(fake);
  const b = await client(fake);
  closers.push(a.close, b.close);
  return { fake, a, b };
}

describe('fake X32', () => {
  test('answers reads and identity requests', async () => {
    const { a } = await withClients(() => startFakeX32());
    a.send('/ch/01/config/name');
    a.send('/xinfo');
    a.send('/status');
    await waitFor(() => a.received.length >= 3, 'three replies');
    expect(a.received).toContainEqual({ address: '/ch/01/config/name', args: [{ type: 's', value: 'Kick' }] });
    expect(a.received).toContainEqual({
      address: '/xinfo',
      args: ['127.0.0.1', 'X32-FAKE', 'X32', '4.06'].map((value) => ({ type: 's', value })),
    });
    expect(a.received.find((message) => message.address === '/status')?.args[0]).toEqual({ type: 's', value: 'active' });
  });

  test('quantises a write and pushes it to the other /xremote client, not back to the writer', async () => {
    const { fake, a, b } = await withClients(() => startFakeX32());
    // /status after /xremote on the same socket: its reply proves the subscription is registered.
    for (const remote of [a, b]) {
      remote.send('/xremote');
      remote.send('/status');
    }
    await waitFor(() => [a, b].every((remote) => remote.received.some((message) => message.address === '/status')), 'both subscribed');
    a.send('/ch/02/preamp/trim', [{ type: 'f', value: 0.5 + 0.1 / 36 }]);
    const pushed = await waitFor(() => b.received.find((message) => message.address === '/ch/02/preamp/trim'), 'the push');
    expect(pushed.args).toEqual([{ type: 'f', value: Math.fround(0.5) }]);
    expect(fake.state.get('/ch/02/preamp/trim')).toBe(Math.fround(0.5));
    a.send('/ch/02/preamp/trim');
    await waitFor(() => a.received.some((message) => message.address === '/ch/02/preamp/trim'), 'the read-back');
    expect(a.received.filter((message) => message.address === '/ch/02/preamp/trim')).toHaveLength(1);
  });

  test('streams /meters/1 as 96 little-endian floats after a request', async () => {
    const { a } = await withClients(() => startFakeX32());
    a.send('/meters', [{ type: 's', value: '/meters/1' }]);
    const reply = await waitFor(() => a.received.find((message) => message.address === '/meters/1'), 'a meter blob');
    const [blob] = reply.args;
    const decoded = decodeFloatMeterBlob(blob?.value as Uint8Array);
    expect(decoded.ok && decoded.valuesDb.length).toBe(96);
  });

  test('drops the configured share of packets, the same ones for the same seed', async () => {
    const answered = async (seed: number): Promise<number> => {
      const { fake, a } = await withClients(() => startFakeX32({ dropRate: 0.5, seed }));
      for (let i = 0; i < 100; i++) a.send('/ch/01/mix/fader');
      await waitFor(() => fake.stats().received === 100, 'the desk to see every request');
      await waitFor(() => a.received.length === fake.stats().sent, 'every reply the desk sent');
      return a.received.length;
    };
    const first = await answered(3);
    expect(first).toBeGreaterThan(5);
    expect(first).toBeLessThan(50);
    expect(await answered(3)).toBe(first);
  });
});

describe('fake X-Air', () => {
  test('streams /meters/1 as 40 int16 values in 1/256 dB', async () => {
    const { a } = await withClients(() => startFakeXAir());
    a.send('/meters', [{ type: 's', value: '/meters/1' }]);
    const reply = await waitFor(() => a.received.find((message) => message.address === '/meters/1'), 'a meter blob');
    const decoded = decodeInt16MeterBlob(reply.args[0]?.value as Uint8Array);
    expect(decoded.ok && decoded.valuesDb.length).toBe(40);
    expect(decoded.ok && decoded.valuesDb[16]).toBe(-Infinity);
  });

  test('ignores writes of the wrong type, as the desk does', async () => {
    const { fake, a } = await withClients(() => startFakeXAir());
    a.send('/lr/mix/fader', [{ type: 'i', value: 1 }]);
    a.send('/lr/mix/fader');
    await waitFor(() => a.received.length > 0, 'the read-back');
    expect(a.received[0]?.args).toEqual([{ type: 'f', value: fake.state.get('/lr/mix/fader') }]);
    expect(fake.state.get('/lr/mix/fader')).not.toBe(1);
  });
});
