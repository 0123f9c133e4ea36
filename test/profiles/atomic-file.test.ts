import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { moveFile, replaceFile } from '../../server/profiles/atomic-file';
import { makeProfilesDir } from './builders';

let dir: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ dir, cleanup } = await makeProfilesDir());
  await mkdir(dir);
});

afterEach(async () => {
  await cleanup();
});

test('creates a file, then replaces it, leaving no temporary file behind', async () => {
  const path = join(dir, 'a.json');
  await replaceFile(path, 'first');
  await replaceFile(path, 'second, longer than the first');
  expect(await readFile(path, 'utf8')).toBe('second, longer than the first');
  expect(await readdir(dir)).toEqual(['a.json']);
});

test('parallel replaces of one file leave exactly one of the contents', async () => {
  const path = join(dir, 'a.json');
  const contents = Array.from({ length: 20 }, (_, i) => `content ${i} `.repeat(1000 + i));
  await Promise.all(contents.map((content) => replaceFile(path, content)));
  expect(contents).toContain(await readFile(path, 'utf8'));
  expect(await readdir(dir)).toEqual(['a.json']);
});

test('a failed replace rejects and leaves the old file as it was', async () => {
  const path = join(dir, 'a.json');
  await writeFile(path, 'old');
  await expect(replaceFile(join(dir, 'missing', 'a.json'), 'new')).rejects.toMatchObject({ code: 'ENOENT' });
  expect(await readFile(path, 'utf8')).toBe('old');
});

test('when the rename fails the temporary file is removed', async () => {
  const path = join(dir, 'b.json');
  await mkdir(path);
  await writeFile(join(path, 'inside'), 'x');
  await expect(replaceFile(path, 'new')).rejects.toBeInstanceOf(Error);
  expect(await readdir(dir)).toEqual(['b.json']);
});

test('moveFile renames over the target', async () => {
  await writeFile(join(dir, 'a.json'), 'a');
  await writeFile(join(dir, 'a.json.bak'), 'older');
  await moveFile(join(dir, 'a.json'), join(dir, 'a.json.bak'));
  expect(await readdir(dir)).toEqual(['a.json.bak']);
  expect(await readFile(join(dir, 'a.json.bak'), 'utf8')).toBe('a');
});
