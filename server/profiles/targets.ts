/** Level targets for one source, as the engine applies them. */
import type { SourceType } from '../model/stages';
import type { LevelTargets, VenueProfile } from './schema';

/**
 * The profile's targets (average and peak ceiling, dBFS) with the override for `sourceType` merged over
 * them field by field. A source type without an override, or an unknown source (null), gets the profile's
 * general targets.
 */
export function targetsFor(profile: Pick<VenueProfile, 'targets'>, sourceType: SourceType | null): LevelTargets {
  const override = sourceType === null ? undefined : profile.targets.bySourceType[sourceType];
  return {
    averageDbfs: override?.averageDbfs ?? profile.targets.averageDbfs,
    peakCeilingDbfs: override?.peakCeilingDbfs ?? profile.targets.peakCeilingDbfs,
  };
}
