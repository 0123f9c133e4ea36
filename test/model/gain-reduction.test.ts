import { expect, test } from 'vitest';
import { gainReductionDb, MAX_GAIN_REDUCTION_DB } from '../../server/model/gain-reduction';

test.each([
  ['unity is no reduction', 0, 0],
  ['a gain of -6 dB is 6 dB of reduction', -6, 6],
  ['a gain above unity is no reduction', 1.5, 0],
  ['NaN is no reduction', Number.NaN, 0],
  ['a closed gate (-Infinity) is capped', -Infinity, MAX_GAIN_REDUCTION_DB],
])('%s', (_name, gainDb, expected) => {
  expect(gainReductionDb(gainDb)).toBe(expected);
});
