import { expect, test } from 'vitest';
import { ProfileError } from '../../server/profiles/profile-error';
import { assertProfileId, isProfileId } from '../../server/profiles/profile-id';

test.each([
  ['club', true], ['club-xr18', true], ['0', true], ['a'.repeat(64), true], ['x-', true],
  ['', false], ['-club', false], ['Club', false], ['a'.repeat(65), false], ['../club', false], ['a/b', false],
  ['club.json', false], ['a b', false], ['caf\u00e9', false], ['club\n', false],
])('%j is a profile id: %s', (id, valid) => {
  expect(isProfileId(id)).toBe(valid);
});

test.each([[42], [null], [undefined], [{}], ['../../etc/passwd']])('assertProfileId(%j) throws bad-id', (id) => {
  let thrown: unknown;
  try {
    assertProfileId(id);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ProfileError);
  expect(thrown).toMatchObject({ code: 'bad-id' });
});
