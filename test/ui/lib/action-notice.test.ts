import { describe, expect, test } from 'vitest';
import { appliedSummary, compensationText } from '../../../ui/src/lib/action-notice';

describe('appliedSummary', () => {
  const change = { param: 'ch.1.preampGainDb', currentValue: 35, proposedValue: 16, deltaDb: -19 } as const;
  test('names the change and counts its compensating moves in one line', () => {
    expect(appliedSummary({ label: 'Ch 1 Kick', change, compensation: [change, change, change, change] }, 0)).toBe(
      'Ch 1 Kick: Gain 35.0 → 16.0 dB (−19.0) + 4 compensating moves, confirmed by the desk.',
    );
  });

  test('a lone change, and values the desk put on its own grid', () => {
    expect(appliedSummary({ label: 'Ch 1 Kick', change, compensation: [] }, 1)).toBe(
      "Ch 1 Kick: Gain 35.0 → 16.0 dB (−19.0), confirmed by the desk (1 on the desk's own grid, see the list).",
    );
    expect(compensationText(1)).toBe(' + 1 compensating move');
  });
});
