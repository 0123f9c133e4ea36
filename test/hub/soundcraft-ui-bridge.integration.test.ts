/**
 * Issue 18's Soundcraft done-when, end to end over real sockets: fake Ui24R (WebSocket, the desk's web-app
 * protocol) -> Soundcraft Ui adapter -> bridge -> tablet (ws). The tablet sees names, gains and live meters;
 * an applied gain suggestion changes the fake's preamp and is confirmed by the desk's own report; a change
 * at the desk reaches the tablet; a desk that drops its clients is lost and resynced.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Console } from '../../server/consoles/console';
import { createUiConsole } from '../../server/consoles/soundcraft-ui/ui-console';
import type { Suggestion } from '../../server/engine/suggestion';
import type { ServerMessage } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import { UI_TEST_TIMING } from '../consoles/soundcraft-ui/ui-harness';
import { FAKE_UI_CHANNEL_NAMES, fakeUiGainDb, fakeUiGainValue, startFakeUi, type FakeUi } from '../fakes/fake-soundcraft-ui';
import { startTestBridge, type TestBridge } from '../support/test-bridge';

let fake: FakeUi;
let bridge: TestBridge<Console>;

beforeAll(async () => {
  fake = await startFakeUi({ model: 'ui24', seed: 3 });
  bridge = await startTestBridge({ console: createUiConsole({ host: '127.0.0.1', port: fake.port, ...UI_TEST_TIMING }) });
});
afterAll(async () => {
  await bridge?.close();
  await fake?.stop();
});

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
const is = <T extends ServerMessage['type']>(type: T) => (m: ServerMessage): m is Of<T> => m.type === type;

test('a tablet sees the Ui24R: names, gains and live meters, then applies a gain suggestion the desk confirms', async () => {
  const tablet = await bridge.engineer();
  try {
    const synced = await tablet.waitForState((snapshot) => snapshot.channels.length === 24 && snapshot.channels[0]!.name === 'KICK', 15_000);
    expect(synced.identity).toMatchObject({ kind: 'soundcraft-ui', model: 'Soundcraft Ui24R' });
    expect(synced.identity.notes?.some((note) => note.includes('EQ, high-pass filter, gate and compressor'))).toBe(true);
    expect(synced.channels.slice(0, 20).map((c) => c.name)).toEqual(FAKE_UI_CHANNEL_NAMES.slice(0, 20));
    expect(synced.channels[1]!.preampGainDb).toBe(fakeUiGainDb(2));

    const frame = await tablet.next(is('meters'));
    expect(frame.type === 'meters' && frame.frame.channelInputDbfs).toHaveLength(24);
    await tablet.count(is('meters'), 3);

    const offer = await tablet.waitForSuggestions((list) => list.some((s) => s.id === 'preamp-target:ch3:preamp'), 15_000);
    const hiHat = offer.find((s): s is Suggestion => s.id === 'preamp-target:ch3:preamp')!;
    expect(hiHat.change?.param).toBe('ch.3.preampGainDb');
    const proposed = hiHat.change!.proposedValue;
    tablet.send({ type: 'apply', requestId: 'a1', suggestionId: hiHat.id, confirm: true });
    const applied = await tablet.next((m) => m.type === 'applied' && m.requestId === 'a1');
    expect(applied).toMatchObject({ type: 'applied', param: 'ch.3.preampGainDb', confirmedValue: proposed });

    // Channel 3 plays hardware input 3 (`i.2.src` = `hw.2`): the desk holds the new gain there.
    expect(fake.value('hw.2.gain')).toBeCloseTo(fakeUiGainValue('ui24', proposed), 9);
    const shown = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.3.preampGainDb') === proposed);
    expect(readParam(shown, 'ch.3.preampGainDb')).toBe(proposed);
    expect(bridge.journal.entries().find((e) => e.param === 'ch.3.preampGainDb')).toMatchObject({
      beforeValue: fakeUiGainDb(3),
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
    // -2 dB on the Ui's fader law (the position in soundcraft-ui-connection's db-calculations.spec.ts).
    fake.setFromDesk('i.4.mix', 0.7115203608991578);
    const moved = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.5.faderDb') === -2);
    expect(readParam(moved, 'ch.5.faderDb')).toBe(-2);
  } finally {
    await tablet.close();
  }
});

test('a desk that drops its clients is shown lost, then resynced with what changed meanwhile', async () => {
  const tablet = await bridge.viewer();
  try {
    await tablet.waitFor(is('snapshot'));
    fake.setSilent(true);
    fake.dropClients();
    await tablet.waitFor((m) => m.type === 'status' && m.status.console.state === 'lost', 10_000);
    fake.setFromDesk('hw.5.gain', fakeUiGainValue('ui24', 40));
    fake.setSilent(false);
    const resynced = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.6.preampGainDb') === 40, 15_000);
    expect(readParam(resynced, 'ch.6.preampGainDb')).toBe(40);
    await tablet.next(is('meters'));
  } finally {
    await tablet.close();
  }
});
