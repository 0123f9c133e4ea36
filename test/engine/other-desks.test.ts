/** suggestWithOtherDesks: a card proposing a shared preamp's gain or 48 V says what it does on the other desks. */
import { expect, test } from 'vitest';
import { suggestWithOtherDesks, type OtherDeskMove } from '../../server/engine/other-desks';
import type { LevelChange } from '../../server/model/level-model';
import { makeSuggestion } from '../ui/lib/builders';

const trim: OtherDeskMove = { desk: 'Monitors', text: 'On Monitors: Ch 1 Kick trim 0.0 -> +8.0 dB against box input 1, so its mixes stay.', residualDb: 0 };

test('a gain suggestion carries the other desks\' moves for its whole change set; others are passed through as they are', () => {
  const gain = makeSuggestion({ compensation: [{ param: 'ch.1.faderDb', currentValue: 0, proposedValue: 8, deltaDb: 8 }] });
  const fader = makeSuggestion({ id: 'main-headroom:main:main', change: { param: 'main.faderDb', currentValue: 0, proposedValue: -3, deltaDb: -3 } });
  const warning = makeSuggestion({ id: 'clipping:ch2:preamp', change: null });
  const asked: LevelChange[][] = [];
  const suggest = suggestWithOtherDesks((count: number) => [gain, fader, warning].slice(0, count), (changes) => {
    asked.push([...changes]);
    return [trim];
  });
  const [withMoves, plainFader, plainWarning] = suggest(3);
  expect(withMoves).toEqual({ ...gain, otherDesks: [trim] });
  expect(plainFader).toBe(fader);
  expect(plainWarning).toBe(warning);
  expect(asked).toEqual([[{ param: 'ch.1.preampGainDb', value: 34 }, { param: 'ch.1.faderDb', value: 8 }]]);
});

test('a gain on a channel no other desk takes is left without the field', () => {
  const gain = makeSuggestion();
  const [out] = suggestWithOtherDesks(() => [gain], () => [])();
  expect(out).toBe(gain);
  expect('otherDesks' in out!).toBe(false);
});
