import { describe, expect, test } from 'vitest';
import type { WebSocket } from 'ws';
import { FanOut, type Recipient } from '../../server/hub/fan-out';
import type { MeterView } from '../../server/hub/protocol';
import { emptyMeterFrame, type MeterFrame } from '../../server/model/meter-frame';
import { FakeWsSocket } from '../support/fake-ws-socket';

function tablet(id: string, meterView: MeterView, meterFormat: 'binary' | 'json' = 'binary'): Recipient & { fake: FakeWsSocket } {
  const fake = new FakeWsSocket();
  return { id, socket: fake as unknown as WebSocket, meterFormat, meterView, meterLayout: null, fake };
}

function frame(): MeterFrame {
  return { ...emptyMeterFrame(1000), channelInputDbfs: [-20, -30, -40], busDbfs: [-10], mainDbfs: [-6, -7] };
}

describe('FanOut', () => {
  test('tablets with the same view share one encoded frame; a new layout is announced before its first frame', () => {
    const warnings: string[] = [];
    const fanOut = new FanOut({ stalledBytes: 1000, warn: (_obj, msg) => warnings.push(msg) });
    const a = tablet('a', { kind: 'overview' });
    const b = tablet('b', { kind: 'overview' });
    const c = tablet('c', { kind: 'mix', bus: null });
    const f = frame();
    for (const t of [a, b, c]) fanOut.sendMeters(t, f);
    expect(JSON.parse(a.fake.sent[0] as string)).toMatchObject({ type: 'meter-layout', layout: { segments: [{ area: 'channelInputDbfs' }, { area: 'busDbfs' }, { area: 'mainDbfs' }] } });
    expect(a.fake.sent[1]).toBe(b.fake.sent[1]);
    expect(c.fake.sent[1]).not.toBe(a.fake.sent[1]);
    expect((c.fake.sent[1] as Uint8Array).byteLength).toBe(12 + 2 * 2);
    fanOut.sendMeters(a, frame());
    // Same shape: no second announcement.
    expect(a.fake.sent.filter((m) => typeof m === 'string')).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  test('a script asking for JSON gets the meters message', () => {
    const fanOut = new FanOut({ stalledBytes: 1000, warn: () => undefined });
    const script = tablet('s', { kind: 'all' }, 'json');
    fanOut.sendMeters(script, frame());
    expect(script.fake.frames[0]?.binary).toBe(false);
    expect(JSON.parse(script.fake.sent[0] as string)).toMatchObject({ type: 'meters', frame: { channelInputDbfs: [-20, -30, -40], mainDbfs: [-6, -7] } });
  });

  test('a broadcast goes to every tablet as the same UTF-8 bytes, in a text frame', () => {
    const fanOut = new FanOut({ stalledBytes: 1000, warn: () => undefined });
    const tablets = [tablet('a', { kind: 'all' }), tablet('b', { kind: 'overview' }), tablet('c', { kind: 'mix', bus: 2 })];
    fanOut.broadcast(tablets, { type: 'delta', version: 3, changes: [{ path: 'channels.0.name', value: 'Kick ü' }] });
    const [first, ...rest] = tablets.map((t) => t.fake.frames[0]);
    expect(first?.binary).toBe(false);
    expect(first?.data).toBeInstanceOf(Uint8Array);
    for (const frame of rest) expect(frame?.data).toBe(first?.data);
    expect(tablets[2]?.fake.messages()).toEqual([{ type: 'delta', version: 3, changes: [{ path: 'channels.0.name', value: 'Kick ü' }] }]);
  });

  test('a broadcast is encoded once; a tablet holding more than the limit is disconnected, the others still served', () => {
    const warnings: string[] = [];
    const fanOut = new FanOut({ stalledBytes: 1000, warn: (_obj, msg) => warnings.push(msg) });
    const reading = tablet('r', { kind: 'all' });
    const asleep = tablet('z', { kind: 'all' });
    asleep.fake.bufferedAmount = 5000;
    fanOut.broadcast([reading, asleep], { type: 'delta', version: 2, changes: [{ path: 'main.faderDb', value: -3 }] });
    expect(reading.fake.sent).toEqual(['{"type":"delta","version":2,"changes":[{"path":"main.faderDb","value":-3}]}']);
    expect(reading.fake.frames[0]?.binary).toBe(false);
    expect(asleep.fake.terminated).toBe(true);
    expect(asleep.fake.sent).toEqual([]);
    expect(warnings).toEqual(['tablet stopped reading: disconnected']);
  });
});
