/**
 * Backup stores: a directory of JSON files (one per bridge run, written atomically, never overwritten), or
 * memory only for tests. A file can be read by a person or a script; -Infinity (fader fully down) is null.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFile } from '../profiles/atomic-file';
import type { Backup, BackupStore } from './backup';

export class FileBackupStore implements BackupStore {
  readonly #dir: string;

  /** @param dir directory for backup files (created when missing), e.g. ~/.headroom/backups. */
  constructor(dir: string) {
    this.#dir = dir;
  }

  async save(backup: Backup): Promise<string> {
    await mkdir(this.#dir, { recursive: true });
    const path = join(this.#dir, `backup-${backup.takenAtIso.replace(/[:.]/g, '-')}.json`);
    const file = {
      format: 'headroom-backup',
      version: 1,
      takenAtIso: backup.takenAtIso,
      console: backup.console,
      values: backup.values.map((v) => ({ ...v, value: Number.isFinite(v.value) ? v.value : null })),
    };
    await replaceFile(path, `${JSON.stringify(file, null, 2)}\n`);
    return path;
  }
}

export class MemoryBackupStore implements BackupStore {
  readonly saved: Backup[] = [];

  async save(backup: Backup): Promise<null> {
    this.saved.push(backup);
    return null;
  }
}
