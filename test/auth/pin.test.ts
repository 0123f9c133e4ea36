import { expect, test } from 'vitest';
import { GENERATED_PIN_DIGITS, generatePin, pinMatches, pinProblem } from '../../server/auth/pin';

test('a generated PIN has six digits, leading zeros kept', () => {
  for (let i = 0; i < 50; i++) expect(generatePin()).toMatch(new RegExp(`^\\d{${GENERATED_PIN_DIGITS}}$`));
});

test.each([
  ['2468', null],
  ['Stage4Ever', null],
  ['123', 'the PIN must be 4 to 32 letters or digits'],
  ['12 34', 'the PIN must be 4 to 32 letters or digits'],
  ['x'.repeat(33), 'the PIN must be 4 to 32 letters or digits'],
  ['', 'the PIN must be 4 to 32 letters or digits'],
])('pinProblem(%j) is %j', (pin, problem) => {
  expect(pinProblem(pin)).toBe(problem);
});

test.each([
  ['2468', '2468', true],
  ['2468', '2469', false],
  ['2468', '24680', false],
  ['2468', '', false],
])('pinMatches(%j, %j) is %s', (expected, given, matches) => {
  expect(pinMatches(expected, given)).toBe(matches);
});
