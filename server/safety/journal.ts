/**
 * The write journal: one entry per console write, append-only. The file form is JSON lines in the data
 * directory, so a crash loses at most the line being written and every earlier line stays readable.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface JournalEntry {
  /** 1-based sequence number, unique within the journal. */
  seq: number;
  atIso: string;
  /** Which tablet (client id) or 'bridge' asked for the write. */
  client: string;
  param: string;
  label: string;
  /** Value read from the console before the write (dB, or 0/1); null when unknown (-Infinity is stored as null). */
  beforeValue: number | null;
  requestedValue: number;
  /** Value the console confirmed by read-back. */
  confirmedValue: number;
  /** Why the write happened: a suggestion id, 'undo', 'recall', 'restore'. */
  origin: string;
  /** For undo writes: the seq of the entry undone. */
  undoOf: number | null;
}

export interface Journal {
  append(entry: JournalEntry): Promise<void>;
  entries(): readonly JournalEntry[];
}

export class MemoryJournal implements Journal {
  readonly #entries: JournalEntry[] = [];
  async append(entry: JournalEntry): Promise<void> {
    this.#entries.push(entry);
  }
  entries(): readonly JournalEntry[] {
    return this.#entries;
  }
}

/** A journal in a JSON-lines file; earlier entries are read on open, unreadable lines are reported and kept aside. */
export class FileJournal implements Journal {
  readonly #path: string;
  readonly #entries: JournalEntry[];
  #tail: Promise<void> = Promise.resolve();

  private constructor(path: string, entries: JournalEntry[]) {
    this.#path = path;
    this.#entries = entries;
  }

  /** Opens (or creates) the journal; `onBadLine` hears about lines that are not entries (never fatal). */
  static async open(path: string, onBadLine: (lineNumber: number, reason: string) => void): Promise<FileJournal> {
    await mkdir(dirname(path), { recursive: true });
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const entries: JournalEntry[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (typeof entry.seq !== 'number' || typeof entry.param !== 'string') throw new Error('missing seq/param');
        entries.push(entry);
      } catch (error) {
        onBadLine(i + 1, (error as Error).message);
      }
    });
    return new FileJournal(path, entries);
  }

  append(entry: JournalEntry): Promise<void> {
    this.#entries.push(entry);
    const line = `${JSON.stringify(entry)}\n`;
    this.#tail = this.#tail.then(() => appendFile(this.#path, line, 'utf8'));
    return this.#tail;
  }

  entries(): readonly JournalEntry[] {
    return this.#entries;
  }
}
