/**
 * Venue profile schema (zod), current version. A profile carries the targets and thresholds the engine uses,
 * the console calibration, the amplifiers and what feeds them, the channel plan and the history of earlier
 * visits. Files of older versions are upgraded by ./migrate; ./schema-v1 keeps the version-1 shape.
 *
 * Version 2 (from 1):
 * - `outputs[].dbuAtZeroDbfs`: each amp feed states the analog level of its own output at 0 dBFS. One
 *   console-wide figure cannot describe a desk whose amps hang off different hardware (an X-Air's XLR outs
 *   vs. a stagebox, or a loudspeaker processor in between). `calibration.dbuAtZeroDbfs` stays as the
 *   console's figure, used for outputs added later. Migration copies it into every v1 output.
 * - `thresholds.driftDb`: the level change against an earlier visit that is worth reporting. Migration
 *   sets 3 dB.
 *
 * Version 3 (from 2):
 * - `thresholds.faderOffUnityDb` is gone. It tuned the fader-unity rule, which the level model replaced: a
 *   preamp fix now carries the fader itself, so no rule reads it, and a threshold that changes nothing would
 *   mislead whoever edits it. Migration drops it; ./schema-v2 keeps the version-2 shape.
 */
import { z } from 'zod';
import { SOURCE_TYPES, type SourceType } from '../model/stages';

export const PROFILE_SCHEMA_VERSION = 3;

export const sourceTypeSchema = z.enum(SOURCE_TYPES as readonly SourceType[] as [SourceType, ...SourceType[]]);

export const levelTargetsSchema = z.strictObject({
  /** Target average (power mean while playing), dBFS. */
  averageDbfs: z.number().min(-60).max(0),
  /** Highest peak that leaves enough headroom, dBFS. */
  peakCeilingDbfs: z.number().min(-40).max(0),
});

export const thresholdsSchema = z.strictObject({
  /** Deviation from target below which no trim is suggested (hysteresis lower edge), dB. */
  preampToleranceDb: z.number().min(0).max(12),
  /** Crest factor (peak minus average, dB) above which a source counts as percussive: peaks lead. */
  percussiveCrestDb: z.number().min(6).max(40),
  /** A reading at or above this counts as a clip, dBFS. */
  clipDbfs: z.number().min(-6).max(0),
  /** Clips within 500 ms that make the clipping rule fire. */
  clipCountIn500Ms: z.number().int().min(1).max(10),
  /** Average above this is urgent even without clips, dBFS. */
  hotAverageDbfs: z.number().min(-12).max(0),
  /** A playing source averaging below this is too quiet, dBFS. */
  quietAverageDbfs: z.number().min(-80).max(-20),
  /** Minimum distance between average and noise floor, dB. */
  minSignalToNoiseDb: z.number().min(6).max(60),
  /** Processor adding more net level than this is flagged, dB. */
  processorGainDb: z.number().min(0).max(24),
  /** Sustained compressor gain reduction above this means the input is too hot, dB. */
  compressionDepthDb: z.number().min(2).max(30),
  /** Bus and matrix peak ceiling, dBFS. */
  busPeakCeilingDbfs: z.number().min(-30).max(0),
  /** Main peak ceiling, dBFS. */
  mainPeakCeilingDbfs: z.number().min(-30).max(0),
  /** Amp feed may sit at most this far below the amplifier's sensitivity before noise matters, dB. */
  ampFeedMaxBelowSensitivityDb: z.number().min(3).max(40),
  /** Minimum listening before any level judgement, ms. */
  minListenMs: z.number().int().min(500).max(60_000),
  /**
   * A channel that is expected to play but has carried nothing for this long gets "check the cable", ms.
   * Long enough that toms resting between fills or backing vocals between choruses never trigger it.
   * Optional in files (added after v2 shipped); default 30 s.
   */
  silentChannelMs: z.number().int().min(5000).max(600_000).default(30_000),
  /** A channel whose level differs from an earlier visit by more than this is reported as drift, dB. (v2) */
  driftDb: z.number().min(0.5).max(24),
});

