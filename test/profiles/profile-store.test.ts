import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ProfileError } from '../../server/profiles/profile-error';
import { ProfileStore } from '../../server/profiles/profile-store';
import { PROFILE_SCHEMA_VERSION, type VenueProfile } from '../../server/profiles/schema';
import { bigProfile } from './big-profile';
import { makeLogger, makeProfile, makeProfilesDir } from './builders';

let dir: string;
let cleanup: () => Promise<void>;
let logger: ReturnType<typeof makeLogger>;
let store: ProfileStore;

beforeEach(async () => {
  ({ dir, cleanup } = await makeProfilesDir());
  logger = makeLogger();
  store = new ProfileStore({ dir, examplesDir: null, logger, now: () => new Date() });
});

afterEach(async () => {
  await cleanup();
});

async function rejection(promise: Promise<unknown>): Promise<ProfileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('expected a ProfileError');
}

const club = (): VenueProfile =>
  makeProfile({
    venue: 'The Cellar Club',
    consoleModel: 'XR18',
    channels: [{ index: 1, name: 'Kick', sourceType: 'kick', expectedGainDb: 28, notes: 'D6 inside' }],
    outputs: [{ index: 1, amplifier: 'FOH A', inputSensitivityDbu: 4, dbuAtZeroDbfs: 16, feed: { kind: 'main' } }],
    history: [
      { date: '2026-10-02', channels: [{ index: 1, name: 'Kick', preampGainDb: 28, trimDb: null, averageDbfs: -19.5, peakDbfs: null }] },
      { date: '2026-09-01', channels: [] },
    ],
  });

