/**
 * The soundcheck flow over real sockets, on a stepped simulator: Listen -> progress -> suggestion -> Apply
 * (confirmed by read-back) -> undo this soundcheck -> the old value is back, and the journal shows both writes.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { ServerMessage, WireJournalEntry } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import { CountingConsole } from '../support/counting-console';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import type { TestClient } from '../support/ws-client';

let bridge: TestBridge<CountingConsole>;
let sim: SimulatorConsole;

beforeAll(async () => {
  sim = new SimulatorConsole({ seed: 1, autoRun: false });
  bridge = await startTestBridge({ console: new CountingConsole(sim) });
});
afterAll(async () => {
  await bridge.close();
});

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
const is = <T extends ServerMessage['type']>(type: T) => (m: ServerMessage): m is Of<T> => m.type === type;
const reply = (client: TestClient, requestId: string) => client.waitFor((m) => 'requestId' in m && m.requestId === requestId);

/** Steps the band (bounded) until the running soundcheck ends. */
function playUntilFinished(): void {
  for (let i = 0; i < 400 && bridge.bridge.soundcheck.state()?.running === true; i++) sim.step(5);
}

test('listen, apply the suggestion, undo the soundcheck: the gain the desk reported before is back', async () => {
  const tablet = await bridge.engineer();
  const watcher = await bridge.viewer();
  try {
    tablet.send({ type: 'soundcheck-start', requestId: 's1', channels: [1], windowMs: 2000 });
    expect(await reply(tablet, 's1')).toMatchObject({ type: 'accepted' });
    const started = await watcher.waitFor(is('soundcheck'));
    const soundcheckId = started.state.soundcheckId;
    expect(started.state).toMatchObject({ mode: 'listen', windowMs: 2000, running: true });
    playUntilFinished();

    const { result } = await watcher.waitFor(is('soundcheck-result'));
    const progress = watcher.messages.filter(is('soundcheck-progress')).map((m) => m.progress.activeMs);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(result).toMatchObject({ soundcheckId, channel: 1, outcome: 'complete' });
    const change = result.suggestion!.change!;
    expect(change.param).toBe('ch.1.preampGainDb');
    const before = readParam(bridge.console.snapshot(), change.param)!;
    expect(change.currentValue).toBe(before);
    expect(bridge.console.writes).toEqual([]);

    tablet.send({ type: 'soundcheck-apply', requestId: 'a1', soundcheckId, channel: 1 });
    const ask = await reply(tablet, 'a1');
    expect(ask).toMatchObject({ type: 'needs-confirmation', action: 'soundcheck-apply', resend: { type: 'soundcheck-apply', soundcheckId, channel: 1, confirm: true } });
    expect(bridge.console.writes).toEqual([]);
    tablet.send({ ...(ask as Of<'needs-confirmation'>).resend, requestId: 'a2' });
    const applied = (await reply(tablet, 'a2')) as Of<'write-result'>;
    expect(applied).toMatchObject({ type: 'write-result', action: 'soundcheck-apply', failures: [] });
    expect(applied.entries[0]).toMatchObject({ param: change.param, beforeValue: before, requestedValue: change.proposedValue, confirmedValue: change.proposedValue, soundcheckId, secondConfirmation: true });
    expect(readParam(bridge.console.snapshot(), change.param)).toBe(change.proposedValue);
    await watcher.waitFor((m) => m.type === 'journal-entry' && m.entry.seq === applied.entries[0]!.seq);

    tablet.send({ type: 'undo-soundcheck', requestId: 'u1', soundcheckId, confirm: true });
    const undone = (await reply(tablet, 'u1')) as Of<'write-result'>;
    expect(undone).toMatchObject({ type: 'write-result', action: 'undo-soundcheck', failures: [] });
    expect(undone.entries.map((e) => e.undoOf).sort()).toEqual(applied.entries.map((e) => e.seq).sort());
    expect(readParam(bridge.console.snapshot(), change.param)).toBe(before);

    const journal = (await (await fetch(`${bridge.url}/api/journal`)).json()) as { entries: WireJournalEntry[] };
    const gainWrites = journal.entries.filter((e) => e.param === change.param);
    expect(gainWrites.map((e) => [e.beforeValue, e.confirmedValue, e.origin])).toEqual([
      [before, change.proposedValue, result.suggestion!.id],
      [change.proposedValue, before, 'undo'],
    ]);
    tablet.send({ type: 'undo-soundcheck', requestId: 'u2', soundcheckId, confirm: true });
    expect(await reply(tablet, 'u2')).toMatchObject({ type: 'error', code: 'nothing-to-undo' });
  } finally {
    await tablet.close();
    await watcher.close();
  }
});

test('a result whose gain moved at the desk since is stale and is not applied', async () => {
  const tablet = await bridge.engineer();
  try {
    tablet.send({ type: 'soundcheck-start', requestId: 's1', channels: [13], windowMs: 2000 });
    await reply(tablet, 's1');
    const soundcheckId = bridge.bridge.soundcheck.state()!.soundcheckId;
    playUntilFinished();
    await tablet.waitFor((m) => m.type === 'soundcheck-result' && m.result.soundcheckId === soundcheckId);
    sim.deskChange('ch.13.preampGainDb', 24);
    const writes = bridge.console.writes.length;
    tablet.send({ type: 'soundcheck-apply', requestId: 'a1', soundcheckId, channel: 13, confirm: true });
    expect(await reply(tablet, 'a1')).toMatchObject({ type: 'error', code: 'stale' });
    tablet.send({ type: 'soundcheck-apply', requestId: 'a2', soundcheckId, channel: 99 });
    expect(await reply(tablet, 'a2')).toMatchObject({ type: 'error', code: 'no-result' });
    tablet.send({ type: 'soundcheck-apply', requestId: 'a3', soundcheckId: 'sc-none', channel: 13 });
    expect(await reply(tablet, 'a3')).toMatchObject({ type: 'error', code: 'unknown-soundcheck' });
    expect(bridge.console.writes.length).toBe(writes);
  } finally {
    await tablet.close();
  }
});

test('a gain change at the desk restarts the window, and every tablet is told why', async () => {
  const tablet = await bridge.engineer();
  const watcher = await bridge.viewer();
  try {
    tablet.send({ type: 'soundcheck-check-all', requestId: 'c1', channels: [2, 3], windowMs: 3000 });
    await reply(tablet, 'c1');
    const soundcheckId = bridge.bridge.soundcheck.state()!.soundcheckId;
    sim.step(20);
    sim.deskChange('ch.2.trimDb', 1.5);
    const restarted = await watcher.waitFor(is('soundcheck-restarted'));
    expect(restarted).toEqual({
      type: 'soundcheck-restarted', soundcheckId, channel: 2, reason: 'desk-change', param: 'ch.2.trimDb',
      message: 'Ch 2 Snare trim changed at the desk to +1.5 dB: listening again from the start.',
    });
    await watcher.waitFor((m) => m.type === 'soundcheck-progress' && m.progress.channel === 2 && m.progress.activeMs === 0);
    tablet.send({ type: 'soundcheck-cancel', requestId: 'x1', soundcheckId });
    expect(await reply(tablet, 'x1')).toMatchObject({ type: 'accepted' });
    expect(await watcher.waitFor(is('soundcheck-ended'))).toMatchObject({ soundcheckId, reason: 'cancelled' });
    const fresh = await bridge.viewer();
    expect(fresh.messages.find(is('soundcheck'))?.state).toMatchObject({ soundcheckId, running: false, endReason: 'cancelled' });
    await fresh.close();
  } finally {
    await tablet.close();
    await watcher.close();
  }
});