export const profileChannelSchema = z.strictObject({
  /** Channel number as printed on the desk, 1-based. */
  index: z.number().int().min(1).max(144),
  name: z.string().max(64),
  sourceType: sourceTypeSchema,
  /** Preamp (headamp) gain this channel is expected to need, dB. */
  expectedGainDb: z.number().min(-20).max(80).optional(),
  /** Digital trim this channel is expected to need, dB. */
  expectedTrimDb: z.number().min(-24).max(24).optional(),
  notes: z.string().max(2000).optional(),
});

export const outputFeedSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('main') }),
  z.strictObject({ kind: z.literal('bus'), index: z.number().int().min(1).max(64) }),
  z.strictObject({ kind: z.literal('matrix'), index: z.number().int().min(1).max(16) }),
]);

export const profileOutputSchema = z.strictObject({
  /** Physical output number on the console. */
  index: z.number().int().min(1).max(64),
  amplifier: z.string().max(128),
  /** Input level (dBu) that drives the amplifier to full rated power. */
  inputSensitivityDbu: z.number().min(-20).max(30),
  /** Analog level of this output at 0 dBFS, dBu (X32 XLR outs: +21). (v2) */
  dbuAtZeroDbfs: z.number().min(0).max(30),
  feed: outputFeedSchema,
});

export const historyChannelSchema = z.strictObject({
  index: z.number().int().min(1).max(144),
  name: z.string().max(64),
  /** Preamp gain in force that day, dB; null when the console has none for this channel. */
  preampGainDb: z.number().nullable(),
  /** Trim in force that day, dB; null when the console has none for this channel. */
  trimDb: z.number().nullable(),
  /** Average input level while playing, dBFS; null when nothing was measured (JSON has no -Infinity). */
  averageDbfs: z.number().max(24).nullable(),
  /** Highest input level seen, dBFS; null when nothing was measured. */
  peakDbfs: z.number().max(24).nullable(),
});

export const historyEntrySchema = z.strictObject({
  /** ISO date (YYYY-MM-DD) of the visit. */
  date: z.iso.date(),
  channels: z.array(historyChannelSchema),
});

/** Adds an issue at `[listName, i, field]` for every item whose key repeats an earlier one. */
function reportDuplicates<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  listName: string,
  field: string & keyof T,
): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const value = item[field];
    if (seen.has(value)) {
      ctx.addIssue({ code: 'custom', path: [listName, i, field], message: `duplicate ${field} ${String(value)}` });
    }
    seen.add(value);
  });
}

export const profileSchema = z
  .object({
    schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
    venue: z.string().min(1).max(128),
    consoleModel: z.string().max(64),
    /** Console output level in dBu at 0 dBFS (X32: +21 dBu on XLR outputs); default for new outputs. */
    calibration: z.strictObject({ dbuAtZeroDbfs: z.number().min(0).max(30) }),
    targets: levelTargetsSchema.extend({
      /** Per-source-type overrides of the targets above; see ./targets. */
      bySourceType: z.partialRecord(sourceTypeSchema, levelTargetsSchema.partial()).default({}),
    }),
    thresholds: thresholdsSchema,
    channels: z.array(profileChannelSchema).default([]),
    outputs: z.array(profileOutputSchema).default([]),
    history: z.array(historyEntrySchema).default([]),
  })
  .superRefine((profile, ctx) => {
    reportDuplicates(ctx, profile.channels, 'channels', 'index');
    reportDuplicates(ctx, profile.outputs, 'outputs', 'index');
    reportDuplicates(ctx, profile.history, 'history', 'date');
  });

export type VenueProfile = z.infer<typeof profileSchema>;
export type RuleThresholds = z.infer<typeof thresholdsSchema>;
export type LevelTargets = z.infer<typeof levelTargetsSchema>;
export type ProfileChannel = z.infer<typeof profileChannelSchema>;
export type ProfileOutput = z.infer<typeof profileOutputSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
export type HistoryChannel = z.infer<typeof historyChannelSchema>;