describe('save and load', () => {
  test('round trip gives back the same profile', async () => {
    const profile = club();
    await store.save('club', profile);
    expect(await store.load('club')).toEqual(profile);
  });

  test('writes pretty JSON that ends in a newline, creating the folder', async () => {
    await store.save('club', club());
    const text = await readFile(join(dir, 'club.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify(club(), null, 2)}\n`);
  });

  test('save resolves with the listing entry', async () => {
    const summary = await store.save('club', club());
    expect(summary).toMatchObject({
      id: 'club', venue: 'The Cellar Club', consoleModel: 'XR18', fileSchemaVersion: PROFILE_SCHEMA_VERSION, lastVisit: '2026-10-02',
    });
    expect(Number.isNaN(Date.parse(summary.updatedIso))).toBe(false);
    expect(logger.infos).toEqual(['profile saved']);
  });

  test('works with a pino logger', async () => {
    const quiet = new ProfileStore({ dir, examplesDir: null, logger: pino({ level: 'silent' }), now: () => new Date() });
    await quiet.save('club', club());
    expect((await quiet.list()).profiles.map((p) => p.id)).toEqual(['club']);
  });

  test('an invalid profile is refused and nothing is written', async () => {
    const profile = club();
    profile.targets.averageDbfs = 3;
    const error = await rejection(store.save('club', profile));
    expect(error.code).toBe('invalid');
    expect(error.message).toBe(`profiles/club.json: targets.averageDbfs: Too big: expected number to be <=0`);
    expect(error.file).toBe('profiles/club.json');
    expect(error.fieldPath).toBe('targets.averageDbfs');
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('loading a missing profile is not-found', async () => {
    const error = await rejection(store.load('nowhere'));
    expect(error).toMatchObject({ code: 'not-found', message: 'profiles/nowhere.json: no such profile' });
  });

  test('a v1 file loads upgraded and is written as the current version on the next save', async () => {
    await mkdir(dir, { recursive: true });
    await copyFile(new URL('./fixtures/v1-club.json', import.meta.url), join(dir, 'old.json'));
    const listing = await store.list();
    expect(listing.profiles).toMatchObject([{ id: 'old', fileSchemaVersion: 1 }]);
    const profile = await store.load('old');
    expect(profile.schemaVersion).toBe(PROFILE_SCHEMA_VERSION);
    await store.save('old', profile);
    expect(JSON.parse(await readFile(join(dir, 'old.json'), 'utf8')).schemaVersion).toBe(PROFILE_SCHEMA_VERSION);
    expect((await store.list()).profiles).toMatchObject([{ id: 'old', fileSchemaVersion: PROFILE_SCHEMA_VERSION }]);
  });
});

describe('previous versions', () => {
  test('each save keeps the version it replaces', async () => {
    const first = club();
    const second = { ...club(), venue: 'The Cellar Club (new PA)' };
    await store.save('club', first);
    await expect(store.loadPrevious('club')).rejects.toMatchObject({ code: 'not-found' });
    await store.save('club', second);
    expect(await store.load('club')).toEqual(second);
    expect(await store.loadPrevious('club')).toEqual(first);
  });

  test('a broken file never replaces a good backup', async () => {
    const first = club();
    await store.save('club', first);
    await store.save('club', { ...club(), venue: 'Second' });
    await writeFile(join(dir, 'club.json'), '{"schemaVersion": 2, "venue": ');
    await store.save('club', { ...club(), venue: 'Third' });
    expect((await store.loadPrevious('club')).venue).toBe('The Cellar Club');
    expect((await store.load('club')).venue).toBe('Third');
    expect(logger.warnings.some((w) => w.startsWith('profile being replaced does not load: moved aside as club.corrupt-'))).toBe(true);
  });

  test('finding 4: saving over a corrupt file with no backup moves it aside, says so, and keeps its bytes', async () => {
    const broken = '{"schemaVersion": 2, "venue": ';
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'club.json'), broken);
    const clockStore = new ProfileStore({ dir, examplesDir: null, logger, now: () => new Date('2026-12-03T10:15:00.123Z') });
    const summary = await clockStore.save('club', club());
    const aside = 'club.corrupt-20261203T101500123Z.json';
    expect(summary.note).toBe(`The earlier profiles/club.json did not load; it was moved aside as profiles/${aside}, not overwritten.`);
    expect(await readFile(join(dir, aside), 'utf8')).toBe(broken);
    expect(logger.warnings).toContain(`profile being replaced does not load: moved aside as ${aside}`);
    expect(logger.warnings.some((w) => w.includes('previous backup kept'))).toBe(false);
    await expect(clockStore.loadPrevious('club')).rejects.toMatchObject({ code: 'not-found' });
    // The file moved aside is not a profile: it is neither listed nor reported as invalid.
    expect(await clockStore.list()).toEqual({ profiles: [expect.objectContaining({ id: 'club', note: null })], invalid: [] });
  });

  test('remove keeps the profile as the previous version', async () => {
    await store.save('club', club());
    await store.remove('club');
    await expect(store.load('club')).rejects.toMatchObject({ code: 'not-found' });
    expect(await store.loadPrevious('club')).toEqual(club());
    expect((await store.list()).profiles).toEqual([]);
  });

  test('removing a missing profile is not-found', async () => {
    const error = await rejection(store.remove('ghost'));
    expect(error).toMatchObject({ code: 'not-found', message: 'profiles/ghost.json: no such profile' });
  });
});

describe('list', () => {
  test('a missing folder lists nothing', async () => {
    expect(await store.list()).toEqual({ profiles: [], invalid: [] });
  });

  test('broken files are reported by name and field; the others still load', async () => {
    await store.save('good', club());
    await store.save('second', { ...club(), venue: 'Second', history: [] });
    const invalid = club() as Record<string, any>;
    invalid.targets.averageDbfs = 3;
    await writeFile(join(dir, 'club.json'), JSON.stringify(invalid));
    await writeFile(join(dir, 'broken.json'), '{"schemaVersion": 2, "venue": "Bro');
    await writeFile(join(dir, 'empty.json'), '');
    await writeFile(join(dir, 'future.json'), JSON.stringify({ ...club(), schemaVersion: 99 }));
    await writeFile(join(dir, 'Bad Name.json'), JSON.stringify(club()));
    await writeFile(join(dir, 'notes.txt'), 'not a profile');

    const listing = await store.list();

    expect(listing.profiles.map((p) => [p.id, p.venue, p.lastVisit])).toEqual([
      ['good', 'The Cellar Club', '2026-10-02'],
      ['second', 'Second', null],
    ]);
    expect(listing.invalid.map((p) => [p.file, p.id, p.code, p.fieldPath])).toEqual([
      ['profiles/Bad Name.json', null, 'bad-id', null],
      ['profiles/broken.json', 'broken', 'corrupt', null],
      ['profiles/club.json', 'club', 'invalid', 'targets.averageDbfs'],
      ['profiles/empty.json', 'empty', 'corrupt', null],
      ['profiles/future.json', 'future', 'invalid', 'schemaVersion'],
    ]);
    const messages = Object.fromEntries(listing.invalid.map((p) => [p.id, p.message]));
    expect(messages.club).toBe('profiles/club.json: targets.averageDbfs: Too big: expected number to be <=0');
    expect(messages.broken).toMatch(/^profiles\/broken\.json: not valid JSON \(.+\)$/);
    expect(messages.future).toBe(
      `profiles/future.json: schemaVersion: 99 is newer than this version of Headroom understands (${PROFILE_SCHEMA_VERSION}); ` +
        'update Headroom to open this profile',
    );
    expect(logger.warnings).toHaveLength(5);
  });

  test('backups and temporary files are not listed', async () => {
    await store.save('club', club());
    await store.save('club', club());
    await writeFile(join(dir, '.club.json.1234.abcd.tmp'), '{');
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['club.json', 'club.json.bak']));
    const listing = await store.list();
    expect(listing.profiles.map((p) => p.id)).toEqual(['club']);
    expect(listing.invalid).toEqual([]);
  });

  test('corrupt and invalid files fail load with their codes', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'broken.json'), '\u0000\u0001binary');
    await writeFile(join(dir, 'invalid.json'), JSON.stringify({ ...club(), venue: '' }));
    expect(await rejection(store.load('broken'))).toMatchObject({ code: 'corrupt', file: 'profiles/broken.json' });
    expect(await rejection(store.load('invalid'))).toMatchObject({
      code: 'invalid',
      fieldPath: 'venue',
      message: 'profiles/invalid.json: venue: Too small: expected string to have >=1 characters',
    });
  });
});

