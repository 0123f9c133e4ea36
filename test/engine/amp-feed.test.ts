import { describe, expect, test } from 'vitest';
import type { VenueProfile } from '../../server/profiles/schema';
import { makePoint, makeProfile, ofRule, run } from './builders';

type Output = VenueProfile['outputs'][number];

const mainAmps: Output[] = [
  { index: 1, amplifier: 'Main L amp', inputSensitivityDbu: 4, dbuAtZeroDbfs: 21, feed: { kind: 'main' } },
  { index: 2, amplifier: 'Main R amp', inputSensitivityDbu: 4, dbuAtZeroDbfs: 21, feed: { kind: 'main' } },
];

describe('amp-feed', () => {
  test('main peaking at -5 dBFS is +16 dBu at amps rated +4 dBu: one urgent suggestion for both outputs', () => {
    const [suggestion, ...others] = ofRule(run({ stats: { main: makePoint({ peakDbfs: -5 }) }, profile: makeProfile({ outputs: mainAmps }) }), 'amp-feed');
    expect(others).toEqual([]);
    expect(suggestion?.id).toBe('amp-feed:out1:output');
    expect(suggestion?.severity).toBe('urgent');
    expect(suggestion?.target).toEqual({ kind: 'output', index: 1 });
    expect(suggestion?.change).toEqual({ param: 'main.faderDb', currentValue: 0, proposedValue: -15, deltaDb: -15 });
    expect(suggestion?.evidence).toMatchObject({ ampInputPeakDbu: 16, inputSensitivityDbu: 4, dbuAtZeroDbfs: 21 });
    expect(suggestion?.reason).toBe(
      'Main LR peaks at -5.0 dBFS, which is +16.0 dBu at the input of Main L amp (Out 1+2), above its +4.0 dBu sensitivity: the amplifier clips before the desk does. First choice: turn the amplifier\'s input attenuator down 15.0 dB, so the desk keeps its level and headroom; or, from here, lower the main fader 15.0 dB.',
    );
  });

  test('amp-feed and main-headroom both lowering the main fader: the larger move serves both', () => {
    const suggestions = run({ stats: { main: makePoint({ peakDbfs: -3 }) }, profile: makeProfile({ outputs: mainAmps }) });
    expect(suggestions.filter((s) => s.change?.param === 'main.faderDb').map((s) => s.id)).toEqual(['amp-feed:out1:output']);
  });

  test('a wedge bus 20 dB under its amp sensitivity comes up, within the bus ceiling', () => {
    const profile = makeProfile({
      outputs: [{ index: 5, amplifier: 'Wedge amp', inputSensitivityDbu: 4, dbuAtZeroDbfs: 21, feed: { kind: 'bus', index: 1 } }],
    });
    const [suggestion] = ofRule(run({
      snapshot: { buses: [{ index: 1, name: 'Mon 1', faderDb: -10, on: true }] },
      stats: { buses: [makePoint({ peakDbfs: -37 })] },
      profile,
    }), 'amp-feed');
    // Peak +-16 dBu, 20 dB under +4: raise 17 dB to leave 3 dB, and -37 + 17 = -20 dBFS is well under -6 - 3.
    expect(suggestion?.severity).toBe('advice');
    expect(suggestion?.change).toEqual({ param: 'bus.1.faderDb', currentValue: -10, proposedValue: 7, deltaDb: 17 });
  });

  test('a weak feed that has no headroom left gets an info note without a change', () => {
    const profile = makeProfile({
      outputs: [{ index: 1, amplifier: 'Old amp', inputSensitivityDbu: 24, dbuAtZeroDbfs: 10, feed: { kind: 'main' } }],
    });
    const [suggestion] = ofRule(run({ stats: { main: makePoint({ peakDbfs: -8.5 }) }, profile }), 'amp-feed');
    expect(suggestion?.severity).toBe('info');
    expect(suggestion?.change).toBeNull();
    expect(suggestion?.reason).toMatch(/set the amplifier to a more sensitive input range\.$/);
  });

  test.each([
    { name: 'peaks 3 dB under sensitivity', peakDbfs: -20 },
    { name: 'peaks 10 dB under sensitivity', peakDbfs: -27 },
  ])('no suggestion: $name', ({ peakDbfs }) => {
    expect(ofRule(run({ stats: { main: makePoint({ peakDbfs }) }, profile: makeProfile({ outputs: mainAmps }) }), 'amp-feed')).toEqual([]);
  });

  test('no amplifiers in the profile: amp feeds are not judged', () => {
    expect(ofRule(run({ stats: { main: makePoint({ peakDbfs: -1 }) } }), 'amp-feed')).toEqual([]);
  });
});
