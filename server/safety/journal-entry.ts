/**
 * One console write as the journal keeps it (JournalEntry) and as it travels to tablets and scripts
 * (WireJournalEntry). Types only: the journal and its codec both use them.
 */

export interface JournalEntry {
  /** 1-based sequence number, unique within the journal. */
  seq: number;
  atIso: string;
  /** Which tablet (client id) or 'bridge' asked for the write. */
  client: string;
  param: string;
  label: string;
  /** Value read from the console before the write: dB (-Infinity for a fader fully down), or 0/1. */
  beforeValue: number;
  /** Value sent: the asked value clamped to the parameter's range and snapped to its grid. */
  requestedValue: number;
  /** Value the console confirmed by read-back. */
  confirmedValue: number;
  /** Why the write happened: a suggestion id, 'undo', 'recall:<profile>', 'restore'. */
  origin: string;
  /** For undo writes: the seq of the entry undone. */
  undoOf: number | null;
  /** The soundcheck whose result the write applied; null for every other write. */
  soundcheckId: string | null;
  /** The request carried the engineer's second confirmation (confirm: true; always so for restores). */
  secondConfirmation: boolean;
  /**
   * The seq of the first write of the engineer action this write belongs to: a suggestion's change and its
   * compensation, a recall, a restore or an undo of several writes share one. A lone write carries its own seq.
   */
  actionSeq: number;
}

/**
 * One console write as journalled. Values are dB (or 0/1 for switches); a fader fully down (-Infinity)
 * is null in the three value fields.
 */
export interface WireJournalEntry {
  /** 1-based, increasing, unique within the journal. */
  seq: number;
  atIso: string;
  /** Client id of the tablet that asked, or 'bridge'. */
  client: string;
  /** Parameter id, e.g. "ch.1.preampGainDb". */
  param: string;
  /** "Ch 1 Kick gain". */
  label: string;
  /** The console's value before the write (read back, as the bridge knew it). */
  beforeValue: number | null;
  /** What was sent: the asked value clamped to the range and snapped to the console's grid. */
  requestedValue: number | null;
  /** What the console confirmed by read-back. */
  confirmedValue: number | null;
  /** Why: a suggestion id, 'undo', 'restore', 'recall:<profile>'. */
  origin: string;
  /** For undo writes: the seq of the entry undone. */
  undoOf: number | null;
  /** The soundcheck whose result this write applied (undo-soundcheck undoes these); null otherwise. */
  soundcheckId: string | null;
  /** The request carried the engineer's second confirmation (confirm: true; always so for restores). */
  secondConfirmation: boolean;
  /** The seq of the first write of the action this write belongs to (a change and its compensation share one). */
  actionSeq: number;
}
