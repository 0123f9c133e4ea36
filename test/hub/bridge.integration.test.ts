/** The bridge end to end over a real HTTP server and real WebSocket clients, on the simulated band. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Suggestion } from '../../server/engine/suggestion';
import type { BridgeStatus, ServerMessage } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import type { ConsoleSnapshot } from '../../server/model/stages';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import type { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';

let bridge: TestBridge<SimulatorConsole>;

beforeAll(async () => {
  bridge = await startTestBridge({ seed: 1 });
});
afterAll(async () => {
  await bridge.close();
});


test('GET /api/status reports the simulator ready with 16 channels', async () => {
  let status: BridgeStatus | undefined;
  // Until ready, however long a busy machine takes; the test's timeout is the only bound.
  for (;;) {
    status = (await (await fetch(`${bridge.url}/api/status`)).json()) as BridgeStatus;
    if (status.console.state === 'ready') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(status?.console).toMatchObject({ kind: 'sim', model: 'Headroom simulator', state: 'ready' });
  expect(status?.channels).toBe(16);
  expect(status?.readOnly).toBe(false);
});

test('GET /api/snapshot and /api/suggestions carry the same data as the socket; unknown routes 404', async () => {
  const snapshot = (await (await fetch(`${bridge.url}/api/snapshot`)).json()) as ConsoleSnapshot;
  expect(snapshot.channels.map((c) => c.name).slice(0, 3)).toEqual(['Kick', 'Snare', 'Hi-Hat']);
  const suggestions = await fetch(`${bridge.url}/api/suggestions`);
  expect(suggestions.status).toBe(200);
  expect(Array.isArray(await suggestions.json())).toBe(true);
  expect((await fetch(`${bridge.url}/api/nothing`)).status).toBe(404);
  expect((await fetch(`${bridge.url}/api/status`, { method: 'POST' })).status).toBe(405);
});

test('a tablet gets hello, status, snapshot, moving meters and suggestions; applying one changes the desk', async () => {
  const client = await bridge.engineer();
  try {
    await client.waitFor((m) => m.type === 'hello');
    const snapshotMessage = await client.waitFor((m) => m.type === 'snapshot');
    expect(snapshotMessage.type === 'snapshot' && snapshotMessage.snapshot.channels).toHaveLength(16);

    const frames = [];
    for (let i = 0; i < 3; i++) frames.push(await client.next((m) => m.type === 'meters'));
    const inputLevels = frames.map((f) => (f.type === 'meters' ? JSON.stringify(f.frame.channelInputDbfs) : ''));
    expect(new Set(inputLevels).size).toBe(3);

    await client.waitForSuggestions((list) => list.some((s) => s.target.kind === 'channel' && s.target.index === 1 && s.change !== null), 15_000);
    // The engine keeps listening, so a proposal can move between display and apply: the bridge then answers
    // 'stale' and the tablet looks again (bounded).
    let applied: { kick: Suggestion; before: number; reply: ServerMessage } | null = null;
    for (let attempt = 0; attempt < 5 && applied === null; attempt++) {
      const kick = client.suggestions.find((s): s is Suggestion => s.target.kind === 'channel' && s.target.index === 1 && s.change !== null)!;
      expect(kick.change!.deltaDb).toBeLessThan(0);
      const before = readParam(bridge.console.snapshot(), kick.change!.param)!;
      const shown = kick.change!.proposedValue;
      client.send({ type: 'apply', requestId: `r${attempt}`, suggestionId: kick.id, proposedValue: shown });
      let reply = await client.next((m) => 'requestId' in m && m.requestId === `r${attempt}`);
      if (reply.type === 'confirm-needed') {
        expect(Math.abs(kick.change!.deltaDb)).toBeGreaterThan(6);
        client.send({ type: 'apply', requestId: `c${attempt}`, suggestionId: kick.id, confirm: true, proposedValue: shown });
        reply = await client.next((m) => 'requestId' in m && m.requestId === `c${attempt}`);
      }
      if (reply.type === 'error' && reply.code === 'stale') continue;
      applied = { kick, before, reply };
    }
    expect(applied).not.toBeNull();
    const { kick, before, reply } = applied!;
    expect(reply).toMatchObject({ type: 'applied', suggestionId: kick.id, param: kick.change!.param });
    const after = readParam(bridge.console.snapshot(), kick.change!.param)!;
    expect(after).toBeCloseTo(kick.change!.proposedValue, 1);
    expect(after).toBeLessThan(before);
    const written = bridge.journal.entries().filter((e) => e.origin === kick.id);
    expect(written[0]).toMatchObject({ param: kick.change!.param, beforeValue: before, confirmedValue: after });
    expect(written.map((e) => e.param)).toEqual([kick.change!.param, ...kick.compensation.map((c) => c.param)]);

    // The change arrives as a delta on the snapshot the tablet got at connect.
    const updated = await client.waitForState((snapshot) => readParam(snapshot, kick.change!.param) === after);
    expect(readParam(updated, kick.change!.param)).toBe(after);
    expect(client.messages.filter((m) => m.type === 'snapshot')).toHaveLength(1);
  } finally {
    await client.close();
  }
});

test('bad client messages get error replies and the bridge keeps serving', async () => {
  const client = await bridge.engineer();
  try {
    await client.waitFor((m) => m.type === 'hello');
    client.send('not json');
    client.send('{"type":"apply"}');
    client.send('{"type":"apply","suggestionId":"nope","requestId":"x1"}');
    const errors = [
      await client.waitFor((m) => m.type === 'error' && m.code === 'bad-json'),
      await client.waitFor((m) => m.type === 'error' && m.code === 'bad-message'),
      await client.waitFor((m) => m.type === 'error' && m.code === 'unknown-suggestion'),
    ];
    expect(errors.map((e) => e.type === 'error' && e.requestId)).toEqual([null, null, 'x1']);
    const status = (await (await fetch(`${bridge.url}/api/status`)).json()) as BridgeStatus;
    expect(status.counters.badClientMessages).toBeGreaterThanOrEqual(2);
    await client.next((m) => m.type === 'meters');
  } finally {
    await client.close();
  }
});

test('dismiss hides a suggestion for every tablet', async () => {
  const client = await bridge.engineer();
  try {
    const first = await client.waitForSuggestions((list) => list.length > 0, 15_000);
    const target = first[0]!;
    client.send({ type: 'dismiss', suggestionId: target.id });
    await client.next((m) => m.type === 'suggestions-diff' && m.removed.includes(target.id));
    expect(client.suggestions.some((s) => s.id === target.id)).toBe(false);
    expect(bridge.advisor.suggestions().some((s) => s.id === target.id)).toBe(false);
  } finally {
    await client.close();
  }
});
