import { describe, expect, test } from 'vitest';
import { evidenceFigures, formatChange, paramTitle, sortSuggestions } from '../../../ui/src/lib/suggestion-text';
import { makeSuggestion } from './builders';

describe('formatChange', () => {
  test.each([
    [{ param: 'ch.1.preampGainDb', currentValue: 42, proposedValue: 34, deltaDb: -8 }, 'Gain 42.0 → 34.0 dB (\u22128.0)'],
    [{ param: 'ch.3.trimDb', currentValue: 0, proposedValue: 4.5, deltaDb: 4.5 }, 'Trim 0.0 → +4.5 dB (+4.5)'],
    [{ param: 'ch.2.send.4.levelDb', currentValue: -10, proposedValue: -2, deltaDb: 8 }, 'Send to Bus 4 -10.0 → -2.0 dB (+8.0)'],
    [{ param: 'main.faderDb', currentValue: 0, proposedValue: -3.2, deltaDb: -3.2 }, 'Main fader 0.0 → -3.2 dB (\u22123.2)'],
    [{ param: 'ch.5.phantom', currentValue: 0, proposedValue: 1, deltaDb: 0 }, 'Phantom +48 V off → on'],
  ])('%o reads "%s"', (change, text) => {
    expect(formatChange(change)).toBe(text);
  });
});

describe('paramTitle', () => {
  test.each([
    ['ch.1.dynMakeupDb', 'Comp makeup'],
    ['ch.1.eq.2.gainDb', 'EQ band 2 gain'],
    ['bus.3.faderDb', 'Bus 3 fader'],
    ['mtx.1.faderDb', 'Matrix 1 fader'],
    ['something.else', 'something.else'],
  ])('%s is %s', (param, title) => {
    expect(paramTitle(param)).toBe(title);
  });
});

describe('sortSuggestions', () => {
  test('urgent first, then advice, then info; within a severity the surer and bigger first', () => {
    const info = makeSuggestion({ id: 'i', severity: 'info', confidence: 1 });
    const adviceSmall = makeSuggestion({ id: 'a1', severity: 'advice', confidence: 0.9, change: { param: 'ch.1.trimDb', currentValue: 0, proposedValue: 2, deltaDb: 2 } });
    const adviceBig = makeSuggestion({ id: 'a2', severity: 'advice', confidence: 0.9, change: { param: 'ch.1.trimDb', currentValue: 0, proposedValue: -9, deltaDb: -9 } });
    const adviceSure = makeSuggestion({ id: 'a3', severity: 'advice', confidence: 0.95 });
    const urgent = makeSuggestion({ id: 'u', severity: 'urgent', confidence: 0.2 });
    expect(sortSuggestions([info, adviceSmall, adviceBig, urgent, adviceSure]).map((s) => s.id)).toEqual(['u', 'a3', 'a2', 'a1', 'i']);
  });
});

describe('evidenceFigures', () => {
  test('known figures first with units, others named from their key', () => {
    const figures = evidenceFigures({ windowMs: 8000, ampInputDbu: 4, peakDbfs: -1.5, clipCount: 12, crestDb: 9.5, noiseFloorDbfs: -Infinity });
    expect(figures.map((f) => [f.label, f.value, f.primary])).toEqual([
      ['Peak', '-1.5 dBFS', true],
      ['Noise floor', '-inf dBFS', true],
      ['Clips', '12', true],
      ['Listened', '8.0 s', true],
      ['Amp input', '+4.0 dBu', false],
      ['Crest', '+9.5 dB', false],
    ]);
  });
});
