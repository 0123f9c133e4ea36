import { describe, expect, test } from 'vitest';
import type { SoundcheckChannelState, SoundcheckProgress } from '../../../server/hub/protocol';
import { channelProgress, clampWindowSeconds, secondsText } from '../../../ui/src/lib/soundcheck-text';

const channel = (overrides: Partial<SoundcheckChannelState> = {}): SoundcheckChannelState => ({
  channel: 1, label: 'Ch 1 Kick', status: 'listening', activeMs: 0, result: null, ...overrides,
});
const progress = (overrides: Partial<SoundcheckProgress> = {}): SoundcheckProgress => ({
  soundcheckId: 's1', channel: 1, activeMs: 2000, windowMs: 8000, elapsedMs: 5000, signalPresent: true, inputDbfs: -12, ...overrides,
});

describe('the listening window', () => {
  test.each([
    [8, 8],
    [1, 2],
    [2, 2],
    [30, 30],
    [45, 30],
    [7.6, 8],
    [Number.NaN, 8],
  ])('%s s is offered as %s s', (asked, offered) => {
    expect(clampWindowSeconds(asked)).toBe(offered);
  });
});

describe('channel progress', () => {
  test('a listening channel shows playing time over the window, and whether the source plays now', () => {
    expect(channelProgress(channel(), 8000, progress())).toEqual({ activeMs: 2000, windowMs: 8000, fraction: 0.25, signalPresent: true, inputDbfs: -12 });
    expect(channelProgress(channel(), 8000, progress({ signalPresent: false })).signalPresent).toBe(false);
  });

  test('before any progress message the state’s figure counts; a done channel shows what its result heard', () => {
    expect(channelProgress(channel({ activeMs: 400 }), 8000, undefined)).toMatchObject({ activeMs: 400, fraction: 0.05, signalPresent: null });
    const done = channel({ status: 'done', activeMs: 8000, result: { activeMs: 9000 } as SoundcheckChannelState['result'] });
    expect(channelProgress(done, 8000, progress())).toMatchObject({ activeMs: 9000, fraction: 1, signalPresent: null, inputDbfs: null });
  });

  test('seconds read with one decimal, whole from ten', () => {
    expect([secondsText(0), secondsText(2500), secondsText(8000), secondsText(12_400), secondsText(-5)]).toEqual(['0.0 s', '2.5 s', '8.0 s', '12 s', '0.0 s']);
  });
});
