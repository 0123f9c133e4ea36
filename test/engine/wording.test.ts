import { describe, expect, test } from 'vitest';
import { keepsMixText, listText } from '../../server/engine/wording';

describe('listText: names in a sentence', () => {
  test.each([
    { items: [], text: '' },
    { items: ['Ch 1 Kick'], text: 'Ch 1 Kick' },
    { items: ['Ch 1 Kick', 'Ch 5'], text: 'Ch 1 Kick and Ch 5' },
    { items: ['Ch 1', 'Ch 2', 'Ch 3'], text: 'Ch 1, Ch 2 and Ch 3' },
  ])('$items', ({ items, text }) => {
    expect(listText(items)).toBe(text);
  });

  test('three channels split from one preamp read as a list, not "A and B and C"', () => {
    expect(keepsMixText([], [], ['Ch 17 Vox FX', 'Ch 18 Vox Rec', 'Ch 19 Vox Mon'])).toBe(
      ' With it Ch 17 Vox FX, Ch 18 Vox Rec and Ch 19 Vox Mon on the same preamp follow the same way, so the PA and the monitors stay where they are.',
    );
  });
});
