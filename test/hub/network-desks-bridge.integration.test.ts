/**
 * The done-when of issues 3 (X32), 16 (WING) and 18 (Soundcraft Ui), one scenario for each desk, end to end
 * over real sockets: fake desk (X32: OSC over UDP; WING: OSC over UDP, meters over the native TCP request
 * and a UDP stream; Ui24R: the web app's WebSocket protocol) -> adapter -> bridge -> tablet (ws). The tablet
 * sees names, gains and live meters; an applied gain suggestion changes the fake's gain and is confirmed by
 * what the desk reports back; a change at the desk reaches the tablet as one small delta; a desk that goes
 * away is shown lost and resynced with what changed meanwhile. What only one desk has is a hook of its case;
 * the X32's partial desk (values it never answers) is a test of its own at the end.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Console } from '../../server/consoles/console';
import { createUiConsole } from '../../server/consoles/soundcraft-ui/ui-console';
import { createWingConsole } from '../../server/consoles/wing/wing-console';
import { createX32Console } from '../../server/consoles/x32/x32-console';
import type { Suggestion } from '../../server/engine/suggestion';
import type { ServerMessage, WireSnapshot } from '../../server/hub/protocol';
import { readParam, type ParamId } from '../../server/model/params';
import type { ConsoleIdentity } from '../../server/model/stages';
import { UI_TEST_TIMING } from '../consoles/soundcraft-ui/ui-harness';
import { WING_TEST_TIMING } from '../consoles/wing/wing-harness';
import { TEST_TIMING } from '../consoles/x32/console-harness';
import { FAKE_UI_CHANNEL_NAMES, fakeUiGainDb, fakeUiGainValue, startFakeUi, type FakeUi } from '../fakes/fake-soundcraft-ui';
import { FAKE_WING_CHANNEL_NAMES, fakeWingGainDb, startFakeWing, type FakeWing } from '../fakes/fake-wing';
import type { FakeDesk } from '../fakes/fake-x-desk';
import { FAKE_X32_CHANNEL_NAMES, fakeX32GainDb, startFakeX32 } from '../fakes/fake-x32';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import type { TestClient } from '../support/ws-client';

interface Fake {
  setSilent(silent: boolean): void;
  stop(): Promise<void>;
}

/** A value changed at the desk and what the tablet must then show (within toleranceDb of value). */
interface DeskMove<F> {
  make(fake: F): void;
  param: ParamId;
  value: number;
  toleranceDb: number;
}

interface DeskCase<F extends Fake> {
  desk: string;
  start(): Promise<{ fake: F; console: Console }>;
  identity: Partial<ConsoleIdentity>;
  channels: number;
  /** The fake's channel names from channel 1, as far as they are set. */
  names: readonly string[];
  /** The fake's preamp gain of a channel. */
  gainDb(channel: number): number;
  /** Checks that the desk holds channel 3's gain at `gainDb` (where its input's gain lives). */
  expectDeskHolds(fake: F, gainDb: number): void;
  /** Moves channel 5's fader at the desk. */
  moveAtDesk: DeskMove<F> & { param: 'ch.5.faderDb' };
  /** Takes the desk away (the adapter must notice on its own); setSilent(false) brings it back. */
  goAway(fake: F): void;
  moveWhileAway: DeskMove<F>;
  /** What else this desk's synced state must show. */
  expectSynced(synced: WireSnapshot): void;
}

const x32: DeskCase<FakeDesk> = {
  desk: 'X32',
  start: async () => {
    const fake = await startFakeX32({ seed: 3 });
    return { fake, console: createX32Console({ host: '127.0.0.1', port: fake.port, ...TEST_TIMING }) };
  },
  identity: { kind: 'x32', model: 'X32', firmware: '4.06' },
  channels: 32,
  names: FAKE_X32_CHANNEL_NAMES.slice(0, 16),
  gainDb: fakeX32GainDb,
  // Channel 3 is fed by local headamp 002 on the fake (its /-ha mapping): the desk holds the new gain there.
  expectDeskHolds: (fake, gainDb) => expect(Number(fake.state.get('/headamp/002/gain'))).toBeCloseTo((gainDb + 12) / 72, 3),
  // Fader float 0.5 is -10 dB on the X32 fader law, to the desk's 1024-step grid.
  moveAtDesk: { make: (fake) => fake.setFromDesk('/ch/05/mix/fader', 0.5), param: 'ch.5.faderDb', value: -10, toleranceDb: 0.05 },
  goAway: (fake) => fake.setSilent(true),
  moveWhileAway: { make: (fake) => fake.setFromDesk('/ch/06/mix/fader', 0.5), param: 'ch.6.faderDb', value: -10, toleranceDb: 0.05 },
  expectSynced: () => undefined,
};

