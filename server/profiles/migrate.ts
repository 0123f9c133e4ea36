/**
 * Upgrades a parsed profile file of any known schemaVersion to the current one, one step at a time.
 * Each step validates its input against that version's own schema first, so an error names the field
 * as it is written in the file.
 */
import type { z } from 'zod';
import { ProfileError, invalidProfileError } from './profile-error';
import { PROFILE_SCHEMA_VERSION, profileSchema, type VenueProfile } from './schema';
import { profileSchemaV1, type VenueProfileV1 } from './schema-v1';
import { profileSchemaV2, type VenueProfileV2 } from './schema-v2';

/** Drift threshold given to profiles written before version 2 had one, dB. */
export const MIGRATED_DRIFT_DB = 3;

/** One upgrade from version `from` to `from + 1`. */
export interface MigrationStep {
  readonly from: number;
  /** Validates `raw` as version `from` and returns it in the shape of version `from + 1`. */
  apply(raw: unknown): unknown;
}

function parseVersion<S extends z.ZodType>(schema: S, raw: unknown, version: number): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw invalidProfileError(result.error, ` (schemaVersion ${version})`);
  return result.data;
}

function step<S extends z.ZodType>(from: number, schema: S, upgrade: (profile: z.infer<S>) => unknown): MigrationStep {
  return { from, apply: (raw) => upgrade(parseVersion(schema, raw, from)) };
}

/** v1 -> v2: every output gets the console-wide calibration; drift gets its threshold. */
function upgradeV1(profile: VenueProfileV1): unknown {
  return {
    ...profile,
    schemaVersion: 2,
    thresholds: { ...profile.thresholds, driftDb: MIGRATED_DRIFT_DB },
    outputs: profile.outputs.map((output) => ({
      ...output,
      dbuAtZeroDbfs: profile.calibration.dbuAtZeroDbfs,
    })),
  };
}

/** v2 -> v3: the fader-unity threshold goes (no rule reads it since the level model). */
function upgradeV2(profile: VenueProfileV2): unknown {
  const { faderOffUnityDb: _dropped, ...thresholds } = profile.thresholds;
  return { ...profile, schemaVersion: 3, thresholds };
}

/** The upgrade steps in order: MIGRATIONS[i] takes version i + 1 to version i + 2. */
export const MIGRATIONS: readonly MigrationStep[] = [step(1, profileSchemaV1, upgradeV1), step(2, profileSchemaV2, upgradeV2)];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a parsed profile file and upgrades it to PROFILE_SCHEMA_VERSION.
 * @throws ProfileError `invalid` (with `fieldPath`) when the value is not a profile of a known version,
 *   including a schemaVersion newer than this code understands. The error names no file: callers add it.
 */
export function migrateProfile(raw: unknown): VenueProfile {
  if (!isRecord(raw)) throw new ProfileError('invalid', '(root): expected a JSON object', null, '(root)');
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProfileError(
      'invalid',
      `schemaVersion: expected a whole number from 1 to ${PROFILE_SCHEMA_VERSION}, got ${JSON.stringify(version) ?? 'nothing'}`,
      null,
      'schemaVersion',
    );
  }
  if (version > PROFILE_SCHEMA_VERSION) {
    throw new ProfileError(
      'invalid',
      `schemaVersion: ${version} is newer than this version of Headroom understands (${PROFILE_SCHEMA_VERSION}); ` +
        'update Headroom to open this profile',
      null,
      'schemaVersion',
    );
  }
  let current: unknown = raw;
  for (const migration of MIGRATIONS) {
    if (migration.from >= version) current = migration.apply(current);
  }
  const result = profileSchema.safeParse(current);
  if (!result.success) throw invalidProfileError(result.error, '');
  return result.data;
}
