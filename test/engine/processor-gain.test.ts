import { describe, expect, test } from 'vitest';
import type { ChannelState } from '../../server/model/stages';
import { makePoint, ofRule, run } from './builders';

const bass: Partial<ChannelState> = {
  name: 'Bass DI', sourceType: 'bass-di', dynOn: true, dynThresholdDb: -21, dynRatio: 4, dynMakeupDb: 12, faderDb: -14,
  sends: [
    { bus: 1, levelDb: -10, on: true, preFader: true },
    { bus: 5, levelDb: -6, on: true, preFader: false },
  ],
};

describe('processor-gain: compressor makeup', () => {
  test('makeup +12 dB for 3 dB of measured reduction: makeup down 9 dB, fader and pre-fader sends up 9 dB', () => {
    const [suggestion, ...others] = ofRule(run({
      snapshot: { channels: [bass] },
      stats: { channelInput: [makePoint()], channelDynGrDb: [makePoint({ averageDbfs: 3, peakDbfs: 6 })] },
    }), 'processor-gain');
    expect(others).toEqual([]);
    expect(suggestion?.id).toBe('processor-gain:ch1:dynamics');
    expect(suggestion?.change).toEqual({ param: 'ch.1.dynMakeupDb', currentValue: 12, proposedValue: 3, deltaDb: -9 });
    expect(suggestion?.compensation).toEqual([
      { param: 'ch.1.faderDb', currentValue: -14, proposedValue: -5, deltaDb: 9 },
      { param: 'ch.1.send.1.levelDb', currentValue: -10, proposedValue: -1, deltaDb: 9 },
    ]);
    expect(suggestion?.reason).toBe(
      "Ch 1 Bass DI's compressor adds +12.0 dB of makeup for 3.0 dB of gain reduction: bring the makeup down 9.0 dB to +3.0 dB, so the channel leaves the compressor at the level it entered. With it the fader goes up 9.0 dB to -5.0 dB, 1 send follows, so the PA and the monitors stay where they are.",
    );
  });

  test.each([
    { name: 'makeup matching the reduction', makeupDb: 8, grDb: 5, expected: 0 },
    { name: 'makeup 6 dB over the reduction (at the threshold)', makeupDb: 9, grDb: 3, expected: 0 },
    { name: 'makeup 6.5 dB over the reduction', makeupDb: 9.5, grDb: 3, expected: 1 },
  ])('$name', ({ makeupDb, grDb, expected }) => {
    const suggestions = ofRule(run({
      snapshot: { channels: [{ ...bass, dynMakeupDb: makeupDb }] },
      stats: { channelInput: [makePoint()], channelDynGrDb: [makePoint({ averageDbfs: grDb })] },
    }), 'processor-gain');
    expect(suggestions).toHaveLength(expected);
  });

  test('without a gain-reduction meter the reduction is estimated from the input and the curve', () => {
    // Input -18 dBFS, threshold -21 dB, 4:1: (3 dB over) * 0.75 = 2.25 dB estimated.
    const [suggestion] = ofRule(run({ snapshot: { channels: [bass] }, stats: { channelInput: [makePoint()], channelDynGrDb: [] } }), 'processor-gain');
    expect(suggestion?.change?.proposedValue).toBe(2.5);
    expect(suggestion?.reason).toMatch(/for an estimated 2\.3 dB of gain reduction/);
    expect(suggestion?.confidence).toBeLessThan(1);
  });

  test('a compressor that is off is not judged', () => {
    expect(ofRule(run({ snapshot: { channels: [{ ...bass, dynOn: false }] } }), 'processor-gain')).toEqual([]);
  });
});

describe('processor-gain: EQ', () => {
  const boosted: Partial<ChannelState> = {
    name: 'Tom 1',
    eqBands: [
      { type: 'lshv', freqHz: 100, gainDb: 12, q: 0.7 },
      { type: 'peq', freqHz: 400, gainDb: -3, q: 2 },
      { type: 'peq', freqHz: 3000, gainDb: 2, q: 1.5 },
      { type: 'hshv', freqHz: 10000, gainDb: 0, q: 0.7 },
    ],
  };

  test('measured: post-fader 8 dB above input + fader; the largest boost comes down by that much', () => {
    const [suggestion] = ofRule(run({
      snapshot: { channels: [boosted] },
      stats: { channelInput: [makePoint()], channelPostFader: [makePoint({ averageDbfs: -10 })] },
    }), 'processor-gain');
    expect(suggestion?.id).toBe('processor-gain:ch1:eq');
    expect(suggestion?.change).toEqual({ param: 'ch.1.eq.1.gainDb', currentValue: 12, proposedValue: 4, deltaDb: -8 });
    expect(suggestion?.reason).toBe(
      "Ch 1 Tom 1's EQ adds 8.0 dB of level between the input and post-fader meters (band 1 low shelf at +12.0 dB): bring band 1 down 8.0 dB to +4.0 dB, or cut what masks it instead of boosting. With it the fader goes up 6.0 dB to +6.0 dB, so the PA and the monitors stay where they are.",
    );
  });

  test('measured: a narrow boost that adds little level is left alone', () => {
    const suggestions = ofRule(run({
      snapshot: { channels: [boosted] },
      stats: { channelInput: [makePoint()], channelPostFader: [makePoint({ averageDbfs: -16 })] },
    }), 'processor-gain');
    expect(suggestions).toEqual([]);
  });

  test('settings only (no post-fader meter): a boost beyond 6 dB is flagged with low confidence', () => {
    const [suggestion] = ofRule(run({ snapshot: { channels: [boosted] }, stats: { channelPostFader: [] } }), 'processor-gain');
    expect(suggestion?.change?.proposedValue).toBe(0);
    expect(suggestion?.confidence).toBe(0.5);
  });
});
