import { describe, expect, test } from 'vitest';
import { makePoint, ofRule, run } from './builders';

describe('one preamp split to two channels', () => {
  // Ch 1 Vox and Ch 17 Vox FX take headamp 0 (an X32 split); each feeds the PA and Mon 1 pre-fader.
  const shared = { headampIndex: 0, faderDb: -5, sends: [{ bus: 1, levelDb: -5, on: true, preFader: true }] };
  const channels = Array.from({ length: 17 }, (_, i) => (i === 0 ? { name: 'Vox', sourceType: 'vocal' as const, ...shared } : i === 16 ? { name: 'Vox FX', sourceType: 'vocal' as const, ...shared } : {}));
  const scenario = {
    snapshot: { channels, buses: [{ index: 1, name: 'Mon 1', faderDb: 0, on: true }] },
    stats: { channelInput: channels.map((_, i) => (i === 0 ? makePoint({ peakDbfs: -0.3, averageDbfs: -9 }) : makePoint())) },
  };

  test('a preamp suggestion for the hot channel carries the sibling\'s compensation and keeps every mix', () => {
    const [preamp, ...others] = ofRule(run(scenario), 'preamp-target');
    expect(others).toEqual([]);
    expect(preamp?.change).toMatchObject({ param: 'ch.1.preampGainDb', currentValue: 30, proposedValue: 21 });
    expect(preamp?.compensation.map((c) => [c.param, c.proposedValue])).toEqual([
      ['ch.1.faderDb', 4], ['ch.1.send.1.levelDb', 4], ['ch.17.faderDb', 4], ['ch.17.send.1.levelDb', 4],
    ]);
    expect(preamp?.residualDb).toBe(0);
    expect(preamp?.effect.map((e) => [e.label, e.deltaDb])).toEqual([['PA', 0], ['Mon 1', 0]]);
    expect(preamp?.reason).toMatch(/With it the fader goes up 9\.0 dB to \+4\.0 dB, 1 send follows, Ch 17 Vox FX on the same preamp follows the same way, so the PA and the monitors stay where they are\.$/);
  });

  test('both channels hot (one signal): one suggestion for the one headamp, compensating both, residual 0', () => {
    const hot = makePoint({ peakDbfs: -0.3, averageDbfs: -9 });
    const suggestions = ofRule(run({ ...scenario, stats: { channelInput: channels.map((_, i) => (i === 0 || i === 16 ? hot : makePoint())) } }), 'preamp-target');
    expect(suggestions.map((s) => s.change?.param)).toEqual(['ch.1.preampGainDb']);
    expect(suggestions[0]?.compensation.map((c) => [c.param, c.proposedValue])).toEqual([
      ['ch.1.faderDb', 4], ['ch.1.send.1.levelDb', 4], ['ch.17.faderDb', 4], ['ch.17.send.1.levelDb', 4],
    ]);
    expect(suggestions[0]?.residualDb).toBe(0);
  });
});
