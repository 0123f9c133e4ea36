import { NO_METERS } from '../../server/model/level-model';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { BackupStatus } from '../../server/hub/protocol';
import { simulatorParamIds } from '../../server/consoles/simulator/param-specs';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import { readParam } from '../../server/model/params';
import { BackupKeeper, takeBackup, writableParamIds } from '../../server/safety/backup';
import { FileBackupStore, MemoryBackupStore } from '../../server/safety/backup-store';
import { MemoryJournal } from '../../server/safety/journal';
import { SafeWriter, WriteError } from '../../server/safety/safe-writer';
import { CountingConsole } from '../support/counting-console';

test('every value the simulator can write is in the backup, with its label and value', () => {
  const sim = new SimulatorConsole({ seed: 1, autoRun: false });
  const ids = writableParamIds(sim.snapshot(), (id) => sim.paramSpec(id));
  expect(ids).toEqual(simulatorParamIds(sim.snapshot()));
  const backup = takeBackup(sim, '2025-06-01T18:00:00.000Z');
  expect(backup.values.map((v) => v.param)).toEqual(ids);
  expect(backup.values.find((v) => v.param === 'ch.1.preampGainDb')).toEqual({ param: 'ch.1.preampGainDb', label: 'Ch 1 Kick gain', value: 35 });
  expect(backup.values.find((v) => v.param === 'ch.1.send.5.levelDb')?.value).toBe(-Infinity);
  expect(backup.console.model).toBe('Headroom simulator');
});

test('the keeper takes the backup on the first ready only, and reports where it was saved', async () => {
  const sim = new SimulatorConsole({ seed: 1, autoRun: false });
  const store = new MemoryBackupStore();
  const statuses: BackupStatus[] = [];
  const keeper = new BackupKeeper({ console: sim, store, nowMs: () => Date.parse('2025-06-01T18:00:00.000Z'), onStatus: (s) => statuses.push(s) });
  keeper.start(new AbortController().signal);
  expect(keeper.backup()).toBeNull();
  expect(keeper.status()).toEqual({ takenAtIso: null, valueCount: 0, savedTo: null, problem: null });
  await sim.start(new AbortController().signal);
  sim.deskChange('ch.1.preampGainDb', 20);
  sim.setOnline(false);
  sim.setOnline(true);
  await Promise.resolve();
  expect(store.saved).toHaveLength(1);
  expect(keeper.backup()!.values.find((v) => v.param === 'ch.1.preampGainDb')?.value).toBe(35);
  expect(statuses.at(-1)).toMatchObject({ takenAtIso: '2025-06-01T18:00:00.000Z', valueCount: simulatorParamIds(sim.snapshot()).length });
});

test('a file store writes a readable JSON backup (-inf as null) and never overwrites an earlier one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'headroom-backup-'));
  try {
    const sim = new SimulatorConsole({ seed: 1, autoRun: false });
    const store = new FileBackupStore(join(dir, 'backups'));
    const first = await store.save(takeBackup(sim, '2025-06-01T18:00:00.000Z'));
    const second = await store.save(takeBackup(sim, '2025-06-02T18:00:00.000Z'));
    expect(first).not.toBe(second);
    const file = JSON.parse(await readFile(first, 'utf8')) as { format: string; values: { param: string; value: number | null }[] };
    expect(file.format).toBe('headroom-backup');
    expect(file.values.find((v) => v.param === 'ch.1.send.5.levelDb')?.value).toBeNull();
    expect(file.values.find((v) => v.param === 'ch.1.preampGainDb')?.value).toBe(35);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('restore puts back every changed value through the write path, asks first, and journals each write', async () => {
  const sim = new SimulatorConsole({ seed: 1, autoRun: false });
  const desk = new CountingConsole(sim);
  await desk.start(new AbortController().signal);
  const backup = takeBackup(desk, '2025-06-01T18:00:00.000Z');
  const journal = new MemoryJournal();
  const writer = new SafeWriter({ meters: () => NO_METERS, console: desk, journal, readOnly: false, maxStepDb: 6, nowMs: () => 0, onWrite: () => {} });
  await writer.apply({ purpose: 'any', param: 'ch.1.preampGainDb', value: 31, client: 't', origin: 'o', confirmed: false });
  sim.deskChange('ch.13.preampGainDb', 40);
  sim.deskChange('ch.3.phantom', 0);
  sim.deskChange('bus.1.faderDb', -Infinity);
  const writesBefore = desk.writes.length;

  const refused = await writer.restore('t', backup.values, false).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(WriteError);
  expect((refused as WriteError).code).toBe('needs-confirmation');
  expect((refused as WriteError).message).toMatch(/^Restoring the backup writes 4 values\. .*Phantom power: Ch 3 Hi-Hat .*Predicted: PA: /);
  expect(desk.writes.length).toBe(writesBefore);

  const outcome = await writer.restore('t', backup.values, true);
  expect(outcome.failures).toEqual([]);
  expect(outcome.entries.map((e) => e.param).sort()).toEqual(['bus.1.faderDb', 'ch.1.preampGainDb', 'ch.13.preampGainDb', 'ch.3.phantom']);
  expect(outcome.entries.every((e) => e.origin === 'restore' && e.secondConfirmation)).toBe(true);
  for (const value of backup.values) expect(readParam(desk.snapshot(), value.param)).toBe(value.value);
  expect((await writer.restore('t', backup.values, true)).entries).toEqual([]);
});
