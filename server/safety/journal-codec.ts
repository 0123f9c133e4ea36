/**
 * Journal entries as JSON (the journal file and the wire share one form): JSON has no -Infinity, so a
 * fader fully down is null in the three value fields. Lines written before soundcheckId and
 * secondConfirmation existed read as null and false; lines written before actionSeq stand alone (their own seq).
 */
import { z } from 'zod';
import type { JournalEntry, WireJournalEntry } from './journal-entry';

const level = z.number().nullable().transform((value) => value ?? -Infinity);

const entrySchema = z.object({
  seq: z.number().int().min(1),
  atIso: z.string().min(1),
  client: z.string(),
  param: z.string().min(1),
  label: z.string(),
  beforeValue: level,
  requestedValue: level,
  confirmedValue: level,
  origin: z.string(),
  undoOf: z.number().int().min(1).nullable(),
  soundcheckId: z.string().nullable().default(null),
  secondConfirmation: z.boolean().default(false),
  actionSeq: z.number().int().min(1).optional(),
}).transform(({ actionSeq, ...entry }) => ({ ...entry, actionSeq: actionSeq ?? entry.seq }));

const wireLevel = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function encodeJournalEntry(entry: JournalEntry): WireJournalEntry {
  return {
    ...entry,
    beforeValue: wireLevel(entry.beforeValue),
    requestedValue: wireLevel(entry.requestedValue),
    confirmedValue: wireLevel(entry.confirmedValue),
  };
}

/** Reads one parsed JSON line; never throws. */
export function decodeJournalEntry(raw: unknown): { ok: true; entry: JournalEntry } | { ok: false; reason: string } {
  const parsed = entrySchema.safeParse(raw);
  if (parsed.success) return { ok: true, entry: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reason: `not a journal entry (${where}${issue?.message ?? 'invalid'})` };
}
