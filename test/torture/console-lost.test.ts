/**
 * The desk vanishes mid-stream and comes back, twice, while a tablet listens to a real bridge on the X32
 * adapter and a fake X32 over real UDP: the tablet is told 'lost', meters stop, then 'ready' again and
 * meters resume; /api/status agrees and counts the reconnects. Short adapter timings keep it quick.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Console } from '../../server/consoles/console';
import { createX32Console } from '../../server/consoles/x32/x32-console';
import type { BridgeStatus, ServerMessage } from '../../server/hub/protocol';
import { TEST_TIMING } from '../consoles/x32/console-harness';
import { startFakeX32 } from '../fakes/fake-x32';
import type { FakeDesk } from '../fakes/fake-x-desk';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import type { TestClient } from '../support/ws-client';

let fake: FakeDesk;
let bridge: TestBridge<Console>;
let tablet: TestClient;

type StatusMessage = Extract<ServerMessage, { type: 'status' }>;
const statusIs = (state: string) => (m: ServerMessage): m is StatusMessage => m.type === 'status' && m.status.console.state === state;

beforeAll(async () => {
  fake = await startFakeX32({ seed: 4 });
  const desk = createX32Console({ host: '127.0.0.1', port: fake.port, ...TEST_TIMING, livenessTimeoutMs: 1000 });
  bridge = await startTestBridge({ console: desk });
  tablet = await bridge.viewer();
  await tablet.waitFor(statusIs('ready'));
  await tablet.next((m) => m.type === 'meters');
});

afterAll(async () => {
  await tablet?.close();
  await bridge?.close();
  await fake?.stop();
});

async function status(): Promise<BridgeStatus> {
  return (await (await fetch(`${bridge.url}/api/status`)).json()) as BridgeStatus;
}

const meterCount = () => tablet.messages.filter((m) => m.type === 'meters').length;

test.each([1, 2])('lost and back, round %i: status says lost, meters stop, then ready and meters resume', async (round) => {
  fake.setSilent(true);
  await tablet.next(statusIs('lost'));
  expect((await status()).console.state).toBe('lost');
  // The link is declared lost only after a silence, so every frame has landed: none may come until it returns.
  const whileLost = meterCount();
  await tablet.next((m) => m.type === 'status');
  expect(meterCount()).toBe(whileLost);

  fake.setSilent(false);
  const back = await tablet.next(statusIs('ready'));
  expect(back.type === 'status' && back.status.counters.reconnects).toBeGreaterThanOrEqual(round);
  const frame = await tablet.next((m) => m.type === 'meters');
  expect(frame.type === 'meters' && frame.frame.channelInputDbfs).toHaveLength(32);
  expect(meterCount()).toBeGreaterThan(whileLost);
  const now = await status();
  expect(now.console.state).toBe('ready');
  expect(now.counters.reconnects).toBeGreaterThanOrEqual(round);
  expect(now.meterAgeMs).not.toBeNull();
}, 60_000);

test('the tablet stayed connected through both losses and saw no error', () => {
  expect(tablet.socket.readyState).toBe(tablet.socket.OPEN);
  expect(tablet.messages.filter((m) => m.type === 'error')).toEqual([]);
  const states = tablet.messages.flatMap((m) => (m.type === 'status' ? [m.status.console.state] : []));
  // Status goes out on every state change: connecting/syncing between lost and ready may show too.
  const lostOrReady = states.filter((state) => state === 'lost' || state === 'ready');
  const transitions = lostOrReady.filter((state, i) => i === 0 || state !== lostOrReady[i - 1]);
  expect(transitions.slice(-4)).toEqual(['lost', 'ready', 'lost', 'ready']);
});
