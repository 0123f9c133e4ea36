/**
 * The version-2 profile shape, kept to validate v2 files before ./migrate upgrades them, so that errors name
 * the fields as they are written in the file. It is the current schema plus what version 3 dropped; when a
 * later version changes a part shared here, give version 2 its own copy of that part.
 */
import { z } from 'zod';
import {
  historyEntrySchema,
  levelTargetsSchema,
  profileChannelSchema,
  profileOutputSchema,
  sourceTypeSchema,
  thresholdsSchema,
} from './schema';

export const thresholdsSchemaV2 = thresholdsSchema.extend({
  /** Fader further than this from unity while the preamp could do the job, dB (read by no rule since v3). */
  faderOffUnityDb: z.number().min(3).max(40),
});

export const profileSchemaV2 = z.strictObject({
  schemaVersion: z.literal(2),
  venue: z.string().min(1).max(128),
  consoleModel: z.string().max(64),
  calibration: z.strictObject({ dbuAtZeroDbfs: z.number().min(0).max(30) }),
  targets: levelTargetsSchema.extend({
    bySourceType: z.partialRecord(sourceTypeSchema, levelTargetsSchema.partial()).default({}),
  }),
  thresholds: thresholdsSchemaV2,
  channels: z.array(profileChannelSchema).default([]),
  outputs: z.array(profileOutputSchema).default([]),
  history: z.array(historyEntrySchema).default([]),
});

export type VenueProfileV2 = z.infer<typeof profileSchemaV2>;
