import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { defaultProfile } from '../../server/profiles/default-profile';
import { MIGRATED_DRIFT_DB, MIGRATIONS, migrateProfile } from '../../server/profiles/migrate';
import { ProfileError } from '../../server/profiles/profile-error';
import { PROFILE_SCHEMA_VERSION, profileSchema } from '../../server/profiles/schema';

const v1Fixture = (): Record<string, any> =>
  JSON.parse(readFileSync(new URL('./fixtures/v1-club.json', import.meta.url), 'utf8'));
const v2Fixture = (): Record<string, any> =>
  JSON.parse(readFileSync(new URL('./fixtures/v2-club.json', import.meta.url), 'utf8'));

function migrateError(raw: unknown): ProfileError {
  try {
    migrateProfile(raw);
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('expected migrateProfile to throw');
}

describe('migration steps', () => {
  test('cover every version from 1 to the current one, in order', () => {
    expect(PROFILE_SCHEMA_VERSION).toBe(3);
    expect(MIGRATIONS.map((step) => step.from)).toEqual(
      Array.from({ length: PROFILE_SCHEMA_VERSION - 1 }, (_, i) => i + 1),
    );
  });

  test('v1 -> v2 gives every output the console calibration and drift its threshold', () => {
    const v1 = v1Fixture();
    const upgraded = MIGRATIONS[0]!.apply(v1) as Record<string, any>;
    expect(upgraded.schemaVersion).toBe(2);
    expect(upgraded.thresholds).toEqual({ ...v1.thresholds, driftDb: MIGRATED_DRIFT_DB, silentChannelMs: 30_000 });
    expect(upgraded.thresholds.faderOffUnityDb).toBe(15);
    expect(upgraded.outputs).toEqual([
      { index: 1, amplifier: 'Main amp A', inputSensitivityDbu: 4, dbuAtZeroDbfs: 18, feed: { kind: 'main' } },
      { index: 5, amplifier: 'Wedge amp', inputSensitivityDbu: 1.2, dbuAtZeroDbfs: 18, feed: { kind: 'bus', index: 1 } },
    ]);
    expect(MIGRATIONS[1]!.apply(upgraded)).toMatchObject({ schemaVersion: 3 });
  });

  test('v2 -> v3 drops the fader-unity threshold and keeps everything else', () => {
    const v2 = v2Fixture();
    expect(v2.thresholds.faderOffUnityDb).toBe(15);
    const upgraded = MIGRATIONS[1]!.apply(v2) as Record<string, any>;
    expect(upgraded.schemaVersion).toBe(3);
    expect('faderOffUnityDb' in upgraded.thresholds).toBe(false);
    const { faderOffUnityDb: _dropped, ...thresholds } = v2.thresholds;
    expect(upgraded).toEqual({ ...v2, schemaVersion: 3, thresholds: { ...thresholds, silentChannelMs: 30_000 } });
    expect(profileSchema.safeParse(upgraded).success).toBe(true);
  });

  test('a v2 file is checked against the v2 shape: the threshold it must carry is named', () => {
    const v2 = v2Fixture();
    delete v2.thresholds.faderOffUnityDb;
    const error = migrateError(v2);
    expect(error.fieldPath).toBe('thresholds.faderOffUnityDb');
    expect(error.message).toBe('thresholds.faderOffUnityDb: Invalid input: expected number, received undefined (schemaVersion 2)');
  });

  test('a current file that still carries the dropped threshold is refused by name, not silently ignored', () => {
    const profile: Record<string, any> = structuredClone(defaultProfile());
    profile.thresholds.faderOffUnityDb = 15;
    const error = migrateError(profile);
    expect(error.fieldPath).toBe('thresholds');
    expect(error.message).toBe('thresholds: Unrecognized key: "faderOffUnityDb"');
  });

  test('v1 -> v2 keeps every other field as it was', () => {
    const v1 = v1Fixture();
    const profile = migrateProfile(v1);
    const { schemaVersion: _v, thresholds: _t, outputs: _o, ...rest } = profile;
    const { schemaVersion: _v1, thresholds: _t1, outputs: _o1, ...restV1 } = v1;
    expect(rest).toEqual(restV1);
    expect(profile.calibration).toEqual({ dbuAtZeroDbfs: 18 });
    expect(profile.targets.bySourceType).toEqual({ kick: { averageDbfs: -20 }, vocal: { peakCeilingDbfs: -8 } });
  });

  test('v1 -> v2 does not modify its input', () => {
    const v1 = v1Fixture();
    const before = structuredClone(v1);
    migrateProfile(v1);
    expect(v1).toEqual(before);
  });

  test('a v1 file is checked against the v1 shape: the error names the field as written', () => {
    const v1 = v1Fixture();
    v1.calibration = {};
    const error = migrateError(v1);
    expect(error.code).toBe('invalid');
    expect(error.fieldPath).toBe('calibration.dbuAtZeroDbfs');
    expect(error.message).toBe(
      'calibration.dbuAtZeroDbfs: Invalid input: expected number, received undefined (schemaVersion 1)',
    );
  });

  test('a v1 file with a field version 1 never had is invalid at that field', () => {
    const v1 = v1Fixture();
    v1.outputs[0].dbuAtZeroDbfs = 9;
    const error = migrateError(v1);
    expect(error.fieldPath).toBe('outputs[0]');
    expect(error.message).toBe('outputs[0]: Unrecognized key: "dbuAtZeroDbfs" (schemaVersion 1)');
  });
});

describe('migrateProfile', () => {
  test('returns a current profile unchanged', () => {
    const profile = defaultProfile();
    expect(migrateProfile(structuredClone(profile))).toEqual(profile);
  });

  test('fills defaults for omitted lists', () => {
    const { channels: _c, outputs: _o, history: _h, ...rest } = defaultProfile();
    const profile = migrateProfile(rest);
    expect([profile.channels, profile.outputs, profile.history]).toEqual([[], [], []]);
  });

  test('a v2 file without the v2 threshold is invalid at thresholds.driftDb', () => {
    const profile: Record<string, any> = structuredClone(defaultProfile());
    delete profile.thresholds.driftDb;
    const error = migrateError(profile);
    expect(error.fieldPath).toBe('thresholds.driftDb');
    expect(error.message).toBe('thresholds.driftDb: Invalid input: expected number, received undefined');
  });

  test.each([
    ['targets.averageDbfs', (p: any) => (p.targets.averageDbfs = 3), 'Too big: expected number to be <=0'],
    ['channels[0].name', (p: any) => (p.channels = [{ index: 1, name: 5, sourceType: 'kick' }]), 'Invalid input: expected string, received number'],
    ['channels[1].index', (p: any) => (p.channels = [{ index: 2, name: 'a', sourceType: 'kick' }, { index: 2, name: 'b', sourceType: 'snare' }]), 'duplicate index 2'],
    ['channels[0]', (p: any) => (p.channels = [{ index: 1, name: 'Vox', sourceType: 'vocal', expectedGain: 30 }]), 'Unrecognized key: "expectedGain"'],
    ['targets.bySourceType', (p: any) => (p.targets.bySourceType = { kazoo: {} }), 'Unrecognized key: "kazoo"'],
    ['history[0].date', (p: any) => (p.history = [{ date: '2026-13-40', channels: [] }]), ''],
    ['outputs[0].feed.kind', (p: any) => (p.outputs = [{ index: 1, amplifier: 'a', inputSensitivityDbu: 4, dbuAtZeroDbfs: 21, feed: { kind: 'aux' } }]), ''],
  ])('names the offending field: %s', (fieldPath, spoil, message) => {
    const profile = structuredClone(defaultProfile());
    spoil(profile);
    const error = migrateError(profile);
    expect(error.code).toBe('invalid');
    expect(error.fieldPath).toBe(fieldPath);
    expect(error.message.startsWith(`${fieldPath}: `)).toBe(true);
    if (message !== '') expect(error.message).toBe(`${fieldPath}: ${message}`);
  });

  test('reports at most three issues and counts the rest', () => {
    const profile: Record<string, any> = structuredClone(defaultProfile());
    for (const key of ['preampToleranceDb', 'clipDbfs', 'hotAverageDbfs', 'compressionDepthDb', 'driftDb']) {
      profile.thresholds[key] = 'loud';
    }
    const error = migrateError(profile);
    expect(error.message.split('; ')).toHaveLength(3);
    expect(error.message.endsWith(' (and 2 more)')).toBe(true);
  });

  test('a newer schemaVersion is a clear error, not a crash', () => {
    const error = migrateError({ ...defaultProfile(), schemaVersion: PROFILE_SCHEMA_VERSION + 1, whatever: [1] });
    expect(error.code).toBe('invalid');
    expect(error.fieldPath).toBe('schemaVersion');
    expect(error.message).toBe(
      `schemaVersion: ${PROFILE_SCHEMA_VERSION + 1} is newer than this version of Headroom understands ` +
        `(${PROFILE_SCHEMA_VERSION}); update Headroom to open this profile`,
    );
  });

  test.each([
    ['missing', undefined, 'got nothing'],
    ['a string', '2', 'got "2"'],
    ['zero', 0, 'got 0'],
    ['fractional', 1.5, 'got 1.5'],
    ['null', null, 'got null'],
  ])('schemaVersion %s is invalid', (_label, schemaVersion, got) => {
    const error = migrateError({ ...defaultProfile(), schemaVersion });
    expect(error.fieldPath).toBe('schemaVersion');
    expect(error.message).toBe(`schemaVersion: expected a whole number from 1 to ${PROFILE_SCHEMA_VERSION}, ${got}`);
  });

  test.each([[null], [[]], [42], ['profile'], [true]])('rejects a root that is not an object: %j', (raw) => {
    const error = migrateError(raw);
    expect(error).toMatchObject({ code: 'invalid', fieldPath: '(root)', message: '(root): expected a JSON object' });
  });
});
