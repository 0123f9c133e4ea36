import { PROFILE_SCHEMA_VERSION, type VenueProfile } from './schema';

/**
 * The profile in force when none is loaded. Targets follow the usual digital gain-staging practice:
 * about -18 dBFS average leaves ~18 dB for transients before 0 dBFS; peaks kept under -6 dBFS.
 */
export function defaultProfile(): VenueProfile {
  return {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    venue: 'Default',
    consoleModel: '',
    calibration: { dbuAtZeroDbfs: 21 },
    targets: {
      averageDbfs: -18,
      peakCeilingDbfs: -6,
      bySourceType: {},
    },
    thresholds: {
      preampToleranceDb: 3,
      percussiveCrestDb: 15,
      clipDbfs: -1,
      clipCountIn500Ms: 3,
      hotAverageDbfs: -4,
      quietAverageDbfs: -40,
      minSignalToNoiseDb: 20,
      processorGainDb: 6,
      compressionDepthDb: 10,
      busPeakCeilingDbfs: -6,
      mainPeakCeilingDbfs: -6,
      ampFeedMaxBelowSensitivityDb: 12,
      minListenMs: 2000,
      silentChannelMs: 30_000,
      driftDb: 3,
    },
    channels: [],
    outputs: [],
    history: [],
  };
}
