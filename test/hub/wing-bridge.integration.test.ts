/**
 * Issue 16's done-when, end to end over real sockets: fake WING (OSC over UDP, meters over the native TCP
 * request and a UDP stream) -> WING adapter -> bridge -> tablet (ws). The tablet sees names, gains and live
 * meters; an applied gain suggestion changes the fake's source gain and is confirmed by read-back; a change
 * at the desk reaches the tablet; a silent desk is lost and resynced.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Console } from '../../server/consoles/console';
import { createWingConsole } from '../../server/consoles/wing/wing-console';
import type { Suggestion } from '../../server/engine/suggestion';
import type { ServerMessage } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import { WING_TEST_TIMING } from '../consoles/wing/wing-harness';
import { FAKE_WING_CHANNEL_NAMES, fakeWingGainDb, startFakeWing, type FakeWing } from '../fakes/fake-wing';
import { startTestBridge, type TestBridge } from '../support/test-bridge';

let fake: FakeWing;
let bridge: TestBridge<Console>;

beforeAll(async () => {
  fake = await startFakeWing({ seed: 3 });
  bridge = await startTestBridge({
    console: createWingConsole({ host: '127.0.0.1', port: fake.port, nativePort: fake.nativePort, ...WING_TEST_TIMING }),
  });
});
afterAll(async () => {
  await bridge?.close();
  await fake?.stop();
});

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
const is = <T extends ServerMessage['type']>(type: T) => (m: ServerMessage): m is Of<T> => m.type === type;

test('a tablet sees the WING: names, gains and live meters, then applies a gain suggestion confirmed by read-back', async () => {
  const tablet = await bridge.engineer();
  try {
    const synced = await tablet.waitForState((snapshot) => snapshot.channels.length === 40 && snapshot.channels[0]!.name === 'Kick', 15_000);
    expect(synced.identity).toMatchObject({ kind: 'wing', model: 'WING Compact' });
    expect(synced.channels.slice(0, 16).map((c) => c.name)).toEqual(FAKE_WING_CHANNEL_NAMES.slice(0, 16));
    expect(synced.channels[1]!.preampGainDb).toBe(fakeWingGainDb(2));

    const frame = await tablet.next(is('meters'));
    expect(frame.type === 'meters' && frame.frame.channelInputDbfs).toHaveLength(40);

    const offer = await tablet.waitForSuggestions((list) => list.some((s) => s.id === 'preamp-target:ch3:preamp'), 15_000);
    const hiHat = offer.find((s): s is Suggestion => s.id === 'preamp-target:ch3:preamp')!;
    expect(hiHat.change?.param).toBe('ch.3.preampGainDb');
    const proposed = hiHat.change!.proposedValue;
    tablet.send({ type: 'apply', requestId: 'a1', suggestionId: hiHat.id, confirm: true });
    const applied = await tablet.next((m) => m.type === 'applied' && m.requestId === 'a1');
    expect(applied).toMatchObject({ type: 'applied', param: 'ch.3.preampGainDb', confirmedValue: proposed });

    // Channel 3 plays local input 3: the desk holds the new gain there.
    expect(fake.value('/io/in/LCL/3/g')).toBe(proposed);
    const shown = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.3.preampGainDb') === proposed);
    expect(readParam(shown, 'ch.3.preampGainDb')).toBe(proposed);
    expect(bridge.journal.entries().find((e) => e.param === 'ch.3.preampGainDb')).toMatchObject({
      beforeValue: fakeWingGainDb(3),
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
    fake.setFromDesk('/ch/5/fdr', -10);
    const moved = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.5.faderDb') === -10);
    expect(readParam(moved, 'ch.5.faderDb')).toBe(-10);
  } finally {
    await tablet.close();
  }
});

test('a desk that falls silent is shown lost, then resynced with what changed meanwhile', async () => {
  const tablet = await bridge.viewer();
  try {
    await tablet.waitFor(is('snapshot'));
    fake.setSilent(true);
    await tablet.waitFor((m) => m.type === 'status' && m.status.console.state === 'lost', 10_000);
    fake.setFromDesk('/ch/6/fdr', -15);
    fake.setSilent(false);
    const resynced = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.6.faderDb') === -15, 15_000);
    expect(readParam(resynced, 'ch.6.faderDb')).toBe(-15);
    await tablet.next(is('meters'));
  } finally {
    await tablet.close();
  }
});
