/**
 * The first promise of the safety path, as properties over real sockets: whatever a tablet sends, nothing
 * reaches the console unless it is an apply, an undo or a restore from an engineer. The console is wrapped
 * so every apply() call is counted; the band plays and the desk moves between messages.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { CountingConsole } from '../support/counting-console';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import type { TestClient } from '../support/ws-client';

let bridge: TestBridge<CountingConsole>;
let sim: SimulatorConsole;

beforeAll(async () => {
  sim = new SimulatorConsole({ seed: 3, autoRun: false });
  bridge = await startTestBridge({ console: new CountingConsole(sim), silenceGiveUpMs: 2000 });
});
afterAll(async () => {
  await bridge.close();
});

type Step =
  | { kind: 'send'; text: string }
  | { kind: 'soundcheck-next' }
  | { kind: 'play'; frames: number }
  | { kind: 'desk'; channel: number; gainDb: number };

const channel = fc.integer({ min: 0, max: 20 });
const windowMs = fc.oneof(fc.constant(undefined), fc.integer({ min: 1500, max: 31_000 }));
const requestId = fc.oneof(fc.constant(undefined), fc.string({ minLength: 1, maxLength: 8 }));
const json = (value: unknown) => JSON.stringify(value);
const send = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<Step> => arbitrary.map((value) => ({ kind: 'send', text: typeof value === 'string' ? value : json(value) }));

/** Everything a tablet may send that is not a write request. */
const harmless: fc.Arbitrary<Step> = fc.oneof(
  send(fc.record({ type: fc.constant('soundcheck-start'), requestId, channels: fc.uniqueArray(channel, { minLength: 0, maxLength: 4 }), windowMs })),
  send(fc.record({ type: fc.constant('soundcheck-check-all'), requestId, windowMs, channels: fc.oneof(fc.constant(undefined), fc.uniqueArray(channel, { minLength: 1, maxLength: 3 })) })),
  send(fc.record({ type: fc.constant('soundcheck-cancel'), requestId })),
  send(fc.record({ type: fc.constant('soundcheck-next'), soundcheckId: fc.string({ minLength: 1, maxLength: 12 }) })),
  fc.constant<Step>({ kind: 'soundcheck-next' }),
  send(fc.record({ type: fc.constant('dismiss'), requestId, suggestionId: fc.constantFrom('preamp-target:ch1:preamp', 'clipping:ch1:preamp', 'x') })),
  send(fc.record({ type: fc.constant('journal-request'), requestId, limit: fc.integer({ min: 0, max: 600 }) })),
  send(fc.record({ type: fc.constant('auth'), token: fc.string({ maxLength: 40 }) })),
  send(fc.constant({ type: 'logout' })),
  send(fc.constantFrom('{"type":"apply"}', '{"type":"undo","seq":"1"}', '{"type":"restore-backup","confirm":"yes"}', '{"type":"soundcheck-apply","channel":1}', 'null', '[]', '{')),
  send(fc.string({ maxLength: 60 })),
  send(fc.json({ maxDepth: 2 })),
  fc.integer({ min: 1, max: 60 }).map((frames): Step => ({ kind: 'play', frames })),
  fc.record({ channel: fc.integer({ min: 1, max: 16 }), gainDb: fc.integer({ min: 10, max: 40 }) }).map((d): Step => ({ kind: 'desk', ...d })),
);

/** Write requests: a viewer sending these must be refused too. */
const writes: fc.Arbitrary<Step> = fc.oneof(
  send(fc.record({ type: fc.constant('apply'), suggestionId: fc.constantFrom('preamp-target:ch1:preamp', 'clipping:ch1:preamp'), confirm: fc.boolean() })),
  send(fc.record({ type: fc.constant('undo'), seq: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 5 })), confirm: fc.boolean() })),
  send(fc.record({ type: fc.constant('undo-soundcheck'), soundcheckId: fc.constant('sc-x'), confirm: fc.boolean() })),
  send(fc.record({ type: fc.constant('restore-backup'), confirm: fc.boolean() })),
  send(fc.record({ type: fc.constant('soundcheck-apply'), soundcheckId: fc.constant('sc-x'), channel: fc.integer({ min: 1, max: 16 }), confirm: fc.boolean() })),
);

async function run(client: TestClient, steps: readonly Step[]): Promise<void> {
  for (const step of steps) {
    if (step.kind === 'send') client.send(step.text);
    else if (step.kind === 'play') sim.step(step.frames);
    else if (step.kind === 'desk') sim.deskChange(`ch.${step.channel}.preampGainDb`, step.gainDb);
    else {
      const state = bridge.bridge.soundcheck.state();
      if (state) client.send({ type: 'soundcheck-next', soundcheckId: state.soundcheckId });
    }
  }
  // Messages are handled in order: once this one is answered, every earlier one has been.
  client.send({ type: 'journal-request', requestId: 'sentinel' });
  await client.waitFor((m) => m.type === 'journal' && m.requestId === 'sentinel');
}

test('property: an engineer sending anything but apply/undo/restore never writes to the console', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(harmless, { minLength: 1, maxLength: 25 }), async (steps) => {
      const writesBefore = bridge.console.writes.length;
      const client = await bridge.engineer();
      try {
        await run(client, steps);
      } finally {
        await client.close();
      }
      expect(bridge.console.writes.slice(writesBefore)).toEqual([]);
    }),
    { numRuns: 30 },
  );
  expect(bridge.console.writes).toEqual([]);
});

test('property: a viewer sending anything at all, write requests included, never writes to the console', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.oneof(harmless, writes), { minLength: 1, maxLength: 25 }), async (steps) => {
      const writesBefore = bridge.console.writes.length;
      const client = await bridge.viewer();
      try {
        await run(client, steps.filter((s) => !(s.kind === 'send' && s.text.includes('"auth"'))));
      } finally {
        await client.close();
      }
      expect(bridge.console.writes.slice(writesBefore)).toEqual([]);
    }),
    { numRuns: 30 },
  );
});

test('the properties are not vacuous: an engineer\'s soundcheck-apply does write', async () => {
  const client = await bridge.engineer();
  try {
    // The properties moved gains at the desk: put the kick back where the band left it (clipping).
    sim.deskChange('ch.1.preampGainDb', 35);
    client.send({ type: 'soundcheck-start', requestId: 's', channels: [1], windowMs: 2000 });
    await client.waitFor((m) => 'requestId' in m && m.requestId === 's');
    for (let i = 0; i < 200 && bridge.bridge.soundcheck.state()!.running; i++) sim.step(5);
    const id = bridge.bridge.soundcheck.state()!.soundcheckId;
    client.send({ type: 'soundcheck-apply', requestId: 'a', soundcheckId: id, channel: 1, confirm: true });
    expect(await client.waitFor((m) => 'requestId' in m && m.requestId === 'a')).toMatchObject({ type: 'write-result' });
    expect(bridge.console.writes.map((w) => w.param)).toContain('ch.1.preampGainDb');
  } finally {
    await client.close();
  }
});
