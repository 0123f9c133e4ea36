import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { processAlive, removeStaleTemporaries, temporaryWriterPid } from '../../server/profiles/atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-tmp-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';

test.each<[string, number | null]>([
  [`.simulator-band.json.bak.4242.${uuid}.tmp`, 4242],
  [`.club.json.17.${uuid}.tmp`, 17],
  ['club.json', null],
  [`club.json.17.${uuid}.tmp`, null],
  ['.club.json.tmp', null],
])('%s was written by process %j', (name, pid) => {
  expect(temporaryWriterPid(name)).toBe(pid);
});

test('finding 5: temporary files of dead writers are removed; a live writer, this process and profiles are left alone', async () => {
  const dead = `.simulator-band.json.bak.999999.${uuid}.tmp`;
  const live = `.club.json.4242.${uuid}.tmp`;
  const own = `.club.json.${process.pid}.${uuid}.tmp`;
  for (const name of [dead, live, own, 'club.json', 'club.json.bak']) await writeFile(join(dir, name), 'partial');
  const removed = await removeStaleTemporaries(dir, (pid) => pid === 4242);
  expect(removed).toEqual([dead]);
  expect((await readdir(dir)).sort()).toEqual([live, own, 'club.json', 'club.json.bak'].sort());
});

test('a missing folder has nothing to remove; this process is alive', async () => {
  expect(await removeStaleTemporaries(join(dir, 'none'))).toEqual([]);
  expect(processAlive(process.pid)).toBe(true);
});
