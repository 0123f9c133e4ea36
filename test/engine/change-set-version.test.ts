/** The version of a change set: what an apply carries to say which figures the engineer saw. */
import { expect, test } from 'vitest';
import { changeSetVersion } from '../../server/engine/change-set';
import { makeSuggestion } from '../ui/lib/builders';

const kick = makeSuggestion({
  change: { param: 'ch.1.preampGainDb', currentValue: 42, proposedValue: 34, deltaDb: -8 },
  compensation: [{ param: 'ch.1.faderDb', currentValue: 0, proposedValue: 8, deltaDb: 8 }],
});

test('equal change sets have equal versions: 8 hex digits, stable under float noise below display rounding', () => {
  const version = changeSetVersion(kick);
  expect(version).toMatch(/^[0-9a-f]{8}$/);
  expect(changeSetVersion({ ...kick, change: { ...kick.change!, proposedValue: 34.0000001 } })).toBe(version);
});

test.each([
  ['the proposed value', { change: { ...kick.change!, proposedValue: 33.5 } }],
  ['the value it starts from', { change: { ...kick.change!, currentValue: 41 } }],
  ['a compensation', { compensation: [] }],
  ['the suggestion', { id: 'preamp-target:ch2:preamp' }],
])('a different %s is a different version', (_what, overrides) => {
  expect(changeSetVersion({ ...kick, ...overrides })).not.toBe(changeSetVersion(kick));
});

test('a warning without a change has a version too (-inf values hash as text)', () => {
  expect(changeSetVersion({ ...kick, change: null, compensation: [] })).toMatch(/^[0-9a-f]{8}$/);
  const muted = { ...kick, change: { ...kick.change!, proposedValue: -Infinity } };
  expect(changeSetVersion(muted)).not.toBe(changeSetVersion(kick));
});
