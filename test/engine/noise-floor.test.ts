import { describe, expect, test } from 'vitest';
import type { ChannelState } from '../../server/model/stages';
import { makePoint, makeProfile, ofRule, run, silentPoint } from './builders';

const vocal: Partial<ChannelState> = { name: 'Vox 1', sourceType: 'vocal' };

describe('noise-floor: a quiet source', () => {
  test.each([
    {
      name: 'vocal averaging -45 dBFS, below -40',
      point: makePoint({ averageDbfs: -45, peakDbfs: -35, lowDbfs: -85, activeMs: 6000 }),
      proposed: 57,
      reason: 'Ch 1 Vox 1 averages only -45.0 dBFS while playing (peaks -35.0 dBFS), below -40 dBFS: raise the preamp gain 27.0 dB to lift it clear of the noise, to -18 dBFS average / -6 dBFS peak. With it the fader comes down 27.0 dB to -27.0 dB, so the PA and the monitors stay where they are.',
    },
    {
      name: 'vocal 15 dB above its noise floor and below target',
      point: makePoint({ averageDbfs: -30, peakDbfs: -22, lowDbfs: -45, activeMs: 6000 }),
      proposed: 42,
      reason: 'Ch 1 Vox 1 averages -30.0 dBFS, only 15.0 dB above its noise floor estimate of -45.0 dBFS: raise the preamp gain 12.0 dB to lift it clear of the noise, to -18 dBFS average / -6 dBFS peak. With it the fader comes down 12.0 dB to -12.0 dB, so the PA and the monitors stay where they are.',
    },
  ])('$name', ({ point, proposed, reason }) => {
    const [suggestion, ...others] = run({ snapshot: { channels: [vocal] }, stats: { channelInput: [point] } })
      .filter((s) => s.stage === 'preamp' && s.target.kind === 'channel');
    expect(others).toEqual([]);
    expect(suggestion?.rule).toBe('noise-floor');
    expect(suggestion?.change?.proposedValue).toBe(proposed);
    expect(suggestion?.reason).toBe(reason);
  });

  test.each([
    { name: 'poor ratio at target level: the quiet passages of a busy source are not noise', point: makePoint({ averageDbfs: -18, peakDbfs: -10, lowDbfs: -32, activeMs: 7000 }) },
    { name: 'a source that never rests has no measurable floor', point: makePoint({ averageDbfs: -30, peakDbfs: -22, lowDbfs: -36, activeMs: 7900 }) },
    { name: 'silent source: nothing judged', point: silentPoint() },
  ])('$name', ({ point }) => {
    expect(ofRule(run({ snapshot: { channels: [vocal] }, stats: { channelInput: [point] } }), 'noise-floor')).toEqual([]);
  });
});

describe('noise-floor: no signal on a channel that should carry one', () => {
  const planned = makeProfile({ channels: [{ index: 1, name: 'Vox 1', sourceType: 'vocal' }] });

  test('a planned, open channel with nothing on it gets a warning without a change', () => {
    const [suggestion] = ofRule(run({ snapshot: { channels: [vocal] }, stats: { channelInput: [silentPoint()] }, profile: planned }), 'noise-floor');
    expect(suggestion?.change).toBeNull();
    expect(suggestion?.severity).toBe('advice');
    expect(suggestion?.reason).toBe(
      'Ch 1 Vox 1 has carried no signal for 60.0 s although it is on with its fader up: check the cable, the mute at the source and phantom power (phantom power is off).',
    );
  });

  test('a channel that played before (peak hold) and went silent is expected too', () => {
    const stats = { channelInput: [silentPoint({ peakHoldDbfs: -12 })] };
    expect(ofRule(run({ snapshot: { channels: [vocal] }, stats }), 'noise-floor')).toHaveLength(1);
  });

  test.each([
    { name: 'not in the plan and never played', channel: vocal, profile: makeProfile() },
    { name: 'muted', channel: { ...vocal, on: false }, profile: planned },
    { name: 'fader down', channel: { ...vocal, faderDb: -Infinity }, profile: planned },
    { name: 'unnamed', channel: { ...vocal, name: 'Ch 01' }, profile: planned },
  ])('no warning when $name', ({ channel, profile }) => {
    expect(ofRule(run({ snapshot: { channels: [channel] }, stats: { channelInput: [silentPoint()] }, profile }), 'noise-floor')).toEqual([]);
  });

  test.each([
    { name: 'a tom resting 20 s between fills', silentForMs: 20_000 },
    { name: 'just under the 30 s threshold', silentForMs: 29_950 },
  ])('not while the silence is short: $name', ({ silentForMs }) => {
    const stats = { channelInput: [silentPoint({ silentForMs })] };
    expect(ofRule(run({ snapshot: { channels: [vocal] }, stats, profile: planned }), 'noise-floor')).toEqual([]);
  });
});
