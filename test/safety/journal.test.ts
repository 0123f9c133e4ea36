import { NO_METERS } from '../../server/model/level-model';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { FileJournal, type JournalEntry } from '../../server/safety/journal';
import { SafeWriter } from '../../server/safety/safe-writer';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noBadLines = (line: number, reason: string) => {
  throw new Error(`line ${line}: ${reason}`);
};

test('replay: a journal reopened from disk holds exactly the entries written, -inf faders included', async () => {
  const path = join(dir, 'data', 'journal.jsonl');
  const journal = await FileJournal.open(path, noBadLines);
  const desk = new SimulatorConsole({ seed: 1, autoRun: false });
  await desk.start(new AbortController().signal);
  let nowMs = Date.parse('2025-06-01T20:00:00.000Z');
  const writer = new SafeWriter({ meters: () => NO_METERS, console: desk, journal, readOnly: false, maxStepDb: 6, nowMs: () => (nowMs += 1000), onWrite: () => {} });
  await writer.apply({ purpose: 'any', param: 'ch.1.preampGainDb', value: 30, client: 'tab1', origin: 'preamp-target:ch1:preamp', confirmed: false });
  await writer.apply({ purpose: 'any', param: 'ch.1.faderDb', value: -Infinity, client: 'tab1', origin: 'test', confirmed: true });
  await writer.applyAll({ purpose: [], changes: [{ param: 'ch.13.preampGainDb', value: 38 }], client: 'tab2', origin: 's', confirmed: true, soundcheckId: 'sc-1', onFailure: 'stop' });
  await writer.undo('tab2', 2, true);
  await writer.apply({ purpose: 'any', param: 'ch.1.send.5.levelDb', value: -20, client: 'tab1', origin: 'test', confirmed: true });

  const reopened = await FileJournal.open(path, noBadLines);
  expect(reopened.entries()).toEqual(journal.entries());
  expect(reopened.entries().map((e) => [e.seq, e.param, e.beforeValue, e.confirmedValue, e.undoOf, e.soundcheckId])).toEqual([
    [1, 'ch.1.preampGainDb', 35, 30, null, null],
    [2, 'ch.1.faderDb', journal.entries()[1]!.beforeValue, -Infinity, null, null],
    [3, 'ch.13.preampGainDb', 18, 38, null, 'sc-1'],
    [4, 'ch.1.faderDb', -Infinity, journal.entries()[1]!.beforeValue, 2, null],
    [5, 'ch.1.send.5.levelDb', -Infinity, desk.paramSpec('ch.1.send.5.levelDb')!.quantise(-20), null, null],
  ]);
  const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines[1]).toMatchObject({ confirmedValue: null, atIso: '2025-06-01T20:00:02.000Z', client: 'tab1' });
});

test('unreadable lines are reported and skipped; lines from before soundcheckId existed still read', async () => {
  const path = join(dir, 'journal.jsonl');
  const old = { seq: 1, atIso: '2025-01-01T00:00:00.000Z', client: 'bridge', param: 'ch.1.trimDb', label: 'Ch 1 Kick trim', beforeValue: 0, requestedValue: 2, confirmedValue: 2, origin: 'x', undoOf: null };
  await writeFile(path, `${JSON.stringify(old)}\n{"seq": 2, "param"\n{"seq":"three"}\n\n`);
  const bad: [number, string][] = [];
  const journal = await FileJournal.open(path, (line, reason) => bad.push([line, reason]));
  expect(journal.entries()).toEqual<JournalEntry[]>([{ ...old, soundcheckId: null, secondConfirmation: false, actionSeq: 1 }]);
  expect(bad.map(([line]) => line)).toEqual([2, 3]);
  expect(bad[1]![1]).toMatch(/seq/);
});

test('a line that failed to reach the disk does not stop the lines after it', async () => {
  const path = join(dir, 'sub', 'journal.jsonl');
  const journal = await FileJournal.open(path, noBadLines);
  const entry = (seq: number): JournalEntry => ({
    seq, atIso: '2025-01-01T00:00:00.000Z', client: 't', param: 'ch.1.trimDb', label: 'Ch 1 Kick trim',
    beforeValue: 0, requestedValue: seq, confirmedValue: seq, origin: 'o', undoOf: null, soundcheckId: null, secondConfirmation: false, actionSeq: seq,
  });
  await journal.append(entry(1));
  await rm(join(dir, 'sub'), { recursive: true });
  await expect(journal.append(entry(2))).rejects.toThrow(/ENOENT/);
  await FileJournal.open(path, noBadLines);
  await journal.append(entry(3));
  expect((await FileJournal.open(path, noBadLines)).entries().map((e) => e.seq)).toEqual([3]);
  expect(journal.entries().map((e) => e.seq)).toEqual([1, 2, 3]);
});
