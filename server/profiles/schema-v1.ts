/**
 * The version-1 profile shape, kept to validate v1 files before ./migrate upgrades them, so that errors name
 * the fields as they are written in the file. It is the version-2 schema minus what version 2 added; when a
 * later version changes a part shared here, give version 1 its own copy of that part.
 */
import { z } from 'zod';
import {
  historyEntrySchema,
  levelTargetsSchema,
  profileChannelSchema,
  profileOutputSchema,
  sourceTypeSchema,
} from './schema';
import { thresholdsSchemaV2 } from './schema-v2';

export const profileSchemaV1 = z.strictObject({
  schemaVersion: z.literal(1),
  venue: z.string().min(1).max(128),
  consoleModel: z.string().max(64),
  /** Console output level in dBu at 0 dBFS, for every output. */
  calibration: z.strictObject({ dbuAtZeroDbfs: z.number().min(0).max(30) }),
  targets: levelTargetsSchema.extend({
    bySourceType: z.partialRecord(sourceTypeSchema, levelTargetsSchema.partial()).default({}),
  }),
  thresholds: thresholdsSchemaV2.omit({ driftDb: true }),
  channels: z.array(profileChannelSchema).default([]),
  outputs: z.array(profileOutputSchema.omit({ dbuAtZeroDbfs: true })).default([]),
  history: z.array(historyEntrySchema).default([]),
});

export type VenueProfileV1 = z.infer<typeof profileSchemaV1>;
