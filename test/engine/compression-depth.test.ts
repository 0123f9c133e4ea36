import { describe, expect, test } from 'vitest';
import type { ChannelState } from '../../server/model/stages';
import { makePoint, ofRule, run } from './builders';

const vocal: Partial<ChannelState> = { name: 'Vox 2', sourceType: 'vocal', dynOn: true, dynThresholdDb: -40, dynRatio: 3, dynMakeupDb: 0 };

describe('compression-depth', () => {
  test('12 dB of average reduction at 3:1: threshold up 10.5 dB so about 5 dB remain', () => {
    const [suggestion] = ofRule(run({
      snapshot: { channels: [vocal] },
      stats: { channelDynGrDb: [makePoint({ averageDbfs: 12, peakDbfs: 16 })] },
    }), 'compression-depth');
    // (12 - 5) / (1 - 1/3) = 10.5 dB.
    expect(suggestion?.change).toEqual({ param: 'ch.1.dynThresholdDb', currentValue: -40, proposedValue: -29.5, deltaDb: 10.5 });
    // The 7 dB of reduction it no longer makes would come out as level: the fader takes it (no makeup to lower).
    expect(suggestion?.compensation).toEqual([{ param: 'ch.1.faderDb', currentValue: 0, proposedValue: -7, deltaDb: -7 }]);
    expect(suggestion?.reason).toBe(
      "Ch 1 Vox 2's compressor takes 12.0 dB off on average (threshold -40.0 dB, 3:1): the input is too hot for this setting; raise the threshold 10.5 dB to -29.5 dB and bring the fader and pre-fader sends down 7.0 dB to match, or lower the input gain.",
    );
  });

  test('with makeup in hand, the makeup comes down first and the fader takes the rest', () => {
    const [suggestion] = ofRule(run({
      snapshot: { channels: [{ ...vocal, dynMakeupDb: 4, faderDb: -5 }] },
      stats: { channelDynGrDb: [makePoint({ averageDbfs: 12 })] },
    }), 'compression-depth');
    expect(suggestion?.compensation).toEqual([
      { param: 'ch.1.dynMakeupDb', currentValue: 4, proposedValue: 0, deltaDb: -4 },
      { param: 'ch.1.faderDb', currentValue: -5, proposedValue: -8, deltaDb: -3 },
    ]);
  });

  test.each([
    { name: '9 dB of reduction is within the limit', grDb: 9, previous: false, shown: false },
    { name: '9 dB holds a suggestion shown before', grDb: 9, previous: true, shown: true },
    { name: '8 dB releases it', grDb: 8, previous: true, shown: false },
  ])('$name', ({ grDb, previous, shown }) => {
    const deep = run({ snapshot: { channels: [vocal] }, stats: { channelDynGrDb: [makePoint({ averageDbfs: 12 })] } });
    const result = run({
      snapshot: { channels: [vocal] },
      stats: { channelDynGrDb: [makePoint({ averageDbfs: grDb })] },
      previous: previous ? deep : [],
    });
    expect(ofRule(result, 'compression-depth').length > 0).toBe(shown);
  });

  test('a preamp change on the same channel: the threshold carries both moves once', () => {
    const suggestions = run({
      snapshot: { channels: [vocal] },
      stats: { channelInput: [makePoint({ averageDbfs: -28, peakDbfs: -20 })], channelDynGrDb: [makePoint({ averageDbfs: 12 })] },
    });
    const [preamp] = ofRule(suggestions, 'preamp-target');
    const [depth] = ofRule(suggestions, 'compression-depth');
    expect(preamp?.change?.deltaDb).toBe(10);
    expect(preamp?.compensation.map((c) => c.param)).not.toContain('ch.1.dynThresholdDb');
    expect(depth?.change?.proposedValue).toBe(-19.5);
    expect(depth?.reason).toMatch(/; the proposed value also carries \+10\.0 dB from the preamp-target suggestion on Ch 1 Vox 2: apply both\.$/);
  });
});
