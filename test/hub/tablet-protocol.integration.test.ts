/**
 * What goes over venue Wi-Fi, over real sockets on the simulated band: one snapshot on connect, then
 * deltas with versions (a lost delta is noticed and repaired by a resync), binary meter frames by the
 * view's layout, JSON for scripts.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { ServerMessage, WireMeterFrame } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import { decodeMeterFrame } from '../../ui/src/lib/meter-binary';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import { TestClient } from '../support/ws-client';

let bridge: TestBridge<SimulatorConsole>;

beforeAll(async () => {
  bridge = await startTestBridge({ seed: 1 });
});
afterAll(async () => {
  await bridge.close();
});

const isDelta = (m: ServerMessage) => m.type === 'delta';

test('a desk change reaches the tablet as a delta one version on, never as a second snapshot', async () => {
  const tablet = await bridge.viewer();
  try {
    const first = await tablet.waitFor((m) => m.type === 'snapshot');
    bridge.console.deskChange('ch.2.faderDb', -7.5);
    const faderDb = readParam(bridge.console.snapshot(), 'ch.2.faderDb')!;
    const delta = await tablet.next(isDelta);
    expect(delta).toEqual({ type: 'delta', version: (first.type === 'snapshot' ? first.version : 0) + 1, changes: [{ path: 'channels.1.faderDb', value: faderDb }] });
    expect(readParam(tablet.snapshot!, 'ch.2.faderDb')).toBe(faderDb);
    expect(tablet.messages.filter((m) => m.type === 'snapshot')).toHaveLength(1);
  } finally {
    await tablet.close();
  }
});

test('a tablet that loses a delta notices the gap at the next one, resyncs, and ends with the desk as it is', async () => {
  const tablet = await bridge.viewer();
  try {
    await tablet.waitFor((m) => m.type === 'snapshot');
    const lost = tablet.dropNext(isDelta);
    const before = readParam(tablet.snapshot!, 'ch.3.faderDb');
    bridge.console.deskChange('ch.3.faderDb', -3);
    const lostDb = readParam(bridge.console.snapshot(), 'ch.3.faderDb')!;
    // Once the lost delta has gone by, the tablet still shows the old fader.
    await lost;
    expect(readParam(tablet.snapshot!, 'ch.3.faderDb')).toBe(before);
    bridge.console.deskChange('ch.4.faderDb', -4);
    const nextDb = readParam(bridge.console.snapshot(), 'ch.4.faderDb')!;
    const second = await tablet.next(isDelta);
    expect(second.type === 'delta' && second.changes).toEqual([{ path: 'channels.3.faderDb', value: nextDb }]);
    const resynced = await tablet.next((m) => m.type === 'snapshot');
    expect(tablet.resyncs).toBe(1);
    expect(resynced.type === 'snapshot' && resynced.version).toBe(second.type === 'delta' && second.version);
    expect(readParam(tablet.snapshot!, 'ch.3.faderDb')).toBe(lostDb);
    expect(readParam(tablet.snapshot!, 'ch.4.faderDb')).toBe(nextDb);
    expect(tablet.snapshot).toEqual(JSON.parse(JSON.stringify(bridge.console.snapshot())));
    // The resync also brought the suggestions as the bridge holds them.
    expect(tablet.messages.filter((m) => m.type === 'suggestions')).toHaveLength(2);
    bridge.console.deskChange('ch.5.faderDb', -5);
    const fifthDb = readParam(bridge.console.snapshot(), 'ch.5.faderDb')!;
    await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.5.faderDb') === fifthDb);
    expect(tablet.resyncs).toBe(1);
  } finally {
    await tablet.close();
  }
});

test('meters are binary by default, in the layout announced first; a view narrows them to what it draws', async () => {
  const tablet = await TestClient.connect(`${bridge.wsUrl}?format=binary`);
  try {
    const hello = await tablet.waitFor((m) => m.type === 'hello');
    expect(hello).toMatchObject({ protocol: 2, meterFormat: 'binary' });
    await tablet.waitForBinary(1);
    const layoutMessage = tablet.messages.find((m) => m.type === 'meter-layout' || (m.type === 'snapshot' && m.meterLayout !== null));
    const layout = layoutMessage?.type === 'meter-layout' ? layoutMessage.layout : layoutMessage?.type === 'snapshot' ? layoutMessage.meterLayout! : null;
    const all = decodeMeterFrame(tablet.binary.at(-1)!.slice().buffer as ArrayBuffer, layout);
    if (all.kind !== 'frame') throw new Error(`decoded ${all.kind}`);
    expect(all.frame.channelInputDbfs).toHaveLength(16);
    expect(tablet.messages.some((m) => m.type === 'meters')).toBe(false);

    tablet.send({ type: 'meters-view', view: { kind: 'channel', channel: 2 } });
    const narrowed = await tablet.next((m) => m.type === 'meter-layout');
    const seen = tablet.binary.length;
    const bytes = await tablet.waitForBinary(seen + 1);
    const channel = decodeMeterFrame(bytes.slice().buffer as ArrayBuffer, narrowed.type === 'meter-layout' ? narrowed.layout : null);
    if (channel.kind !== 'frame') throw new Error(`decoded ${channel.kind}`);
    expect(Number.isFinite(channel.frame.channelInputDbfs[1])).toBe(true);
    expect(channel.frame.channelInputDbfs.filter(Number.isFinite)).toHaveLength(1);
    expect(bytes.byteLength).toBeLessThan(all.frame.channelInputDbfs.length * 2 * 2);
  } finally {
    await tablet.close();
  }
});

test('scripts read JSON: meters after hello with meterFormat json, and the latest frame from GET /api/meters', async () => {
  const script = await TestClient.connect(`${bridge.wsUrl}?format=binary`);
  try {
    await script.waitFor((m) => m.type === 'hello');
    script.send({ type: 'hello', meterFormat: 'json' });
    const meters = await script.next((m) => m.type === 'meters');
    expect(meters.type === 'meters' && meters.frame.channelInputDbfs).toHaveLength(16);
  } finally {
    await script.close();
  }
  const response = await fetch(`${bridge.url}/api/meters`);
  expect(response.status).toBe(200);
  const frame = (await response.json()) as WireMeterFrame;
  expect(frame.channelInputDbfs).toHaveLength(16);
  expect(frame.busDbfs.length).toBeGreaterThan(0);
});
