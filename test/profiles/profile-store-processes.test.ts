/**
 * The store against other processes: two writers at once, and writers killed with SIGKILL mid-save.
 * Children run fixtures/save-loop.ts under tsx and report each save on stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ProfileStore } from '../../server/profiles/profile-store';
import { bigProfile, bigProfileOrigin } from './big-profile';
import { makeLogger, makeProfilesDir } from './builders';

const SAVE_LOOP = fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
const children = new Set<ChildProcess>();

beforeEach(async () => {
  ({ dir, cleanup } = await makeProfilesDir());
});

afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
  await cleanup();
});

function startSaveLoop(id: string, tag: string, count: number | 'forever', visits: number): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', SAVE_LOOP, dir, id, tag, String(count), String(visits)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stderr });
    });
  });
}

/** Calls `onLine` for every stdout line of `child`. */
function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  });
}

test('two processes saving the same id at once leave the last complete save of one of them', async () => {
  const count = 12;
  const visits = 3;
  const a = startSaveLoop('club', 'a', count, visits);
  const b = startSaveLoop('club', 'b', count, visits);
  const [exitA, exitB] = await Promise.all([exited(a), exited(b)]);
  expect([exitA.code, exitA.stderr, exitB.code, exitB.stderr]).toEqual([0, '', 0, '']);

  const store = new ProfileStore({ dir, examplesDir: null, logger: makeLogger(), now: () => new Date() });
  const saved = await store.load('club');
  const { tag } = bigProfileOrigin(saved);
  expect(['a', 'b']).toContain(tag);
  expect(saved).toEqual(bigProfile(tag, count - 1, visits));
  const previous = bigProfileOrigin(await store.loadPrevious('club'));
  expect(await store.loadPrevious('club')).toEqual(bigProfile(previous.tag, previous.n, visits));
  expect((await readdir(dir)).sort()).toEqual(['club.json', 'club.json.bak']);
});

test('a reader never sees a partial file while another process saves', async () => {
  const visits = 20;
  const store = new ProfileStore({ dir, examplesDir: null, logger: makeLogger(), now: () => new Date() });
  await store.save('club', bigProfile('start', 0, visits));
  const child = startSaveLoop('club', 'w', 15, visits);
  let running = true;
  const exit = exited(child).then((result) => {
    running = false;
    return result;
  });
  let reads = 0;
  const failures: string[] = [];
  while (running && reads < 2_000) {
    reads++;
    await store.load('club').catch((error: unknown) => failures.push(String(error)));
  }
  expect((await exit).code).toBe(0);
  expect(failures).toEqual([]);
  expect(await store.load('club')).toEqual(bigProfile('w', 14, visits));
});

// Five child processes, each started through tsx: on a loaded machine that alone can take longer than the default timeout.
test('a writer killed with SIGKILL mid-save leaves the old or the new profile, never neither', { timeout: 120_000 }, async () => {
  const visits = 40;
  const store = new ProfileStore({ dir, examplesDir: null, logger: makeLogger(), now: () => new Date() });
  await store.save('club', bigProfile('start', 0, visits));
  let killsMidSave = 0;

  for (let round = 0; round < 5; round++) {
    const tag = `k${round}`;
    const child = startSaveLoop('club', tag, 'forever', visits);
    const exit = exited(child);
    // Kill during save number 2 or 3, at a random point within the time the child's previous save took
    // (round 0 kills as soon as the save begins), so the kills land at different stages of a save.
    const killDuring = 1 + Math.floor(Math.random() * 2);
    const killAtFraction = round === 0 ? 0 : Math.random();
    let started = -1;
    let finished = -1;
    let startedAt = 0;
    let lastSaveMs = 0;
    onLines(child, (line) => {
      const [event, n] = line.split(' ');
      if (event === 'saved') {
        finished = Number(n);
        lastSaveMs = performance.now() - startedAt;
      }
      if (event !== 'saving') return;
      started = Number(n);
      startedAt = performance.now();
      if (started === killDuring) setTimeout(() => child.kill('SIGKILL'), killAtFraction * lastSaveMs);
    });
    const { signal, stderr } = await exit;
    expect([signal, stderr]).toEqual(['SIGKILL', '']);
    if (finished < started) killsMidSave++;

    const saved = await store.load('club');
    const origin = bigProfileOrigin(saved);
    expect(saved).toEqual(bigProfile(origin.tag, origin.n, visits));
    if (origin.tag === tag) {
      // The file holds a save of this child: at least the last one it reported done, at most the one it began.
      expect(origin.n).toBeGreaterThanOrEqual(finished);
      expect(origin.n).toBeLessThanOrEqual(started);
    } else {
      expect(finished).toBe(-1);
    }
    const previous = await store.loadPrevious('club');
    const previousOrigin = bigProfileOrigin(previous);
    expect(previous).toEqual(bigProfile(previousOrigin.tag, previousOrigin.n, visits));
    const listing = await store.list();
    expect([listing.profiles.map((p) => p.id), listing.invalid]).toEqual([['club'], []]);
    // Finding 5: a killed save's temporary file goes at the next start; the writer is dead, so it can never be renamed.
    await store.prepare();
    expect((await readdir(dir)).sort()).toEqual(['club.json', 'club.json.bak']);
  }
  expect(killsMidSave).toBeGreaterThan(0);
});
