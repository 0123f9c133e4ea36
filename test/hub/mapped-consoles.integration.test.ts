/**
 * Issue 8's done-when through the whole bridge over real sockets: an Allen & Heath Qu over MIDI-over-TCP and
 * Ardour over OSC/UDP (both fakes speak the real wire protocol). Tablets see the channels (and Ardour's
 * meters); a trim/gain written through the safety path arrives as the right bytes.
 */
import { afterEach, expect, test, vi } from 'vitest';
import type { Console } from '../../server/consoles/console';
import { createMidiConsole } from '../../server/consoles/midi/midi-console';
import { createOscGenericConsole } from '../../server/consoles/osc-generic/osc-generic-console';
import type { ServerMessage } from '../../server/hub/protocol';
import { FakeQuPeer } from '../consoles/midi/fake-qu-peer';
import { FakeArdour, f, i } from '../consoles/osc-generic/fake-ardour';
import { oscMessage } from '../consoles/osc-generic/osc-bytes';
import { startTestBridge, type TestBridge } from '../support/test-bridge';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function bridgeOn(desk: Console): Promise<TestBridge<Console>> {
  const bridge = await startTestBridge({ console: desk });
  cleanups.push(() => bridge.close());
  return bridge;
}

test('Qu over MIDI-over-TCP: 16 channels on the tablet, no meters claimed, a gain write arrives as NRPN bytes', async () => {
  const qu = new FakeQuPeer(16);
  const port = await qu.listen();
  cleanups.push(() => qu.close());
  const bridge = await bridgeOn(await createMidiConsole({ map: 'qu', transport: { kind: 'tcp', host: '127.0.0.1', port } }));
  const tablet = await bridge.viewer();
  cleanups.push(() => tablet.close());

  const synced = await tablet.waitForState((snapshot) => snapshot.identity.model === 'Qu-16' && snapshot.channels[0]?.preampGainDb === 30, 10_000);
  expect(synced.channels).toHaveLength(16);
  expect(synced.channels[0]).toMatchObject({ preampGainDb: 30, faderDb: 0 });
  expect(Object.values(synced.meters).every((metered) => metered === false)).toBe(true);

  const entry = await bridge.bridge.writer.apply({ purpose: 'any', param: 'ch.3.preampGainDb', value: 31, client: 'test', origin: 'test', confirmed: false });
  expect(entry.confirmedValue).toBeCloseTo(31, 0);
  await vi.waitFor(() => expect(qu.received[0]).toContain('B0 63 22 B0 62 19 B0 06 46 B0 26 07'), { timeout: 3000 });
});

test('Ardour over OSC: names and meters on the tablet, an applied trim arrives as /strip/trimdB ssid dB', async () => {
  const ardour = new FakeArdour();
  const port = await ardour.bind();
  cleanups.push(() => ardour.close());
  const bridge = await bridgeOn(await createOscGenericConsole({ map: 'ardour', host: '127.0.0.1', port, localPort: null }));
  const tablet = await bridge.viewer();
  cleanups.push(() => tablet.close());

  const synced = await tablet.waitForState((snapshot) => snapshot.channels.slice(0, 2).map((c) => c.name).join() === 'Kick,Snare', 10_000);
  expect(synced.meters.channelPostFader).toBe(true);
  const meterFrame = new Promise<ServerMessage>((resolve) => {
    const timer = setInterval(() => {
      if (ardour.surfacePort !== null) ardour.send(oscMessage('/strip/meter', [i(1), f(-14)]), ardour.surfacePort);
    }, 50);
    void tablet.next((m) => m.type === 'meters' && m.frame.channelPostFaderDbfs[0] === -14).then((m) => {
      clearInterval(timer);
      resolve(m);
    });
  });
  expect((await meterFrame).type).toBe('meters');

  const entry = await bridge.bridge.writer.apply({ purpose: 'any', param: 'ch.2.trimDb', value: -1.5, client: 'test', origin: 'test', confirmed: false });
  expect(entry.confirmedValue).toBe(-1.5);
  expect(ardour.received.find((r) => r.message.address === '/strip/trimdB')).toMatchObject({ message: { args: [2, -1.5] }, types: ',if' });
});
