/**
 * The safe writer's optional other-desks hook (a desk sharing a stage box): what a batch does on the other
 * desks is in every question, and a move there that no trim can answer asks before anything is written.
 * First with a recording stub (what the writer asks the hook and does with its answer), then over two
 * simulated desks with the gain tracker answering, as a desk set runs.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { SimulatorConsole } from '../../server/consoles/simulator/simulator-console';
import type { OtherDeskMove } from '../../server/engine/other-desks';
import { compensate } from '../../server/model/compensate';
import { NO_METERS, type LevelChange } from '../../server/model/level-model';
import { readParam } from '../../server/model/params';
import { MemoryJournal } from '../../server/safety/journal';
import { SafeWriter, WriteError, type WriteBatch } from '../../server/safety/safe-writer';
import { startSimDeskPair, type SimDeskPair } from '../support/sim-desk-pair';

async function refusal(promise: Promise<unknown>): Promise<WriteError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(WriteError);
  return error as WriteError;
}

const batch = (changes: readonly LevelChange[], confirmed = false): WriteBatch => ({ changes, client: 'tab', origin: 'test', confirmed, soundcheckId: null, onFailure: 'stop', purpose: [] });

describe('with a stub hook', () => {
  async function rig(answer: OtherDeskMove[]) {
    const sim = new SimulatorConsole({ seed: 1, autoRun: false });
    await sim.start(new AbortController().signal);
    const asked: LevelChange[][] = [];
    const journal = new MemoryJournal();
    const writer = new SafeWriter({
      console: sim, journal, readOnly: false, maxStepDb: 6, nowMs: () => 0, onWrite: () => undefined, meters: () => NO_METERS,
      otherDesks: (changes) => {
        asked.push([...changes]);
        return answer;
      },
    });
    return { sim, writer, journal, asked };
  }
  const kept: OtherDeskMove = { desk: 'Monitors', text: 'On Monitors: Ch 1 Kick trim 0.0 -> -8.0 dB against box input 1, so its mixes stay.', residualDb: 0 };
  const unkept: OtherDeskMove = { desk: 'Monitors', text: 'On Monitors: Ch 1 Kick trim -15.0 -> -18.0 dB, the end of its range (2.0 dB short); Mon 1: +2.0 dB.', residualDb: 2 };

  test('a step over the limit asks, and the question names the other desk\'s trim; nothing is written', async () => {
    const { sim, writer, journal, asked } = await rig([kept]);
    const start = readParam(sim.snapshot(), 'ch.1.preampGainDb')!;
    const set = compensate(sim.snapshot(), [{ param: 'ch.1.preampGainDb', value: start + 8 }], NO_METERS);
    const error = await refusal(writer.applyAll(batch(set.changes)));
    expect(error.code).toBe('needs-confirmation');
    expect(error.message).toMatch(/^Steps over the 6 dB limit: Ch 1 Kick gain 8\.0 dB, .*\. Predicted: .*\. On Monitors: Ch 1 Kick trim 0\.0 -> -8\.0 dB against box input 1, so its mixes stay\. Confirm to apply\.$/);
    // The hook hears the values the batch would leave, the gain first.
    expect(asked[0]![0]).toEqual({ param: 'ch.1.preampGainDb', value: start + 8 });
    expect(journal.entries()).toEqual([]);
  });

  test('a move the other desk cannot keep asks even within the step limit; confirmed, it is written', async () => {
    const { sim, writer, journal } = await rig([unkept]);
    const start = readParam(sim.snapshot(), 'ch.1.preampGainDb')!;
    const set = compensate(sim.snapshot(), [{ param: 'ch.1.preampGainDb', value: start + 3 }], NO_METERS);
    const error = await refusal(writer.applyAll(batch(set.changes)));
    expect(error.message).toMatch(/^This change moves another desk's mixes: Monitors \+2\.0 dB where its trim cannot follow\. Predicted: .*\. On Monitors: Ch 1 Kick trim -15\.0 -> -18\.0 dB, the end of its range \(2\.0 dB short\); Mon 1: \+2\.0 dB\. Confirm to apply\.$/);
    expect(journal.entries()).toEqual([]);
    const outcome = await writer.applyAll(batch(set.changes, true));
    expect(outcome.failures).toEqual([]);
    expect(readParam(sim.snapshot(), 'ch.1.preampGainDb')).toBe(start + 3);
  });

  test('a move every other desk keeps does not ask: the card said it, and nothing moves', async () => {
    const { sim, writer, journal } = await rig([kept]);
    const start = readParam(sim.snapshot(), 'ch.1.preampGainDb')!;
    const set = compensate(sim.snapshot(), [{ param: 'ch.1.preampGainDb', value: start + 3 }], NO_METERS);
    const outcome = await writer.applyAll(batch(set.changes));
    expect(outcome.failures).toEqual([]);
    expect(journal.entries().map((e) => e.param)[0]).toBe('ch.1.preampGainDb');
  });

  // An undo's or a restore's purpose is this desk's own levels; another desk's mixes are never its purpose,
  // so a move there its trim cannot follow asks on every write path, within the step limit too.
  const UNKEPT_QUESTION = "This change moves another desk's mixes: Monitors +2.0 dB where its trim cannot follow.";
  type Writer = Awaited<ReturnType<typeof rig>>['writer'];
  const gainWrite = (value: number, extra: Partial<WriteBatch> = {}): WriteBatch => ({ ...batch([{ param: 'ch.1.preampGainDb', value }], true), ...extra });
  test.each<{ path: string; done: (writer: Writer, startDb: number) => Promise<unknown>; ask: (writer: Writer, startDb: number) => Promise<unknown> }>([
    { path: 'one write, for any purpose (a script)', done: async () => undefined, ask: (w, db) => w.apply({ param: 'ch.1.preampGainDb', value: db + 3, client: 'tab', origin: 'script', confirmed: false, purpose: 'any' }) },
    { path: 'a batch for any purpose', done: async () => undefined, ask: (w, db) => w.applyAll({ ...gainWrite(db + 3, { purpose: 'any' }), confirmed: false }) },
    { path: 'a soundcheck apply', done: async () => undefined, ask: (w, db) => w.applyAll({ ...gainWrite(db + 3, { soundcheckId: 'sc1' }), confirmed: false }) },
    { path: 'a recall', done: async () => undefined, ask: (w, db) => w.applyAll({ ...gainWrite(db + 3, { origin: 'recall:venue' }), confirmed: false }) },
    { path: 'undo of one write that is its whole action', done: (w, db) => w.applyAll(gainWrite(db + 3)), ask: (w) => w.undo('tab', null, false) },
    { path: 'undo of a whole action', done: (w, db) => w.applyAll(gainWrite(db + 3)), ask: (w) => w.undoAction('tab', null, false) },
    { path: 'the check before a tracked undo', done: (w, db) => w.applyAll(gainWrite(db + 3)), ask: (w) => w.checkUndoAction(1) },
    { path: 'undo of a soundcheck', done: (w, db) => w.applyAll(gainWrite(db + 3, { soundcheckId: 'sc1' })), ask: (w) => w.undoSoundcheck('tab', 'sc1', false) },
    { path: 'a backup restore', done: async () => undefined, ask: (w, db) => w.restore('tab', [{ param: 'ch.1.preampGainDb', value: db + 3 }], false) },
  ])('$path asks about a move the other desk cannot keep, and writes nothing', async ({ done, ask }) => {
    const { sim, writer, journal } = await rig([unkept]);
    const startDb = readParam(sim.snapshot(), 'ch.1.preampGainDb')!;
    await done(writer, startDb);
    const written = journal.entries().length;
    const gainDb = readParam(sim.snapshot(), 'ch.1.preampGainDb');
    const error = await refusal(ask(writer, startDb));
    expect(error.code).toBe('needs-confirmation');
    expect(error.message).toContain(`${UNKEPT_QUESTION} Predicted: `);
    expect(error.message).toMatch(/ On Monitors: Ch 1 Kick trim -15\.0 -> -18\.0 dB, the end of its range \(2\.0 dB short\); Mon 1: \+2\.0 dB\. Confirm to (apply|restore)\.$/);
    expect([journal.entries().length, readParam(sim.snapshot(), 'ch.1.preampGainDb')]).toEqual([written, gainDb]);
  });

  test('undoing a whole action over the step limit asks for its step and for the other desk in one question', async () => {
    const { sim, writer } = await rig([unkept]);
    const start = readParam(sim.snapshot(), 'ch.1.preampGainDb')!;
    await writer.applyAll(batch([{ param: 'ch.1.preampGainDb', value: start + 9 }], true));
    const error = await refusal(writer.undoAction('tab', null, false));
    expect(error.message).toMatch(new RegExp(`^Steps over the 6 dB limit: Ch 1 Kick gain 9\\.0 dB\\. ${UNKEPT_QUESTION.replace(/[.+()]/g, '\\$&')} Predicted: `));
    await writer.undoAction('tab', null, true);
    expect(readParam(sim.snapshot(), 'ch.1.preampGainDb')).toBe(start);
  });

  test('an undo every other desk keeps does not ask within the step limit', async () => {
    const { sim, writer } = await rig([kept]);
    const start = readParam(sim.snapshot(), 'ch.1.preampGainDb')!;
    await writer.applyAll(batch([{ param: 'ch.1.preampGainDb', value: start + 3 }], true));
    await writer.undoAction('tab', null, false);
    expect(readParam(sim.snapshot(), 'ch.1.preampGainDb')).toBe(start);
  });

  test('a restore names the other desks in its question', async () => {
    const { sim, writer } = await rig([kept]);
    const error = await refusal(writer.restore('tab', [{ param: 'ch.1.preampGainDb', value: readParam(sim.snapshot(), 'ch.1.preampGainDb')! + 2 }], false));
    expect(error.message).toMatch(/^Restoring the backup writes 1 value\. Predicted: .*\. On Monitors: .* Confirm to restore\.$/);
  });
});

describe('with the gain tracker answering (two simulated desks on one box)', () => {
  let pair: SimDeskPair;
  afterEach(() => pair?.stop());

  test('a FOH gain step over the limit asks with the monitor trim in the question; confirmed, the monitor trim is written as predicted', async () => {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
    const start = readParam(pair.sims.foh.snapshot(), 'ch.1.preampGainDb')!;
    const set = compensate(pair.sims.foh.snapshot(), [{ param: 'ch.1.preampGainDb', value: start + 8 }], NO_METERS);
    const error = await refusal(pair.writers.foh.applyAll(batch(set.changes)));
    expect(error.message).toContain('On Monitors: Ch 1 Kick trim 0.0 -> -8.0 dB against box input 1, so its mixes stay.');
    await pair.settle();
    expect(readParam(pair.sims.mon.snapshot(), 'ch.1.trimDb')).toBe(0);
    expect(pair.journals.mon.entries()).toEqual([]);
    const outcome = await pair.writers.foh.applyAll(batch(set.changes, true));
    expect(outcome.failures).toEqual([]);
    await pair.settle();
    expect(readParam(pair.sims.mon.snapshot(), 'ch.1.trimDb')).toBe(-8);
  });

  test('the undo of a tracked change is not predicted as another trim move (its trims are taken back by the undo itself)', async () => {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
    const start = readParam(pair.sims.foh.snapshot(), 'ch.2.preampGainDb')!;
    await pair.writers.foh.applyAll(batch([{ param: 'ch.2.preampGainDb', value: start + 9 }], true));
    await pair.settle();
    const [change] = pair.tracker.state().changes;
    const error = await refusal(pair.tracker.undo(change!.id, 'tab', false));
    // The first part undone is the monitor trim (9 dB back): it asks for that step alone.
    expect(error.message).toMatch(/^Steps over the 6 dB limit: Ch 2 Snare trim 9\.0 dB\./);
    expect(error.message).not.toContain('On Monitors');
    await pair.tracker.undo(change!.id, 'tab', true);
    await pair.settle();
    expect([readParam(pair.sims.foh.snapshot(), 'ch.2.preampGainDb'), readParam(pair.sims.mon.snapshot(), 'ch.2.trimDb')]).toEqual([start, 0]);
  });
  test('an undo the monitor trim can no longer follow (moved to its end since) asks, naming how far the monitor mixes move', async () => {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
    const start = readParam(pair.sims.foh.snapshot(), 'ch.1.preampGainDb')!;
    await pair.writers.foh.applyAll(batch([{ param: 'ch.1.preampGainDb', value: start + 3 }], true));
    await pair.settle();
    await pair.writers.mon.applyAll({ ...batch([{ param: 'ch.1.trimDb', value: 18 }], true), purpose: 'any' });
    const fohEntries = pair.journals.foh.entries().length;
    for (const undo of [() => pair.writers.foh.undo('tab', null, false), () => pair.writers.foh.undoAction('tab', null, false)]) {
      const error = await refusal(undo());
      expect(error.message).toBe("This change moves another desk's mixes: Monitors −3.0 dB where its trim cannot follow. Predicted: PA: −3.0 dB · Mon 1: −3.0 dB · Mon 2: −3.0 dB · Mon 3: −3.0 dB · Mon 4: −3.0 dB · Sub: −3.0 dB. On Monitors: Ch 1 Kick trim stays at +18.0 dB (the end of its range); PA: −3.0 dB · Mon 1: −3.0 dB · Mon 2: −3.0 dB · Mon 3: −3.0 dB · Mon 4: −3.0 dB · Sub: −3.0 dB. Confirm to apply.");
    }
    await pair.settle();
    expect([pair.journals.foh.entries().length, readParam(pair.sims.foh.snapshot(), 'ch.1.preampGainDb')]).toEqual([fohEntries, start + 3]);
    await pair.writers.foh.undoAction('tab', null, true);
    await pair.settle();
    expect([readParam(pair.sims.foh.snapshot(), 'ch.1.preampGainDb'), readParam(pair.sims.mon.snapshot(), 'ch.1.trimDb')]).toEqual([start, 18]);
  });

  test('a tracked undo whose clamped monitor trim is taken back with it asks nothing within the step limit', async () => {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
    await pair.writers.mon.applyAll({ ...batch([{ param: 'ch.1.trimDb', value: -17 }], true), purpose: 'any' });
    const start = readParam(pair.sims.foh.snapshot(), 'ch.1.preampGainDb')!;
    await pair.writers.foh.applyAll(batch([{ param: 'ch.1.preampGainDb', value: start + 3 }], true));
    await pair.settle();
    expect(readParam(pair.sims.mon.snapshot(), 'ch.1.trimDb')).toBe(-18);
    const [change] = pair.tracker.state().changes;
    const outcome = await pair.tracker.undo(change!.id, 'tab', false);
    expect(outcome.failures).toEqual([]);
    await pair.settle();
    expect([readParam(pair.sims.foh.snapshot(), 'ch.1.preampGainDb'), readParam(pair.sims.mon.snapshot(), 'ch.1.trimDb')]).toEqual([start, -17]);
  });

  test('an undo whose gain step asks while its clamped trim would not writes nothing on either desk, and its question does not predict the trim again', async () => {
    pair = await startSimDeskPair({ channels: 4, conflictWindowMs: 0 });
    await pair.writers.mon.applyAll({ ...batch([{ param: 'ch.2.trimDb', value: -12 }], true), purpose: 'any' });
    const start = readParam(pair.sims.foh.snapshot(), 'ch.2.preampGainDb')!;
    await pair.writers.foh.applyAll(batch([{ param: 'ch.2.preampGainDb', value: start + 9 }], true));
    await pair.settle();
    // The trim ran out 3 dB short: its undo is a 6 dB step (no question), the gain's is 9 dB.
    expect(readParam(pair.sims.mon.snapshot(), 'ch.2.trimDb')).toBe(-18);
    const monEntries = pair.journals.mon.entries().length;
    const [change] = pair.tracker.state().changes;
    const error = await refusal(pair.tracker.undo(change!.id, 'tab', false));
    expect(error.code).toBe('needs-confirmation');
    expect(error.message).toContain('Ch 2 Snare gain 9.0 dB');
    // The undo takes its trim back itself: the gain's question does not name another trim move.
    expect(error.message).not.toContain('On Monitors');
    await pair.settle();
    expect([readParam(pair.sims.foh.snapshot(), 'ch.2.preampGainDb'), readParam(pair.sims.mon.snapshot(), 'ch.2.trimDb')]).toEqual([start + 9, -18]);
    expect(pair.journals.mon.entries()).toHaveLength(monEntries);
    await pair.tracker.undo(change!.id, 'tab', true);
    await pair.settle();
    expect([readParam(pair.sims.foh.snapshot(), 'ch.2.preampGainDb'), readParam(pair.sims.mon.snapshot(), 'ch.2.trimDb')]).toEqual([start, -12]);
  });
});
