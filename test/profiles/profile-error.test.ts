import { expect, test } from 'vitest';
import { ProfileError, formatFieldPath } from '../../server/profiles/profile-error';

test.each<[PropertyKey[], string]>([
  [[], '(root)'],
  [['venue'], 'venue'],
  [['targets', 'averageDbfs'], 'targets.averageDbfs'],
  [['channels', 3, 'name'], 'channels[3].name'],
  [['history', 0, 'channels', 12, 'peakDbfs'], 'history[0].channels[12].peakDbfs'],
  [[0], '[0]'],
])('field path %j reads %s', (path, text) => {
  expect(formatFieldPath(path)).toBe(text);
});

test('inFile prefixes the message with the file and keeps code, field and detail', () => {
  const error = new ProfileError('invalid', 'venue: Too small', null, 'venue').inFile('profiles/club.json');
  expect(error).toBeInstanceOf(ProfileError);
  expect(error).toMatchObject({
    code: 'invalid',
    file: 'profiles/club.json',
    fieldPath: 'venue',
    detail: 'venue: Too small',
    message: 'profiles/club.json: venue: Too small',
    name: 'ProfileError',
  });
});
