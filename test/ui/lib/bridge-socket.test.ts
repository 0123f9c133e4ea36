import { describe, expect, test } from 'vitest';
import { BridgeSocket, SILENT_SOCKET_MS, type SocketEvents } from '../../../ui/src/lib/bridge-socket.svelte';
import { FakeClock, socketFactory } from './fake-link';

function setup() {
  const clock = new FakeClock();
  const factory = socketFactory();
  const seen: string[] = [];
  const events: SocketEvents = {
    connecting: () => seen.push('connecting'),
    opened: () => seen.push('opened'),
    text: (data) => seen.push(`text ${data}`),
    binary: (data) => seen.push(`binary ${data.byteLength}`),
    unreadable: () => seen.push('unreadable'),
    lost: () => seen.push('lost'),
    failed: (message) => seen.push(`failed ${message}`),
  };
  const socket = new BridgeSocket({ socketUrl: 'ws://bridge/ws', openSocket: factory.open, clock }, events);
  return { clock, factory, seen, socket };
}

describe('BridgeSocket', () => {
  test('opens, reads text and binary (as ArrayBuffers), and is ready only when told', () => {
    const { factory, seen, socket } = setup();
    socket.start();
    expect(socket.link).toBe('connecting');
    factory.latest().open();
    expect(factory.latest().binaryType).toBe('arraybuffer');
    expect(socket.link).toBe('syncing');
    factory.latest().receive({ type: 'hello' });
    factory.latest().receive(new ArrayBuffer(14));
    socket.markReady();
    expect(socket.link).toBe('ready');
    expect(seen).toEqual(['connecting', 'opened', 'text {"type":"hello"}', 'binary 14']);
    expect(socket.send('x')).toBe(true);
    expect(factory.latest().sent).toEqual(['x']);
  });

  test('a dropped socket is retried with growing backoff (0.5 s, 1 s, ...) and counted', () => {
    const { clock, factory, socket } = setup();
    socket.start();
    factory.latest().drop();
    expect(socket.link).toBe('lost');
    expect(socket.send('x')).toBe(false);
    clock.advance(499);
    expect(factory.sockets).toHaveLength(1);
    clock.advance(1);
    expect(factory.sockets).toHaveLength(2);
    factory.latest().drop();
    clock.advance(999);
    expect(factory.sockets).toHaveLength(2);
    clock.advance(1);
    expect(factory.sockets).toHaveLength(3);
    expect(socket.reconnects).toBe(2);
  });

  test('a socket silent for SILENT_SOCKET_MS is abandoned without waiting for its close', () => {
    const { clock, factory, seen, socket } = setup();
    socket.start();
    const first = factory.latest();
    first.open();
    clock.advance(SILENT_SOCKET_MS - 1);
    first.receive({ type: 'status' });
    clock.advance(SILENT_SOCKET_MS - 1);
    expect(socket.link).toBe('syncing');
    clock.advance(1);
    expect(first.closedWith).toBe(4000);
    expect(socket.link).toBe('lost');
    expect(seen.at(-1)).toBe('lost');
  });

  test('stop closes the socket and retries nothing', () => {
    const { clock, factory, socket } = setup();
    socket.start();
    factory.latest().open();
    socket.stop();
    expect(factory.latest().closedWith).toBe(1000);
    clock.advance(60_000);
    expect(factory.sockets).toHaveLength(1);
    expect(socket.link).toBe('idle');
  });
});
