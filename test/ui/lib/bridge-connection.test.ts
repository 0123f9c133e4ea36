import { describe, expect, test } from 'vitest';
import type { Suggestion } from '../../../server/engine/suggestion';
import { encodeMeterFrame } from '../../../server/hub/meter-binary';
import type { MeterLayout, ServerMessage } from '../../../server/hub/protocol';
import { emptyMeterFrame } from '../../../server/model/meter-frame';
import { BridgeConnection } from '../../../ui/src/lib/bridge-connection.svelte';
import { LiveMeters } from '../../../ui/src/lib/live-meters.svelte';
import { makeSnapshot } from '../../engine/builders';
import { FakeClock, socketFactory, type FakeSocket } from './fake-link';

const LAYOUT: MeterLayout = { id: 3, segments: [{ area: 'channelInputDbfs', first: 0, count: 2, areaLength: 2, encoding: 'i16' }] };

function suggestion(id: string): Suggestion {
  return {
    id, rule: 'preamp-target', severity: 'advice', confidence: 0.8, target: { kind: 'channel', index: 1 }, label: 'Ch 1 Kick', stage: 'preamp',
    change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue: 32, deltaDb: -8 }, compensation: [],
    evidence: { windowMs: 8000 }, reason: 'r', purpose: [], effect: [], residualDb: 0, version: 'v1', dependsOn: [], dependencyNote: null,
  };
}

function connected(token: string | null = null) {
  const clock = new FakeClock();
  const factory = socketFactory();
  const meters = new LiveMeters(0);
  let kept = token;
  const connection = new BridgeConnection({
    socketUrl: 'ws://bridge/ws',
    openSocket: factory.open,
    meters,
    clock,
    engineerToken: { load: () => kept, save: (t) => (kept = t) },
  });
  connection.start();
  const socket = factory.latest();
  socket.open();
  const welcome = (s: FakeSocket) => {
    const messages: ServerMessage[] = [
      { type: 'hello', protocol: 2, clientId: 'tab1', readOnly: false, meterFormat: 'binary' },
      { type: 'role', requestId: null, role: token === null ? 'viewer' : 'engineer', reason: token === null ? 'no-token' : 'token', message: 'role', expiresAtIso: null },
      { type: 'status', status: { console: { kind: 'sim', model: 'm', firmware: '', name: '', state: 'ready', unknownAddresses: [] }, readOnly: false, channels: 2, suggestions: 1, clients: 1, meterAgeMs: 0, counters: { packetsIn: 0, packetsOut: 0, malformed: 0, unexpected: 0, timeouts: 0, reconnects: 0, foreign: 0, badClientMessages: 0 } } },
      { type: 'snapshot', version: 5, snapshot: JSON.parse(JSON.stringify(makeSnapshot({ channels: [{}, {}] }))), meterLayout: LAYOUT },
      { type: 'suggestions', version: 9, suggestions: [suggestion('a'), suggestion('b')] },
    ];
    for (const message of messages) s.receive(message);
  };
  welcome(socket);
  return { clock, factory, meters, connection, socket, welcome };
}

