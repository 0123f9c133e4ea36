/**
 * 10,000 bad messages from tablets against a real bridge (simulator desk, real HTTP and WebSocket on
 * 127.0.0.1): every one gets an error reply with the right code, a flood is cut off, frames over the size
 * limit get a clean close, and a tablet that behaves keeps its meters and never sees an error; /api/status
 * keeps answering and counts the rejections. Every wait ends on an event (a reply, a close), so a busy
 * machine only makes it slower.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { BridgeStatus, ServerMessage } from '../../server/hub/protocol';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import { TestClient } from '../support/ws-client';
import { malformedWsMessages, MAX_FRAME_BYTES, WS_GARBAGE_KINDS, type WsGarbage } from './malformed-ws';

const MESSAGES = 10_000;
/** Messages one connection sends: the hub's burst allowance, so none of them is refused as a flood. */
const PER_CONNECTION = 40;
/** Attacking connections open at once. */
const CONCURRENCY = 5;

const garbage = malformedWsMessages(7, MESSAGES);
let bridge: TestBridge<SimulatorConsole>;
let observer: TestClient;

beforeAll(async () => {
  bridge = await startTestBridge({ seed: 2 });
  observer = await bridge.viewer();
  await observer.next((m) => m.type === 'meters');
});

afterAll(async () => {
  await observer?.close();
  await bridge?.close();
});

type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;
const isError = (m: ServerMessage): m is ErrorMessage => m.type === 'error';

async function status(): Promise<BridgeStatus> {
  const response = await fetch(`${bridge.url}/api/status`);
  expect(response.status).toBe(200);
  return (await response.json()) as BridgeStatus;
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve({ code: -1, reason: 'already closed' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** One connection sends `batch` at once and returns the error codes it got back, in order. */
async function attack(batch: readonly WsGarbage[]): Promise<string[]> {
  const client = await TestClient.connect(bridge.wsUrl);
  try {
    for (const message of batch) client.socket.send(message.data, { binary: typeof message.data !== 'string' });
    await client.count(isError, batch.length);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    return client.messages.filter(isError).map((m) => m.code);
  } finally {
    await client.close();
  }
}

test(`${MESSAGES} malformed messages each get an error reply with the right code`, async () => {
  expect(new Set(garbage.map((g) => g.kind))).toEqual(new Set(WS_GARBAGE_KINDS));
  const batches: WsGarbage[][] = [];
  for (let i = 0; i < garbage.length; i += PER_CONNECTION) batches.push(garbage.slice(i, i + PER_CONNECTION));
  const received: string[][] = new Array(batches.length);
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) {
      const index = next++;
      received[index] = await attack(batches[index]!);
    }
  }));
  expect(received.flat()).toEqual(garbage.map((g) => g.expectCode));
  expect((await status()).counters.badClientMessages).toBeGreaterThanOrEqual(MESSAGES);
}, 120_000);

test('a flood is answered with rate-limited errors and then cut off (terminated, no close handshake)', { timeout: 90_000 }, async () => {
  const client = await TestClient.connect(bridge.wsUrl);
  const close = closed(client.socket);
  const flood = malformedWsMessages(8, 400);
  // Keep flooding until the bridge cuts the socket, however slowly a busy machine reads it.
  for (let i = 0; client.socket.readyState === WebSocket.OPEN; i++) {
    const message = flood[i % flood.length]!;
    client.socket.send(message.data, { binary: typeof message.data !== 'string' });
    if (i % flood.length === flood.length - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  expect((await close).code).toBe(1006);
  // Terminating discards replies still queued on the bridge's side, so a busy machine may deliver fewer:
  // what did arrive starts with the burst's answers, in order.
  const codes = client.messages.filter(isError).map((m) => m.code);
  const answered = codes.slice(0, PER_CONNECTION).filter((code) => code !== 'rate-limited');
  expect(answered).toEqual(flood.slice(0, answered.length).map((g) => g.expectCode));
  expect(codes.length).toBeLessThanOrEqual(flood.length);
});

test.each([
  ['text', 'x'.repeat(MAX_FRAME_BYTES + 1)],
  ['binary', new Uint8Array(1024 * 1024)],
])('a %s frame over the frame limit closes that connection with 1009', async (_kind, data) => {
  const client = await TestClient.connect(bridge.wsUrl);
  const close = closed(client.socket);
  client.socket.send(data, { binary: typeof data !== 'string' });
  expect((await close).code).toBe(1009);
});

test('the well-behaved tablet kept its meters, saw no error, and the bridge still answers', { timeout: 90_000 }, async () => {
  const metersBefore = observer.messages.filter((m) => m.type === 'meters').length;
  await observer.next((m) => m.type === 'meters');
  await observer.next((m) => m.type === 'meters');
  expect(observer.messages.filter((m) => m.type === 'meters').length).toBeGreaterThan(metersBefore);
  expect(observer.messages.filter(isError)).toEqual([]);
  expect(observer.socket.readyState).toBe(WebSocket.OPEN);
  await expect.poll(() => bridge.bridge.hub.clientCount(), { timeout: 60_000, interval: 10 }).toBe(1);
  const now = await status();
  expect(now.console.state).toBe('ready');
  expect(now.clients).toBe(1);
});