const wing: DeskCase<FakeWing> = {
  desk: 'WING',
  start: async () => {
    const fake = await startFakeWing({ seed: 3 });
    return { fake, console: createWingConsole({ host: '127.0.0.1', port: fake.port, nativePort: fake.nativePort, ...WING_TEST_TIMING }) };
  },
  identity: { kind: 'wing', model: 'WING Compact' },
  channels: 40,
  names: FAKE_WING_CHANNEL_NAMES.slice(0, 16),
  gainDb: fakeWingGainDb,
  // Channel 3 plays local input 3: the desk holds the new gain there.
  expectDeskHolds: (fake, gainDb) => expect(fake.value('/io/in/LCL/3/g')).toBe(gainDb),
  moveAtDesk: { make: (fake) => fake.setFromDesk('/ch/5/fdr', -10), param: 'ch.5.faderDb', value: -10, toleranceDb: 0 },
  goAway: (fake) => fake.setSilent(true),
  moveWhileAway: { make: (fake) => fake.setFromDesk('/ch/6/fdr', -15), param: 'ch.6.faderDb', value: -15, toleranceDb: 0 },
  expectSynced: () => undefined,
};

const ui24: DeskCase<FakeUi> = {
  desk: 'Soundcraft Ui24R',
  start: async () => {
    const fake = await startFakeUi({ model: 'ui24', seed: 3 });
    return { fake, console: createUiConsole({ host: '127.0.0.1', port: fake.port, ...UI_TEST_TIMING }) };
  },
  identity: { kind: 'soundcraft-ui', model: 'Soundcraft Ui24R' },
  channels: 24,
  names: FAKE_UI_CHANNEL_NAMES.slice(0, 20),
  gainDb: fakeUiGainDb,
  // Channel 3 plays hardware input 3 (`i.2.src` = `hw.2`): the desk holds the new gain there.
  expectDeskHolds: (fake, gainDb) => expect(fake.value('hw.2.gain')).toBeCloseTo(fakeUiGainValue('ui24', gainDb), 9),
  // -2 dB on the Ui's fader law (the position in soundcraft-ui-connection's db-calculations.spec.ts).
  moveAtDesk: { make: (fake) => fake.setFromDesk('i.4.mix', 0.7115203608991578), param: 'ch.5.faderDb', value: -2, toleranceDb: 0 },
  // The Ui drops its clients (a reboot, a Wi-Fi change) rather than falling silent with them connected.
  goAway: (fake) => {
    fake.setSilent(true);
    fake.dropClients();
  },
  moveWhileAway: { make: (fake) => fake.setFromDesk('hw.5.gain', fakeUiGainValue('ui24', 40)), param: 'ch.6.preampGainDb', value: 40, toleranceDb: 0 },
  expectSynced: (synced) => expect(synced.identity.notes?.some((note) => note.includes('EQ, high-pass filter, gate and compressor'))).toBe(true),
};

const DESKS = [x32, wing, ui24] as DeskCase<Fake>[];

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
const is = <T extends ServerMessage['type']>(type: T) => (m: ServerMessage): m is Of<T> => m.type === type;

/** Waits until the tablet shows `move` and checks it. */
async function expectShown(tablet: TestClient, move: DeskMove<unknown>): Promise<void> {
  const near = (snapshot: WireSnapshot): boolean => Math.abs(readParam(snapshot, move.param)! - move.value) <= move.toleranceDb;
  const shown = await tablet.waitForState(near);
  expect(Math.abs(readParam(shown, move.param)! - move.value)).toBeLessThanOrEqual(move.toleranceDb);
}