describe('ids', () => {
  test.each([
    '../escape', '..', '/etc/passwd', 'a/b', 'a\\b', 'Club', 'club.json', 'club ', '', '-club', 'a'.repeat(65), 'café',
    'club\u0000', '.hidden',
  ])('%j is refused everywhere as bad-id', async (id) => {
    for (const attempt of [store.load(id), store.loadPrevious(id), store.save(id, club()), store.remove(id)]) {
      expect((await rejection(attempt)).code).toBe('bad-id');
    }
    await expect(readdir(dirname(dir))).resolves.toEqual([]);
  });

  test.each(['a', '0', 'club-xr18', 'a'.repeat(64), 'x-'])('%j is a valid id', async (id) => {
    await store.save(id, club());
    expect((await store.load(id)).venue).toBe('The Cellar Club');
  });
});

describe('concurrent saves in one process', () => {
  test('20 parallel saves of one id leave a valid file holding the last one queued', async () => {
    const versions = Array.from({ length: 20 }, (_, n) => bigProfile('p', n, 2));
    const results = await Promise.allSettled(versions.map((profile) => store.save('club', profile)));
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(await store.load('club')).toEqual(versions[19]);
    expect(await store.loadPrevious('club')).toEqual(versions[18]);
    expect((await readdir(dir)).sort()).toEqual(['club.json', 'club.json.bak']);
  });

  test('a failing save does not stop the ones queued after it', async () => {
    const bad = { ...club(), venue: '' };
    const results = await Promise.allSettled([
      store.save('club', club()),
      store.save('club', bad),
      store.save('club', { ...club(), venue: 'After' }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.load('club')).venue).toBe('After');
  });

  test('saves of different ids do not wait for each other and all land', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.save(id, { ...club(), venue: id })));
    const listing = await store.list();
    expect(listing.profiles.map((p) => [p.id, p.venue])).toEqual([['a', 'a'], ['b', 'b'], ['c', 'c'], ['d', 'd']]);
  });

  test('a save queued behind a remove recreates the file', async () => {
    await store.save('club', club());
    await Promise.all([store.remove('club'), store.save('club', { ...club(), venue: 'Back' })]);
    expect((await store.load('club')).venue).toBe('Back');
  });
});
