import { describe, expect, test } from 'vitest';
import type { ChannelState } from '../../server/model/stages';
import { makePoint, ofRule, run } from './builders';

const vocal: Partial<ChannelState> = { name: 'Vox 1', sourceType: 'vocal', preampGainDb: 18 };

describe('fader-unity', () => {
  test('quiet vocal with the fader at the top: the fader comes down as far as the preamp comes up', () => {
    const suggestions = run({
      snapshot: { channels: [{ ...vocal, faderDb: 10 }] },
      stats: { channelInput: [makePoint({ averageDbfs: -38, peakDbfs: -30 })] },
    });
    const [fader] = ofRule(suggestions, 'fader-unity');
    const [preamp] = ofRule(suggestions, 'preamp-target');
    expect(preamp?.change?.deltaDb).toBe(20);
    expect(fader?.id).toBe('fader-unity:ch1:fader');
    expect(fader?.change).toEqual({ param: 'ch.1.faderDb', currentValue: 10, proposedValue: -10, deltaDb: -20 });
    expect(fader?.reason).toBe(
      'Ch 1 Vox 1 runs its fader at +10.0 dB to make up for a low input: as the input gain comes up 20.0 dB, bring the fader down 20.0 dB to -10.0 dB so the mix level stays and the fader has its travel back.',
    );
  });

  test('hot channel with the fader 20 dB down: the fader follows the clipping reduction', () => {
    const suggestions = run({
      snapshot: { channels: [{ name: 'Keys', faderDb: -20 }] },
      stats: { channelInput: [makePoint({ averageDbfs: -3, peakDbfs: -1.5 })] },
    });
    const [preamp] = suggestions.filter((s) => s.stage === 'preamp');
    const [fader] = ofRule(suggestions, 'fader-unity');
    expect(preamp?.rule).toBe('clipping');
    expect(fader?.change?.deltaDb).toBeCloseTo(-(preamp?.change?.deltaDb ?? 0), 9);
  });

  test.each([
    { name: 'quiet channel with the fader at unity', channel: { ...vocal, faderDb: 0 }, point: makePoint({ averageDbfs: -38, peakDbfs: -30 }) },
    { name: 'hot channel with the fader only 10 dB down', channel: { name: 'Keys', faderDb: -10 }, point: makePoint({ averageDbfs: -8, peakDbfs: -4 }) },
    { name: 'on-target channel with the fader far down (a mix decision)', channel: { name: 'Keys', faderDb: -25 }, point: makePoint() },
    { name: 'preamp at the end of its range: nothing to move', channel: { ...vocal, preampGainDb: 60, trimDb: 18, faderDb: 10 }, point: makePoint({ averageDbfs: -38, peakDbfs: -30 }) },
  ])('no suggestion: $name', ({ channel, point }) => {
    expect(ofRule(run({ snapshot: { channels: [channel] }, stats: { channelInput: [point] } }), 'fader-unity')).toEqual([]);
  });
});
