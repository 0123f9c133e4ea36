/**
 * The write journal: one entry per console write, append-only. The file form is JSON lines in the data
 * directory, so a crash loses at most the line being written and every earlier line stays readable.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeJournalEntry, encodeJournalEntry } from './journal-codec';
import type { JournalEntry } from './journal-entry';

export type { JournalEntry };

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

/**
 * A journal in a JSON-lines file; earlier entries are read on open, unreadable lines are reported and kept
 * aside. An entry is in memory (and undoable) as soon as append() is called; append() settles once its
 * line is on disk, or rejects with the file system's error.
 */
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
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        onBadLine(i + 1, `not JSON: ${(error as Error).message}`);
        return;
      }
      const decoded = decodeJournalEntry(raw);
      if (decoded.ok) entries.push(decoded.entry);
      else onBadLine(i + 1, decoded.reason);
    });
    return new FileJournal(path, entries);
  }

  get path(): string {
    return this.#path;
  }

  append(entry: JournalEntry): Promise<void> {
    this.#entries.push(entry);
    const line = `${JSON.stringify(encodeJournalEntry(entry))}\n`;
    const write = () => appendFile(this.#path, line, 'utf8');
    // Lines go out in order; a failed line was reported to its own caller and does not block the next.
    const run = this.#tail.then(write, write);
    this.#tail = run;
    return run;
  }

  entries(): readonly JournalEntry[] {
    return this.#entries;
  }
}
