/**
 * Crash-safe file replacement: the target always holds either its old or its new bytes, never a mix.
 * Write a temporary file in the same directory, fsync it, rename it over the target, fsync the directory
 * so the rename itself survives a power cut. Temporary names are unique per process and call, so
 * concurrent writers (threads of this process or other processes) never share one: the last rename wins.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of temporary files; anything ending in it may be left behind by a killed writer. */
const TEMPORARY_SUFFIX = '.tmp';

/** Replaces `path` with `data` atomically (see module comment). Rejects with the file system's error. */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}${TEMPORARY_SUFFIX}`);
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary);
    throw error;
  }
  await syncDirectory(dir);
}

/** Moves `from` to `to` (same directory) atomically and makes the move durable. */
export async function moveFile(from: string, to: string): Promise<void> {
  await rename(from, to);
  await syncDirectory(dirname(to));
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
