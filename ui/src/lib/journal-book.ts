/**
 * The journal as the tablet holds it: pages from the bridge merged by seq, and which entries are undone.
 * An entry is undone when a later entry undid it (undoOf = its seq) and that undo is not itself undone
 * (undoing an undo is a redo). Pure.
 */
import type { WireJournalEntry } from '../../../server/hub/protocol';

/** Both lists merged, one entry per seq (the incoming one wins), oldest first. */
export function mergeEntries(held: readonly WireJournalEntry[], incoming: readonly WireJournalEntry[]): WireJournalEntry[] {
  const bySeq = new Map<number, WireJournalEntry>();
  for (const entry of held) bySeq.set(entry.seq, entry);
  for (const entry of incoming) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** seq of each undone entry -> seq of the undo that undid it. */
export function undoneBy(entries: readonly WireJournalEntry[]): ReadonlyMap<number, number> {
  const undone = new Map<number, number>();
  // Newest first: by the time an undo is reached we already know whether a later entry undid it.
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.undoOf !== null && !undone.has(entry.seq) && !undone.has(entry.undoOf)) undone.set(entry.undoOf, entry.seq);
  }
  return undone;
}

/** The latest write that is neither an undo nor undone (what the bridge's own "undo last" picks). */
export function lastUndoable(entries: readonly WireJournalEntry[], undone: ReadonlyMap<number, number>): WireJournalEntry | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.undoOf === null && !undone.has(entry.seq)) return entry;
  }
  return null;
}

/** The writes a soundcheck's results made that are still in force, newest first (what "Undo this soundcheck" undoes). */
export function soundcheckWritesInForce(
  entries: readonly WireJournalEntry[],
  undone: ReadonlyMap<number, number>,
  soundcheckId: string,
): WireJournalEntry[] {
  return entries.filter((e) => e.soundcheckId === soundcheckId && e.undoOf === null && !undone.has(e.seq)).reverse();
}

/**
 * The last change as the engineer made it, newest first: every write in force of the action the latest
 * write in force belongs to (the bridge journals one action number for e.g. a suggestion's gain change and
 * its compensating sends, or a recall). Empty when nothing is left to undo.
 */
export function lastChange(entries: readonly WireJournalEntry[], undone: ReadonlyMap<number, number>): WireJournalEntry[] {
  const last = lastUndoable(entries, undone);
  if (last === null) return [];
  return entries.filter((e) => e.actionSeq === last.actionSeq && e.undoOf === null && !undone.has(e.seq)).reverse();
}