// Syncing thousands of values is CPU-bound: on a loaded machine it takes a while; the waits end on messages.
describe.each(DESKS)('$desk through the bridge', { timeout: 60_000 }, (desk) => {
  let fake: Fake;
  let bridge: TestBridge<Console>;

  beforeAll(async () => {
    const started = await desk.start();
    fake = started.fake;
    bridge = await startTestBridge({ console: started.console });
  });
  afterAll(async () => {
    await bridge?.close();
    await fake?.stop();
  });

  test('a tablet sees the desk: names, gains and live meters, then applies a gain suggestion the desk confirms', async () => {
    const tablet = await bridge.engineer();
    try {
      const synced = await tablet.waitForState((snapshot) => snapshot.channels.length === desk.channels && snapshot.channels[0]!.name === desk.names[0]);
      expect(synced.identity).toMatchObject(desk.identity);
      desk.expectSynced(synced);
      expect(synced.channels.slice(0, desk.names.length).map((c) => c.name)).toEqual(desk.names);
      expect(synced.channels[1]!.preampGainDb).toBe(desk.gainDb(2));

      const frame = await tablet.next(is('meters'));
      expect(frame.type === 'meters' && frame.frame.channelInputDbfs).toHaveLength(desk.channels);
      await tablet.count(is('meters'), 3);

      // The fake band keeps playing: on a busy machine an evaluation can resolve or move the card between
      // the tablet seeing it and the tap landing. The bridge then writes nothing and says so; an engineer
      // looks again and taps again, and so does this test (at most three times).
      let proposed = NaN;
      let reply: ServerMessage | null = null;
      for (let attempt = 1; attempt <= 3 && reply?.type !== 'applied'; attempt += 1) {
        const offer = await tablet.waitForSuggestions((list) => list.some((s) => s.id === 'preamp-target:ch3:preamp'));
        const hiHat = offer.find((s): s is Suggestion => s.id === 'preamp-target:ch3:preamp')!;
        expect(hiHat.change?.param).toBe('ch.3.preampGainDb');
        proposed = hiHat.change!.proposedValue;
        const requestId = `a${attempt}`;
        tablet.send({ type: 'apply', requestId, suggestionId: hiHat.id, proposedValue: proposed, confirm: true });
        reply = await tablet.next((m) => 'requestId' in m && m.requestId === requestId);
        if (reply.type !== 'applied') expect(reply).toMatchObject({ type: expect.stringMatching(/^(apply-resolved|error)$/) });
        if (reply.type === 'error') expect(reply.code).toBe('stale');
      }
      expect(reply).toMatchObject({ type: 'applied', param: 'ch.3.preampGainDb', confirmedValue: proposed });

      desk.expectDeskHolds(fake, proposed);
      const shown = await tablet.waitForState((snapshot) => readParam(snapshot, 'ch.3.preampGainDb') === proposed);
      expect(readParam(shown, 'ch.3.preampGainDb')).toBe(proposed);
      expect(bridge.journal.entries().find((e) => e.param === 'ch.3.preampGainDb')).toMatchObject({
        beforeValue: desk.gainDb(3),
        confirmedValue: proposed,
      });
    } finally {
      await tablet.close();
    }
  });

  test('a change made at the desk reaches the tablet as one small delta', async () => {
    const tablet = await bridge.viewer();
    try {
      await tablet.waitFor(is('snapshot'));
      desk.moveAtDesk.make(fake);
      const delta = await tablet.next((m) => m.type === 'delta' && m.changes.some((c) => c.path === 'channels.4.faderDb'));
      // One fader move is one small delta, not the whole desk.
      expect(delta).toMatchObject({ type: 'delta', changes: [{ path: 'channels.4.faderDb' }] });
      await expectShown(tablet, desk.moveAtDesk);
    } finally {
      await tablet.close();
    }
  });

  test('a desk that goes away is shown lost, then resynced with what changed meanwhile', async () => {
    const tablet = await bridge.viewer();
    try {
      await tablet.waitFor(is('snapshot'));
      desk.goAway(fake);
      await tablet.waitFor((m) => m.type === 'status' && m.status.console.state === 'lost');
      desk.moveWhileAway.make(fake);
      fake.setSilent(false);
      await expectShown(tablet, desk.moveWhileAway);
      await tablet.next(is('meters'));
    } finally {
      await tablet.close();
    }
  });
});

test('an X32 that never answers some values: the bridge reaches ready and the status lists them', { timeout: 60_000 }, async () => {
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
