import { expect, test } from 'vitest';
import type { SourceType } from '../../server/model/stages';
import { targetsFor } from '../../server/profiles/targets';
import { makeProfile } from './builders';

const profile = makeProfile({
  targets: {
    averageDbfs: -18,
    peakCeilingDbfs: -6,
    bySourceType: { kick: { averageDbfs: -20, peakCeilingDbfs: -4 }, vocal: { peakCeilingDbfs: -9 }, keys: {} },
  },
});

test.each<[SourceType | null, number, number]>([
  ['kick', -20, -4],
  ['vocal', -18, -9],
  ['keys', -18, -6],
  ['snare', -18, -6],
  [null, -18, -6],
])('targets for %s: average %d dBFS, peak ceiling %d dBFS', (sourceType, averageDbfs, peakCeilingDbfs) => {
  expect(targetsFor(profile, sourceType)).toEqual({ averageDbfs, peakCeilingDbfs });
});
