/** Undo, restore, journal and read-only over real HTTP and WebSocket connections. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { BackupStatus, ServerMessage, WireJournalEntry } from '../../server/hub/protocol';
import { readParam } from '../../server/model/params';
import { CountingConsole } from '../support/counting-console';
import { startTestBridge, type TestBridge } from '../support/test-bridge';
import type { TestClient } from '../support/ws-client';

type Of<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
const reply = (client: TestClient, requestId: string) => client.waitFor((m) => 'requestId' in m && m.requestId === requestId);

describe('a writable bridge', () => {
  let bridge: TestBridge<CountingConsole>;
  let sim: SimulatorConsole;

  beforeAll(async () => {
    sim = new SimulatorConsole({ seed: 1, autoRun: false });
    bridge = await startTestBridge({ console: new CountingConsole(sim) });
  });
  afterAll(async () => {
    await bridge.close();
  });

  const write = (param: string, value: number) =>
    bridge.bridge.writer.apply({ purpose: 'any', param, value, client: 'script', origin: 'test', confirmed: true });

  test('a tablet gets the latest journal entries and the backup status on connect; GET /api/journal pages', async () => {
    const first = await write('ch.4.trimDb', 2);
    await write('ch.4.trimDb', 4);
    const tablet = await bridge.viewer();
    try {
      const journal = tablet.messages.find((m): m is Of<'journal'> => m.type === 'journal')!;
      expect(journal.entries.slice(0, 2).map((e) => [e.seq, e.param, e.beforeValue, e.confirmedValue])).toEqual([
        [first.seq, 'ch.4.trimDb', 0, 2],
        [first.seq + 1, 'ch.4.trimDb', 2, 4],
      ]);
      const backup = tablet.messages.find((m): m is Of<'backup'> => m.type === 'backup')!.backup;
      expect(backup.takenAtIso).not.toBeNull();
      expect(backup.valueCount).toBeGreaterThan(100);

      const page = (await (await fetch(`${bridge.url}/api/journal?limit=1&beforeSeq=${first.seq + 1}`)).json()) as { entries: WireJournalEntry[]; total: number };
      expect(page.entries.map((e) => e.seq)).toEqual([first.seq]);
      expect(page.total).toBeGreaterThanOrEqual(2);
      expect((await fetch(`${bridge.url}/api/journal?limit=0`)).status).toBe(400);
      expect((await fetch(`${bridge.url}/api/journal?beforeSeq=x`)).status).toBe(400);
      const stored = (await (await fetch(`${bridge.url}/api/backup`)).json()) as { status: BackupStatus; values: { param: string; value: number | null }[] };
      expect(stored.values.find((v) => v.param === 'ch.4.trimDb')?.value).toBe(0);
      expect(stored.values.find((v) => v.param === 'ch.1.send.5.levelDb')?.value).toBeNull();

      tablet.send({ type: 'journal-request', requestId: 'j1', limit: 1 });
      expect(await reply(tablet, 'j1')).toMatchObject({ type: 'journal', entries: [{ seq: first.seq + 1 }] });
    } finally {
      await tablet.close();
    }
  });

  test('undo restores exactly the value read back before each change, last first or by seq', async () => {
    const tablet = await bridge.engineer();
    try {
      const a = await write('ch.5.preampGainDb', 29.5);
      const b = await write('ch.6.trimDb', -2.75);
      tablet.send({ type: 'undo', requestId: 'u1' });
      const last = (await reply(tablet, 'u1')) as Of<'write-result'>;
      expect(last.entries).toEqual([expect.objectContaining({ param: 'ch.6.trimDb', undoOf: b.seq, confirmedValue: b.beforeValue, client: expect.any(String) })]);
      tablet.send({ type: 'undo', requestId: 'u2', seq: a.seq });
      const byseq = (await reply(tablet, 'u2')) as Of<'write-result'>;
      expect(byseq.entries[0]).toMatchObject({ param: 'ch.5.preampGainDb', undoOf: a.seq, confirmedValue: a.beforeValue });
      expect(readParam(bridge.console.snapshot(), 'ch.5.preampGainDb')).toBe(a.beforeValue);
      expect(readParam(bridge.console.snapshot(), 'ch.6.trimDb')).toBe(b.beforeValue);
      tablet.send({ type: 'undo', requestId: 'u3', seq: a.seq });
      expect(await reply(tablet, 'u3')).toMatchObject({ type: 'error', code: 'nothing-to-undo' });

      const big = await write('ch.5.preampGainDb', 50);
      tablet.send({ type: 'undo', requestId: 'u4' });
      const ask = (await reply(tablet, 'u4')) as Of<'needs-confirmation'>;
      expect(ask).toMatchObject({ type: 'needs-confirmation', action: 'undo', resend: { type: 'undo', confirm: true } });
      expect(readParam(bridge.console.snapshot(), 'ch.5.preampGainDb')).toBe(50);
      tablet.send({ ...ask.resend, requestId: 'u5' });
      expect(await reply(tablet, 'u5')).toMatchObject({ type: 'write-result', entries: [{ undoOf: big.seq, confirmedValue: big.beforeValue, secondConfirmation: true }] });
    } finally {
      await tablet.close();
    }
  });

  test('restore-backup asks first, then writes back every value changed since connect, journalled as restore', async () => {
    const tablet = await bridge.engineer();
    try {
      const backup = bridge.bridge.backup.backup()!;
      await write('ch.7.faderDb', -Infinity);
      sim.deskChange('ch.8.dynMakeupDb', 0);
      sim.deskChange('ch.6.phantom', 0);
      const writes = bridge.console.writes.length;
      tablet.send({ type: 'restore-backup', requestId: 'r1' });
      const ask = (await reply(tablet, 'r1')) as Of<'needs-confirmation'>;
      expect(ask).toMatchObject({ type: 'needs-confirmation', action: 'restore-backup', resend: { type: 'restore-backup', confirm: true } });
      expect(ask.message).toMatch(/phantom/);
      expect(bridge.console.writes.length).toBe(writes);
      tablet.send({ ...ask.resend, requestId: 'r2' });
      const restored = (await reply(tablet, 'r2')) as Of<'write-result'>;
      expect(restored.failures).toEqual([]);
      expect(restored.entries.map((e) => e.param)).toEqual(expect.arrayContaining(['ch.7.faderDb', 'ch.8.dynMakeupDb', 'ch.6.phantom']));
      expect(restored.entries.every((e) => e.origin === 'restore')).toBe(true);
      for (const value of backup.values) expect(readParam(bridge.console.snapshot(), value.param)).toBe(value.value);
      tablet.send({ type: 'restore-backup', requestId: 'r3', confirm: true });
      expect(await reply(tablet, 'r3')).toMatchObject({ type: 'write-result', entries: [], message: expect.stringMatching(/Nothing needed writing/) });
    } finally {
      await tablet.close();
    }
  });
});

describe('a read-only bridge', () => {
  let bridge: TestBridge<CountingConsole>;
  let sim: SimulatorConsole;

  beforeAll(async () => {
    sim = new SimulatorConsole({ seed: 1, autoRun: false });
    bridge = await startTestBridge({ console: new CountingConsole(sim), readOnly: true });
  });
  afterAll(async () => {
    await bridge.close();
  });

  test('refuses every apply, undo and restore with a clear message; soundcheck still listens', async () => {
    const tablet = await bridge.engineer();
    try {
      expect(tablet.messages.find((m) => m.type === 'hello')).toMatchObject({ readOnly: true });
      const attempts = [
        { type: 'apply', requestId: 'w1', suggestionId: 'preamp-target:ch1:preamp', confirm: true },
        { type: 'undo', requestId: 'w2', confirm: true },
        { type: 'undo-soundcheck', requestId: 'w3', soundcheckId: 'sc-1', confirm: true },
        { type: 'restore-backup', requestId: 'w4', confirm: true },
        { type: 'soundcheck-apply', requestId: 'w5', soundcheckId: 'sc-1', channel: 1, confirm: true },
      ] as const;
      for (const message of attempts) {
        tablet.send(message);
        expect(await reply(tablet, message.requestId)).toEqual({
          type: 'error', requestId: message.requestId, code: 'read-only',
          message: 'Headroom runs read-only (--read-only): nothing is written to the console.',
        });
      }
      tablet.send({ type: 'soundcheck-start', requestId: 's1', channels: [1], windowMs: 2000 });
      expect(await reply(tablet, 's1')).toMatchObject({ type: 'accepted' });
      for (let i = 0; i < 200 && bridge.bridge.soundcheck.state()!.running; i++) sim.step(5);
      const { result } = (await tablet.waitFor((m) => m.type === 'soundcheck-result')) as Of<'soundcheck-result'>;
      expect(result.suggestion?.change?.param).toBe('ch.1.preampGainDb');
      tablet.send({ type: 'soundcheck-apply', requestId: 'w6', soundcheckId: result.soundcheckId, channel: 1, confirm: true });
      expect(await reply(tablet, 'w6')).toMatchObject({ code: 'read-only' });
      expect(bridge.console.writes).toEqual([]);
    } finally {
      await tablet.close();
    }
  });
});
