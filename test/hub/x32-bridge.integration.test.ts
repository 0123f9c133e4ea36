/**
 * Issue 3's done-when, end to end over real sockets: fake X32 (UDP) -> X32 adapter -> bridge -> tablet (ws).
 * The tablet sees the fake's names, gains and meters; applying a suggestion changes the fake's value and the
 * tablet sees the value the desk reads back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Console } from '../../server/consoles/console';
import { createX32Console } from '../../server/consoles/x32/x32-console';
import type { Suggestion } from '../../server/engine/suggestion';
import type { ServerMessage } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import { TEST_TIMING } from '../consoles/x32/console-harness';
import { FAKE_X32_CHANNEL_NAMES, fakeX32GainDb, startFakeX32 } from '../fakes/fake-x32';
import type { FakeDesk } from '../fakes/fake-x-desk';
import { startTestBridge, type TestBridge } from '../support/test-bridge';

let fake: FakeDesk;
let bridge: TestBridge<Console>;

beforeAll(async () => {
  fake = await startFakeX32({ seed: 3 });
  bridge = await startTestBridge({ console: createX32Console({ host: '127.0.0.1', port: fake.port, ...TEST_TIMING }) });
});
afterAll(async () => {
  await bridge?.close();
  await fake?.stop();
});

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
const is = <T extends ServerMessage['type']>(type: T) => (m: ServerMessage): m is Of<T> => m.type === type;

// Syncing some 2,400 values over UDP is CPU-bound: on a loaded machine it takes a while; the waits end on messages.
test('a tablet sees the desk: names, gains and moving meters, then applies a suggestion confirmed by read-back', { timeout: 60_000 }, async () => {
  const tablet = await bridge.engineer();
  try {
    const synced = await tablet.waitForState((snapshot) => snapshot.channels.length === 32 && snapshot.channels[0]!.name === 'Kick');
    expect(synced.identity).toMatchObject({ kind: 'x32', model: 'X32', firmware: '4.06' });
    expect(synced.channels.slice(0, 16).map((c) => c.name)).toEqual(FAKE_X32_CHANNEL_NAMES.slice(0, 16));
    expect(synced.channels[1]!.preampGainDb).toBe(fakeX32GainDb(2));

    const frame = await tablet.next(is('meters'));
    expect(frame.type === 'meters' && frame.frame.channelInputDbfs).toHaveLength(32);

    const offer = await tablet.waitForSuggestions((list) => list.some((s) => s.id === 'preamp-target:ch3:preamp'));
    const hiHat = offer.find((s): s is Suggestion => s.id === 'preamp-target:ch3:preamp')!;
    expect(hiHat.change?.param).toBe('ch.3.preampGainDb');
    const proposed = hiHat.change!.proposedValue;
    tablet.send({ type: 'apply', requestId: 'a1', suggestionId: hiHat.id, confirm: true });
    const applied = await tablet.next((m) => m.type === 'applied' && m.requestId === 'a1');
    expect(applied).toMatchObject({ type: 'applied', param: 'ch.3.preampGainDb', confirmedValue: proposed });

    // Channel 3 is fed by local headamp 002 on the fake (its /-ha mapping): the desk holds the new gain.
    expect(Number(fake.state.get('/headamp/002/gain'))).toBeCloseTo((proposed + 12) / 72, 3);
    const shown = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.3.preampGainDb') === proposed);
    expect(readParam(shown, 'ch.3.preampGainDb')).toBe(proposed);
    expect(bridge.journal.entries().find((e) => e.param === 'ch.3.preampGainDb')).toMatchObject({
      beforeValue: fakeX32GainDb(3),
      confirmedValue: proposed,
    });
  } finally {
    await tablet.close();
  }
});

test('a change made at the desk reaches the tablet', async () => {
  const tablet = await bridge.viewer();
  try {
    await tablet.waitFor(is('snapshot'));
    fake.setFromDesk('/ch/05/mix/fader', 0.5);
    const delta = await tablet.next((m) => m.type === 'delta' && m.changes.some((c) => c.path === 'channels.4.faderDb'));
    // One fader move is one small delta, not the whole desk.
    expect(delta).toMatchObject({ type: 'delta', changes: [{ path: 'channels.4.faderDb' }] });
    const moved = await tablet.waitForState((snapshot) => Math.abs(readParam(snapshot, 'ch.5.faderDb')! + 10) < 0.1);
    expect(readParam(moved, 'ch.5.faderDb')).toBeCloseTo(-10, 1);
  } finally {
    await tablet.close();
  }
});

test('a partial desk: the bridge reaches ready and the status lists the values the desk never answered', { timeout: 60_000 }, async () => {
  const partial = await startFakeX32({ seed: 5, missing: ['/ch/01/mix/st', '/bus/03/mix/on'] });
  const partialBridge = await startTestBridge({
    console: createX32Console({ host: '127.0.0.1', port: partial.port, ...TEST_TIMING, requestTimeoutMs: 40, retries: 2 }),
  });
  try {
    const tablet = await partialBridge.viewer();
    // On a loaded machine an answerable value may lose every attempt too; the keep-alive asks for it again,
    // so wait for the status in which exactly the missing ones are left.
    const ready = await tablet.waitFor(
      (m): m is Of<'status'> => m.type === 'status' && m.status.console.state === 'ready' && m.status.console.unknownAddresses.join() === '/bus/03/mix/on,/ch/01/mix/st',
    );
    expect(ready.status.console.unknownAddresses).toEqual(['/bus/03/mix/on', '/ch/01/mix/st']);
    const status = (await (await fetch(`${partialBridge.url}/api/status`)).json()) as Of<'status'>['status'];
    expect(status.console).toMatchObject({ state: 'ready', unknownAddresses: ['/bus/03/mix/on', '/ch/01/mix/st'] });
    await tablet.close();
  } finally {
    await partialBridge.close();
    await partial.stop();
  }
});
