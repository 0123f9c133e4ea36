/**
 * Undoing a tracked change on every desk that holds a part of it, newest part first (the trims, then the
 * gain), as one engineer action: unconfirmed, every part's question is asked before anything is written and
 * any question (or a refusal of the first part) stops the whole undo, so nothing is half taken back; a
 * failure later is reported with what was done.
 */
import { WriteError, type BatchOutcome } from '../safety/safe-writer';
import type { DeskAccess } from './desk-access';
import type { TrackedChange, TrackedPart } from './stage-log';
import { TRACKING_ORIGIN } from './track-gain';

export async function undoTracked(change: TrackedChange, client: string, confirmed: boolean, desks: DeskAccess): Promise<BatchOutcome> {
  if (!confirmed) await askEveryDesk(change, desks);
  const outcome: BatchOutcome = { entries: [], failures: [] };
  for (const [i, part] of [...change.parts].reverse().entries()) {
    const writer = desks.writer(part.desk);
    const actionSeq = part.actionSeq ?? findAction(part, desks);
    if (writer === null || actionSeq === null) {
      outcome.failures.push({ param: part.param, label: part.param, code: 'nothing-to-undo', message: `${desks.name(part.desk)}: the write to undo is not in its journal.` });
      continue;
    }
    try {
      const done = await writer.undoAction(client, actionSeq, confirmed);
      outcome.entries.push(...done.entries);
      outcome.failures.push(...done.failures);
    } catch (error) {
      if (i === 0 && error instanceof WriteError) throw error;
      outcome.failures.push({ param: part.param, label: part.param, code: error instanceof WriteError ? error.code : 'console-failed', message: (error as Error).message });
    }
  }
  return outcome;
}

/**
 * Every part's question before any part is written: a later part that asks (the gain's step, where the trim
 * it answered was clamped short) would otherwise find the earlier parts already taken back. Refusals other
 * than a question are left to the undo itself, as before.
 */
async function askEveryDesk(change: TrackedChange, desks: DeskAccess): Promise<void> {
  const questions: string[] = [];
  for (const part of [...change.parts].reverse()) {
    const writer = desks.writer(part.desk);
    const actionSeq = part.actionSeq ?? findAction(part, desks);
    if (writer === null || actionSeq === null) continue;
    try {
      await writer.checkUndoAction(actionSeq);
    } catch (error) {
      if (!(error instanceof WriteError) || error.code !== 'needs-confirmation') continue;
      questions.push(questions.length === 0 ? error.message : `Then on ${desks.name(part.desk)}: ${error.message}`);
    }
  }
  if (questions.length > 0) throw new WriteError('needs-confirmation', questions.join(' '));
}

/** The action of a Headroom write's part: its first journal entry after the write was announced. */
function findAction(part: TrackedPart, desks: DeskAccess): number | null {
  const entry = desks.journal(part.desk).entries().find((e) => e.seq > part.journalFrom && e.param === part.param && !e.origin.startsWith(TRACKING_ORIGIN));
  return entry?.actionSeq ?? null;
}