describe('BridgeConnection over a fake socket', () => {
  test('the welcome makes the link ready; a kept token is presented on open', () => {
    const { connection, socket } = connected('tok');
    expect(connection.link).toBe('ready');
    expect(socket.sentMessages()[0]).toEqual({ type: 'auth', token: 'tok' });
    expect(connection.role).toBe('engineer');
    expect(connection.snapshot?.channels).toHaveLength(2);
    expect(connection.suggestions.map((s) => s.id).sort()).toEqual(['a', 'b']);
  });

  test('a missed delta: the tablet asks for a resync once and shows the bridge’s state after it', () => {
    const { connection, socket } = connected();
    socket.receive({ type: 'delta', version: 6, changes: [{ path: 'channels.0.faderDb', value: -6 }] });
    expect(connection.snapshot?.channels[0]?.faderDb).toBe(-6);
    // Version 7 is lost.
    socket.receive({ type: 'delta', version: 8, changes: [{ path: 'channels.1.faderDb', value: -8 }] });
    socket.receive({ type: 'delta', version: 9, changes: [{ path: 'channels.1.faderDb', value: -9 }] });
    expect(socket.sentMessages().filter((m) => m.type === 'resync')).toHaveLength(1);
    const atBridge = JSON.parse(JSON.stringify(makeSnapshot({ channels: [{ faderDb: -7 }, { faderDb: -9 }] })));
    socket.receive({ type: 'snapshot', version: 9, snapshot: atBridge, meterLayout: null });
    expect(connection.snapshot?.channels.map((c) => c.faderDb)).toEqual([-7, -9]);
  });

  test('binary meters in the announced layout reach the meters and keep them fresh', () => {
    const { clock, connection, meters, socket } = connected();
    const bytes = encodeMeterFrame({ ...emptyMeterFrame(1), channelInputDbfs: [-12, -30] }, LAYOUT);
    socket.receive(bytes.buffer.slice(0) as ArrayBuffer);
    expect(meters.frame?.channelInputDbfs).toEqual([-12, -30]);
    expect(connection.stale).toBe(false);
    clock.advance(1001);
    expect(connection.staleReason).toBe('No meters for over 1 s');
  });

  test('the view’s meters are asked for now and again on every new socket', () => {
    const { clock, connection, factory, socket, welcome } = connected();
    connection.setMeterView({ kind: 'channel', channel: 2 });
    expect(socket.sentMessages().at(-1)).toEqual({ type: 'meters-view', view: { kind: 'channel', channel: 2 } });
    socket.drop();
    clock.advance(500);
    factory.latest().open();
    welcome(factory.latest());
    expect(factory.latest().sentMessages()).toEqual([{ type: 'meters-view', view: { kind: 'channel', channel: 2 } }]);
  });

  test('apply sends the version shown; a changed set is said on the card and fetched as it is now', () => {
    const { connection, socket } = connected('tok');
    connection.apply(connection.suggestions.find((s) => s.id === 'a')!, false);
    const apply = socket.sentMessages().at(-1)!;
    expect(apply).toMatchObject({ type: 'apply', suggestionId: 'a', version: 'v1' });
    expect(connection.isApplying('a')).toBe(true);
    const now = { ...suggestion('a'), version: 'v2', change: { param: 'ch.1.preampGainDb', currentValue: 40, proposedValue: 30, deltaDb: -10 } };
    socket.receive({
      type: 'apply-changed', requestId: apply.requestId, suggestionId: 'a', message: 'Ch 1 Kick changed since you saw it: gain 32.0 → 30.0 dB.',
      changes: [{ param: 'ch.1.preampGainDb', label: 'Ch 1 Kick gain', shownValue: 32, nowValue: 30 }], suggestion: now,
    });
    expect(connection.isApplying('a')).toBe(false);
    expect(connection.changedFor('a')).toBe('Ch 1 Kick changed since you saw it: gain 32.0 → 30.0 dB.');
    expect(socket.sentMessages().at(-1)).toEqual({ type: 'suggestion-detail', suggestionId: 'a' });
    socket.receive({ type: 'suggestion', requestId: null, suggestion: now });
    expect(connection.suggestions.find((s) => s.id === 'a')).toMatchObject({ version: 'v2', change: { proposedValue: 30 } });
  });

  test('a stale refusal (a script\'s proposedValue) fetches the suggestion as it is now', () => {
    const { connection, socket } = connected('tok');
    connection.apply(connection.suggestions.find((s) => s.id === 'a')!, false);
    const apply = socket.sentMessages().at(-1)!;
    socket.receive({ type: 'error', requestId: apply.requestId, code: 'stale', message: 'moved' });
    expect(connection.isApplying('a')).toBe(false);
    expect(socket.sentMessages().at(-1)).toEqual({ type: 'suggestion-detail', suggestionId: 'a' });
    expect(connection.notices.at(-1)?.text).toBe('Ch 1 Kick: moved');
  });

  test('a dismissed suggestion hides at once, and comes back when the bridge refuses', () => {
    const { connection, socket } = connected('tok');
    connection.dismiss(connection.suggestions.find((s) => s.id === 'b')!);
    expect(connection.suggestions.map((s) => s.id)).toEqual(['a']);
    const dismiss = socket.sentMessages().at(-1)!;
    socket.receive({ type: 'error', requestId: dismiss.requestId, code: 'forbidden', message: 'no' });
    expect(connection.suggestions.map((s) => s.id).sort()).toEqual(['a', 'b']);
  });

  test('a viewer cannot apply: nothing is sent and the notice says why', () => {
    const { connection, socket } = connected();
    const before = socket.sent.length;
    connection.apply(connection.suggestions[0]!, false);
    expect(socket.sent.length).toBe(before);
    expect(connection.notices.at(-1)?.text).toContain('Viewer: unlock this tablet');
  });
});
