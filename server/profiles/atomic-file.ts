/**
 * Crash-safe file replacement: the target always holds either its old or its new bytes, never a mix.
 * Write a temporary file in the same directory, fsync it, rename it over the target, fsync the directory
 * so the rename itself survives a power cut. Temporary names are unique per process and call, so
 * concurrent writers (threads of this process or other processes) never share one: the last rename wins.
 */
import { randomUUID } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of temporary files; anything ending in it may be left behind by a killed writer. */
const TEMPORARY_SUFFIX = '.tmp';

/** A temporary file's name: `.<target>.<pid>.<uuid>.tmp`. */
const TEMPORARY_NAME = /^\..+\.(\d+)\.[0-9a-f-]{36}\.tmp$/;

/**
 * The writer process of a temporary file in `dir` named by replaceFile, or null when `name` is not one.
 */
export function temporaryWriterPid(name: string): number | null {
  const match = TEMPORARY_NAME.exec(name);
  return match ? Number(match[1]) : null;
}

/** True while process `pid` exists (a signal-0 probe; EPERM means it exists under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * Removes temporary files in `dir` whose writer is gone (killed mid-save): they can never be renamed into
 * place. A live writer's file is left alone, so two bridges sharing a folder do not break each other's save.
 * Resolves with the names removed; a missing folder has none.
 */
export async function removeStaleTemporaries(dir: string, alive: (pid: number) => boolean = processAlive): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = temporaryWriterPid(name);
    if (pid === null || pid === process.pid || alive(pid)) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch (error) {
      // Another process cleaning the same folder got there first.
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
  }
  return removed;
}

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
