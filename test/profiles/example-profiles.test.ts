/** The profiles shipped in profiles/: they validate, and each says what it claims to. */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { initialSnapshot } from '../../server/consoles/simulator/band';
import { drift } from '../../server/profiles/drift';
import { ProfileStore } from '../../server/profiles/profile-store';
import { diffProfile } from '../../server/profiles/recall-diff';
import { PROFILE_SCHEMA_VERSION } from '../../server/profiles/schema';
import { makeLogger } from './builders';

const PROFILES_DIR = fileURLToPath(new URL('../../profiles/', import.meta.url));
const store = new ProfileStore({ dir: PROFILES_DIR, examplesDir: null, logger: makeLogger(), now: () => new Date() });

describe('shipped profiles', () => {
  test('all validate at the current schema version, none is invalid', async () => {
    const listing = await store.list();
    expect(listing.invalid).toEqual([]);
    expect(listing.profiles.map((p) => [p.id, p.fileSchemaVersion])).toEqual([
      ['club-xr18', PROFILE_SCHEMA_VERSION],
      ['simulator-band', PROFILE_SCHEMA_VERSION],
      ['theatre-x32', PROFILE_SCHEMA_VERSION],
    ]);
    expect((await readdir(PROFILES_DIR)).sort()).toEqual(['club-xr18.json', 'simulator-band.json', 'theatre-x32.json']);
  });

  test('club-xr18: 16 channels on an XR18 (no trim on analog inputs), a little history', async () => {
    const club = await store.load('club-xr18');
    expect(club.consoleModel).toBe('XR18');
    expect(club.channels.map((c) => c.index)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(club.channels.every((c) => c.expectedTrimDb === undefined)).toBe(true);
    expect(club.history.length).toBeGreaterThanOrEqual(2);
    expect(club.outputs.every((o) => o.dbuAtZeroDbfs === club.calibration.dbuAtZeroDbfs)).toBe(true);
  });

  test('theatre-x32: +21 dBu at 0 dBFS, amps of +4 and +1.2 dBu fed from main, matrix and bus', async () => {
    const theatre = await store.load('theatre-x32');
    expect(theatre.consoleModel).toBe('X32');
    expect(theatre.calibration.dbuAtZeroDbfs).toBe(21);
    expect(new Set(theatre.outputs.map((o) => o.inputSensitivityDbu))).toEqual(new Set([4, 1.2]));
    expect(new Set(theatre.outputs.map((o) => o.feed.kind))).toEqual(new Set(['main', 'matrix', 'bus']));
    expect(theatre.history.length).toBeGreaterThanOrEqual(2);
  });
});

describe('simulator-band matches the built-in simulator', () => {
  test('same channel plan, gains and trims: recalling it changes nothing', async () => {
    const band = await store.load('simulator-band');
    const snapshot = initialSnapshot();
    expect(band.channels.map((c) => [c.index, c.name, c.sourceType])).toEqual(
      snapshot.channels.map((c) => [c.index, c.name, c.sourceType]),
    );
    const diff = diffProfile(snapshot, band, { kind: 'preamps' });
    expect(diff.flatMap((c) => c.params.map((p) => p.deltaDb))).toEqual(Array(32).fill(0));
    expect(diff.some((c) => c.renamed)).toBe(false);
  });

  test('amplifiers on outputs 1-2 (main) and 3-6, 8 (buses; out 7 feeds an FX unit, not an amp), as the simulator routes them', async () => {
    const band = await store.load('simulator-band');
    const routing = new Map(initialSnapshot().outputs.map((o) => [o.index, o.source]));
    expect(band.outputs.map((o) => o.index)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    for (const output of band.outputs) expect(routing.get(output.index)).toEqual(output.feed);
  });

  test('its amp feed is deliberately too hot: main peaks of -6 dBFS at +21 dBu exceed the +4 dBu amps', async () => {
    const band = await store.load('simulator-band');
    const mainFed = band.outputs.filter((o) => o.feed.kind === 'main');
    expect(mainFed).toHaveLength(2);
    for (const output of mainFed) expect(-6 + output.dbuAtZeroDbfs).toBeGreaterThan(output.inputSensitivityDbu);
  });

  test('the monitor amplifiers leave room for well-staged buses: only the deliberately hot bus 1 (peaks near -1 dBFS) exceeds them', async () => {
    const band = await store.load('simulator-band');
    const busFed = band.outputs.filter((o) => o.feed.kind === 'bus');
    for (const output of busFed) {
      expect(-6 + output.dbuAtZeroDbfs).toBeLessThanOrEqual(output.inputSensitivityDbu + 1);
      expect(-1 + output.dbuAtZeroDbfs).toBeGreaterThan(output.inputSensitivityDbu);
    }
  });

  test('drift shows Vox 1 about 5 dB quieter than on 2026-10-02 at the simulator initial level', async () => {
    const band = await store.load('simulator-band');
    const vox = initialSnapshot().channels.find((c) => c.name === 'Vox 1')!;
    // The simulator starts Vox 1 near -37.5 dBFS average (its gain is about 20 dB low on purpose).
    const notes = drift(
      band,
      [{ index: vox.index, name: vox.name, averageDbfs: -37.5, preampGainDb: vox.preampGainDb, trimDb: vox.trimDb }],
      '2026-11-20',
    );
    expect(notes.map((n) => n.message)).toEqual(['Vox 1 runs 5.0 dB quieter than on 2026-10-02']);
  });
});
