/**
 * Finding 6: user profiles were saved into the install tree. The user's folder and the shipped examples
 * are now separate: examples are listed, copied on first use, never written; a profile in both places
 * is explained.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ProfileStore } from '../../server/profiles/profile-store';
import { makeLogger, makeProfile, makeProfilesDir } from './builders';

let root: string;
let cleanup: () => Promise<void>;
let examples: string;
let userDir: string;
let store: ProfileStore;
const exampleText = `${JSON.stringify(makeProfile({ venue: 'Shipped Club' }), null, 2)}\n`;

beforeEach(async () => {
  ({ dir: root, cleanup } = await makeProfilesDir());
  examples = join(root, 'shipped');
  userDir = join(root, 'data', 'profiles');
  await mkdir(examples, { recursive: true });
  await writeFile(join(examples, 'club.json'), exampleText);
  store = new ProfileStore({ dir: userDir, examplesDir: examples, logger: makeLogger(), now: () => new Date() });
});
afterEach(async () => {
  await cleanup();
});

test('a shipped example is listed with a note, loads, and is copied into the user folder on first use', async () => {
  const listing = await store.list();
  expect(listing.profiles).toEqual([expect.objectContaining({ id: 'club', venue: 'Shipped Club', note: expect.stringMatching(/^Shipped example \(read only\)/) })]);
  expect((await store.load('club')).venue).toBe('Shipped Club');
  expect(await readFile(join(userDir, 'club.json'), 'utf8')).toBe(exampleText);
});

test('saving writes to the user folder only; the example is never changed', async () => {
  await store.save('club', makeProfile({ venue: 'My Club' }));
  await store.save('new-venue', makeProfile({ venue: 'New' }));
  expect(await readFile(join(examples, 'club.json'), 'utf8')).toBe(exampleText);
  expect(await readdir(examples)).toEqual(['club.json']);
  expect((await readdir(userDir)).sort()).toEqual(['club.json', 'new-venue.json']);
  const listing = await store.list();
  expect(listing.profiles.map((p) => [p.id, p.venue])).toEqual([['club', 'My Club'], ['new-venue', 'New']]);
  expect(listing.profiles[0]!.note).toMatch(/^Yours, in .*: it hides the shipped example of the same id \(shipped\/club\.json \(shipped\)\)/);
  expect(listing.profiles[1]!.note).toBeNull();
});

test('an id in neither place is not-found', async () => {
  await expect(store.load('ghost')).rejects.toMatchObject({ code: 'not-found' });
});
