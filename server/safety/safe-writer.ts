/**
 * The only code path that writes to a console. Every write is: refused in read-only mode, clamped to the
 * parameter's range, refused above the step limit (or for phantom power) unless confirmed a second time,
 * read back (the console's confirmed value is what counts), journalled and undoable.
 * Writes are serialised: two tablets never interleave a read-modify-write.
 */
import type { Console } from '../consoles/console';
import { ConsoleError } from '../consoles/console';
import { clamp, formatDb } from '../model/db';
import { parseParamId, readParam } from '../model/params';
import type { Journal, JournalEntry } from './journal';

export type WriteErrorCode =
  | 'read-only'
  | 'unknown-param'
  | 'needs-confirmation'
  | 'console-failed'
  | 'nothing-to-undo';

export class WriteError extends Error {
  readonly code: WriteErrorCode;
  constructor(code: WriteErrorCode, message: string) {
    super(message);
    this.name = 'WriteError';
    this.code = code;
  }
}

export interface WriteRequest {
  param: string;
  value: number;
  /** Client id of the tablet, or 'bridge'. */
  client: string;
  /** Why: suggestion id, 'undo', 'recall', 'restore'. */
  origin: string;
  /** The engineer confirmed a second time (needed above the step limit and for phantom power). */
  confirmed: boolean;
}

export interface SafeWriterOptions {
  console: Console;
  journal: Journal;
  readOnly: boolean;
  /** Largest change applied without a second confirmation, dB. */
  maxStepDb: number;
  nowMs: () => number;
  onWrite: (entry: JournalEntry) => void;
}

export class SafeWriter {
  readonly #options: SafeWriterOptions;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: SafeWriterOptions) {
    this.#options = options;
  }

  get readOnly(): boolean {
    return this.#options.readOnly;
  }

  /** Applies one write; resolves with its journal entry (confirmedValue = the console's read-back). */
  apply(request: WriteRequest): Promise<JournalEntry> {
    return this.#serialise(() => this.#apply(request, null));
  }

  /** Undoes journal entry `seq` (default: the latest write that is not itself undone). */
  undo(client: string, seq: number | null): Promise<JournalEntry> {
    return this.#serialise(() => {
      const entry = seq === null ? this.#latestUndoable() : this.#options.journal.entries().find((e) => e.seq === seq);
      if (!entry) throw new WriteError('nothing-to-undo', seq === null ? 'Nothing to undo.' : `No journal entry #${seq}.`);
      if (entry.beforeValue === null && !entry.param.endsWith('faderDb')) {
        throw new WriteError('nothing-to-undo', `Entry #${entry.seq} has no recorded previous value.`);
      }
      const value = entry.beforeValue ?? -Infinity;
      return this.#apply({ param: entry.param, value, client, origin: 'undo', confirmed: true }, entry.seq);
    });
  }

  #latestUndoable(): JournalEntry | undefined {
    const entries = this.#options.journal.entries();
    const undone = new Set(entries.filter((e) => e.undoOf !== null).map((e) => e.undoOf));
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (e.undoOf === null && !undone.has(e.seq)) return e;
    }
    return undefined;
  }

  #serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #apply(request: WriteRequest, undoOf: number | null): Promise<JournalEntry> {
    const { console: desk, journal, readOnly, maxStepDb } = this.#options;
    if (readOnly) throw new WriteError('read-only', 'Headroom runs read-only (--read-only): nothing is written to the console.');
    const ref = parseParamId(request.param);
    const spec = ref ? desk.paramSpec(request.param) : undefined;
    if (!spec) throw new WriteError('unknown-param', `This console cannot write ${request.param}.`);
    if (Number.isNaN(request.value)) throw new WriteError('unknown-param', `Not a value for ${spec.label}.`);
    const before = readParam(desk.snapshot(), request.param);
    const requested = spec.quantise(clamp(request.value, spec.min, spec.max));
    const isPhantom = ref?.scope === 'channel' && ref.param === 'phantom';
    if (!request.confirmed) {
      if (isPhantom) throw new WriteError('needs-confirmation', `${spec.label}: phantom power changes need a second confirmation.`);
      const stepDb = before === undefined ? Infinity : Math.abs(requested - before);
      if (spec.unit === 'dB' && !(stepDb <= maxStepDb)) {
        throw new WriteError(
          'needs-confirmation',
          `${spec.label}: a ${Number.isFinite(stepDb) ? `${stepDb.toFixed(1)} dB` : 'large'} step exceeds the ${maxStepDb} dB limit; confirm to apply.`,
        );
      }
    }
    let confirmedValue: number;
    try {
      confirmedValue = await desk.apply({ param: request.param, value: requested });
    } catch (error) {
      const reason = error instanceof ConsoleError ? `${error.code}: ${error.message}` : String(error);
      throw new WriteError('console-failed', `${spec.label}: the console did not confirm the write (${reason}).`);
    }
    const entry: JournalEntry = {
      seq: (journal.entries().at(-1)?.seq ?? 0) + 1,
      atIso: new Date(this.#options.nowMs()).toISOString(),
      client: request.client,
      param: request.param,
      label: spec.label,
      beforeValue: before === undefined || !Number.isFinite(before) ? null : before,
      requestedValue: requested,
      confirmedValue,
      origin: request.origin,
      undoOf,
    };
    await journal.append(entry);
    this.#options.onWrite(entry);
    return entry;
  }
}

/** "Ch 1 Kick gain 42.0 -> 34.0 dB (confirmed 34.0)" */
export function describeEntry(entry: JournalEntry): string {
  const before = entry.beforeValue === null ? '?' : formatDb(entry.beforeValue);
  return `${entry.label} ${before} -> ${formatDb(entry.requestedValue)} dB (confirmed ${formatDb(entry.confirmedValue)})`;
}
