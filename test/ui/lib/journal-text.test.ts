import { describe, expect, test } from 'vitest';
import { clockText, describeUndo, describeWrite, formatParamValue, originText, tabletText } from '../../../ui/src/lib/journal-text';
import { makeEntry } from './builders';

describe('journal values', () => {
  test.each<[string, number | null, string]>([
    ['ch.1.preampGainDb', 35, '35.0'],
    ['ch.1.trimDb', 3.5, '+3.5'],
    ['ch.2.faderDb', null, '-inf'],
    ['ch.2.faderDb', -10, '-10.0'],
    ['ch.3.phantom', 1, 'on'],
    ['ch.3.on', 0, 'off'],
    ['main.faderDb', 0, '0.0'],
  ])('%s = %s reads %s', (param, value, text) => {
    expect(formatParamValue(param, value)).toBe(text);
  });

  test('a write reads before, requested and confirmed; an undo reads what it writes back', () => {
    const entry = makeEntry({ requestedValue: 15.5, confirmedValue: 15.6 });
    expect(describeWrite(entry)).toBe('35.0 → 15.5 dB (confirmed 15.6)');
    expect(describeUndo(entry)).toBe('back to 35.0 dB (now 15.6)');
    const phantom = makeEntry({ param: 'ch.3.phantom', beforeValue: 0, requestedValue: 1, confirmedValue: 1 });
    expect(describeWrite(phantom)).toBe('off → on (confirmed on)');
  });
});

describe('where a write came from', () => {
  test.each<[Partial<Parameters<typeof makeEntry>[0]>, string]>([
    [{ origin: 'clipping:ch1:preamp' }, 'Suggestion · Clipping'],
    [{ origin: 'preamp-target:ch1:preamp', soundcheckId: 'sc1' }, 'Soundcheck · Preamp target'],
    [{ origin: 'undo', undoOf: 12 }, 'Undo of #12'],
    [{ origin: 'restore' }, 'Backup restore'],
    [{ origin: 'recall:club-xr18' }, 'Venue recall: club-xr18'],
    [{ origin: 'something-new' }, 'Suggestion · something-new'],
    [{ origin: 'gain-tracking:ab12cd34', client: 'desk' }, 'Gain tracking (at the desk)'],
    [{ origin: 'gain-tracking:ab12cd34', client: 'gain-tracking' }, 'Gain tracking'],
  ])('%o reads %s', (overrides, text) => {
    expect(originText(makeEntry(overrides))).toBe(text);
  });

  test('the tablet: this one, the bridge, or another by its id', () => {
    expect(tabletText('ab12', 'ab12')).toBe('this tablet');
    expect(tabletText('bridge', 'ab12')).toBe('bridge');
    expect(tabletText('cd34', 'ab12')).toBe('tablet cd34');
    expect(tabletText('desk', 'ab12')).toBe('at the desk');
    expect(tabletText('gain-tracking', 'ab12')).toBe('gain tracking');
  });

  test('the time is local wall-clock time; an unreadable time is shown as it came', () => {
    expect(clockText('2026-11-25T18:03:07.000Z')).toMatch(/^\d\d:\d\d:07$/);
    expect(clockText('yesterday')).toBe('yesterday');
  });
});
